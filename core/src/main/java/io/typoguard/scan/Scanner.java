package io.typoguard.scan;

import io.typoguard.detect.Scoring;
import io.typoguard.detect.TypoDetector;
import io.typoguard.detect.Verdict;
import io.typoguard.parse.Addresses;
import io.typoguard.parse.Delivery;
import io.typoguard.parse.MailLogParser;
import io.typoguard.parse.ParseOutcome;
import io.typoguard.parse.QueueFragment;
import io.typoguard.parse.QueueCorrelator;
import io.typoguard.parse.QueueCorrelator.QueueState;
import io.typoguard.schema.DeliveryStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Offline forensics over historical logs with the same parser, correlation and detector as the Streams
 * app, no Kafka: feed it lines, get findings and a summary. Postfix lines are joined by (host, queue id) in
 * memory; entries idle for longer than the queue TTL (in log time) are released, so memory stays bounded
 * on a year of logs.
 */
public final class Scanner {

    /** One flagged recipient. */
    public record Finding(Instant timestamp, String host, String queueId, String messageId, String sender,
                          String recipient, String recipientDomain, String intendedDomain, String technique,
                          int score, String severity, DeliveryStatus status, String explanation) {
    }

    /** Counts for the summary table. */
    public static final class Summary {
        public long lines;
        public long events;
        public long noise;
        public long unparseable;
        public long findings;
        public long deliveredFindings;
        public long allowlisted;
        public final Map<String, Long> failureReasons = new TreeMap<>();
        public final Map<String, Long> byTechnique = new TreeMap<>();
        public final Map<String, Long> byTypoDomain = new HashMap<>();
        public final Map<String, Long> bySender = new HashMap<>();
        public Instant first;
        public Instant last;
    }

    private static final int EXPIRE_EVERY_LINES = 50_000;

    private final MailLogParser parser;
    private final TypoDetector detector;
    private final Duration queueTtl;
    private final Consumer<Finding> sink;
    private final Map<String, QueueState> queues = new HashMap<>();
    private final Summary summary = new Summary();
    private long maxSeenMs = Long.MIN_VALUE;

    public Scanner(MailLogParser parser, TypoDetector detector, Duration queueTtl, Consumer<Finding> sink) {
        this.parser = parser;
        this.detector = detector;
        this.queueTtl = queueTtl;
        this.sink = sink;
    }

    public void line(byte[] raw) {
        line(raw, null);
    }

    /** One line; {@code host} names the MTA when the format does not (an Exim mainlog file of that host). */
    public void line(byte[] raw, String host) {
        summary.lines++;
        ParseOutcome outcome = parser.parse(raw, host);
        if (outcome instanceof ParseOutcome.Deliveries d) {
            d.deliveries().forEach(this::check);
        } else if (outcome instanceof ParseOutcome.Fragment || outcome instanceof ParseOutcome.Fragments) {
            ParseOutcome.fragmentsOf(outcome).forEach(this::correlate);
        } else if (outcome instanceof ParseOutcome.Failure f) {
            summary.unparseable++;
            summary.failureReasons.merge(f.reason().replaceAll("\\d+", "N"), 1L, Long::sum);
        } else {
            summary.noise++;
        }
        if (summary.lines % EXPIRE_EVERY_LINES == 0) {
            expire(maxSeenMs);
        }
    }

    /** Releases every delivery still waiting for its sender (as orphans) and returns the summary. */
    public Summary finish() {
        expire(Long.MAX_VALUE);
        return summary;
    }

    private void correlate(QueueFragment f) {
        maxSeenMs = Math.max(maxSeenMs, f.timestampMs());
        String key = f.correlationKey();
        QueueCorrelator.Step step = QueueCorrelator.apply(queues.get(key), f);
        if (step.state() == null) {
            queues.remove(key);
        } else {
            queues.put(key, step.state());
        }
        step.emitted().forEach(this::check);
    }

    private void expire(long nowMs) {
        if (nowMs == Long.MIN_VALUE) {
            return;
        }
        long ttl = queueTtl.toMillis();
        List<String> gone = new ArrayList<>();
        for (var e : queues.entrySet()) {
            QueueCorrelator.Step step = nowMs == Long.MAX_VALUE
                    ? new QueueCorrelator.Step(null, e.getValue().pending().stream().map(d -> d.withSender(null, e.getValue().messageId())).toList())
                    : QueueCorrelator.expire(e.getValue(), nowMs, ttl, ttl);
            step.emitted().forEach(this::check);
            if (step.state() == null) {
                gone.add(e.getKey());
            } else {
                e.setValue(step.state());
            }
        }
        gone.forEach(queues::remove);
    }

    private void check(Delivery d) {
        summary.events++;
        Instant t = Instant.ofEpochMilli(d.timestampMs());
        summary.first = summary.first == null || t.isBefore(summary.first) ? t : summary.first;
        summary.last = summary.last == null || t.isAfter(summary.last) ? t : summary.last;
        Verdict v = detector.check(d.recipientDomain());
        if (v instanceof Verdict.Allowlisted) {
            summary.allowlisted++;
        }
        if (!(v instanceof Verdict.Typo typo)) {
            return;
        }
        var m = typo.match();
        Scoring.Score score = Scoring.score(m, d.status());
        summary.findings++;
        if (d.status() == DeliveryStatus.SENT) {
            summary.deliveredFindings++;
        }
        summary.byTechnique.merge(m.technique().name(), 1L, Long::sum);
        summary.byTypoDomain.merge(m.candidate().ascii() + " (" + m.intended().name() + ")", 1L, Long::sum);
        summary.bySender.merge(Addresses.senderIdentity(d.sender()), 1L, Long::sum);
        sink.accept(new Finding(t, d.host(), d.queueId(), d.messageId(), d.sender(), d.recipient(), m.candidate().ascii(),
                m.intended().name(), m.technique().name(), score.value(), score.severity().name(), d.status(), m.explanation()));
    }
}
