package io.typoguard.parse;

import java.util.ArrayList;
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
     */
    public record QueueState(String sender, String messageId, long lastSeenMs, List<Delivery> pending) {
        public static QueueState empty() {
            return new QueueState(null, null, Long.MIN_VALUE, List.of());
        }
    }

    /**
     * @param state   the new state, or null when the entry should be deleted
     * @param emitted deliveries that are now complete (or orphaned)
     */
    public record Step(QueueState state, List<Delivery> emitted) {
    }

    public static Step apply(QueueState current, PostfixFragment f) {
        QueueState s = current == null ? QueueState.empty() : current;
        long seen = Math.max(s.lastSeenMs(), f.timestampMs());
        return switch (f.kind()) {
            case SENDER -> {
                String messageId = f.messageId() != null ? f.messageId() : s.messageId(); // Sendmail's from= has msgid=
                List<Delivery> out = s.pending().stream().map(d -> d.withSender(f.sender(), messageId)).toList();
                yield new Step(new QueueState(f.sender(), messageId, seen, List.of()), out);
            }
            case MESSAGE_ID -> new Step(new QueueState(s.sender(), f.messageId(), seen, s.pending()), List.of());
            case DELIVERY -> {
                if (s.sender() != null) {
                    yield new Step(new QueueState(s.sender(), s.messageId(), seen, s.pending()),
                            List.of(f.delivery().withSender(s.sender(), s.messageId())));
                }
                if (s.pending().size() >= MAX_PENDING) {
                    yield new Step(new QueueState(null, s.messageId(), seen, s.pending()), List.of(f.delivery()));
                }
                List<Delivery> pending = new ArrayList<>(s.pending());
                pending.add(f.delivery());
                yield new Step(new QueueState(null, s.messageId(), seen, List.copyOf(pending)), List.of());
            }
            case REMOVED -> new Step(null, orphans(s));
        };
    }

    /**
     * Time-based clean-up at stream time {@code nowMs}: deliveries that waited longer than
     * {@code orphanWaitMs} are emitted as orphans; an entry idle for {@code ttlMs} is deleted.
     */
    public static Step expire(QueueState s, long nowMs, long orphanWaitMs, long ttlMs) {
        boolean idle = s.lastSeenMs() < nowMs - ttlMs;
        if (idle) {
            return new Step(null, orphans(s));
        }
        List<Delivery> due = s.pending().stream().filter(d -> d.timestampMs() < nowMs - orphanWaitMs).toList();
        if (due.isEmpty()) {
            return new Step(s, List.of());
        }
        List<Delivery> keep = s.pending().stream().filter(d -> d.timestampMs() >= nowMs - orphanWaitMs).toList();
        return new Step(new QueueState(s.sender(), s.messageId(), s.lastSeenMs(), keep),
                due.stream().map(d -> d.withSender(null, s.messageId())).toList());
    }

    private static List<Delivery> orphans(QueueState s) {
        return s.pending().stream().map(d -> d.withSender(null, s.messageId())).toList();
    }
}
