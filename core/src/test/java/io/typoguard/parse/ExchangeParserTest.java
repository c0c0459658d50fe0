package io.typoguard.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.typoguard.schema.DeliveryStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExchangeParserTest {
    private static final String V14_FIELDS = "date-time,client-ip,client-hostname,server-ip,server-hostname,source-context,"
            + "connector-id,source,event-id,internal-message-id,message-id,recipient-address,recipient-status,total-bytes,"
            + "recipient-count,related-recipient-address,reference,message-subject,sender-address,return-path,message-info,"
            + "directionality,tenant-id,original-client-ip,original-server-ip,custom-data";
    private final MailLogParser parser = new MailLogParser(Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC),
            ZoneOffset.UTC, 65536);

    /** A tracking-log line with the given fields set and all others empty, in the given column order. */
    private static String line(String fields, Map<String, String> values) {
        StringBuilder b = new StringBuilder();
        for (String name : fields.split(",")) {
            if (b.length() > 0) {
                b.append(',');
            }
            String v = values.getOrDefault(name, "");
            b.append(v.contains(",") ? "\"" + v.replace("\"", "\"\"") + "\"" : v);
        }
        return b.toString();
    }

    private static Map<String, String> send(String event, String recipients) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("date-time", "2026-11-27T04:21:12.345Z");
        v.put("server-hostname", "EXCH01");
        v.put("connector-id", "Outbound to Internet");
        v.put("source", "SMTP");
        v.put("event-id", event);
        v.put("internal-message-id", "12884901890");
        v.put("message-id", "<m1@contoso.com>");
        v.put("recipient-address", recipients);
        v.put("recipient-status", "250 2.0.0 OK;250 2.0.0 OK");
        v.put("message-subject", "Travel, orders \"final\"");
        v.put("sender-address", "alice@contoso.com");
        return v;
    }

    @Test
    void aVersion15SendEventWithTwoRecipientsAndAQuotedSubject() {
        ParseOutcome o = parser.parse(line(ExchangeTrackingLines.V15_FIELDS, send("SEND", "colonel.smith@army.ml;ops@army.mil")));

        List<Delivery> d = ((ParseOutcome.Deliveries) o).deliveries();
        assertThat(d).extracting(Delivery::recipientDomain).containsExactly("army.ml", "army.mil");
        assertThat(d).allSatisfy(x -> {
            assertThat(x.sender()).isEqualTo("alice@contoso.com");
            assertThat(x.status()).isEqualTo(DeliveryStatus.SENT);
            assertThat(x.host()).isEqualTo("EXCH01");
            assertThat(x.messageId()).isEqualTo("m1@contoso.com");
            assertThat(x.timestampMs()).isEqualTo(Instant.parse("2026-11-27T04:21:12.345Z").toEpochMilli());
            assertThat(x.format()).isEqualTo("exchange");
        });
    }

    @Test
    void theFieldsHeaderDecidesTheColumnsVersion14() {
        assertThat(parser.parse("#Software: Microsoft Exchange Server")).isInstanceOf(ParseOutcome.Noise.class);
        assertThat(parser.parse("#Version: 14.0.0.0")).isInstanceOf(ParseOutcome.Noise.class);
        assertThat(parser.parse("#Fields: " + V14_FIELDS)).isInstanceOf(ParseOutcome.Noise.class);

        ParseOutcome fail = parser.parse(line(V14_FIELDS, send("FAIL", "nobody@army.ml")));
        ParseOutcome receive = parser.parse(line(V14_FIELDS, send("RECEIVE", "colonel@army.ml")));

        assertThat(((ParseOutcome.Deliveries) fail).deliveries().get(0).status()).isEqualTo(DeliveryStatus.BOUNCED);
        assertThat(receive).as("RECEIVE is the same message arriving, not a delivery").isInstanceOf(ParseOutcome.Noise.class);
    }

    @Test
    void aVersion14LineIsReadEvenWhenItsHeaderWasNotSeen() {
        MailLogParser restarted = new MailLogParser();
        ParseOutcome o = restarted.parse(line(V14_FIELDS, send("SEND", "colonel@army.ml")), "exch01");

        assertThat(((ParseOutcome.Deliveries) o).deliveries().get(0).recipientDomain()).isEqualTo("army.ml");
    }

    @Test
    void exchangeOnlineMessageTraceCsv() {
        assertThat(parser.parse("\"Received\",\"SenderAddress\",\"RecipientAddress\",\"Subject\",\"Status\",\"ToIP\",\"FromIP\","
                + "\"Size\",\"MessageId\",\"MessageTraceId\",\"Index\"")).isInstanceOf(ParseOutcome.Noise.class);

        ParseOutcome o = parser.parse("\"11/27/2026 4:21:12 AM\",\"alice@contoso.com\",\"colonel.smith@army.ml\",\"Travel, \"\"orders\"\"\","
                + "\"Delivered\",\"192.0.2.1\",\"10.0.0.1\",\"12345\",\"<m1@contoso.com>\",\"0c6e1c6a-1111-2222-3333-444455556666\",\"0\"");

        Delivery d = ((ParseOutcome.Deliveries) o).deliveries().get(0);
        assertThat(d.recipientDomain()).isEqualTo("army.ml");
        assertThat(d.status()).isEqualTo(DeliveryStatus.SENT);
        assertThat(d.timestampMs()).isEqualTo(Instant.parse("2026-11-27T04:21:12Z").toEpochMilli());
        assertThat(d.format()).isEqualTo("exchange-online");
    }

    @Test
    void aBrokenExchangeLineIsDeadLetteredWithAReason() {
        Map<String, String> v = send("SEND", "not-an-address");
        assertThat(parser.parse(line(ExchangeTrackingLines.V15_FIELDS, v))).isInstanceOf(ParseOutcome.Failure.class);
        assertThat(parser.parse("#Fields: foo,bar")).isInstanceOf(ParseOutcome.Failure.class);
    }
}
