package io.typoguard.parse;

import java.util.ArrayList;
import io.typoguard.schema.DeliveryStatus;
import java.util.List;

/**
 * The Postfix queue-id join as a pure state machine: state in, fragment in, new state and finished
 * deliveries out. The Streams processor only loads and stores the state.
 *
 * <p>A delivery line seen before its {@code from=} line waits in the state until the sender arrives, the
 * queue entry is {@code removed}, or {@link #expire} finds it older than the orphan wait; then it is emitted
 * with the sender unknown (null) rather than dropped.
 */
public final class QueueCorrelator {
    /** Deliveries kept waiting per queue id at most; more are emitted as orphans at once. */
    public static final int MAX_PENDING = 1000;

    private QueueCorrelator() {
    }

    /**
     * State for one (host, queue id).
     *
     * @param sender      the from= address once seen ("" for the null sender), else null
     * @param messageId   the cleanup message-id once seen
     * @param lastSeenMs  time of the latest fragment
     * @param pending     deliveries waiting for their sender
     * @param deferred    recipients whose latest attempt was deferred, for a later {@code status=expired}
     */
    public record QueueState(String sender, String messageId, long lastSeenMs, List<Delivery> pending, List<Delivery> deferred,
                             long removedMs) {
        public QueueState {
            pending = pending == null ? List.of() : pending;
            deferred = deferred == null ? List.of() : deferred;
        }

        public QueueState(String sender, String messageId, long lastSeenMs, List<Delivery> pending, List<Delivery> deferred) {
            this(sender, messageId, lastSeenMs, pending, deferred, NOT_REMOVED);
        }

        public QueueState(String sender, String messageId, long lastSeenMs, List<Delivery> pending) {
            this(sender, messageId, lastSeenMs, pending, List.of());
        }

        public static QueueState empty() {
            return new QueueState(null, null, Long.MIN_VALUE, List.of(), List.of());
        }

        /** Whether the entry's {@code removed} line was read (kept only when lines may arrive out of order). */
        public boolean removed() {
            return removedMs != NOT_REMOVED;
        }

        QueueState with(String newSender, String newMessageId, long seen, List<Delivery> newPending) {
            return new QueueState(newSender, newMessageId, seen, newPending, deferred, removedMs);
        }
    }

    /** {@link QueueState#removedMs()} of an entry whose {@code removed} line was not read. */
    public static final long NOT_REMOVED = Long.MIN_VALUE;

    /**
     * @param state   the new state, or null when the entry should be deleted
     * @param emitted deliveries that are now complete (or orphaned)
     */
    public record Step(QueueState state, List<Delivery> emitted) {
    }

    /**
     * Resolution of {@link QueueState#lastSeenMs()} for lines that change nothing else: it only serves the idle
     * time-to-live (hours), so an entry may be forgotten up to this much earlier than ttl after its last line.
     */
    public static final long LAST_SEEN_STEP_MS = 60_000;

    /** {@link #apply(QueueState, QueueFragment, boolean)} for one host's lines in the order it logged them. */
    public static Step apply(QueueState current, QueueFragment f) {
        return apply(current, f, false);
    }

