package io.typoguard.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.typoguard.schema.DeliveryStatus;
import io.typoguard.schema.MailEvent;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class ConfluentAvroSerdeTest {
    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final ConfluentAvroSerde<MailEvent> serde = ConfluentAvroSerde.forValues(registry, MailEvent.class);

    private static MailEvent event() {
        return MailEvent.newBuilder().setEventId("e1").setTimestamp(Instant.parse("2026-11-27T04:21:12Z"))
                .setSender("alice@typoguard.test").setRecipient("colonel.smith@army.ml").setRecipientDomain("army.ml")
                .setStatus(DeliveryStatus.SENT).setSourceFormat("postfix").build();
    }

    @Test
    void writesMagicByteThenTheBigEndianSchemaIdThenAvroBinary() {
        registry.register("other-value", org.apache.avro.Schema.create(org.apache.avro.Schema.Type.STRING)); // id 1

        byte[] bytes = serde.serializer().serialize("mail.events", event());

        assertThat(bytes[0]).isZero();
        int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
        assertThat(id).isEqualTo(2);
        assertThat(registry.getById(id)).isEqualTo(MailEvent.getClassSchema());
        assertThat(registry.subjects()).contains("mail.events-value");
        // Avro binary: first field eventId "e1" = zig-zag length 2 (0x04) then 'e', '1'
        assertThat(new byte[] {bytes[5], bytes[6], bytes[7]}).containsExactly(0x04, 'e', '1');
    }

    @Test
    void readsBackWhatItWrote() {
        MailEvent e = event();
        assertThat(serde.deserializer().deserialize("mail.events", serde.serializer().serialize("mail.events", e))).isEqualTo(e);
    }

    @Test
    void saysWhatIsWrongWithBytesItCannotRead() {
        assertThatThrownBy(() -> serde.deserializer().deserialize("mail.events", "plain text".getBytes()))
                .isInstanceOf(SerializationException.class).hasMessageContaining("magic byte");
        assertThatThrownBy(() -> serde.deserializer().deserialize("mail.events", new byte[] {0, 0, 0, 0, 42, 1}))
                .isInstanceOf(UnknownSchemaException.class).hasMessageContaining("unknown schema id 42");
    }
}
