package io.typoguard.registry;

import io.typoguard.testkit.EmbeddedKafkaBroker;
import static org.assertj.core.api.Assertions.assertThat;

import io.typoguard.schema.MailEvent;
import io.typoguard.schema.TrustedDomain;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The embedded registry keeps its state in the compacted _schemas topic: ids survive a restart. */
class EmbeddedRegistryTest {
    @Test
    void idsVersionsAndSettingsSurviveARestart() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.inTempDir().start()) {
            int eventsId;
            int trustedId;
            try (EmbeddedRegistry first = EmbeddedRegistry.start(broker.bootstrapServers(), 0)) {
                HttpSchemaRegistry client = new HttpSchemaRegistry(Map.of("schema.registry.url", first.url()));
                eventsId = client.register("mail.events-value", MailEvent.getClassSchema());
                trustedId = client.register("trusted.domains-value", TrustedDomain.getClassSchema());
                client.setCompatibility("trusted.domains-value", Compatibility.FULL);
            }

            try (EmbeddedRegistry second = EmbeddedRegistry.start(broker.bootstrapServers(), 0)) {
                HttpSchemaRegistry client = new HttpSchemaRegistry(Map.of("schema.registry.url", second.url()));

                assertThat(client.getById(eventsId)).isEqualTo(MailEvent.getClassSchema());
                assertThat(client.getById(trustedId)).isEqualTo(TrustedDomain.getClassSchema());
                assertThat(client.register("mail.events-value", MailEvent.getClassSchema())).isEqualTo(eventsId);
                assertThat(client.version("trusted.domains-value", -1).version()).isEqualTo(1);
                assertThat(client.compatibility("trusted.domains-value")).isEqualTo(Compatibility.FULL);
                assertThat(client.register("other-value", org.apache.avro.Schema.create(org.apache.avro.Schema.Type.STRING)))
                        .as("new ids continue after the restored ones").isEqualTo(Math.max(eventsId, trustedId) + 1);
            }
        }
    }
}
