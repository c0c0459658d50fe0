package io.typoguard.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.typoguard.schema.DeliveryStatus;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Exchange Online message trace lines, read by {@link ExchangeOnlineLines} alone. */
class ExchangeOnlineLinesTest {
    private final ExchangeOnlineLines lines = new ExchangeOnlineLines(ZoneOffset.UTC);

    @Test
    void aDeliveredTraceLineIsACompleteDelivery() {
        ParseOutcome o = lines.parse("\"11/27/2026 4:21:12 AM\",\"alice@contoso.com\",\"colonel.smith@army.ml\",\"s\",\"Delivered\","
                + "\"1.2.3.4\",\"\",\"1\",\"<m1@contoso.com>\",\"trace-1\",\"0\"", "tenant");

        Delivery d = ((ParseOutcome.Deliveries) o).deliveries().get(0);
        assertThat(d.recipientDomain()).isEqualTo("army.ml");
        assertThat(d.status()).isEqualTo(DeliveryStatus.SENT);
        assertThat(d.timestampMs()).isEqualTo(Instant.parse("2026-11-27T04:21:12Z").toEpochMilli());
        assertThat(d.messageId()).isEqualTo("m1@contoso.com");
        assertThat(d.format()).isEqualTo("exchange-online");
    }

    @Test
    void aHeaderLineReordersTheColumns() {
        assertThat(lines.parse("\"Received\",\"RecipientAddress\",\"SenderAddress\",\"Status\"", null)).isInstanceOf(ParseOutcome.Noise.class);

        Delivery d = ((ParseOutcome.Deliveries) lines.parse("\"2026-11-27T04:21:12\",\"x@army.ml\",\"a@contoso.com\",\"Failed\"", null))
                .deliveries().get(0);

        assertThat(d.recipient()).isEqualTo("x@army.ml");
        assertThat(d.status()).isEqualTo(DeliveryStatus.BOUNCED);
    }

    @Test
    void anUnreadableTimeFails() {
        assertThat(lines.parse("\"yesterday\",\"a@contoso.com\",\"x@army.ml\",\"s\",\"Delivered\"", null))
                .isInstanceOf(ParseOutcome.Failure.class);
    }
}
