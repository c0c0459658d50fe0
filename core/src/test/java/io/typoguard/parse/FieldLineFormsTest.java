package io.typoguard.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.typoguard.schema.DeliveryStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The line forms issue 20 found in real logs that the parsers used to drop or count as noise: each is read
 * here through the whole parser, as a record off {@code mail.log.raw}.
 */
class FieldLineFormsTest {
    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    private final MailLogParser parser = new MailLogParser(Clock.fixed(NOW, ZoneOffset.UTC), ZoneOffset.UTC,
            MailLogParser.DEFAULT_MAX_LINE_BYTES);

    private Delivery complete(String line) {
        ParseOutcome o = parser.parse(line, "mx1");
        assertThat(o).as(line).isInstanceOf(ParseOutcome.Deliveries.class);
        List<Delivery> ds = ((ParseOutcome.Deliveries) o).deliveries();
        assertThat(ds).hasSize(1);
        return ds.get(0);
    }

    private Delivery fragment(String line) {
        ParseOutcome o = parser.parse(line, "mx1");
        assertThat(o).as(line).isInstanceOf(ParseOutcome.Fragment.class);
        QueueFragment f = ((ParseOutcome.Fragment) o).fragment();
        assertThat(f.kind()).isEqualTo(QueueFragment.Kind.DELIVERY);
        return f.delivery();
    }

    private String noiseKind(String line) {
        ParseOutcome o = parser.parse(line, "mx1");
        assertThat(o).as(line).isInstanceOf(ParseOutcome.Noise.class);
        return ((ParseOutcome.Noise) o).kind();
    }

    // --- Postfix ---

    @Test
    void aRecipientRejectWithAQueueIdIsARejectedDelivery() {
        Delivery d = complete("Nov 27 10:00:00 mx1 postfix/smtpd[4242]: 4F9D195432C: reject: RCPT from unknown[192.0.2.7]: "
                + "550 5.1.1 <colonel@army.ml>: Recipient address rejected: User unknown; from=<alice@typoguard.test> "
                + "to=<colonel@army.ml> proto=ESMTP helo=<client.typoguard.test>");

        assertThat(d.queueId()).isEqualTo("4F9D195432C");
        assertThat(d.recipient()).isEqualTo("colonel@army.ml");
        assertThat(d.sender()).isEqualTo("alice@typoguard.test");
        assertThat(d.status()).isEqualTo(DeliveryStatus.REJECTED);
        assertThat(d.dsn()).isEqualTo("5.1.1");
    }

    @Test
    void bdatDataAndEndOfMessageRejectsNameTheirRecipient() {
        assertThat(complete("Nov 27 10:00:00 mx1 postfix/smtpd[1]: 4F9D195432C: reject: BDAT from x[192.0.2.7]: 550 5.7.1 "
                + "<bob@gmial.com>: Recipient address rejected: no; from=<a@typoguard.test> to=<bob@gmial.com> proto=ESMTP helo=<x>")
                .recipientDomain()).isEqualTo("gmial.com");
        assertThat(complete("Nov 27 10:00:00 mx1 postfix/cleanup[1]: 4F9D195432C: reject: header Subject: hello from x[192.0.2.7]; "
                + "from=<a@typoguard.test> to=<bob@gmial.com> proto=ESMTP helo=<x>: 5.7.1 Message content rejected").dsn())
                .isEqualTo("5.7.1");
    }

    @Test
    void milterAndProxyRejectsAreRejectedDeliveries() {
        Delivery milter = complete("Nov 27 10:00:00 mx1 postfix/cleanup[1]: 4F9D195432C: milter-reject: END-OF-MESSAGE from "
                + "x[192.0.2.7]: 5.7.1 Blocked by policy; from=<a@typoguard.test> to=<bob@gmial.com> proto=ESMTP helo=<x>");
        Delivery noQueueMilter = complete("Nov 27 10:00:00 mx1 postfix/smtpd[1]: NOQUEUE: milter-reject: RCPT from x[192.0.2.7]: "
                + "451 4.7.1 Try again later; from=<> to=<bob@gmial.com> proto=ESMTP helo=<x>");
        Delivery proxy = complete("Nov 27 10:00:00 mx1 postfix/smtpd[1]: 4F9D195432C: proxy-reject: END-OF-MESSAGE: 554 5.7.0 "
                + "Reject, id=12345-01 - spam; from=<a@typoguard.test> to=<bob@gmial.com> proto=ESMTP helo=<x>");

        assertThat(List.of(milter, noQueueMilter, proxy)).allSatisfy(d -> {
            assertThat(d.status()).isEqualTo(DeliveryStatus.REJECTED);
            assertThat(d.recipientDomain()).isEqualTo("gmial.com");
        });
        assertThat(noQueueMilter.sender()).isEmpty();
        assertThat(noQueueMilter.dsn()).isEqualTo("4.7.1");
        assertThat(proxy.dsn()).isEqualTo("5.7.0");
    }

