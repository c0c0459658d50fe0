package io.typoguard.topology;

import io.typoguard.parse.Delivery;
import io.typoguard.parse.QueueFragment;
import io.typoguard.parse.QueueCorrelator;
import io.typoguard.parse.QueueCorrelator.QueueState;
import io.typoguard.parse.QueueCorrelator.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Joins Postfix lines by (host, queue id) in a state store, in a task that sees every line of that key: after
 * a repartition on it, or where a host-keyed raw record was read.
 * A punctuator releases deliveries whose from= line never came (as orphans) and forgets idle queue entries.
 *
 * <p><b>Clocks</b> (docs/architecture.md, "Time"). Every decision compares log times of one host: an entry is idle
 * when its host has logged {@code queueTtl} past the entry's last line, and a delivery is an orphan when its host
 * has logged {@code orphanWait} past it. The host's log clock is the latest log time this task has read from it; on
 * the repartitioned path, where a host's lines come from every raw partition and the partitions are read at their
 * own speeds, it is the latest log time that every raw partition carrying the host has reached
 * ({@link HostClock#settledMs}): a delivery waits for a from= line still in a partition read more slowly. A
 * partition that has sent nothing of the host for {@code queueTtl} of the host's log time no longer holds it back, nor
 * does one that has sent none of its lines once the host has logged {@link #NEW_PARTITION_GRACE_WAITS} orphan waits
 * and {@link #NEW_PARTITION_GRACE_WALL} of wall clock has passed (the one place the wall clock enters: it can only make
 * a delivery wait longer for its from= line). Otherwise neither the Kafka timestamp of the raw records (when the shipper
 * sent the line) nor the wall clock enters a decision, so a backlog delivered at once, a replay, or a host whose log times are hours off (wrong syslog
 * zone) joins its lines exactly as a live run does. When to look is decided by log time too (every 30 s of the
 * latest log time read), plus a wall-clock punctuator for an input that went quiet. One rule uses the arrival
 * clock alone: the entries of a host that has sent nothing for {@link #HOST_SILENCE} of stream time are released,
 * so a decommissioned host does not keep its entries forever.
 *
 * <p>Records forwarded from here carry the arrival time of the line that completed them (the record timestamp of
 * the ingest half is arrival time throughout); the delivery's log time travels in the value. Deliveries released by the
 * expiry are marked to move no clock downstream ({@link SourceHeader#NO_CLOCK}).
 *
 * <p>The store ({@link QueueStateStore}: logged, so restored after a failure, with an object cache in front)
 * holds every open queue entry. An unchanged entry is not written back. The host clocks are not stored: after
 * a restart a host's clock starts at the newest entry of that host in the store, and moves on with its lines; a raw
 * partition not heard from since holds it at the host's oldest stored entry ({@link HostClock#seedEntry}).
 */
final class QueueCorrelationProcessor implements Processor<String, QueueFragment, String, Delivery> {
    /**
     * On the repartitioned path, how many orphan waits of a host's log time a raw partition that has sent no line of the
     * host yet is waited for (30 min by default): long enough for the partitions of a backlog read unevenly at the start,
     * short enough that a host whose lines all come from one partition does not hold its entries for long.
     */
    static final int NEW_PARTITION_GRACE_WAITS = 15;
    /**
     * And at least this long of wall clock after the host's clock started. In a catch-up the log time flies (an hour of it
     * in seconds), and the raw partitions' tasks, read in turns, can be that far apart in log time while they are a
     * moment apart in wall-clock time: a partition whose batch of a host's lines came later in its log was given up on
     * after 30 minutes of the host's log time, and its from= lines found their deliveries already released as orphans.
     */
    static final Duration NEW_PARTITION_GRACE_WALL = Duration.ofSeconds(30);
    private static final long NEW_PARTITION_GRACE_WALL_MS = NEW_PARTITION_GRACE_WALL.toMillis();
    /** Stream time (arrival) after which the entries of a host that sent no line are released. */
    static final Duration HOST_SILENCE = Duration.ofDays(7);

    private final String storeName;
    /** Lines of one message may arrive out of order (the repartitioned path): see {@link QueueCorrelator#apply(QueueState, QueueFragment, boolean)}. */
    private final boolean outOfOrder;
    private final Duration orphanWait;
    private final Duration queueTtl;
    private final long every;
    private ProcessorContext<String, Delivery> context;
    private QueueStateStore store;
    /** Per host with open entries: its log clock and when (stream time) it last logged. */
    private final Map<String, HostClock> hosts = new HashMap<>();
    private long lastScanWallMs;
    /** The raw partitions this task waits for: those it has read repartitioned lines from, and all of them once known. */
    private final java.util.BitSet partitionsSeen = new java.util.BitSet();
    /** The latest log time (of any host) when the expiry last looked; it looks again every 30 s of log time. */
    private long lastScanLogMs;
    private boolean scanned;
    /** Whether the expiry has given every host with stored entries its clock since the last init. */
    private boolean seededSinceInit;
    /**
     * On the host-keyed path, no open entry can change before some host's log clock passes this (a lower bound of every
     * entry's {@link #deadline}): until then a look finds nothing to do and skips its scan. Long.MIN_VALUE: look (with at
     * least one host clock; a look with none scans too).
     */
    private long nextDeadlineMs = Long.MIN_VALUE;

    /**
     * The latest log time read from one host (from any raw partition, and from each), and the stream time of that host's
     * latest line.
     */
    static final class HostClock {
        private static final long[] NO_SOURCES = new long[0];
        long logTimeMs;
        long arrivalMs;
        /**
         * Open entries of the host in the store: counted by every full look, and kept up to date between looks on the
         * host-keyed path (where looks can be skipped), exact from the first full look since init on.
         */
        int open;
        /** The log time of the first line this clock counted (or of the newest stored entry, after a restart). */
        private long firstLogMs;
        /**
         * Where a partition not heard from yet holds the clock during the grace: the oldest line counted (in a catch-up a
         * line older than the first can come later, from a partition read more slowly), or the oldest stored entry of the
         * host when the task (re)started with entries in its store ({@link #seedEntry}).
         */
        private long holdMs;
        /** Per raw partition (index), the latest log time of this host read from it; Long.MIN_VALUE for none. */
        private long[] bySource = NO_SOURCES;
        /** When this clock started, by the wall clock ({@link #NEW_PARTITION_GRACE_WALL}). */
        private final long startedWallMs;

        HostClock(long logTimeMs, long arrivalMs, long startedWallMs) {
            this.logTimeMs = logTimeMs;
            this.arrivalMs = arrivalMs;
            this.firstLogMs = logTimeMs;
            this.holdMs = logTimeMs;
            this.startedWallMs = startedWallMs;
        }

        /**
         * A stored entry of this host last seen at {@code lastSeenMs}, found when the task (re)started: the clock reaches at
         * least its time, and a partition not heard from since holds the clock at the oldest such entry. Without that, a
         * delivery stored before a restart (or a rebalance) whose from= line is in a partition read more slowly was
         * released as an orphan as soon as the host logged two minutes past the first line read after the restart.
         */
        void seedEntry(long lastSeenMs) {
            logTimeMs = Math.max(logTimeMs, lastSeenMs);
            firstLogMs = Math.max(firstLogMs, lastSeenMs);
            holdMs = Math.min(holdMs, lastSeenMs);
        }

        /** A line of this host logged at {@code logMs}, read from raw partition {@code source} (-1: not known). */
        void advance(int source, long logMs, long arrival) {
            logTimeMs = Math.max(logTimeMs, logMs);
            holdMs = Math.min(holdMs, logMs); // a line older than the first, from a partition read more slowly
            arrivalMs = Math.max(arrivalMs, arrival);
            if (source < 0) {
                return;
            }
            if (source >= bySource.length) {
                int from = bySource.length;
                bySource = java.util.Arrays.copyOf(bySource, source + 1);
                java.util.Arrays.fill(bySource, from, bySource.length, Long.MIN_VALUE);
            }
            bySource[source] = Math.max(bySource[source], logMs);
        }

        /**
         * The host's log time that every raw partition carrying it has reached: the least of their latest. Left out: a
         * partition whose latest is more than {@code staleMs} behind the host's newest line (it no longer carries the
         * host). A partition of {@code partitions} (those the task has read lines from) that has sent no line of this
         * host yet counts as at the host's oldest line read while the host has logged less than {@code graceMs} since its
         * first, or while less than {@link #NEW_PARTITION_GRACE_WALL} of wall clock has passed since the clock started
         * ({@code nowWallMs}): in a backlog its first line of the host may still be on the way. The host's newest log time
         * when no partition is known (the host-keyed path).
         */
        long settledMs(long staleMs, long graceMs, java.util.BitSet partitions, long nowWallMs) {
            long settled = Long.MAX_VALUE;
            boolean inGrace = logTimeMs - firstLogMs <= graceMs || nowWallMs - startedWallMs < NEW_PARTITION_GRACE_WALL_MS;
            for (int p = partitions.nextSetBit(0); p >= 0; p = partitions.nextSetBit(p + 1)) {
                long latest = p < bySource.length ? bySource[p] : Long.MIN_VALUE;
                if (latest == Long.MIN_VALUE) {
                    if (inGrace) {
                        settled = Math.min(settled, holdMs);
                    }
                } else if (latest >= logTimeMs - staleMs) {
                    settled = Math.min(settled, latest);
                }
            }
            return settled == Long.MAX_VALUE ? logTimeMs : settled;
        }
    }

    /** The raw topic's partitions, for the repartitioned path (null on the host-keyed path). */
    private final RawPartitions rawPartitions;

    /** Counts the deliveries released without their sender. */
    private final PipelineMetrics metrics;

    QueueCorrelationProcessor(String storeName, Duration orphanWait, Duration queueTtl, boolean outOfOrder, RawPartitions rawPartitions,
                              PipelineMetrics metrics) {
        this.rawPartitions = rawPartitions;
        this.metrics = metrics;
        this.storeName = storeName;
        this.outOfOrder = outOfOrder;
        this.orphanWait = orphanWait;
        this.queueTtl = queueTtl;
        this.every = Math.min(orphanWait.toMillis(), 30_000);
    }

    @Override
    public void init(ProcessorContext<String, Delivery> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        // init runs after every restoration and when a standby becomes active: the store's caches start afresh.
        store.startProcessing();
        hosts.clear();
        seededSinceInit = false;
        nextDeadlineMs = Long.MIN_VALUE;
        knowRawPartitions();
        scanned = false;
        lastScanLogMs = 0;
        // The expiry looks every 30 s of log time (checked after each line, so the line that moved the clock counts)
        // and, for an input that went quiet, every 30 s of wall-clock time. It decides by log time either way.
        context.schedule(Duration.ofMillis(every), PunctuationType.WALL_CLOCK_TIME, t -> {
            if (context.currentSystemTimeMs() - lastScanWallMs >= every) {
                expire();
            }
        });
    }

    @Override
    public void process(Record<String, QueueFragment> record) {
        QueueFragment fragment = record.value();
        if (fragment == null) {
            return;
        }
        String host = fragment.host() == null ? "" : fragment.host();
        HostClock clock = hosts.get(host);
        if (clock == null) {
            clock = new HostClock(fragment.timestampMs(), record.timestamp(), context.currentSystemTimeMs());
            hosts.put(host, clock);
        }
        int source = outOfOrder ? SourceHeader.read(record.headers()) : -1;
        if (source >= 0) {
            partitionsSeen.set(source);
        }
        clock.advance(source, fragment.timestampMs(), record.timestamp());
        QueueState current = store.get(record.key());
        Step step = QueueCorrelator.apply(current, fragment, outOfOrder);
        if (!Objects.equals(current, step.state())) {
            store.put(record.key(), step.state());
            if (step.state() != null) {
                nextDeadlineMs = Math.min(nextDeadlineMs, deadline(step.state(), orphanWait.toMillis(), queueTtl.toMillis()));
            }
            if (!outOfOrder && (current == null) != (step.state() == null)) {
                HostClock owner = hosts.get(hostOf(record.key()));
                if (owner == null) {
                    nextDeadlineMs = Long.MIN_VALUE; // an entry of a host without a clock: the next look scans and seeds it
                } else {
                    owner.open += current == null ? 1 : -1;
                }
            }
        }
        if (source >= 0 && !step.emitted().isEmpty()) {
            // Downstream, this task's events of one raw partition are a stream of their own: they trail the events that
            // partition's own task writes (one hop more), and other correlation tasks' (read at their own pace).
            SourceHeader.stamp(record.headers(), SourceHeader.viaRepartition(context.taskId().partition(), source));
        }
        for (Delivery d : step.emitted()) {
            countIfOrphan(d);
            context.forward(new Record<>(record.key(), d, record.timestamp(), record.headers()));
        }
        if (!scanned || fragment.timestampMs() - lastScanLogMs >= every) {
            expire();
        }
    }

    private void countIfOrphan(Delivery d) {
        if (d.sender() == null) {
            metrics.deliveryWithoutSender(outOfOrder ? "repartitioned" : "local");
        }
    }

    /**
     * Whether a look can skip its scan because no entry can change: on the host-keyed path only (there a host's clock is
     * its newest line, so no clock is past {@code newestLogMs}), after the first look since init, with no host silent for
     * {@link #HOST_SILENCE}, and before the earliest deadline. In a catch-up the looks come several times a second of wall
     * clock while the entries left open (deferred mail) wait hours for their time-to-live. A skipped look still drops the
     * clocks of hosts without open entries, as a full look does (counted in {@link HostClock#open}): a host's next line
     * then starts a new clock, so a host whose log time steps back (a syslog zone fixed) is judged by its new times.
     */
    private boolean nothingDue(long newestLogMs, long arrivalNow) {
        if (outOfOrder || !seededSinceInit || hosts.isEmpty() || newestLogMs > nextDeadlineMs) {
            return false;
        }
        for (HostClock c : hosts.values()) {
            if (arrivalNow - c.arrivalMs > HOST_SILENCE.toMillis()) {
                return false;
            }
        }
        dropClocksWithoutEntries();
        return true;
    }

    /** A host with no open entry needs no clock: its next line starts a new one (keeps the map as small as the store). */
    private void dropClocksWithoutEntries() {
        hosts.values().removeIf(c -> c.open <= 0);
    }

    /** Every raw partition counts as read from the start, once the runtime knows how many there are ({@link RawPartitions}). */
    private void knowRawPartitions() {
        int n = rawPartitions == null ? 0 : rawPartitions.count();
        if (n > 0) {
            partitionsSeen.set(0, n);
        }
    }

    /** The host part of a (host|queue id) key. */
    static String hostOf(String key) {
        int bar = key.indexOf('|');
        return bar < 0 ? "" : key.substring(0, bar);
    }

    /**
     * The log time after which {@link QueueCorrelator#expire} changes {@code s}: it releases a delivery waiting for its
     * sender once the host's clock is past the delivery's time plus the orphan wait, a removed entry past its removal plus
     * the orphan wait, and forgets an entry past its last line plus the time-to-live.
     */
    static long deadline(QueueState s, long orphanWaitMs, long ttlMs) {
        long d = s.lastSeenMs() > Long.MAX_VALUE - ttlMs ? Long.MAX_VALUE : s.lastSeenMs() + ttlMs;
        if (s.removed()) {
            d = Math.min(d, s.removedMs() + orphanWaitMs);
        }
        for (Delivery p : s.pending()) {
            d = Math.min(d, p.timestampMs() + orphanWaitMs);
        }
        return d;
    }

    private void expire() {
        knowRawPartitions();
        lastScanWallMs = context.currentSystemTimeMs();
        scanned = true;
        long newestLogMs = Long.MIN_VALUE;
        for (HostClock c : hosts.values()) {
            newestLogMs = Math.max(newestLogMs, c.logTimeMs);
        }
        lastScanLogMs = Math.max(lastScanLogMs, newestLogMs);
        long arrivalNow = context.currentStreamTimeMs();
        long orphanWaitMs = orphanWait.toMillis();
        long ttlMs = queueTtl.toMillis();
        if (nothingDue(newestLogMs, arrivalNow)) {
            return;
        }
        long[] next = {Long.MAX_VALUE};
        Set<String> seeded = new HashSet<>();
        if (!seededSinceInit) {
            // First look since the task (re)started: every host with stored entries gets a clock that knows its oldest one
            // (a host with no line since is decided from the next look on, as below).
            seededSinceInit = true;
            store.scan((key, state) -> hosts.computeIfAbsent(hostOf(key), h -> {
                seeded.add(h);
                return new HostClock(state.lastSeenMs(), arrivalNow, lastScanWallMs);
            }).seedEntry(state.lastSeenMs()));
        }
        List<KeyValue<String, Step>> changes = new ArrayList<>();
        hosts.values().forEach(c -> c.open = 0);
        store.scan((key, state) -> {
            String host = hostOf(key);
            HostClock clock = hosts.get(host);
            if (clock == null || seeded.contains(host)) {
                // No line of this host since (re)start: its clock starts at its newest entry; decided next time.
                if (clock == null) {
                    HostClock started = new HostClock(state.lastSeenMs(), arrivalNow, lastScanWallMs);
                    started.open = 1;
                    hosts.put(host, started);
                    seeded.add(host);
                } else {
                    clock.open++;
                    clock.logTimeMs = Math.max(clock.logTimeMs, state.lastSeenMs());
                }
                return;
            }
            clock.open++;
            // A host silent for HOST_SILENCE of stream time: everything it left open is released now.
            long now = arrivalNow - clock.arrivalMs > HOST_SILENCE.toMillis() ? Long.MAX_VALUE / 4 : clock.settledMs(ttlMs, NEW_PARTITION_GRACE_WAITS * orphanWaitMs, partitionsSeen, lastScanWallMs);
            Step step = QueueCorrelator.expire(state, now, orphanWaitMs, ttlMs);
            if (step.state() != state) {
                changes.add(KeyValue.pair(key, step));
            }
            if (step.state() != null) {
                next[0] = Math.min(next[0], deadline(step.state(), orphanWaitMs, ttlMs));
            }
        });
        // A host seeded by this look is decided by the next one.
        nextDeadlineMs = seeded.isEmpty() ? next[0] : Long.MIN_VALUE;
        dropClocksWithoutEntries(); // counted before this look's changes, as the entries it scanned
        for (KeyValue<String, Step> change : changes) {
            store.put(change.key, change.value.state());
            if (change.value.state() == null) {
                hosts.get(hostOf(change.key)).open--;
            }
            for (Delivery d : change.value.emitted()) {
                // Released long after their lines: counted where they belong, moving no clock downstream.
                org.apache.kafka.common.header.Headers headers = new org.apache.kafka.common.header.internals.RecordHeaders();
                SourceHeader.stamp(headers, SourceHeader.NO_CLOCK);
                countIfOrphan(d);
                context.forward(new Record<>(change.key, d, arrivalNow, headers));
            }
        }
    }
}
