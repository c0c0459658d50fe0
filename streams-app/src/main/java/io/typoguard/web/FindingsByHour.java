package io.typoguard.web;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Findings counted by the UTC hour of their log time, for the last 24 hours: what the live page draws as "findings
 * per hour". Fed where findings already pass ({@link io.typoguard.topology.PipelineMetrics#finding}), so it needs no
 * state store and leaves the topology as it is; in exchange it is <b>per instance and in memory</b>: it counts what
 * this instance detected since {@link #countingSince()} (a restart starts from zero; findings re-processed after a
 * crash count again, as in {@code typoguard_findings_total}). The HTTP API adds up the instances. Thread-safe.
 */
public final class FindingsByHour {
    static final long HOUR = Duration.ofHours(1).toMillis();
    static final int HOURS = 24;

    /** One hour of log time and how many findings it had. */
    public record Hour(Instant start, long findings) {
    }

    private final Map<Long, LongAdder> byHourStart = new ConcurrentHashMap<>();
    private final Instant countingSince;

    public FindingsByHour(Instant countingSince) {
        this.countingSince = countingSince;
    }

    public Instant countingSince() {
        return countingSince;
    }

    /**
     * Counts one finding logged at {@code logTimeMs}; only the last 24 hours before {@code nowMs} are kept (a replay of
     * older logs, or a clock far ahead, does not show on the chart and does not grow the map).
     */
    public void add(long logTimeMs, long nowMs) {
        long hour = hourStart(logTimeMs);
        long current = hourStart(nowMs);
        long oldest = current - (HOURS - 1) * HOUR;
        if (hour < oldest || hour > current + HOUR) {
            return;
        }
        LongAdder n = byHourStart.get(hour);
        if (n == null) {
            byHourStart.keySet().removeIf(h -> h < oldest);
            n = byHourStart.computeIfAbsent(hour, h -> new LongAdder());
        }
        n.increment();
    }

    /** The 24 hours up to and including the one {@code now} is in, oldest first; hours without findings count 0. */
    public List<Hour> last24Hours(Instant now) {
        long current = hourStart(now.toEpochMilli());
        List<Hour> out = new ArrayList<>(HOURS);
        for (long h = current - (HOURS - 1) * HOUR; h <= current; h += HOUR) {
            LongAdder n = byHourStart.get(h);
            out.add(new Hour(Instant.ofEpochMilli(h), n == null ? 0 : n.sum()));
        }
        return out;
    }

    private static long hourStart(long ms) {
        return ms - Math.floorMod(ms, HOUR);
    }
}
