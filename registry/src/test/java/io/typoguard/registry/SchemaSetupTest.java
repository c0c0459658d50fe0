package io.typoguard.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.typoguard.schema.DeliveryStatus;
import io.typoguard.schema.MailEvent;
import io.typoguard.serde.AvroSerdes;
import io.typoguard.serde.SerdeSettings;
import io.typoguard.serde.SubjectNameStrategy;
import io.typoguard.serde.ValueTopics;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The start-up schema check against a registry over HTTP: look up first, register only when nothing stands in the way. */
class SchemaSetupTest {
    record Topics(String events, String trusted, String findings, String senderStats, String alerts, String exceptions,
                  String decisions, String domainStats, String correspondents) implements ValueTopics {
        static final Topics DEFAULT = new Topics("mail.events", "trusted.domains", "mail.findings", "mail.sender.stats", "mail.alerts",
                "typo.exceptions", "mail.policy.decisions", "typo.domain.stats", "typoguard.correspondents");
    }

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

    private List<AvroSerdes.TopicSerde> topics(SerdeSettings settings) {
        return new AvroSerdes(registry, settings).topics(Topics.DEFAULT);
    }

    @Test
    void withAutoRegistrationEverySubjectIsRegisteredAndTheSerdesMakeNoCallAfterwards() {
        AvroSerdes serdes = new AvroSerdes(registry, SerdeSettings.DEFAULTS);

        List<SchemaSetup.Outcome> outcomes = SchemaSetup.prepare(registry, serdes.topics(Topics.DEFAULT), SerdeSettings.Mode.REGISTER);

        assertThat(outcomes).hasSize(9).allSatisfy(o -> assertThat(o.action()).isEqualTo("registered"));
        assertThat(registry.subjects()).contains("mail.events-value", "typoguard.correspondents-value");
        long calls = registry.requestCount();
        byte[] bytes = serdes.mailEvent.serializer().serialize("mail.events", event);
        assertThat(registry.requestCount()).isEqualTo(calls);
        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(outcomes.get(0).id());

        // A second start finds them all
        assertThat(SchemaSetup.prepare(registry, topics(SerdeSettings.DEFAULTS), SerdeSettings.Mode.REGISTER))
                .allSatisfy(o -> assertThat(o.action()).isEqualTo("found"));
    }

    @Test
    void withoutAutoRegistrationAMissingSubjectStopsTheStartNamingEveryMissingSubjectAndRegistersNothing() {
        SerdeSettings lookup = new SerdeSettings(false, false, SubjectNameStrategy.TOPIC);
        registry.register("mail.events-value", MailEvent.getClassSchema());

        assertThatThrownBy(() -> SchemaSetup.prepare(registry, topics(lookup), SerdeSettings.Mode.LOOKUP))
                .isInstanceOf(SchemaSetupException.class)
                .hasMessageContaining("nothing was registered")
                .hasMessageContaining("subject mail.findings-value: this release's io.typoguard.schema.TypoFinding is not registered")
                .hasMessageContaining("auto.register.schemas=false")
                .hasMessageContaining("typoguard registry register")
                .hasMessageNotContaining("subject mail.events-value");
        assertThat(registry.subjects()).containsExactly("mail.events-value");
    }

    @Test
    void aSubjectTheRegistryWouldRefuseStopsTheStartBeforeAnythingIsRegistered() {
        // An older, incompatible mail.findings-value (BACKWARD: this release could not read what it describes)
        registry.register("mail.findings-value", new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"TypoFinding\","
                + "\"namespace\":\"io.typoguard.schema\",\"fields\":[{\"name\":\"recipient\",\"type\":\"int\"}]}"));

