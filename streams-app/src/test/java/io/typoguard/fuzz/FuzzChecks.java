package io.typoguard.fuzz;

import io.typoguard.detect.Allowlist;
import io.typoguard.detect.TrustedEntry;
import io.typoguard.detect.TrustedIndex;
import io.typoguard.detect.TypoDetector;
import io.typoguard.parse.Delivery;
import io.typoguard.parse.LogFormat;
import io.typoguard.parse.MailLogParser;
import io.typoguard.parse.ParseOutcome;
import io.typoguard.parse.QueueFragment;
import io.typoguard.schema.Sensitivity;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Supplier;

/**
 * The properties every fuzz target and pathological input shares: an outcome is always one of the documented
 * kinds, a Failure always says why and is never the parser's "parser error" safety net (that means an
 * unexpected exception was swallowed), and no single call takes long.
 */
final class FuzzChecks {
    /** The parsers' clock: fixed, so a run is reproducible. */
    static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    /** Longest one call may take; generous, as instrumented fuzzing runs several times slower than a plain JVM. */
    static final long CALL_BOUND_MS = 2_000;
    /** The reason prefix of MailLogParser's catch-all for RuntimeExceptions (see MailLogParser#parse(String, String)). */
    static final String PARSER_ERROR = "parser error";

    private FuzzChecks() {
    }

    static MailLogParser parser(LogFormat format) {
        return new MailLogParser(Clock.fixed(NOW, ZoneOffset.UTC), ZoneOffset.UTC, MailLogParser.DEFAULT_MAX_LINE_BYTES, format);
    }

    /** A small trusted table covering each family: a .mil, a provider, a trusted subdomain, a two-label suffix. */
    static TrustedIndex smallIndex() {
        TrustedIndex index = new TrustedIndex();
        index.rebuild(List.of(
                TrustedEntry.of("army.mil", Sensitivity.CRITICAL),
                TrustedEntry.of("gmail.com", Sensitivity.NORMAL),
                TrustedEntry.of("se.ibm.com", Sensitivity.HIGH),
                TrustedEntry.of("bbc.co.uk", Sensitivity.LOW),
                TrustedEntry.of("xn--80ak6aa92e.com", Sensitivity.NORMAL)));
        return index;
    }

    static TypoDetector smallDetector() {
        return new TypoDetector(smallIndex(), Allowlist.builtIn());
    }

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    /**
     * Runs one call and fails when it used more than {@link #CALL_BOUND_MS} of this thread's CPU time (CPU time,
     * not wall time: garbage collection and other processes on a busy machine must not make a finding; a real
     * hang is caught by the per-input timeout, {@code @Timeout}).
     */
    static <T> T timed(String what, Supplier<T> call) {
        long start = THREADS.getCurrentThreadCpuTime();
        T result = call.get();
        long ms = (THREADS.getCurrentThreadCpuTime() - start) / 1_000_000;
        if (ms > CALL_BOUND_MS) {
            throw new AssertionError(what + " used " + ms + " ms of CPU (bound " + CALL_BOUND_MS + " ms)");
        }
        return result;
    }

    /**
     * Loads (and, while fuzzing, instruments) the classes of every parser path once, so that cost is not charged
     * to the first timed input.
     */
    /** A fuzz target over raw bytes. */
    interface Target {
        void fuzz(byte[] data) throws Exception;
    }

    /**
     * For the multiplexing targets (ParserFuzzTest#everyParser, DetectFuzzTest#everyDetectorInput): the first byte
     * picks one of {@code targets}, the rest of the input goes to it; an empty input goes nowhere.
     */
    static void oneOf(byte[] data, Target... targets) throws Exception {
        if (data.length > 0) {
            targets[Byte.toUnsignedInt(data[0]) % targets.length].fuzz(java.util.Arrays.copyOfRange(data, 1, data.length));
        }
    }

