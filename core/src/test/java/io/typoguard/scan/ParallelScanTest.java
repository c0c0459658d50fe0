package io.typoguard.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.typoguard.detect.TrustedEntry;
import io.typoguard.detect.TrustedIndex;
import io.typoguard.detect.TypoDetector;
import io.typoguard.parse.MailLogParser;
import io.typoguard.schema.Sensitivity;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A scan that parses on several threads gives exactly what the one-line-at-a-time scan gives: the same findings in
 * the same order, the same counts per file, across chunk boundaries, CRLF endings, blank and over-long lines, an
 * Exchange {@code #Fields:} header that only the first chunk holds, and a last line without a newline.
 */
class ParallelScanTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);

    private static TypoDetector detector() {
        TrustedIndex index = new TrustedIndex();
        index.rebuild(List.of(TrustedEntry.of("army.mil", Sensitivity.CRITICAL), TrustedEntry.of("gmail.com", Sensitivity.NORMAL)));
        return new TypoDetector(index);
    }

    private static MailLogParser parser() {
        return new MailLogParser(CLOCK, ZoneOffset.UTC, MailLogParser.DEFAULT_MAX_LINE_BYTES);
    }

    /** About 3 MB of mixed lines: three chunks and more. */
    private static byte[] input() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(("#Software: Microsoft Exchange Server\n#Fields: date-time,server-hostname,event-id,recipient-address,sender-address,"
                + "message-id\n").getBytes(StandardCharsets.UTF_8));
        Random r = new Random(7);
        String[] domains = {"army.ml", "gmial.com", "typoguard.test", "army.mil", "example.org"};
        for (int m = 0; m < 9000; m++) {
            String qid = String.format("%010X", m);
            String rcpt = "user" + m + "@" + domains[r.nextInt(domains.length)];
            String eol = m % 5 == 0 ? "\r\n" : "\n";
            out.write(("Nov 27 10:" + String.format("%02d", m % 60) + ":00 mx" + (m % 3) + " postfix/qmgr[1]: " + qid
                    + ": from=<s" + (m % 17) + "@typoguard.test>, size=1, nrcpt=1 (queue active)" + eol).getBytes(StandardCharsets.UTF_8));
            out.write(("Nov 27 10:" + String.format("%02d", m % 60) + ":01 mx" + (m % 3) + " postfix/smtp[2]: " + qid + ": to=<" + rcpt
                    + ">, orig_to=<alias" + m + "@" + domains[(m + 1) % domains.length] + ">, relay=x, delay=1, dsn=2.0.0, status=sent (ok)"
                    + eol).getBytes(StandardCharsets.UTF_8));
            if (m % 10 == 0) {
                // Sendmail: one to= line with two recipients (a Fragments outcome), before its from= line every other time
                String host = " mx" + (m % 3) + " sm-mta[5]: " + qid + "S: ";
                String from = "Nov 27 10:" + String.format("%02d", m % 60) + ":00" + host + "from=<s" + m + "@typoguard.test>, size=1, class=0, "
                        + "nrcpts=2, msgid=<sm" + m + "@x>, proto=ESMTP, daemon=MTA, relay=x [192.0.2.1]\n";
                String to = "Nov 27 10:" + String.format("%02d", m % 60) + ":02" + host + "to=<a" + m + "@army.ml>,<b" + m + "@example.org>, "
                        + "delay=00:00:02, xdelay=00:00:01, mailer=esmtp, pri=1, relay=x [192.0.2.2], dsn=2.0.0, stat=Sent (ok)\n";
                out.write((m % 20 == 0 ? to + from : from + to).getBytes(StandardCharsets.UTF_8));
            }
            out.write(("2026-11-27T10:00:00.000Z,ex1,SEND," + rcpt + ",s@typoguard.test,<m" + m + "@x>\n").getBytes(StandardCharsets.UTF_8));
            if (m % 1000 == 0) {
                out.write("\n".getBytes(StandardCharsets.UTF_8));
                out.write("garbage line 12 with bob@secret.example inside\n".getBytes(StandardCharsets.UTF_8));
            }
            if (m == 4321) {
                out.write(new byte[ParallelScan.MAX_LINE + 10]); // zero bytes, no newline inside: over-long
                out.write('\n');
            }
        }
        out.write("Nov 27 11:00:00 mx1 postfix/smtpd[3]: NOQUEUE: reject: RCPT from x[192.0.2.1]: 550 5.1.1 <a@army.ml>: no; from=<> to=<a@army.ml> proto=ESMTP helo=<x>"
                .getBytes(StandardCharsets.UTF_8)); // no newline at the end
        return out.toByteArray();
    }

    private static List<String> lines(byte[] data) {
        List<String> out = new ArrayList<>();
        int from = 0;
        for (int i = 0; i <= data.length; i++) {
            if (i == data.length ? i > from : data[i] == '\n') {
                int end = i > from && data[i - 1] == '\r' ? i - 1 : i;
                out.add(from + "," + end);
                from = i + 1;
            }
        }
        return out;
    }

    @Test
    void parallelAndSequentialScansAgreeLineForLine() throws IOException {
        byte[] data = input();

        List<Scanner.Finding> sequential = new ArrayList<>();
        Scanner one = new Scanner(parser(), detector(), Duration.ofHours(6), sequential::add);
        one.file("mail.log");
        for (String span : lines(data)) {
            int from = Integer.parseInt(span.split(",")[0]);
            int to = Integer.parseInt(span.split(",")[1]);
            byte[] line = java.util.Arrays.copyOfRange(data, from, to);
            if (line.length > ParallelScan.MAX_LINE) {
                one.outcome(new io.typoguard.parse.ParseOutcome.Failure("record of more than " + ParallelScan.MAX_LINE + " bytes"),
                        "(over-long line)");
            } else {
                one.line(line, "ex1");
            }
        }
        Scanner.Summary expected = one.finish();

        List<Scanner.Finding> parallel = new ArrayList<>();
        Scanner many = new Scanner(parser(), detector(), Duration.ofHours(6), parallel::add);
        long[] progress = {0};
        try (ParallelScan scan = new ParallelScan(many, ParallelScanTest::parser, 3)) {
            scan.file("mail.log", new ByteArrayInputStream(data), "ex1", n -> progress[0] = n);
        }
        Scanner.Summary actual = many.finish();

        assertThat(data.length).isGreaterThan(3 * ParallelScan.CHUNK_BYTES);
        assertThat(parallel).containsExactlyElementsOf(sequential);
        assertThat(parallel).extracting(Scanner.Finding::flaggedAddress).contains("recipient", "original recipient");
        assertThat(parallel).filteredOn(x -> x.queueId() != null && x.queueId().endsWith("S") && x.recipient().startsWith("a")).hasSize(900)
                .allSatisfy(x -> assertThat(x.sender()).isEqualTo("s" + Integer.parseInt(x.queueId().substring(0, 10), 16) + "@typoguard.test"));
        assertThat(actual.lines).isEqualTo(expected.lines).isEqualTo(progress[0]);
        assertThat(actual.events).isEqualTo(expected.events);
        assertThat(actual.noise).isEqualTo(expected.noise);
        assertThat(actual.failureReasons).isEqualTo(expected.failureReasons)
                .containsKeys("empty record", "unrecognised log format", "record of more than N bytes");
        Scanner.FileSummary f = actual.files.get("mail.log");
        Scanner.FileSummary g = expected.files.get("mail.log");
        assertThat(f.deliveries).isEqualTo(g.deliveries).isEqualTo(2 * 9000 + 1 + 2 * 900);
        assertThat(f.noiseByKind).isEqualTo(g.noiseByKind);
        assertThat(f.unreadableShapes.top(5)).isEqualTo(g.unreadableShapes.top(5));
        assertThat(f.unreadableShapes.top(5)).extracting(e -> e.getKey()).contains("garbage line 9 with <addr> inside")
                .noneMatch(s -> s.contains("secret"));
    }

    @Test
    void aReadErrorStopsTheScanWithTheError() {
        Scanner s = new Scanner(parser(), detector(), Duration.ofHours(6), f -> { });
        java.io.InputStream broken = new java.io.InputStream() {
            private int n;

            @Override
            public int read() throws IOException {
                if (n++ > 100) {
                    throw new IOException("disk gone");
                }
                return 'x';
            }
        };
        try (ParallelScan scan = new ParallelScan(s, ParallelScanTest::parser, 2)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> scan.file("bad.log", broken, null, n -> { }))
                    .isInstanceOf(IOException.class).hasMessageContaining("disk gone");
        }
    }
}