        assertThatThrownBy(() -> SchemaSetup.prepare(registry, topics(SerdeSettings.DEFAULTS), SerdeSettings.Mode.REGISTER))
                .isInstanceOf(SchemaSetupException.class)
                .hasMessageContaining("subject mail.findings-value: the registry would refuse this release's io.typoguard.schema.TypoFinding")
                .hasMessageContaining("nothing was registered");
        assertThat(registry.subjects()).containsExactly("mail.findings-value");
    }

    @Test
    void useLatestVersionTakesEachSubjectsLatestVersionAndRefusesOneThisReleaseCannotWrite() {
        SerdeSettings latest = new SerdeSettings(false, true, SubjectNameStrategy.TOPIC);
        SchemaSetup.prepare(registry, topics(SerdeSettings.DEFAULTS), SerdeSettings.Mode.REGISTER);
        String evolved = MailEvent.getClassSchema().toString().replace("\"fields\":[",
                "\"fields\":[{\"name\":\"tenant\",\"type\":[\"null\",\"string\"],\"default\":null},");
        int evolvedId = registry.register("mail.events-value", new Schema.Parser().parse(evolved));
        AvroSerdes serdes = new AvroSerdes(registry, latest);

        List<SchemaSetup.Outcome> outcomes = SchemaSetup.prepare(registry, serdes.topics(Topics.DEFAULT), SerdeSettings.Mode.LATEST);

        assertThat(outcomes.get(0).id()).isEqualTo(evolvedId);
        byte[] bytes = serdes.mailEvent.serializer().serialize("mail.events", event);
        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(evolvedId);
        assertThat(new AvroSerdes(registry).mailEvent.deserializer().deserialize("mail.events", bytes)).isEqualTo(event);

        // A latest version with a required field this release does not know
        registry.setCompatibility("mail.alerts-value", Compatibility.NONE);
        registry.register("mail.alerts-value", new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Alert\","
                + "\"namespace\":\"io.typoguard.schema\",\"fields\":[{\"name\":\"ticket\",\"type\":\"string\"}]}"));
        assertThatThrownBy(() -> SchemaSetup.prepare(registry, topics(latest), SerdeSettings.Mode.LATEST))
                .isInstanceOf(SchemaSetupException.class)
                .hasMessageContaining("subject mail.alerts-value: this release cannot write io.typoguard.schema.Alert")
                .hasMessageContaining("field 'ticket' is unknown to this release and has no default");
    }

    @Test
    void subjectNameStrategiesNameTheSubjectsAsConfluentsDo() {
        SchemaSetup.prepare(registry, topics(new SerdeSettings(true, false, SubjectNameStrategy.RECORD)), SerdeSettings.Mode.REGISTER);
        SchemaSetup.prepare(registry, topics(new SerdeSettings(true, false, SubjectNameStrategy.TOPIC_RECORD)), SerdeSettings.Mode.REGISTER);

        assertThat(registry.subjects()).contains("io.typoguard.schema.MailEvent", "io.typoguard.schema.TrustedDomain",
                "mail.events-io.typoguard.schema.MailEvent", "mail.alerts-io.typoguard.schema.Alert");
        assertThat(registry.subjects()).noneMatch(s -> s.endsWith("-value"));
        assertThat(SubjectNameStrategy.parse("x", "io.confluent.kafka.serializers.subject.TopicRecordNameStrategy"))
                .isEqualTo(SubjectNameStrategy.TOPIC_RECORD);
        assertThatThrownBy(() -> SubjectNameStrategy.parse("value.subject.name.strategy", "TopicNameStrat"))
                .hasMessageContaining("value.subject.name.strategy").hasMessageContaining("not supported");
    }

    @Test
    void anUnreachableRegistryIsOneMessageNamingTheRegistryAndTheFirstSubject() {
        HttpSchemaRegistry down = new HttpSchemaRegistry(Map.of("schema.registry.url", "http://127.0.0.1:1", "max.retries", "0"));

        assertThatThrownBy(() -> SchemaSetup.prepare(down, new AvroSerdes(down).topics(Topics.DEFAULT), SerdeSettings.Mode.REGISTER))
                .isInstanceOf(SchemaSetupException.class)
                .hasMessageStartingWith("schema registry: cannot look up subject mail.events-value: schema registry unreachable at http://127.0.0.1:1")
                .hasMessageContaining("nothing was registered");
    }

    @Test
    void settingsThatAreMisspelledOrUnknownAreReportedWithTheNearestKnownName() {
        assertThatThrownBy(() -> RegistrySettings.check(Map.of("auto.register.schema", "false")))
                .hasMessageContaining("unknown registry setting auto.register.schema (did you mean auto.register.schemas?)");
        assertThatThrownBy(() -> RegistrySettings.check(Map.of("schema.registry.ssl.truststore.pasword", "x")))
                .hasMessageContaining("did you mean schema.registry.ssl.truststore.password?");
        assertThatThrownBy(() -> RegistrySettings.check(Map.of("schema.registry.ssl.endpoint.identification.algorithm", "")))
                .hasMessageContaining("is not supported");
        assertThat(RegistrySettings.claims("use.latest.versions")).isTrue();
        assertThat(RegistrySettings.claims("auto.offset.reset")).isFalse();
        RegistrySettings.check(Map.of("schema.registry.url", "http://x", "value.subject.name.strategy", "RecordNameStrategy",
                "schema.registry.basic.auth.user.info", "u:p", "basic.auth.credentials.source", "USER_INFO"));
    }
}
