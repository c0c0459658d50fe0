package io.typoguard.runtime;

import io.typoguard.testkit.EmbeddedKafkaBroker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.typoguard.schema.DeliveryStatus;
import io.typoguard.schema.MailEvent;
import io.typoguard.serde.InMemorySchemaRegistry;
import io.typoguard.topology.Topics;
import io.typoguard.topology.TopologyConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app never reads past records of its own topics that the broker deleted before it read them: on a real
 * broker, a first start commits each partition's start; records deleted while the app was down stop the next
 * start with the partitions and offsets lost; and if Streams meets such a gap while running, the app stops with
 * the metric set instead of skipping.
 */
class OwnTopicOffsetsTest {
    private static EmbeddedKafkaBroker broker;

    @TempDir
    Path stateDir;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.inTempDir().start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private static Topics topics(String prefix) {
        return new Topics(prefix + Topics.RAW, prefix + Topics.EVENTS, prefix + Topics.TRUSTED, prefix + Topics.FINDINGS,
                prefix + Topics.SENDER_STATS, prefix + Topics.ALERTS, prefix + Topics.DEAD_LETTER, prefix + Topics.EXCEPTIONS,
                prefix + Topics.DECISIONS, prefix + Topics.DOMAIN_STATS, prefix + Topics.ALERTS_OCSF, prefix + Topics.CORRESPONDENTS);
    }

    private Map<String, String> settings(String appId) {
        return Map.of(
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                StreamsConfig.APPLICATION_ID_CONFIG, appId,
                StreamsConfig.STATE_DIR_CONFIG, stateDir.toString(),
                StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE,
                StreamsConfig.REPLICATION_FACTOR_CONFIG, "1",
                StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "0",
                StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    @Test
    void aFirstStartReadsTheAppsOwnTopicsFromTheirStart() throws Exception {
        Topics topics = topics("first-" + UUID.randomUUID() + ".");
        broker.createTopics(TopicSetup.plan(topics, 3, (short) 1));
        String app = "typoguard-first-" + UUID.randomUUID();
        try (TypoguardApp typoguard = new TypoguardApp(TopologyConfig.defaults().withTopics(topics), new InMemorySchemaRegistry(), settings(app))) {
            typoguard.start();
            assertThat(typoguard.runner().awaitRunning(Duration.ofSeconds(60))).isTrue();
        }
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(app).partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS);
            for (String own : List.of(topics.events(), topics.decisions())) {
                for (int p = 0; p < 3; p++) {
                    assertThat(committed.get(new TopicPartition(own, p))).as("%s-%d", own, p).isNotNull()
                            .satisfies(o -> assertThat(o.offset()).isZero());
                }
            }
        }
    }

    /** An app that ran once and stopped; then {@code lost} events it never read were deleted by the broker. */
    private TopologyConfig ranOnceThenLost(String name, String app, int lost) throws Exception {
        Topics topics = topics(name + "-" + UUID.randomUUID() + ".");
        broker.createTopics(TopicSetup.plan(topics, 1, (short) 1));
        TopologyConfig config = TopologyConfig.defaults().withTopics(topics);
        try (TypoguardApp typoguard = new TypoguardApp(config, new InMemorySchemaRegistry(), settings(app))) {
            typoguard.start();
            assertThat(typoguard.runner().awaitRunning(Duration.ofSeconds(60))).isTrue();
        }
        writeEventsAndDeleteThem(topics, lost);
        return config;
    }

    @Test
    void recordsDeletedWhileTheAppWasDownStopTheNextStartWithTheGapNamed() throws Exception {
        // Given the app ran once and stopped, then events were written it has not read, and the broker deleted them
        String app = "typoguard-gap-" + UUID.randomUUID();
        TopologyConfig config = ranOnceThenLost("gap", app, 5);

        try (TypoguardApp typoguard = new TypoguardApp(config, new InMemorySchemaRegistry(), settings(app))) {
            assertThatThrownBy(typoguard::start)
                    .isInstanceOf(OwnTopicOffsets.DataLostException.class)
                    .hasMessageContaining(config.topics().events() + "-0 offsets 0..4 (5 records)")
                    .hasMessageContaining("--reset-offsets --to-earliest")
                    .satisfies(e -> assertThat(((OwnTopicOffsets.DataLostException) e).gaps()).hasSize(1));
            assertThat(typoguard.runner().state()).as("Streams was never started").isEqualTo(org.apache.kafka.streams.KafkaStreams.State.CREATED);
        }
    }

    @Test
    void aGapStreamsMeetsWhileRunningStopsTheAppInsteadOfSkipping() throws Exception {
        String app = "typoguard-running-" + UUID.randomUUID();
        TopologyConfig config = ranOnceThenLost("running", app, 3);

        // When Streams itself meets the gap (the start check skipped, as if the records went while it ran)
        try (TypoguardApp typoguard = new TypoguardApp(config, new InMemorySchemaRegistry(), settings(app))) {
            typoguard.runner().start();
            assertThat(typoguard.runner().awaitStopped(Duration.ofSeconds(60))).as("the app stops").isTrue();
            assertThat(typoguard.runner().positionsLost()).as("typoguard.own.topic.positions.lost").isEqualTo(1);
            assertThat(typoguard.runner().endedInError()).as("the process exits non-zero").isTrue();
        }
    }

    private static void writeEventsAndDeleteThem(Topics topics, int n) throws Exception {
        var serdes = new io.typoguard.serde.AvroSerdes(new InMemorySchemaRegistry()).registerAll(topics);
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringSerializer(), serdes.mailEvent.serializer())) {
            for (int i = 0; i < n; i++) {
                MailEvent e = MailEvent.newBuilder().setEventId("e" + i).setTimestamp(Instant.now()).setRecipient("x" + i + "@army.ml")
                        .setRecipientDomain("army.ml").setSender("alice@typoguard.test").setStatus(DeliveryStatus.SENT).setSourceFormat("json").build();
                producer.send(new ProducerRecord<>(topics.events(), 0, "alice@typoguard.test", e)).get();
            }
        }
        try (Admin admin = admin()) {
            TopicPartition tp = new TopicPartition(topics.events(), 0);
            long end = admin.listOffsets(Map.of(tp, OffsetSpec.latest())).all().get().get(tp).offset();
            admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(end))).all().get(30, TimeUnit.SECONDS);
        }
    }
}
