package io.typoguard.scan;

import io.typoguard.detect.Scoring;
import io.typoguard.detect.TypoDetector;
import io.typoguard.detect.Verdict;
import io.typoguard.parse.Addresses;
import io.typoguard.parse.LineShapes;
import io.typoguard.parse.Delivery;
import io.typoguard.parse.MailLogParser;
import io.typoguard.parse.ParseOutcome;
import io.typoguard.parse.QueueFragment;
import io.typoguard.parse.QueueCorrelator;
import io.typoguard.parse.QueueCorrelator.QueueState;
import io.typoguard.schema.DeliveryStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
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

    /**
     * One flagged recipient.
     *
     * @param recipient         the address the MTA delivered to
     * @param originalRecipient the address before alias or rewriting (Postfix orig_to, Exim's "=> new &lt;orig&gt;"), or null
     * @param flaggedAddress    which of the two holds {@code recipientDomain}: "recipient" or "original recipient"
     */
    public record Finding(Instant timestamp, String host, String queueId, String messageId, String sender,
                          String recipient, String originalRecipient, String flaggedAddress, String recipientDomain,
                          String intendedDomain, String technique, int score, String severity, DeliveryStatus status,
                          String explanation) {
    }

    /** What one file held: every line is counted once, as deliveries read, joined lines, noise or unreadable. */
    public static final class FileSummary {
        public final String name;
        public long lines;
        /** Recipients read from the file's lines (complete deliveries and delivery lines waiting for their sender). */
        public long deliveries;
        /** Lines that are joined with others of their message (sender, message-id, delivery, removed). */
        public long joinedLines;
        public long noise;
        public long unreadable;
        public final Map<String, Long> noiseByKind = new TreeMap<>();
        public final Map<String, Long> unreadableByReason = new TreeMap<>();
        /** Shapes of the unreadable lines, addresses masked ({@link LineShapes}). */
        public final LineShapes.Counter unreadableShapes = new LineShapes.Counter(1000);

        FileSummary(String name) {
            this.name = name;
        }
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
        /** Findings whose look-alike was in the original address, not the one delivered to. */
        public long inOriginalRecipient;
        public final Map<String, FileSummary> files = new LinkedHashMap<>();
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
    private FileSummary file;
    private Map<String, Verdict> verdicts;
    private String[] fragmentKeys;
    private int fragmentKeysFrom;

    public Scanner(MailLogParser parser, TypoDetector detector, Duration queueTtl, Consumer<Finding> sink) {
        this.parser = parser;
        this.detector = detector;
        this.queueTtl = queueTtl;
        this.sink = sink;
    }

    /** Counts the lines that follow under {@code name} in the summary (one entry per file). */
    public void file(String name) {
        file = summary.files.computeIfAbsent(name, FileSummary::new);
    }

    public void line(byte[] raw) {
        line(raw, null);
    }

    /** One line; {@code host} names the MTA when the format does not (an Exim mainlog file of that host). */
    public void line(byte[] raw, String host) {
        ParseOutcome outcome = parser.parse(raw, host);
        outcome(outcome, outcome instanceof ParseOutcome.Failure ? shape(raw, 0, raw.length) : null);
    }

    /**
     * The outcome of the next line, parsed elsewhere ({@link ParallelScan}), in line order; {@code shape} is the
     * line's {@link LineShapes shape} when it failed.
     */
    public void outcome(ParseOutcome outcome, String shape) {
        outcome(outcome, shape, null);
    }

    /**
     * As {@link #outcome(ParseOutcome, String)}, with the detector's verdicts on the domains of the chunk the line came
     * from, worked out by the thread that parsed it; a domain not in them is checked here.
     */
    public void outcome(ParseOutcome outcome, String shape, Map<String, Verdict> checked) {
        outcome(outcome, shape, checked, null, 0);
    }

    /**
     * As above, with the correlation keys of the line's fragments already worked out and hashed by that thread:
     * {@code keys[from]}, {@code keys[from + 1]}, ... in the order of the fragments ({@code keys} may be null).
     */
    public void outcome(ParseOutcome outcome, String shape, Map<String, Verdict> checked, String[] keys, int from) {
        verdicts = checked;
        fragmentKeys = keys;
        fragmentKeysFrom = from;
        summary.lines++;
        FileSummary fs = file == null ? fileNamed("(input)") : file;
        fs.lines++;
        if (outcome instanceof ParseOutcome.Deliveries d) {
            fs.deliveries += d.deliveries().size();
            d.deliveries().forEach(this::check);
        } else if (outcome instanceof ParseOutcome.Fragment || outcome instanceof ParseOutcome.Fragments) {
            fs.joinedLines++;
            List<QueueFragment> fragments = ParseOutcome.fragmentsOf(outcome);
            for (int i = 0; i < fragments.size(); i++) {
                QueueFragment f = fragments.get(i);
                if (f.kind() == QueueFragment.Kind.DELIVERY) {
                    fs.deliveries++;
                }
                correlate(f, fragmentKeys != null ? fragmentKeys[fragmentKeysFrom + i] : null);
            }
        } else if (outcome instanceof ParseOutcome.Failure f) {
            String reason = f.reason().replaceAll("\\d+", "N");
            summary.unparseable++;
            summary.failureReasons.merge(reason, 1L, Long::sum);
            fs.unreadable++;
            fs.unreadableByReason.merge(reason, 1L, Long::sum);
            fs.unreadableShapes.add(shape == null ? "(no shape)" : shape);
        } else {
            summary.noise++;
            fs.noise++;
            fs.noiseByKind.merge(((ParseOutcome.Noise) outcome).kind(), 1L, Long::sum);
        }
        if (summary.lines % EXPIRE_EVERY_LINES == 0) {
            expire(maxSeenMs);
        }
    }

    private FileSummary fileNamed(String name) {
        file(name);
        return file;
    }

    /** The masked shape of raw line bytes (decoded leniently: the line may be what failed to decode). */
    public static String shape(byte[] buf, int off, int len) {
        return LineShapes.of(new String(buf, off, Math.min(len, 4 * LineShapes.MAX_CHARS), java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Releases every delivery still waiting for its sender (as orphans) and returns the summary. */
    public Summary finish() {
        expire(Long.MAX_VALUE);
        return summary;
    }

    private void correlate(QueueFragment f, String knownKey) {
        maxSeenMs = Math.max(maxSeenMs, f.timestampMs());
        String key = knownKey != null ? knownKey : f.correlationKey();
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
        for (var it = queues.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            QueueCorrelator.Step step = nowMs == Long.MAX_VALUE
                    ? new QueueCorrelator.Step(null, e.getValue().pending().stream().map(d -> d.withSender(null, e.getValue().messageId())).toList())
                    : QueueCorrelator.expire(e.getValue(), nowMs, ttl, ttl);
            step.emitted().forEach(this::check);
            if (step.state() == null) {
                it.remove();
            } else {
                e.setValue(step.state());
            }
        }
    }

    /** The detector used, for threads that check domains before the lines reach the scanner. */
    public TypoDetector detector() {
        return detector;
    }

    private Verdict verdict(String domain) {
        Verdict v = verdicts == null ? null : verdicts.get(domain);
        return v != null ? v : detector.check(domain);
    }

    private void check(Delivery d) {
        summary.events++;
        long ms = d.timestampMs();
        if (summary.first == null || ms < summary.first.toEpochMilli()) {
            summary.first = Instant.ofEpochMilli(ms);
        }
        if (summary.last == null || ms > summary.last.toEpochMilli()) {
            summary.last = Instant.ofEpochMilli(ms);
        }
        Verdict v = verdict(d.recipientDomain());
        if (v instanceof Verdict.Allowlisted) {
            summary.allowlisted++;
        }
        String flagged = "recipient";
        if (!(v instanceof Verdict.Typo)) {
            // the typo may be in the address before an alias or rewrite (Postfix orig_to, Exim "=> new <orig>")
            String original = Addresses.originalDomain(d.originalRecipient(), d.recipientDomain());
            Verdict o = original == null ? null : verdict(original);
            if (!(o instanceof Verdict.Typo)) {
                return;
            }
            v = o;
            flagged = "original recipient";
            summary.inOriginalRecipient++;
        }
        var m = ((Verdict.Typo) v).match();
        Scoring.Score score = Scoring.score(m, d.status());
        summary.findings++;
        if (d.status() == DeliveryStatus.SENT) {
            summary.deliveredFindings++;
        }
        summary.byTechnique.merge(m.technique().name(), 1L, Long::sum);
        summary.byTypoDomain.merge(m.candidate().ascii() + " (" + m.intended().name() + ")", 1L, Long::sum);
        summary.bySender.merge(Addresses.senderIdentity(d.sender()), 1L, Long::sum);
        sink.accept(new Finding(Instant.ofEpochMilli(ms), d.host(), d.queueId(), d.messageId(), d.sender(), d.recipient(), d.originalRecipient(), flagged,
                m.candidate().ascii(), m.intended().name(), m.technique().name(), score.value(), score.severity().name(), d.status(),
                m.explanation()));
    }

}