    @Test
    void aRejectWarningDoesNotStopTheMessageAndIsNoiseOfItsOwnKind() {
        assertThat(noiseKind("Nov 27 10:00:00 mx1 postfix/smtpd[1]: NOQUEUE: reject_warning: RCPT from x[192.0.2.7]: 450 4.1.8 "
                + "<a@nx.test>: Sender address rejected: Domain not found; from=<a@nx.test> to=<bob@gmial.com> proto=ESMTP helo=<x>"))
                .isEqualTo("postfix reject_warning (message not stopped)");
        assertThat(noiseKind("Nov 27 10:00:00 mx1 postfix/smtpd[1]: NOQUEUE: reject: MAIL from x[192.0.2.7]: 553 5.7.1 <a@b.test>: "
                + "Sender address rejected: not logged in; from=<a@b.test> proto=ESMTP helo=<x>"))
                .isEqualTo("postfix reject without a recipient");
    }

    @Test
    void aLocalRecipientWithoutAngleBracketsAndAnAliasOriginalAreRead() {
        Delivery local = fragment("Nov 27 10:00:00 mx1 postfix/local[1]: 4F9D195432C: to=bob@typoguard.test, orig_to=<postmaster@gmial.com>, "
                + "relay=local, delay=0.1, dsn=2.0.0, status=sent (delivered to mailbox)");

        assertThat(local.recipient()).isEqualTo("bob@typoguard.test");
        assertThat(local.originalRecipient()).isEqualTo("postmaster@gmial.com");
        assertThat(local.status()).isEqualTo(DeliveryStatus.SENT);
    }

    @Test
    void postfixsOwnMaillogFileHasMicrosecondsAndAZeroPaddedDay() {
        Delivery d = fragment("Mar 07 10:00:00.123456 mx1 postfix/smtp[1]: 4F9D195432C: to=<bob@gmial.com>, relay=none, "
                + "delay=1, dsn=4.4.1, status=deferred (connect refused)");

        assertThat(Instant.ofEpochMilli(d.timestampMs())).isEqualTo(Instant.parse("2026-03-07T10:00:00.123Z"));
        assertThat(d.status()).isEqualTo(DeliveryStatus.DEFERRED);
    }

    @Test
    void aLineWithNoTimeAndNoHostIsReadAtTheTimeItArrives() {
        Delivery d = fragment("postfix/smtp[1]: 4F9D195432C: to=<bob@gmial.com>, relay=none, delay=1, dsn=5.1.1, status=bounced (no)");

        assertThat(d.timestampMs()).isEqualTo(NOW.toEpochMilli());
        assertThat(d.host()).isEqualTo("mx1");
    }

    // --- syslog framing ---

    @Test
    void aSingleSpaceDayIsADate() {
        Delivery d = fragment("Mar 7 09:15:01 mx1 postfix/smtp[1]: 4F9D195432C: to=<bob@gmial.com>, relay=x, dsn=2.0.0, status=sent (ok)");

        assertThat(Instant.ofEpochMilli(d.timestampMs())).isEqualTo(Instant.parse("2026-03-07T09:15:01Z"));
    }

    @Test
    void priorityAndFacilityLevelTagsBeforeTheLineAreSkipped() {
        String body = " mx1 postfix/smtp[1]: 4F9D195432C: to=<bob@gmial.com>, relay=x, dsn=2.0.0, status=sent (ok)";
        assertThat(fragment("<22>Nov 27 10:00:00" + body).recipientDomain()).isEqualTo("gmial.com");
        assertThat(fragment("<mail.info> Nov 27 10:00:00" + body).recipientDomain()).isEqualTo("gmial.com");
        assertThat(fragment("<mail.info>Nov  7 10:00:00" + body).recipientDomain()).isEqualTo("gmial.com");
    }

