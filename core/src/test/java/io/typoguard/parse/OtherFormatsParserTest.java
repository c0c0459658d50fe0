package io.typoguard.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.typoguard.schema.DeliveryStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Exim mainlog, Sendmail, RFC 5424 and log-shipper envelopes, read by the same parser. */
class OtherFormatsParserTest {
    private final MailLogParser parser = new MailLogParser(Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC),
            ZoneOffset.UTC, 65536);

    private QueueFragment fragment(String line, String host) {
        ParseOutcome o = parser.parse(line, host);
        assertThat(o).as(line).isInstanceOf(ParseOutcome.Fragment.class);
        return ((ParseOutcome.Fragment) o).fragment();
    }

    @Test
    void eximArrivalAndDeliveryLinesBecomeFragmentsOfOneMessage() {
        QueueFragment from = fragment("2026-11-27 04:21:12 1vABCd-000123-Ab <= alice@typoguard.test H=localhost (vm) [127.0.0.1] "
                + "P=esmtp S=456 id=20261127.abc@vm", "mx2");
        QueueFragment to = fragment("2026-11-27 04:21:13 1vABCd-000123-Ab => colonel.smith@army.ml R=smarthost T=remote_smtp "
                + "H=127.0.0.1 [127.0.0.1] C=\"250 2.0.0 Ok\"", "mx2");

        assertThat(from.kind()).isEqualTo(QueueFragment.Kind.SENDER);
        assertThat(from.sender()).isEqualTo("alice@typoguard.test");
        assertThat(from.messageId()).isEqualTo("20261127.abc@vm");
        assertThat(to.correlationKey()).isEqualTo(from.correlationKey()).isEqualTo("mx2|1vABCd-000123-Ab");
        assertThat(to.delivery().recipientDomain()).isEqualTo("army.ml");
        assertThat(to.delivery().status()).isEqualTo(DeliveryStatus.SENT);
        assertThat(to.delivery().dsn()).isEqualTo("2.0.0");
        assertThat(to.delivery().format()).isEqualTo("exim");
        assertThat(to.timestampMs()).isEqualTo(Instant.parse("2026-11-27T04:21:13Z").toEpochMilli());
    }

    @Test
    void eximDeferralsFailuresRewritesAndNewStyleIds() {
        QueueFragment deferred = fragment("2026-11-27 04:21:13 1vABCd-000000005vi-0000 == later@defer.example R=smarthost "
                + "T=remote_smtp defer (-44) H=127.0.0.1 [127.0.0.1]: SMTP error from remote mail server after RCPT TO:<later@defer.example>: "
                + "450 4.3.0 Error", null);
        QueueFragment failed = fragment("2026-11-27 04:21:13 1vABCd-000123-Ab ** nobody@bounce.example R=smarthost T=remote_smtp: "
                + "SMTP error from remote mail server after RCPT TO:<nobody@bounce.example>: 550 5.1.1 unknown", null);
        QueueFragment rewritten = fragment("2026-11-27 04:21:13 +0100 1vABCd-000123-Ab => ops@army.ml <ops@army.mil> R=x T=y", null);
        QueueFragment nullSender = fragment("2026-11-27 04:21:12 1vABCd-000124-Ab <= <> R=1vABCd-000123-Ab U=Debian-exim P=local S=1", null);

        assertThat(deferred.delivery().status()).isEqualTo(DeliveryStatus.DEFERRED);
        assertThat(deferred.queueId()).isEqualTo("1vABCd-000000005vi-0000");
        assertThat(failed.delivery().status()).isEqualTo(DeliveryStatus.BOUNCED);
        assertThat(failed.delivery().dsn()).isEqualTo("5.1.1");
        assertThat(rewritten.delivery().originalRecipient()).isEqualTo("ops@army.mil");
        assertThat(rewritten.timestampMs()).isEqualTo(Instant.parse("2026-11-27T03:21:13Z").toEpochMilli());
        assertThat(nullSender.sender()).isEmpty();
    }

    @Test
    void eximLocalDeliveriesUseTheOriginalAddressAndDsnIsNeverAnIpAddress() {
        QueueFragment local = fragment("2026-11-27 04:21:13 1vABCd-000123-Ab => bob <bob@army.ml> R=localuser T=local_delivery", null);
        QueueFragment file = fragment("2026-11-27 04:21:13 1vABCd-000123-Ab => /var/mail/bob <bob@x.test> R=localuser T=local_delivery", null);
        QueueFragment remote = fragment("2026-11-27 04:21:13 1vABCd-000123-Ab => a@army.ml R=dnslookup T=remote_smtp H=mx.army.ml [1.2.3.4]", null);

        assertThat(local.delivery().recipient()).isEqualTo("bob@army.ml");
        assertThat(file.delivery().recipientDomain()).isEqualTo("x.test");
        assertThat(remote.delivery().dsn()).isNull();
    }

    @Test
    void eximRcptRejectionIsACompleteRejectedEventAndOtherLinesAreNoise() {
        ParseOutcome o = parser.parse("2026-11-27 04:21:12 H=(vm) [127.0.0.1] F=<alice@typoguard.test> rejected RCPT <x@army.ml>: "
                + "relay not permitted");

        Delivery d = ((ParseOutcome.Deliveries) o).deliveries().get(0);
        assertThat(d.status()).isEqualTo(DeliveryStatus.REJECTED);
        assertThat(d.sender()).isEqualTo("alice@typoguard.test");
        assertThat(parser.parse("2026-11-27 04:21:14 1vABCd-000123-Ab Completed")).isInstanceOf(ParseOutcome.Noise.class);
        assertThat(parser.parse("2026-11-27 04:21:14 Start queue run: pid=1234")).isInstanceOf(ParseOutcome.Noise.class);
    }

    @Test
    void sendmailFromAndToLinesJoinByQueueIdIncludingSeveralRecipientsOnOneLine() {
        QueueFragment from = fragment("Nov 27 04:21:12 mx3 sendmail[1234]: 4ARAbc0D012345: from=<alice@typoguard.test>, size=1234, "
                + "class=0, nrcpts=2, msgid=<m1@typoguard.test>, proto=ESMTP, daemon=MTA, relay=localhost [127.0.0.1]", null);
        ParseOutcome to = parser.parse("Nov 27 04:21:13 mx3 sendmail[1235]: 4ARAbc0D012345: to=<colonel@army.ml>,<ops@army.mil>, "
                + "ctladdr=<alice@typoguard.test> (1000/1000), delay=00:00:01, xdelay=00:00:01, mailer=esmtp, pri=120, "
                + "relay=mx.army.ml. [192.0.2.1], dsn=2.0.0, stat=Sent (OK id=1)");

        assertThat(from.sender()).isEqualTo("alice@typoguard.test");
        assertThat(from.messageId()).isEqualTo("m1@typoguard.test");
        List<QueueFragment> fragments = ParseOutcome.fragmentsOf(to);
        assertThat(fragments).extracting(f -> f.delivery().recipient()).containsExactly("colonel@army.ml", "ops@army.mil");
        assertThat(fragments).allSatisfy(f -> {
            assertThat(f.correlationKey()).isEqualTo("mx3|4ARAbc0D012345");
            assertThat(f.delivery().status()).isEqualTo(DeliveryStatus.SENT);
            assertThat(f.delivery().format()).isEqualTo("sendmail");
        });
        QueueFragment deferred = fragment("Nov 27 04:21:13 mx3 sm-mta[1235]: 4ARAbc0D012346: to=<a@army.ml>, delay=00:00:01, "
                + "mailer=esmtp, pri=120, relay=mx.army.ml., dsn=4.0.0, stat=Deferred: Connection refused by mx.army.ml.", null);
        assertThat(deferred.delivery().status()).isEqualTo(DeliveryStatus.DEFERRED);
    }

    @Test
    void aFixedFormatAcceptsOnlyItsOwnRecords() {
        MailLogParser eximOnly = new MailLogParser(Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC),
                ZoneOffset.UTC, 65536, LogFormat.EXIM);

        assertThat(eximOnly.parse("2026-11-27 04:21:13 1vABCd-000123-Ab => colonel.smith@army.ml R=smarthost T=remote_smtp"))
                .isInstanceOf(ParseOutcome.Fragment.class);
        assertThat(eximOnly.parse("Nov 27 04:21:12 mail postfix/smtp[1]: ABCDE12345: to=<a@army.ml>, relay=x, dsn=2.0.0, status=sent"))
                .isInstanceOfSatisfying(ParseOutcome.Failure.class,
                        f -> assertThat(f.reason()).isEqualTo("record is postfix, not exim (format fixed by configuration)"));
    }

    @Test
    void rfc5424LinesAreRead() {
        QueueFragment f = fragment("<22>1 2026-11-27T04:21:12.123456+00:00 mail postfix/smtp 4298 - - 27E05160038: "
                + "to=<colonel.smith@army.ml>, relay=127.0.0.1[127.0.0.1]:2525, delay=0, dsn=2.0.0, status=sent (250 2.0.0 Ok)", null);

        assertThat(f.correlationKey()).isEqualTo("mail|27E05160038");
        assertThat(f.timestampMs()).isEqualTo(Instant.parse("2026-11-27T04:21:12.123Z").toEpochMilli());
    }

    @Test
    void shipperEnvelopesAreUnwrapped() {
        String line = "Nov 27 04:21:12 mail postfix/smtp[4298]: 27E05160038: to=<colonel.smith@army.ml>, relay=x, dsn=2.0.0, status=sent";
        // Filebeat: the whole syslog line in "message"
        QueueFragment filebeat = fragment("{\"@timestamp\":\"2026-11-27T04:21:13.000Z\",\"message\":\"" + line
                + "\",\"host\":{\"name\":\"mail\"},\"log\":{\"file\":{\"path\":\"/var/log/mail.log\"}}}", null);
        // rsyslog JSON template: body in "msg", program in "programname"
        QueueFragment rsyslog = fragment("{\"timestamp\":\"2026-11-27T04:21:12+00:00\",\"hostname\":\"mail\",\"programname\":\"postfix/smtp\","
                + "\"procid\":\"4298\",\"msg\":\" 27E05160038: to=<colonel.smith@army.ml>, relay=x, dsn=2.0.0, status=sent\"}", null);
        // Vector's syslog source
        QueueFragment vector = fragment("{\"appname\":\"postfix/smtp\",\"hostname\":\"mail\",\"message\":\"27E05160038: "
                + "to=<colonel.smith@army.ml>, relay=x, dsn=2.0.0, status=sent\",\"procid\":4298,\"timestamp\":\"2026-11-27T04:21:12Z\"}", null);
        // Fluent Bit's syslog parser
        QueueFragment fluentBit = fragment("{\"pri\":\"22\",\"time\":\"Nov 27 04:21:12\",\"host\":\"mail\",\"ident\":\"postfix/smtp\","
                + "\"pid\":\"4298\",\"message\":\"27E05160038: to=<colonel.smith@army.ml>, relay=x, dsn=2.0.0, status=sent\"}", null);

        for (QueueFragment f : List.of(filebeat, rsyslog, vector, fluentBit)) {
            assertThat(f.correlationKey()).isEqualTo("mail|27E05160038");
            assertThat(f.delivery().recipientDomain()).isEqualTo("army.ml");
            assertThat(f.timestampMs()).isEqualTo(Instant.parse("2026-11-27T04:21:12Z").toEpochMilli());
        }
        assertThat(parser.parse("{\"foo\":1}")).isInstanceOf(ParseOutcome.Failure.class);
        assertThat(parser.parse("{\"message\":\"{\\\"message\\\":\\\"x\\\"}\"}")).isInstanceOf(ParseOutcome.Failure.class);
    }
}
