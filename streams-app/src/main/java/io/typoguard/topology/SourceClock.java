package io.typoguard.topology;

import java.util.HashMap;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * The log time that a detection task may treat as reached by all of its input: the least of the latest log times read
 * from each source (raw partition) that is still sending, a watermark in the sense of stream processors that have one.
 * Plain Java: the topology feeds it ({@link EventClockProcessor}) and asks it ({@link SenderWindowProcessor},
 * {@link SenderThresholdProcessor}, {@link IncidentProcessor}).
 *
 * <p><b>Why.</b> A partition of {@code mail.events} is written by every ingest task, each reading one raw partition at
 * its own pace. Kafka Streams' stream time for the detection task is the latest log time it has read from any of them.
 * In a catch-up (a backlog after an outage, an archive) the raw partitions are read at different speeds, in log time by
 * minutes, and an ingest task that runs ahead moved that stream time past windows and incidents whose mail was still in
 * a slower partition: its deliveries then came after their window had closed (not counted, threshold alerts lost) and
 * after their incident had closed (a second incident opened). Decided by this clock, a window or an incident closes
 * once every source still sending has logged past it, so a catch-up writes what a live run writes.
 *
 * <p><b>Sources</b> are the raw partitions the events were read from ({@link SourceHeader}); events without the header
 * (written to {@code mail.events} by something else) are one source of their own ({@link #UNKNOWN}). A source stops
 * holding the clock back when:
 * <ul>
 *   <li>it has sent nothing for {@code idleMs} of wall-clock time (a host that stopped, a partition with no traffic);
 *       when every source is idle the clock is the latest log time read, as Kafka Streams' stream time would be;</li>
 *   <li>its latest log time is more than {@code maxLagMs} behind the newest source's (a host whose clock or syslog
 *       zone is hours off must not hold every window of the task open for hours).</li>
 * </ul>
 * When the raw topic's partition count is known, a partition not yet heard from holds the clock at the first log time
 * this clock read, for {@code idleMs} after that: at the start of a backlog one partition's events can arrive before
 * any of another's.
 *
 * <p>The clock never goes back. It is not stored as a whole: after a restart it starts at the floor the task last
 * stored ({@link #reset}), and sources are learnt again from the events.
 */
public final class SourceClock {
    /** The source of events without a source header. */
    public static final int UNKNOWN = -1;

    private final long idleMs;
    private final long maxLagMs;
    private final IntSupplier expectedSources;
    private final Map<Integer, Source> sources = new HashMap<>();
    private long firstWallMs = Long.MIN_VALUE;
    private long firstLogMs = Long.MIN_VALUE;
    private long newestLogMs = Long.MIN_VALUE;
    private long settledMs = Long.MIN_VALUE;

    private static final class Source {
        long latestLogMs;
        long lastWallMs;

        Source(long logMs, long wallMs) {
            this.latestLogMs = logMs;
            this.lastWallMs = wallMs;
        }
    }

    /**
     * @param idleMs          wall-clock time without an event after which a source no longer holds the clock back
     * @param maxLagMs        log time by which a source may trail the newest one and still hold the clock back
     * @param expectedSources how many raw partitions there are (0 when not known)
     */
    public SourceClock(long idleMs, long maxLagMs, IntSupplier expectedSources) {
        if (idleMs <= 0 || maxLagMs < 0) {
            throw new IllegalArgumentException("idle must be positive and max lag not negative: " + idleMs + ", " + maxLagMs);
        }
        this.idleMs = idleMs;
        this.maxLagMs = maxLagMs;
        this.expectedSources = expectedSources;
    }

    /**
     * Starts the clock afresh: the task was (re)initialised, here or after moving from another instance, and learns its
     * sources again. {@code floorMs} and {@code newestMs} are what the task stored (Long.MIN_VALUE: nothing stored). With
     * something stored, the clock stays at the floor for the idle time from {@code wallMs} unless events say otherwise, then
     * moves to the stored newest log time: a task that moved after it had read all its input (the end of a backlog) must
     * still close what that input closes. The same object is kept, so every processor of the task sees the new start.
     */
    public void reset(long floorMs, long newestMs, long wallMs) {
        sources.clear();
        settledMs = floorMs;
        newestLogMs = newestMs;
        if (floorMs == Long.MIN_VALUE && newestMs == Long.MIN_VALUE) {
            firstWallMs = Long.MIN_VALUE;   // a first start: the first event starts the clock
            firstLogMs = Long.MIN_VALUE;
        } else {
            firstWallMs = wallMs;
            firstLogMs = floorMs == Long.MIN_VALUE ? newestMs : floorMs;
        }
    }

    /** An event logged at {@code logMs} was read from {@code source} at wall-clock time {@code wallMs}. */
    public void observe(int source, long logMs, long wallMs) {
        if (firstWallMs == Long.MIN_VALUE) {
            firstWallMs = wallMs;
            firstLogMs = logMs;
        }
        newestLogMs = Math.max(newestLogMs, logMs);
        Source s = sources.get(source);
        if (s == null) {
            sources.put(source, new Source(logMs, wallMs));
        } else {
            s.latestLogMs = Math.max(s.latestLogMs, logMs);
            s.lastWallMs = Math.max(s.lastWallMs, wallMs);
        }
    }

    /** Works out the clock at wall-clock time {@code wallMs}, and returns it. */
    public long settle(long wallMs) {
        if (newestLogMs == Long.MIN_VALUE) {
            return settledMs;
        }
        long least = Long.MAX_VALUE;
        for (Source s : sources.values()) {
            if (wallMs - s.lastWallMs <= idleMs && s.latestLogMs >= newestLogMs - maxLagMs) {
                least = Math.min(least, s.latestLogMs);
            }
        }
        if (wallMs - firstWallMs <= idleMs) {
            int expected = expectedSources.getAsInt();
            if (sources.isEmpty()) {
                least = Math.min(least, firstLogMs);   // started again, nothing read yet
            }
            for (int p = 0; p < expected; p++) {
                if (!sources.containsKey(p)) {
                    least = Math.min(least, firstLogMs);
                    break;
                }
            }
        }
        long candidate = least == Long.MAX_VALUE ? newestLogMs : least;
        settledMs = Math.max(settledMs, candidate);
        return settledMs;
    }

    /** The clock as last worked out ({@link #settle}); Long.MIN_VALUE before any event. */
    public long settled() {
        return settledMs;
    }

    /** The latest log time read from any source. */
    public long newest() {
        return newestLogMs;
    }
}
