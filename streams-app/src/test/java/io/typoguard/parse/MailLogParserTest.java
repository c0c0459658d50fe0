package io.typoguard.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.typoguard.schema.DeliveryStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MailLogParserTest {
    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    private final MailLogParser parser = new MailLogParser(Clock.fixed(NOW, ZoneOffset.UTC), ZoneOffset.UTC, 64 * 1024);

    @Test
    void readsAJsonLineWithTwoRecipients() {
        ParseOutcome out = parser.parse("{\"timestamp\":\"2026-11-27T04:00:00Z\",\"host\":\"gw1\",\"queue_id\":\"Q1\","
                + "\"message_id\":\"<m1@x>\",\"from\":\"erin@typoguard.test\",\"to\":[\"a@army.ml\",\"b@Army.MIL.\"],\"status\":\"sent\"}");

        List<Delivery> d = ((ParseOutcome.Deliveries) out).deliveries();
        assertThat(d).hasSize(2);
        assertThat(d.get(0).recipientDomain()).isEqualTo("army.ml");
        assertThat(d.get(1).recipientDomain()).isEqualTo("army.mil");
        assertThat(d.get(0).sender()).isEqualTo("erin@typoguard.test");
        assertThat(d.get(0).messageId()).isEqualTo("m1@x");
        assertThat(d.get(0).status()).isEqualTo(DeliveryStatus.SENT);
        assertThat(d.get(0).timestampMs()).isEqualTo(Instant.parse("2026-11-27T04:00:00Z").toEpochMilli());
    }

    @Test
    void readsTheRealPostfixFixtureLineByLine() throws IOException {
        List<String> lines = realPostfixLog();
        long fragments = lines.stream().map(parser::parse).filter(o -> o instanceof ParseOutcome.Fragment).count();
        long failures = lines.stream().map(parser::parse).filter(o -> o instanceof ParseOutcome.Failure).count();

        assertThat(failures).as("no real Postfix line is dead-lettered").isZero();
        assertThat(fragments).isGreaterThanOrEqualTo(40);
    }

    @Test
    void readsAPostfixDeliveryLineFromTheRealLog() {
        ParseOutcome out = parser.parse("Nov 27 04:21:12 mail postfix/smtp[4298]: 27E05160038: to=<colonel.smith@army.ml>, "
                + "relay=127.0.0.1[127.0.0.1]:2525, delay=0, delays=0/0/0/0, dsn=2.0.0, status=sent (250 2.0.0 Ok)");

        QueueFragment f = ((ParseOutcome.Fragment) out).fragment();
        assertThat(f.kind()).isEqualTo(QueueFragment.Kind.DELIVERY);
        assertThat(f.correlationKey()).isEqualTo("mail|27E05160038");
        assertThat(f.delivery().recipient()).isEqualTo("colonel.smith@army.ml");
        assertThat(f.delivery().status()).isEqualTo(DeliveryStatus.SENT);
        assertThat(f.delivery().dsn()).isEqualTo("2.0.0");
        assertThat(f.timestampMs()).isEqualTo(Instant.parse("2026-11-27T04:21:12Z").toEpochMilli());
    }

    @Test
    void readsTheQmgrSenderAndTheNullSender() {
        QueueFragment f = ((ParseOutcome.Fragment) parser.parse(
                "2026-11-27T04:21:12.123456+00:00 mx1 postfix/qmgr[4208]: 27E05160038: from=<alice@typoguard.test>, size=479, nrcpt=1 (queue active)")).fragment();
        QueueFragment nullSender = ((ParseOutcome.Fragment) parser.parse(
                "Nov 27 04:21:12 mail postfix/qmgr[4208]: 9050116003C: from=<>, size=2377, nrcpt=1 (queue active)")).fragment();

        assertThat(f.kind()).isEqualTo(QueueFragment.Kind.SENDER);
        assertThat(f.sender()).isEqualTo("alice@typoguard.test");
        assertThat(nullSender.sender()).isEmpty();
    }

    @Test
    void aDecemberLineReadInJanuaryBelongsToLastYear() {
        MailLogParser january = new MailLogParser(Clock.fixed(Instant.parse("2027-01-01T00:10:00Z"), ZoneOffset.UTC), ZoneOffset.UTC, 65536);
        QueueFragment f = ((ParseOutcome.Fragment) january.parse(
                "Dec 31 23:59:59 mail postfix/qmgr[1]: ABCDE12345: removed")).fragment();

        assertThat(f.timestampMs()).isEqualTo(Instant.parse("2026-12-31T23:59:59Z").toEpochMilli());
    }

    @Test
    void readsAnRcptTimeRejectAsACompleteRejectedDelivery() {
        ParseOutcome out = parser.parse("Nov 27 04:21:12 mail postfix/smtpd[77]: NOQUEUE: reject: RCPT from unknown[127.0.0.1]: "
                + "554 5.7.1 <x@army.ml>: Recipient address rejected: typo; from=<alice@typoguard.test> to=<x@army.ml> proto=ESMTP helo=<vm>");

        Delivery d = ((ParseOutcome.Deliveries) out).deliveries().get(0);
        assertThat(d.status()).isEqualTo(DeliveryStatus.REJECTED);
        assertThat(d.recipientDomain()).isEqualTo("army.ml");
        assertThat(d.sender()).isEqualTo("alice@typoguard.test");
    }

    @Test
    void aLineFromTheFutureIsDeadLetteredSoItCannotCloseEveryWindow() {
        assertThat(reason(parser.parse("{\"timestamp\":\"2026-11-27T13:30:00Z\",\"from\":\"a@b.c\",\"to\":[\"x@army.ml\"]}")))
                .isEqualTo("timestamp more than 60 minutes ahead of this host's clock");
        assertThat(parser.parse("{\"timestamp\":\"2026-11-27T12:30:00Z\",\"from\":\"a@b.c\",\"to\":[\"x@army.ml\"]}"))
                .isInstanceOf(ParseOutcome.Deliveries.class);
    }

    @Test
    void reviewFindings() {
        // Feb 29 read in a non-leap year belongs to the last leap year; Nov 31 is an invalid date, not a crash
        MailLogParser in2027 = new MailLogParser(Clock.fixed(Instant.parse("2027-03-01T00:00:00Z"), ZoneOffset.UTC), ZoneOffset.UTC, 65536);
        assertThat(((ParseOutcome.Fragment) in2027.parse("Feb 29 10:00:00 mail postfix/qmgr[1]: ABCDE12345: removed")).fragment()
                .timestampMs()).isEqualTo(Instant.parse("2024-02-29T10:00:00Z").toEpochMilli());
        assertThat(reason(in2027.parse("Nov 31 10:00:00 mail postfix/qmgr[1]: ABCDE12345: removed"))).isEqualTo("invalid timestamp");
        // a fixture line stamped 1 h 21 min ahead of the clock is last year's, not a dead letter
        MailLogParser earlyMorning = new MailLogParser(Clock.fixed(Instant.parse("2026-11-27T03:00:00Z"), ZoneOffset.UTC), ZoneOffset.UTC, 65536);
        assertThat(((ParseOutcome.Fragment) earlyMorning.parse("Nov 27 04:21:12 mail postfix/qmgr[1]: ABCDE12345: removed")).fragment()
                .timestampMs()).isEqualTo(Instant.parse("2025-11-27T04:21:12Z").toEpochMilli());
        // scanning an archive of one year: Dec 31 late evening stays in that year and is not "from the future"
        MailLogParser year2025 = new MailLogParser().useYear(2025);
        assertThat(((ParseOutcome.Fragment) year2025.parse("Dec 31 23:30:00 mail postfix/smtp[1]: ABCDE12345: to=<a@army.ml>, "
                + "relay=x, dsn=2.0.0, status=sent")).fragment().timestampMs()).isEqualTo(Instant.parse("2025-12-31T23:30:00Z").toEpochMilli());
        // truncated sender lines and milter rejects
        assertThat(reason(parser.parse("Nov 27 04:21:12 mail postfix/qmgr[1]: 4ABCDE1234: from=<b@x.t"))).contains("truncated");
        assertThat(parser.parse("Nov 27 04:21:12 mail postfix/cleanup[1]: NOQUEUE: milter-reject: RCPT from unknown[127.0.0.1]: "
                + "550 5.7.1 blocked; from=<s@typoguard.test> to=<u@army.ml> proto=ESMTP helo=<vm>")).isInstanceOf(ParseOutcome.Deliveries.class);
    }

    @Test
    void readsTheQmgrExpiryLine() {
        QueueFragment f = ((ParseOutcome.Fragment) parser.parse(
                "Nov 27 04:21:12 mail postfix/qmgr[4208]: 98835160038: from=<erin@typoguard.test>, status=expired, returned to sender")).fragment();

        assertThat(f.kind()).isEqualTo(QueueFragment.Kind.EXPIRED);
        assertThat(f.sender()).isEqualTo("erin@typoguard.test");
    }

    @Test
    void aTruncatedDeliveryLineIsDeadLetteredNotGuessed() {
        assertThat(reason(parser.parse("Nov 27 04:21:12 mail postfix/smtp[4298]: 27E05160038: to=<colonel.smith@arm")))
                .isEqualTo("postfix to= without closing '>' (truncated line)");
    }

    @Test
    void countsUninterestingPostfixLinesAsNoise() {
        assertThat(parser.parse("Nov 27 04:21:12 mail postfix/smtpd[4295]: connect from unknown[127.0.0.1]"))
                .isInstanceOf(ParseOutcome.Noise.class);
        assertThat(parser.parse("Nov 27 04:21:12 mail postfix/smtpd[4295]: 27E05160038: client=unknown[127.0.0.1]"))
                .isInstanceOf(ParseOutcome.Noise.class);
    }

    @Test
    void badInputFailsWithAReasonThatDoesNotQuoteTheContent() {
        byte[] junk = new byte[] {(byte) 0xC3, (byte) 0x28, 0x00, (byte) 0xFF, 0x13, 0x37};
        byte[] huge = new byte[1024 * 1024];
        Arrays.fill(huge, (byte) 'a');

        assertThat(reason(parser.parse(junk))).isEqualTo("not valid UTF-8");
        assertThat(reason(parser.parse(huge))).contains("exceeds the limit");
        assertThat(reason(parser.parse("{\"timestamp\":\"2026-11-27T04:00:00Z\",\"from\":\"a@b.c\"}")))
                .isEqualTo("JSON line missing field 'to'");
        assertThat(reason(parser.parse("{\"timestamp\":\"2026-11-27T04:00:00Z\",\"from\":\"a@b.c\",\"to\":[\"secret-person\"]}")))
                .isEqualTo("JSON recipient #1: recipient address has no '@'")
                .doesNotContain("secret-person");
        assertThat(reason(parser.parse("Nov 27 04:21:12 mail postfix/smtp[1]: ABCDE12345: to=<root>, relay=local, dsn=2.0.0, status=sent")))
                .isEqualTo("recipient address has no '@'");
        assertThat(reason(parser.parse("{not json"))).isEqualTo("invalid JSON");
        assertThat(reason(parser.parse("hello world"))).isEqualTo("unrecognised log format");
        assertThat(reason(parser.parse(new byte[0]))).isEqualTo("empty record");
    }

    private static String reason(ParseOutcome o) {
        assertThat(o).isInstanceOf(ParseOutcome.Failure.class);
        return ((ParseOutcome.Failure) o).reason();
    }

    static List<String> realPostfixLog() throws IOException {
        try (InputStream in = MailLogParserTest.class.getClassLoader().getResourceAsStream("demo/postfix-real.log")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        }
    }
}