    static void warmUpParsers() {
        MailLogParser p = parser(LogFormat.AUTO);
        for (String line : List.of(
                "Nov 27 04:21:12 mail postfix/smtp[1]: ABCDE12345: to=<a@army.ml>, relay=x, dsn=2.0.0, status=sent",
                "Nov 27 04:21:12 mail postfix/smtpd[77]: NOQUEUE: reject: RCPT from unknown[127.0.0.1]: 554 5.7.1 <x@army.ml>: no; "
                        + "from=<a@b.test> to=<x@army.ml> proto=ESMTP",
                "<22>1 2026-11-27T04:21:12Z mail postfix/qmgr 1 - - ABCDE12345: from=<a@b.test>, size=1",
                "Nov 27 04:21:13 mx3 sendmail[1235]: 4ARAbc0D012345: to=<colonel@army.ml>,<ops@army.mil>, stat=Sent (OK)",
                "2026-11-27 04:21:13 1vABCd-000123-Ab => colonel.smith@army.ml R=smarthost T=remote_smtp",
                "{\"timestamp\":\"2026-11-27T04:21:12Z\",\"from\":\"a@b.test\",\"to\":[\"x@army.ml\"]}",
                "{\"appname\":\"postfix/smtp\",\"hostname\":\"mail\",\"message\":\"ABCDE12345: removed\",\"timestamp\":\"Nov 27 04:21:12\"}",
                "#Fields: date-time,event-id,recipient-address",
                "2026-11-27T04:21:12.345Z,SEND,x@army.ml",
                "\"11/27/2026 4:21:12 AM\",\"alice@contoso.com\",\"x@army.ml\",\"s\",\"Delivered\",\"\",\"\",\"1\",\"\",\"\",\"0\"",
                "x@\u0430rmy.mil")) {
            p.parse(line.getBytes(java.nio.charset.StandardCharsets.UTF_8), "warm-up");
        }
        smallDetector().check("g\u043eogle.com");
    }

    /** Fails unless the outcome is one of the documented kinds, well formed. */
    static ParseOutcome checkOutcome(ParseOutcome o) {
        if (o == null) {
            throw new AssertionError("parse returned null");
        }
        if (o instanceof ParseOutcome.Failure f) {
            if (f.reason() == null || f.reason().isBlank()) {
                throw new AssertionError("Failure without a reason");
            }
            if (f.reason().startsWith(PARSER_ERROR)) {
                throw new AssertionError("the parser's safety net caught an unexpected exception: " + f.reason());
            }
        } else if (o instanceof ParseOutcome.Noise n) {
            if (n.kind() == null || n.kind().isBlank()) {
                throw new AssertionError("Noise without a kind");
            }
        } else if (o instanceof ParseOutcome.Deliveries d) {
            if (d.deliveries() == null || d.deliveries().isEmpty()) {
                // Nothing to emit and nothing dead-lettered or counted: the record would vanish unseen.
                throw new AssertionError("Deliveries outcome with no delivery (record dropped unseen)");
            }
            d.deliveries().forEach(FuzzChecks::checkDelivery);
        } else if (o instanceof ParseOutcome.Fragment || o instanceof ParseOutcome.Fragments) {
            List<QueueFragment> fs = ParseOutcome.fragmentsOf(o);
            if (fs == null || fs.isEmpty()) {
                throw new AssertionError("Fragments outcome with no fragment (record dropped unseen)");
            }
            for (QueueFragment f : fs) {
                if (f == null || f.kind() == null) {
                    throw new AssertionError("fragment without a kind");
                }
                checkTimestamp(f.timestampMs());
                if (f.kind() == QueueFragment.Kind.DELIVERY) {
                    if (f.delivery() == null) {
                        throw new AssertionError("DELIVERY fragment without a delivery");
                    }
                    checkDelivery(f.delivery());
                }
            }
        } else {
            throw new AssertionError("unknown outcome " + o.getClass());
        }
        return o;
    }

    private static void checkDelivery(Delivery d) {
        if (d == null || d.recipient() == null || d.recipientDomain() == null || d.recipientDomain().isEmpty()
                || d.status() == null || d.format() == null) {
            throw new AssertionError("incomplete delivery: " + d);
        }
        checkTimestamp(d.timestampMs());
    }

    /** Kafka Streams refuses to forward a record with a negative timestamp (new Record(..) throws). */
    private static void checkTimestamp(long ms) {
        if (ms < 0) {
            throw new AssertionError("accepted a record with a negative timestamp (" + ms + "); Streams cannot forward it");
        }
    }
}
