package io.typoguard.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.typoguard.schema.Sensitivity;
import io.typoguard.schema.TrustedDomain;
import io.typoguard.serde.ConfluentAvroSerde;
import io.typoguard.serde.InMemorySchemaRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bytes written by Confluent's own JavaScript client, committed: ours must be identical, both ways. */
class GoldenVectorTest {
    private static final TrustedDomain ARMY = TrustedDomain.newBuilder().setDomain("army.mil").setOrganisation("U.S. Army")
            .setSensitivity(Sensitivity.CRITICAL).setIncludeSubdomains(true).setNote(null).setAllowedLookalikes(List.of("navy.mil")).build();

    @Test
    void ourSerializerWritesWhatConfluentsClientWroteAndReadsIt() throws IOException {
        byte[] golden;
        try (var in = getClass().getClassLoader().getResourceAsStream("golden/trusted-domain-army-mil.b64")) {
            golden = Base64.getDecoder().decode(new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip());
        }
        ConfluentAvroSerde<TrustedDomain> serde = ConfluentAvroSerde.forValues(new InMemorySchemaRegistry(), TrustedDomain.class);

        assertThat(serde.serializer().serialize("trusted.domains", ARMY)).as("schema id 1 in a fresh registry").isEqualTo(golden);
        assertThat(serde.deserializer().deserialize("trusted.domains", golden)).isEqualTo(ARMY);
    }
}