    @Test
    void journalctlShortUnixTimesAndSolarisMessageTagsAreRead() {
        Delivery unix = fragment("1795773600.654321 mx1 postfix/smtp[1]: 4F9D195432C: to=<bob@gmial.com>, relay=x, dsn=2.0.0, status=sent (ok)");
        Delivery solaris = fragment("Nov 27 10:00:00 mx1 postfix/smtp[1]: [ID 197553 mail.info] 4F9D195432C: to=<bob@gmial.com>, "
                + "relay=x, dsn=2.0.0, status=sent (ok)");

        assertThat(Instant.ofEpochMilli(unix.timestampMs())).isEqualTo(Instant.parse("2026-11-27T10:00:00.654Z"));
        assertThat(solaris.queueId()).isEqualTo("4F9D195432C");
    }

    @Test
    void journaldJsonExportIsAnEnvelope() {
        Delivery d = fragment("{\"__CURSOR\":\"s=1;i=2\",\"__REALTIME_TIMESTAMP\":\"1795773600123456\",\"_HOSTNAME\":\"mx2\","
                + "\"SYSLOG_IDENTIFIER\":\"postfix/smtp\",\"_PID\":\"4298\",\"PRIORITY\":\"6\",\"SYSLOG_FACILITY\":\"2\","
                + "\"MESSAGE\":\"4F9D195432C: to=<bob@gmial.com>, relay=x, delay=1, dsn=2.0.0, status=sent (ok)\"}");

        assertThat(d.host()).isEqualTo("mx2");
        assertThat(Instant.ofEpochMilli(d.timestampMs())).isEqualTo(Instant.parse("2026-11-27T10:00:00.123Z"));
    }

    @Test
    void aJournaldMessageExportedAsBytesIsDecoded() {
        StringBuilder bytes = new StringBuilder();
        for (byte b : "4F9D195432C: to=<bob@gmial.com>, relay=x, dsn=2.0.0, status=sent (ok)".getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            bytes.append(bytes.length() == 0 ? "" : ",").append(b & 0xff);
        }
        Delivery d = fragment("{\"__REALTIME_TIMESTAMP\":\"1795773600123456\",\"_HOSTNAME\":\"mx2\",\"SYSLOG_IDENTIFIER\":\"postfix/smtp\","
                + "\"MESSAGE\":[" + bytes + "]}");

        assertThat(d.recipientDomain()).isEqualTo("gmial.com");
    }

    @Test
    void rfc5424WithStructuredDataAndABomIsRead() {
        Delivery d = fragment("<22>1 2026-11-27T10:00:00.250Z mx3 postfix/smtp 4298 - [meta sequenceId=\"7\"][origin ip=\"192.0.2.1\"] "
                + "\uFEFF4F9D195432C: to=<bob@gmial.com>, relay=x, dsn=2.0.0, status=sent (ok)");

        assertThat(d.host()).isEqualTo("mx3");
        assertThat(d.queueId()).isEqualTo("4F9D195432C");
    }

    // --- Sendmail ---

    @Test
    void sendmailUnderItsOtherProgramNamesIsSendmail() {
        for (String prog : List.of("sm-mta", "sm-msp-queue", "sm-acceptingconnections")) {
            ParseOutcome o = parser.parse("Nov 27 10:00:00 mx1 " + prog + "[1]: 4ARAbc0D012345: to=<bob@gmial.com>, delay=00:00:01, "
                    + "mailer=esmtp, pri=1, relay=x. [192.0.2.9], dsn=2.0.0, stat=Sent (ok)", "mx1");
            assertThat(o).as(prog).isInstanceOf(ParseOutcome.Fragment.class);
            assertThat(o.format()).isEqualTo(LogFormat.SENDMAIL);
        }
    }

    @Test
    void sendmailRecipientRejectsWithOrWithoutAQueueIdAreRejectedDeliveries() {
        Delivery queued = fragment("Nov 27 10:00:00 mx1 sm-mta[1]: 4ARAbc0D012345: ruleset=check_rcpt, arg1=<bob@gmial.com>, "
                + "relay=x [192.0.2.9], reject=550 5.7.1 <bob@gmial.com>... Relaying denied");
        Delivery noQueue = complete("Nov 27 10:00:00 mx1 sm-mta[1]: NOQUEUE: ruleset=check_rcpt, arg1=<bob@gmial.com>, "
                + "relay=x [192.0.2.9], reject=550 5.7.1 <bob@gmial.com>... Relaying denied");
        // with a queue id, joined with the from= line Sendmail writes after the RCPT replies
        Delivery unknown = fragment("Nov 27 10:00:00 mx1 sm-mta[1]: 4ARAbc0D012345: <nobody@gmial.com>... User unknown");

        assertThat(List.of(queued, noQueue, unknown)).allSatisfy(d -> assertThat(d.status()).isEqualTo(DeliveryStatus.REJECTED));
        assertThat(queued.dsn()).isEqualTo("5.7.1");
        assertThat(noQueue.queueId()).isNull();
        assertThat(unknown.recipient()).isEqualTo("nobody@gmial.com");
        assertThat(noiseKind("Nov 27 10:00:00 mx1 sm-mta[1]: 4ARAbc0D012345: <a@nx.test>... Domain of sender address a@nx.test does not exist"))
                .isEqualTo("sendmail sender reply");
    }

