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
 * @param alerting           incident and typo-domain thresholds (default {@link Alerting#defaults()})
 * @param metrics            where the pipeline's counters go (default none)
 * @param privacy            how alerts show the local part of addresses (default clear)
 * @param relationships      learned correspondents and NEW_LOOKALIKE findings (default on, {@link Relationships#defaults()})
 * @param rawPartitions      the raw topic's partition count, filled in by the runtime at start (see {@link RawPartitions})
 */
public record TopologyConfig(Topics topics, Duration windowSize, Duration windowGrace, int senderThreshold,
                             Duration orphanWait, Duration queueTtl, int maxLineBytes, ZoneId syslogZone, Clock clock,
                             Allowlist allowlist, LogFormat rawFormat, Colocation colocation, Alerting alerting, PipelineMetrics metrics,
                             io.typoguard.privacy.AddressPrivacy privacy, Relationships relationships, RawPartitions rawPartitions) {

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
        Objects.requireNonNull(alerting, "alerting");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(privacy, "privacy");
        Objects.requireNonNull(relationships, "relationships");
        Objects.requireNonNull(rawPartitions, "rawPartitions");
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
                Duration.ofMinutes(2), Duration.ofHours(6), 64 * 1024, ZoneOffset.UTC, Clock.systemUTC(), Allowlist.builtIn(), LogFormat.AUTO, Colocation.AUTO, Alerting.defaults(), PipelineMetrics.NONE,
                io.typoguard.privacy.AddressPrivacy.CLEAR, Relationships.defaults(), RawPartitions.unknown());
    }

    public TopologyConfig withClock(Clock c) {
        return new TopologyConfig(topics, windowSize, windowGrace, senderThreshold, orphanWait, queueTtl, maxLineBytes, syslogZone, c, allowlist, rawFormat, colocation, alerting, metrics, privacy, relationships, rawPartitions);
    }

    public TopologyConfig withColocation(Colocation c) {
        return new TopologyConfig(topics, windowSize, windowGrace, senderThreshold, orphanWait, queueTtl, maxLineBytes, syslogZone,
                clock, allowlist, rawFormat, c, alerting, metrics, privacy, relationships, rawPartitions);
    }

    public TopologyConfig withPrivacy(io.typoguard.privacy.AddressPrivacy p) {
        return new TopologyConfig(topics, windowSize, windowGrace, senderThreshold, orphanWait, queueTtl, maxLineBytes, syslogZone,
                clock, allowlist, rawFormat, colocation, alerting, metrics, p, relationships, rawPartitions);
    }

    public TopologyConfig withMetrics(PipelineMetrics m) {
        return new TopologyConfig(topics, windowSize, windowGrace, senderThreshold, orphanWait, queueTtl, maxLineBytes, syslogZone,
                clock, allowlist, rawFormat, colocation, alerting, m, privacy, relationships, rawPartitions);
    }

    public TopologyConfig withAlerting(Alerting a) {
        return new TopologyConfig(topics, windowSize, windowGrace, senderThreshold, orphanWait, queueTtl, maxLineBytes, syslogZone,
                clock, allowlist, rawFormat, colocation, a, metrics, privacy, relationships, rawPartitions);
    }

    /**
     * When alerts open, grow and close.
     *
     * @param incidentIdle   an incident (sender, typo domain) closes this long after its latest delivered finding
     *                       (default 1 h); a finding after that opens a new one
     * @param domainMessages messages to one typo domain in one UTC day that raise a TYPO_DOMAIN_VOLUME alert (default 100)
     * @param domainSenders  distinct senders to one typo domain in one UTC day that raise it (default 10)
     */
    /**
     * @param backlogAfter an alert written longer than this after its mail was logged is marked {@code backlog}
     */
    public record Alerting(Duration incidentIdle, int domainMessages, int domainSenders, Duration backlogAfter) {
        public Alerting(Duration incidentIdle, int domainMessages, int domainSenders) {
            this(incidentIdle, domainMessages, domainSenders, Duration.ofHours(1));
        }

        public Alerting {
            requirePositive(incidentIdle, "incident idle time");
            requirePositive(backlogAfter, "backlog threshold");
            if (domainMessages < 1 || domainSenders < 1) {
                throw new IllegalArgumentException("typo-domain thresholds must be at least 1");
            }
        }

        public static Alerting defaults() {
            return new Alerting(Duration.ofHours(1), 100, 10);
        }
    }

    public TopologyConfig withRelationships(Relationships r) {
        return new TopologyConfig(topics, windowSize, windowGrace, senderThreshold, orphanWait, queueTtl, maxLineBytes, syslogZone,
                clock, allowlist, rawFormat, colocation, alerting, metrics, privacy, r, rawPartitions);
    }

    /**
     * Learning who the organisation writes to (issue 19).
     *
     * @param enabled       whether the relationship table runs and NEW_LOOKALIKE findings are made
     * @param organisations our own domains and how they group into organisations (default: none configured, each
     *                      sender domain is its own organisation and only local delivery marks mail as inbound)
     * @param rule          when a domain is an established correspondent (default {@link EstablishedRule#DEFAULT})
     * @param senderDomains whether each sender's latest domains are kept (keyed by the sender's address: personal
     *                      data, so it can be switched off; findings then never say {@code senderWroteBefore})
     */
    public record Relationships(boolean enabled, io.typoguard.relate.Organisations organisations, io.typoguard.relate.EstablishedRule rule,
                                boolean senderDomains) {
        public Relationships {
            Objects.requireNonNull(organisations, "organisations");
            Objects.requireNonNull(rule, "rule");
        }

        public Relationships(boolean enabled, io.typoguard.relate.Organisations organisations, io.typoguard.relate.EstablishedRule rule) {
            this(enabled, organisations, rule, true);
        }

        public Relationships withSenderDomains(boolean on) {
            return new Relationships(enabled, organisations, rule, on);
        }

        public static Relationships defaults() {
            return new Relationships(true, io.typoguard.relate.Organisations.none(), io.typoguard.relate.EstablishedRule.DEFAULT);
        }

        public static Relationships off() {
            return new Relationships(false, io.typoguard.relate.Organisations.none(), io.typoguard.relate.EstablishedRule.DEFAULT);
        }
    }

    public TopologyConfig withTopics(Topics t) {
        return new TopologyConfig(t, windowSize, windowGrace, senderThreshold, orphanWait, queueTtl, maxLineBytes, syslogZone,
                clock, allowlist, rawFormat, colocation, alerting, metrics, privacy, relationships, rawPartitions);
    }
}
