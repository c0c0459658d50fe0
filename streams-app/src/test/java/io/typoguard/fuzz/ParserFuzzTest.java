package io.typoguard.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.typoguard.parse.LogFormat;
import io.typoguard.parse.MailLogParser;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing of {@link MailLogParser}: auto detection and each fixed {@link LogFormat} (RFC 5424 and
 * BSD/RFC 3339 syslog lines reach the Postfix, Sendmail and Exim paths; the CSV paths are EXCHANGE and
 * EXCHANGE_ONLINE; shipper JSON is ENVELOPE). Inputs are raw bytes, as they come off {@code mail.log.raw}.
 *
 * <p>Plain {@code mvn test} runs each target over its saved inputs only
 * ({@code src/test/resources/io/typoguard/fuzz/ParserFuzzTestInputs/<method>/}); {@code JAZZER_FUZZ=1} fuzzes one
 * target for {@code maxDuration} (commands: src/test/resources/fuzz/README.md).
 * {@code @Timeout} is the per-input timeout while fuzzing (libFuzzer's -timeout) and the per-input bound in
 * regression mode.
 */
class ParserFuzzTest {

    static {
        FuzzChecks.warmUpParsers();
    }

    private static final String HOST = "fuzz-host";

    /** One record through both public byte entry points, each on a fresh AUTO parser and on one shared parser. */
    @FuzzTest(maxDuration = "30s")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void parseAuto(byte[] data) {
        MailLogParser p = FuzzChecks.parser(LogFormat.AUTO);
        FuzzChecks.checkOutcome(FuzzChecks.timed("parse(byte[])", () -> p.parse(data)));
        FuzzChecks.checkOutcome(FuzzChecks.timed("parse(byte[], host)", () -> p.parse(data, HOST)));
        FuzzChecks.checkOutcome(FuzzChecks.timed("parse(byte[], null)", () -> FuzzChecks.parser(LogFormat.AUTO).parse(data, null)));
    }

    /**
     * Several records through one parser (it remembers Exchange #Fields headers per host): the input is split at
     * newlines, each line is one record, alternately keyed by two hosts.
     */
    @FuzzTest(maxDuration = "30s")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void parseRecordSequence(byte[] data) {
        MailLogParser p = FuzzChecks.parser(LogFormat.AUTO);
        int start = 0;
        int n = 0;
        for (int i = 0; i <= data.length && n < 64; i++) {
            if (i == data.length || data[i] == '\n') {
                byte[] record = java.util.Arrays.copyOfRange(data, start, i);
                String host = (n++ % 2 == 0) ? HOST : null;
                FuzzChecks.checkOutcome(FuzzChecks.timed("parse(line " + n + ")", () -> p.parse(record, host)));
                start = i + 1;
            }
        }
    }

    /**
     * The shape of an unreadable line, shown on the page and in scan's summary: whatever the line, it is short, holds no
     * '@' (every address is masked) and no control character.
     */
    @FuzzTest(maxDuration = "30s")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void shapeOfAnUnreadableLine(byte[] data) {
        String shape = FuzzChecks.timed("shape", () -> io.typoguard.scan.Scanner.shape(data, 0, data.length));
        if (shape.length() > io.typoguard.parse.LineShapes.MAX_CHARS || shape.indexOf('@') >= 0
                || shape.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new AssertionError("shape too long, with an address or a control character: " + shape.length() + " chars");
        }
    }

    @FuzzTest(maxDuration = "30s")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void parseJson(byte[] data) {
        fixed(LogFormat.JSON, data);
    }

    @FuzzTest(maxDuration = "30s")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void parseEnvelope(byte[] data) {
        fixed(LogFormat.ENVELOPE, data);
    }

    @FuzzTest(maxDuration = "30s")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void parsePostfix(byte[] data) {
        fixed(LogFormat.POSTFIX, data);
    }

    @FuzzTest(maxDuration = "30s")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void parseSendmail(byte[] data) {
        fixed(LogFormat.SENDMAIL, data);
    }

    @FuzzTest(maxDuration = "30s")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void parseExim(byte[] data) {
        fixed(LogFormat.EXIM, data);
    }

    /** Exchange message tracking CSV; a record starting with a #Fields header line is read as header + lines. */
    @FuzzTest(maxDuration = "30s")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void parseExchange(byte[] data) {
        fixed(LogFormat.EXCHANGE, data);
    }

    @FuzzTest(maxDuration = "30s")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void parseExchangeOnline(byte[] data) {
        fixed(LogFormat.EXCHANGE_ONLINE, data);
    }

    /**
     * Every target above in one: the first byte picks the target, the rest is its input. CI's bounded campaign fuzzes
     * this one for the ten targets' time together rather than each target in a JVM of its own: a JVM with Jazzer
     * takes about 11 s to start here, against 5 s of fuzzing per target (docs/reliability.md, "CI time"). Longer
     * campaigns by hand still fuzz each target alone (src/test/resources/fuzz/run-fuzz.sh).
     */
    @FuzzTest(maxDuration = "300s")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void everyParser(byte[] data) throws Exception {
        FuzzChecks.oneOf(data, this::parseAuto, this::parseRecordSequence, this::shapeOfAnUnreadableLine, this::parseJson,
                this::parseEnvelope, this::parsePostfix, this::parseSendmail, this::parseExim, this::parseExchange,
                this::parseExchangeOnline);
    }

    /**
     * The whole record on a parser fixed to {@code format}, then each of its lines as records on the same
     * parser (so header lines set the columns that later lines are read with).
     */
    private static void fixed(LogFormat format, byte[] data) {
        MailLogParser p = FuzzChecks.parser(format);
        FuzzChecks.checkOutcome(FuzzChecks.timed("parse(" + format + ")", () -> p.parse(data, HOST)));
        String text = new String(data, StandardCharsets.UTF_8);
        if (text.indexOf('\n') >= 0) {
            String[] lines = text.split("\n", 16);
            for (String line : lines) {
                byte[] record = line.getBytes(StandardCharsets.UTF_8);
                FuzzChecks.checkOutcome(FuzzChecks.timed("parse(" + format + " line)", () -> p.parse(record, HOST)));
            }
        }
    }
}
