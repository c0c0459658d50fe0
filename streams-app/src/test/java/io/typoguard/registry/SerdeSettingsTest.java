package io.typoguard.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.typoguard.detect.TrustedIndex;
import io.typoguard.runtime.StreamsProps;
import io.typoguard.schema.DeliveryStatus;
import io.typoguard.schema.MailEvent;
import io.typoguard.serde.AvroSerdes;
import io.typoguard.serde.ConfluentAvroSerde;
import io.typoguard.serde.SchemaRegistry;
import io.typoguard.topology.Topics;
import io.typoguard.topology.TopologyConfig;
import io.typoguard.topology.TypoguardTopology;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Confluent's serde settings, and what the app does when the registry fails it. */
class SerdeSettingsTest {
    private RegistryHttpServer server;
    private HttpSchemaRegistry registry;
    private final MailEvent event = MailEvent.newBuilder().setEventId("e").setTimestamp(Instant.parse("2026-11-27T04:21:12Z"))
            .setRecipient("a@army.ml").setRecipientDomain("army.ml").setStatus(DeliveryStatus.SENT).setSourceFormat("postfix").build();

    @BeforeEach
    void start() throws IOException {
        server = RegistryHttpServer.start(new RegistryState(), 0);
        registry = new HttpSchemaRegistry(Map.of("schema.registry.url", server.url()));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ConfluentAvroSerde<MailEvent> serde(Map<String, ?> settings) {
        ConfluentAvroSerde<MailEvent> s = ConfluentAvroSerde.forValues(registry, MailEvent.class);
        s.configure(settings, false);
        return s;
    }

    @Test
    void withoutAutoRegistrationAnUnknownSchemaIsAClearErrorAndAKnownOneIsUsed() {
        ConfluentAvroSerde<MailEvent> noAuto = serde(Map.of("auto.register.schemas", "false"));

        assertThatThrownBy(() -> noAuto.serializer().serialize("mail.events", event))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(40401));
        int id = registry.register("mail.events-value", MailEvent.getClassSchema());
        ConfluentAvroSerde<MailEvent> fresh = serde(Map.of("auto.register.schemas", "false"));
        byte[] bytes = fresh.serializer().serialize("mail.events", event);
        assertThat(java.nio.ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);
    }

