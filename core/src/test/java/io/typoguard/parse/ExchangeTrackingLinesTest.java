package io.typoguard.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.typoguard.schema.DeliveryStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Exchange message tracking lines, read by {@link ExchangeTrackingLines} alone. */
class ExchangeTrackingLinesTest {
    private final ExchangeTrackingLines lines = new ExchangeTrackingLines();

    @Test
    void aFieldsHeaderSetsTheColumnsForItsHostOnly() {
        assertThat(lines.header("#Fields: date-time,event-id,recipient-address,sender-address", "EXCH01")).isInstanceOf(ParseOutcome.Noise.class);

        ParseOutcome o = lines.tracking("2026-11-27T04:21:12.345Z,SEND,colonel.smith@army.ml;ops@army.mil,alice@contoso.com", "EXCH01");

        List<Delivery> d = ((ParseOutcome.Deliveries) o).deliveries();
        assertThat(d).extracting(Delivery::recipientDomain).containsExactly("army.ml", "army.mil");
        assertThat(d).allSatisfy(x -> {
            assertThat(x.sender()).isEqualTo("alice@contoso.com");
            assertThat(x.status()).isEqualTo(DeliveryStatus.SENT);
            assertThat(x.format()).isEqualTo("exchange");
        });
        // another host's 4-column line is read with the standard layout, where column 3 is not the recipient
        assertThat(lines.tracking("2026-11-27T04:21:12.345Z,SEND,colonel.smith@army.ml,alice@contoso.com", "EXCH02"))
                .isNotInstanceOf(ParseOutcome.Deliveries.class);
    }

    @Test
    void aHeaderWithoutTheNeededColumnsFails() {
        assertThat(lines.header("#Fields: date-time,client-ip", "EXCH01")).isInstanceOf(ParseOutcome.Failure.class);
    }

    @Test
    void eventsWithoutADeliveryOutcomeAreNoise() {
        lines.header("#Fields: date-time,event-id,recipient-address", null);

        assertThat(lines.tracking("2026-11-27T04:21:12.345Z,RECEIVE,a@army.ml", null)).isInstanceOf(ParseOutcome.Noise.class);
        assertThat(lines.tracking("2026-11-27T04:21:12.345Z,FAIL,a@army.ml", null))
                .isInstanceOfSatisfying(ParseOutcome.Deliveries.class,
                        d -> assertThat(d.deliveries().get(0).status()).isEqualTo(DeliveryStatus.BOUNCED));
    }

    @Test
    void recognisesItsLinesByShape() {
        assertThat(ExchangeTrackingLines.isTrackingHeader("#Software: Microsoft Exchange Server")).isTrue();
        assertThat(ExchangeTrackingLines.isTrackingLine("2026-11-27T04:21:12.345Z,,,,EXCH01,,,SMTP,SEND")).isTrue();
        assertThat(ExchangeTrackingLines.isTrackingLine("2026-11-27 04:21:12 1vABCd-000123-Ab Completed")).isFalse();
    }
}