    // --- Exim ---

    @Test
    void eximKeepsBothTheRewrittenAndTheOriginalAddress() {
        Delivery d = fragment("2026-11-27 10:00:00 1vABCd-000123-Ab => bob@typoguard.test <bob@gmial.com> R=dnslookup T=remote_smtp H=x [192.0.2.9]");

        assertThat(d.recipient()).isEqualTo("bob@typoguard.test");
        assertThat(d.originalRecipient()).isEqualTo("bob@gmial.com");
    }

    @Test
    void aQuotedLocalPartWithASpaceIsOneAddress() {
        Delivery d = fragment("2026-11-27 10:00:00 1vABCd-000123-Ab => \"john doe\"@gmial.com R=dnslookup T=remote_smtp H=x [192.0.2.9]");

        assertThat(d.recipient()).isEqualTo("\"john doe\"@gmial.com");
        assertThat(d.recipientDomain()).isEqualTo("gmial.com");
    }

    @Test
    void aDomainPunycodedAsOneLabelIsDecodedAsAWhole() {
        Delivery d = fragment("2026-11-27 10:00:00 1vABCd-000123-Ab ** bob@xn--gmil.com-26g R=dnslookup: all hosts failed");

        assertThat(d.recipientDomain()).isEqualTo(io.typoguard.detect.DomainName.parse("gm\u0430il.com").ascii());
        assertThat(Addresses.recipientDomain("a@xn--bcher-kva.example.com")).isEqualTo("xn--bcher-kva.example.com");
    }

    // --- Exchange ---

    @Test
    void exchangeSendExternalIsSentAndDropIsRejected() {
        String v15 = "2026-11-27T10:00:00.000Z,192.0.2.1,ex1,192.0.2.2,ex1,,Outbound,SMTP,%s,123,<m@typoguard.test>,"
                + "abc,bob@gmial.com,250 2.6.0,1000,1,,,Subject,alice@typoguard.test,alice@typoguard.test,,Originating,,,,,,,";
        assertThat(complete(String.format(v15, "SENDEXTERNAL")).status()).isEqualTo(DeliveryStatus.SENT);
        assertThat(complete(String.format(v15, "DROP")).status()).isEqualTo(DeliveryStatus.REJECTED);
    }

    @Test
    void exchangeOnlineMessageTraceAsJsonIsOneDeliveryPerRow() {
        Delivery ps51 = complete("{\"Organization\":\"contoso.onmicrosoft.com\",\"MessageId\":\"<m1@typoguard.test>\","
                + "\"Received\":\"/Date(1795773600000)/\",\"SenderAddress\":\"alice@typoguard.test\",\"RecipientAddress\":\"bob@gmial.com\","
                + "\"Subject\":\"x\",\"Status\":\"Delivered\",\"ToIP\":null,\"FromIP\":\"192.0.2.1\",\"Size\":1234,"
                + "\"MessageTraceId\":\"6b1c2e0a-0000-0000-0000-000000000000\",\"Index\":0}");
        Delivery api = complete("{\"MessageId\":\"<m2@typoguard.test>\",\"Received\":\"2026-11-27T10:00:00.4907658\","
                + "\"SenderAddress\":\"alice@typoguard.test\",\"RecipientAddress\":\"bob@gmial.com\",\"Status\":\"Failed\"}");

        assertThat(Instant.ofEpochMilli(ps51.timestampMs())).isEqualTo(Instant.parse("2026-11-27T10:00:00Z"));
        assertThat(ps51.status()).isEqualTo(DeliveryStatus.SENT);
        assertThat(ps51.messageId()).isEqualTo("m1@typoguard.test");
        assertThat(api.status()).isEqualTo(DeliveryStatus.BOUNCED);
        assertThat(Instant.ofEpochMilli(api.timestampMs())).isEqualTo(Instant.parse("2026-11-27T10:00:00.490Z"));
        assertThat(parser.parse("{\"RecipientAddress\":\"bob@gmial.com\",\"Received\":\"yesterday\"}").format())
                .isEqualTo(LogFormat.EXCHANGE_ONLINE);
    }
}