    @Test
    void useLatestVersionWritesWithTheSubjectsLatestSchema() {
        registry.register("mail.events-value", MailEvent.getClassSchema());
        String evolved = MailEvent.getClassSchema().toString().replace("\"fields\":[",
                "\"fields\":[{\"name\":\"tenant\",\"type\":[\"null\",\"string\"],\"default\":null,\"doc\":\"added later\"},");
        int latest = registry.register("mail.events-value", new Schema.Parser().parse(evolved));

        byte[] bytes = serde(Map.of("use.latest.version", "true", "auto.register.schemas", "false"))
                .serializer().serialize("mail.events", event);

        assertThat(java.nio.ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(latest);
        assertThat(serde(Map.of()).deserializer().deserialize("mail.events", bytes)).isEqualTo(event);
    }

    @Test
    void recordNameStrategyUsesTheRecordsFullName() {
        serde(Map.of("value.subject.name.strategy", "io.confluent.kafka.serializers.subject.RecordNameStrategy"))
                .serializer().serialize("mail.events", event);

        assertThat(registry.subjects()).containsExactly("io.typoguard.schema.MailEvent");
        assertThatThrownBy(() -> serde(Map.of("value.subject.name.strategy", "Nonsense"))).hasMessageContaining("not supported");
    }

    @Test
    void whenTheRegistryCannotBeReachedTheAppStopsRatherThanDropRecords() throws IOException {
        SchemaRegistry unreachable = new HttpSchemaRegistry(Map.of("schema.registry.url", "http://127.0.0.1:1", "max.retries", "0"));
        TopologyConfig config = TopologyConfig.defaults();
        var topology = TypoguardTopology.build(config, new AvroSerdes(unreachable), new TrustedIndex());
        var props = StreamsProps.of(Topics.defaults(), Map.of(StreamsConfig.APPLICATION_ID_CONFIG, "t",
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092",
                StreamsConfig.STATE_DIR_CONFIG, java.nio.file.Files.createTempDirectory("ttd").toString()));
        try (TopologyTestDriver driver = new TopologyTestDriver(topology, props)) {
            var raw = driver.createInputTopic(Topics.RAW, new ByteArraySerializer(), new ByteArraySerializer());
            var dlq = driver.createOutputTopic(Topics.DEAD_LETTER, new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                    new org.apache.kafka.common.serialization.ByteArrayDeserializer());
            assertThatThrownBy(() -> raw.pipeInput(null, ("{\"timestamp\":\"" + Instant.now() + "\",\"from\":\"a@b.c\",\"to\":[\"x@army.ml\"]}")
                    .getBytes(StandardCharsets.UTF_8)))
                    .as("the record is not committed; Streams retries it after the thread is replaced")
                    .hasStackTraceContaining("unreachable");
            assertThat(dlq.isEmpty()).as("not dead-lettered: an outage is not the record's fault").isTrue();
        }
    }

    private io.typoguard.runtime.TypoguardApp app(io.typoguard.serde.SerdeSettings settings) throws IOException {
        return new io.typoguard.runtime.TypoguardApp(TopologyConfig.defaults(), registry, settings, Map.of(
                StreamsConfig.APPLICATION_ID_CONFIG, "tg", StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1",
                StreamsConfig.STATE_DIR_CONFIG, java.nio.file.Files.createTempDirectory("app").toString()));
    }

    @Test
    void theAppTakesItsSubjectsFromTheConfiguredStrategyBeforeItStarts() throws IOException {
        try (var app = app(new io.typoguard.serde.SerdeSettings(true, false, io.typoguard.serde.SubjectNameStrategy.RECORD))) {
            assertThat(app.schemas()).hasSize(9).allSatisfy(o -> assertThat(o.action()).isEqualTo("registered"));
        }
        assertThat(registry.subjects()).containsExactlyInAnyOrder("io.typoguard.schema.MailEvent", "io.typoguard.schema.TrustedDomain",
                "io.typoguard.schema.TypoFinding", "io.typoguard.schema.SenderWindowStats", "io.typoguard.schema.Alert",
                "io.typoguard.schema.TypoException", "io.typoguard.schema.PolicyDecision", "io.typoguard.schema.TypoDomainDayStats",
                "io.typoguard.schema.Correspondent");

        try (var app = app(new io.typoguard.serde.SerdeSettings(true, false, io.typoguard.serde.SubjectNameStrategy.TOPIC_RECORD))) {
            assertThat(app.schemas()).hasSize(14).anySatisfy(o -> assertThat(o.subject())
                    .isEqualTo("tg-incident-store-changelog-io.typoguard.schema.Alert"));
        }
    }

    @Test
    void useLatestVersionInTheAppWritesWithTheLatestVersionFromTheFirstRecord() throws IOException {
        try (var app = app(io.typoguard.serde.SerdeSettings.DEFAULTS)) {
            assertThat(app.schemas()).hasSize(14);
        }
        String evolved = MailEvent.getClassSchema().toString().replace("\"fields\":[",
                "\"fields\":[{\"name\":\"tenant\",\"type\":[\"null\",\"string\"],\"default\":null},");
        int latest = registry.register("mail.events-value", new Schema.Parser().parse(evolved));
        long calls;
        try (var app = app(new io.typoguard.serde.SerdeSettings(false, true, io.typoguard.serde.SubjectNameStrategy.TOPIC))) {
            assertThat(app.schemas()).filteredOn(o -> o.subject().equals("mail.events-value")).singleElement()
                    .satisfies(o -> assertThat(o.id()).isEqualTo(latest));
            calls = registry.requestCount();
            byte[] bytes = app.serdes().mailEvent.serializer().serialize("mail.events", event);
            assertThat(java.nio.ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(latest);
            assertThat(registry.requestCount()).as("no registry call on the hot path").isEqualTo(calls);
        }
    }
}
