package io.typoguard.parse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.typoguard.schema.DeliveryStatus;
import org.junit.jupiter.api.Test;

/** Typoguard's JSON mail events, read by {@link JsonEvents} alone. */
class JsonEventsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode node(String s) throws Exception {
        return JSON.readTree(s);
    }

    @Test
    void epochMillisAndOneRecipientAsAString() throws Exception {
        ParseOutcome o = JsonEvents.parse(node("{\"timestamp\":1764217272000,\"from\":\"<a@b.test>\",\"to\":\"x@Army.ML\",\"status\":\"deferred\"}"));

        Delivery d = ((ParseOutcome.Deliveries) o).deliveries().get(0);
        assertThat(d.timestampMs()).isEqualTo(1_764_217_272_000L);
        assertThat(d.sender()).isEqualTo("a@b.test");
        assertThat(d.recipientDomain()).isEqualTo("army.ml");
        assertThat(d.status()).isEqualTo(DeliveryStatus.DEFERRED);
        assertThat(d.format()).isEqualTo("json");
    }

    @Test
    void missingOrMistypedFieldsFailWithTheFieldsName() throws Exception {
        assertThat(JsonEvents.parse(node("{\"from\":\"a@b.test\",\"to\":[\"x@army.ml\"]}")))
                .isEqualTo(new ParseOutcome.Failure("JSON line missing field 'timestamp'"));
        assertThat(JsonEvents.parse(node("{\"timestamp\":1,\"from\":\"a@b.test\",\"to\":[1]}")))
                .isEqualTo(new ParseOutcome.Failure("JSON field 'to' holds a non-string"));
        assertThat(JsonEvents.parse(node("{\"timestamp\":1.5,\"from\":\"a@b.test\",\"to\":\"x@army.ml\"}")))
                .isInstanceOf(ParseOutcome.Failure.class);
    }

    @Test
    void anObjectWithFromOrToIsAnEventAndOtherwiseNot() throws Exception {
        assertThat(JsonEvents.isEvent(node("{\"to\":[]}"))).isTrue();
        assertThat(JsonEvents.isEvent(node("{\"message\":\"x\"}"))).isFalse();
    }
}