    /**
     * One fragment applied to the entry.
     *
     * @param outOfOrder the lines of one message may arrive in another order than logged: a shipper that sets no record
     *                   key spreads one host's lines over several partitions, and the repartition by (host, queue id) then
     *                   meets them in the order the partitions were read. A {@code removed} line then no longer closes the
     *                   entry at once: it is kept, with its sender, for the orphan wait of log time ({@link #expire}), so a
     *                   delivery line read after it still gets its sender, and deliveries waiting for a sender keep
     *                   waiting for the {@code from=} line that may still come.
     */
    public static Step apply(QueueState current, QueueFragment f, boolean outOfOrder) {
        QueueState s = current == null ? QueueState.empty() : current;
        long seen = Math.max(s.lastSeenMs(), f.timestampMs());
        return switch (f.kind()) {
            case SENDER -> {
                String messageId = f.messageId() != null ? f.messageId() : s.messageId(); // Sendmail's from= has msgid=
                List<Delivery> out = s.pending().isEmpty() ? List.of() : s.pending().stream().map(d -> d.withSender(f.sender(), messageId)).toList();
                yield new Step(s.with(f.sender(), messageId, seen, List.of()), out);
            }
            case MESSAGE_ID -> new Step(s.with(s.sender(), f.messageId(), seen, s.pending()), List.of());
            case DELIVERY -> {
                QueueState t = remember(s, f.delivery());
                if (t.sender() != null) {
                    // A line that changes nothing but the last-seen time keeps the state as it is unless that time
                    // moved by LAST_SEEN_STEP_MS: the entry is then not rewritten for every recipient line.
                    QueueState next = t == s && seen - s.lastSeenMs() < LAST_SEEN_STEP_MS ? s
                            : t.with(t.sender(), t.messageId(), seen, t.pending());
                    yield new Step(next, List.of(f.delivery().withSender(t.sender(), t.messageId())));
                }
                if (t.pending().size() >= MAX_PENDING) {
                    yield new Step(t.with(null, t.messageId(), seen, t.pending()), List.of(f.delivery()));
                }
                List<Delivery> pending = new ArrayList<>(t.pending());
                pending.add(f.delivery());
                yield new Step(t.with(null, t.messageId(), seen, List.copyOf(pending)), List.of());
            }
            case EXPIRED -> {
                // "status=expired" names no recipient: it applies to those still deferred.
                String sender = s.sender() != null ? s.sender() : f.sender();
                // Deliveries still waiting for a sender (its from= line was logged days ago, in a rotated file) get it
                // from this line, which names it.
                List<Delivery> out = new ArrayList<>();
                if (sender != null) {
                    s.pending().forEach(d -> out.add(d.withSender(sender, s.messageId())));
                }
                s.deferred().forEach(d -> out.add(new Delivery(f.timestampMs(), d.host(), d.queueId(), s.messageId(), sender, d.recipient(),
                        d.recipientDomain(), d.originalRecipient(), DeliveryStatus.EXPIRED, d.relay(), d.dsn(), d.format())));
                yield new Step(new QueueState(sender, s.messageId(), seen, sender != null ? List.of() : s.pending(), List.of(), s.removedMs()),
                        List.copyOf(out));
            }
            case REMOVED -> outOfOrder
                    ? new Step(new QueueState(s.sender(), s.messageId(), seen, s.pending(), s.deferred(), f.timestampMs()), List.of())
                    : new Step(null, orphans(s));
        };
    }

    /**
     * Time-based clean-up at stream time {@code nowMs}: deliveries that waited longer than
     * {@code orphanWaitMs} are emitted as orphans; an entry idle for {@code ttlMs} is deleted.
     */
    public static Step expire(QueueState s, long nowMs, long orphanWaitMs, long ttlMs) {
        boolean idle = s.lastSeenMs() < nowMs - ttlMs || (s.removed() && s.removedMs() < nowMs - orphanWaitMs);
        if (idle) {
            return new Step(null, orphans(s));
        }
        if (s.pending().isEmpty()) {
            return new Step(s, List.of());
        }
        List<Delivery> due = s.pending().stream().filter(d -> d.timestampMs() < nowMs - orphanWaitMs).toList();
        if (due.isEmpty()) {
            return new Step(s, List.of());
        }
        List<Delivery> keep = s.pending().stream().filter(d -> d.timestampMs() >= nowMs - orphanWaitMs).toList();
        return new Step(new QueueState(s.sender(), s.messageId(), s.lastSeenMs(), keep, s.deferred(), s.removedMs()),
                due.stream().map(d -> d.withSender(null, s.messageId())).toList());
    }

    /** Keeps track of recipients whose latest attempt was deferred (bounded like the pending list). */
    private static QueueState remember(QueueState s, Delivery d) {
        if (s.deferred().isEmpty() && d.status() != DeliveryStatus.DEFERRED) {
            return s; // the usual case, without a stream per recipient line
        }
        boolean known = s.deferred().stream().anyMatch(x -> x.recipient().equals(d.recipient()));
        if (d.status() == DeliveryStatus.DEFERRED && !known && s.deferred().size() < MAX_PENDING) {
            List<Delivery> deferred = new ArrayList<>(s.deferred());
            deferred.add(d);
            return new QueueState(s.sender(), s.messageId(), s.lastSeenMs(), s.pending(), List.copyOf(deferred), s.removedMs());
        }
        if (d.status() != DeliveryStatus.DEFERRED && known) {
            return new QueueState(s.sender(), s.messageId(), s.lastSeenMs(), s.pending(),
                    s.deferred().stream().filter(x -> !x.recipient().equals(d.recipient())).toList(), s.removedMs());
        }
        return s;
    }

    private static List<Delivery> orphans(QueueState s) {
        if (s.pending().isEmpty()) {
            return List.of();
        }
        return s.pending().stream().map(d -> d.withSender(null, s.messageId())).toList();
    }
}
