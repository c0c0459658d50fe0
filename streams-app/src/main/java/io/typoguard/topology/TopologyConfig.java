package io.typoguard.topology;

import io.typoguard.detect.Allowlist;
import io.typoguard.parse.LogFormat;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * What the topology needs to know, with production defaults.
 *
 * @param topics             topic names
 * @param windowSize         per-sender tumbling window (default 1 h)
 * @param windowGrace        how late a record may be and still count in its window (default 5 min)
 * @param senderThreshold    findings by one sender in one window that raise a threshold alert (default 3)
 * @param orphanWait         how long a Postfix delivery line waits for its from= line (default 2 min)
 * @param queueTtl           how long an idle Postfix queue entry is kept after its last line (default 6 h)
 * @param maxLineBytes       longest raw record accepted
 * @param syslogZone         zone of BSD syslog timestamps, which carry none (default UTC)
 * @param clock              wall clock, used only to infer the year of BSD syslog timestamps
 * @param allowlist          legitimate look-alikes never reported (default: the built-in list)
 * @param rawFormat          format of the raw topic's records: AUTO (default) detects it per record
 * @param colocation         how a message's Postfix lines meet in one task (default {@link Colocation#AUTO})
 */
public record TopologyConfig(Topics topics, Duration windowSize, Duration windowGrace, int senderThreshold,
                             Duration orphanWait, Duration queueTtl, int maxLineBytes, ZoneId syslogZone, Clock clock,
                             Allowlist allowlist, LogFormat rawFormat, Colocation colocation) {

    public TopologyConfig {
        Objects.requireNonNull(topics, "topics");
        requirePositive(windowSize, "window size");
        if (windowGrace.isNegative()) {
            throw new IllegalArgumentException("window grace must not be negative: " + windowGrace);
        }
        if (senderThreshold < 1) {
            throw new IllegalArgumentException("sender threshold must be at least 1: " + senderThreshold);
        }
        requirePositive(orphanWait, "orphan wait");
        requirePositive(queueTtl, "queue ttl");
        Objects.requireNonNull(allowlist, "allowlist");
        Objects.requireNonNull(rawFormat, "rawFormat");
        Objects.requireNonNull(colocation, "colocation");
        if (maxLineBytes < 256) {
            throw new IllegalArgumentException("max line bytes must be at least 256: " + maxLineBytes);
        }
    }

    private static void requirePositive(Duration d, String what) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(what + " must be positive: " + d);
        }
    }

    public static TopologyConfig defaults() {
        return new TopologyConfig(Topics.defaults(), Duration.ofHours(1), Duration.ofMinutes(5), 3,
                Duration.ofMinutes(2), Duration.ofHours(6), 64 * 1024, ZoneOffset.UTC, Clock.systemUTC(), Allowlist.builtIn(), LogFormat.AUTO, Colocation.AUTO);
    }

    public TopologyConfig withSenderThreshold(int n) {
        return new TopologyConfig(topics, windowSize, windowGrace, n, orphanWait, queueTtl, maxLineBytes, syslogZone, clock, allowlist, rawFormat, colocation);
    }

    public TopologyConfig withClock(Clock c) {
        return new TopologyConfig(topics, windowSize, windowGrace, senderThreshold, orphanWait, queueTtl, maxLineBytes, syslogZone, c, allowlist, rawFormat, colocation);
    }

    public TopologyConfig withColocation(Colocation c) {
        return new TopologyConfig(topics, windowSize, windowGrace, senderThreshold, orphanWait, queueTtl, maxLineBytes, syslogZone,
                clock, allowlist, rawFormat, c);
    }

    public TopologyConfig withTopics(Topics t) {
        return new TopologyConfig(t, windowSize, windowGrace, senderThreshold, orphanWait, queueTtl, maxLineBytes, syslogZone,
                clock, allowlist, rawFormat, colocation);
    }

    public TopologyConfig withWindow(Duration size, Duration grace) {
        return new TopologyConfig(topics, size, grace, senderThreshold, orphanWait, queueTtl, maxLineBytes, syslogZone, clock, allowlist, rawFormat, colocation);
    }
}
