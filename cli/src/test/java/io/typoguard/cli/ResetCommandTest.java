package io.typoguard.cli;

import io.typoguard.testkit.EmbeddedKafkaBroker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.typoguard.runtime.TopicSetup;
import io.typoguard.runtime.TypoguardApp;
import io.typoguard.serde.InMemorySchemaRegistry;
import io.typoguard.topology.Topics;
import io.typoguard.topology.TopologyConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code typoguard reset} rewinds the app to the start of its input, so a restart reprocesses every line. */
class ResetCommandTest {
    @TempDir
    Path tmp;

    @Test
    void afterAResetTheAppReadsItsInputAgainFromTheStart() throws Exception {
        Topics topics = Topics.defaults();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.inTempDir().start()) {
            broker.createTopics(TopicSetup.plan(topics, 2, (short) 1));
            String appId = "typoguard-reset-" + UUID.randomUUID();
            Map<String, String> settings = Map.of(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    StreamsConfig.APPLICATION_ID_CONFIG, appId, StreamsConfig.STATE_DIR_CONFIG, tmp.resolve("state").toString(),
                    StreamsConfig.REPLICATION_FACTOR_CONFIG, "1", StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
            try (var raw = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                    new ByteArraySerializer(), new ByteArraySerializer())) {
                for (int i = 0; i < 3; i++) {
                    String line = "{\"timestamp\":\"" + Instant.now() + "\",\"host\":\"gw1\",\"queue_id\":\"Q" + i
                            + "\",\"from\":\"a@typoguard.test\",\"to\":[\"b" + i + "@example.org\"],\"status\":\"sent\"}";
                    raw.send(new ProducerRecord<>(topics.raw(), null, line.getBytes(StandardCharsets.UTF_8))).get();
                }
            }
            Map<String, Object> adminConfig = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            runUntilConsumed(settings, adminConfig, appId, topics);
            assertThat(taskDirectories(tmp.resolve("state").resolve(appId))).as("local state exists before the reset").isNotEmpty();

            Path config = tmp.resolve("app.properties");
            StringBuilder props = new StringBuilder("typoguard.http.port=-1\n");
            settings.forEach((k, v) -> props.append(k).append('=').append(v).append('\n'));
            Files.writeString(config, props);
            // While an instance runs, the tool refuses: it would rewind offsets under the instance's feet ...
            try (TypoguardApp running = new TypoguardApp(TopologyConfig.defaults().withTopics(topics), new InMemorySchemaRegistry(), settings)) {
                running.start();
                assertThat(running.runner().awaitRunning(Duration.ofSeconds(60))).isTrue();
                assertThat(TypoguardCli.execute("reset", "--config", config.toString())).isNotZero();
            }
            // ... and once it has stopped cleanly (it leaves the group), the reset needs no --force.
            assertThat(TypoguardCli.execute("reset", "--config", config.toString())).isZero();

            try (Admin admin = Admin.create(adminConfig)) {
                var offsets = admin.listConsumerGroupOffsets(appId).partitionsToOffsetAndMetadata().get();
                assertThat(offsets.get(new TopicPartition(topics.raw(), 0)).offset()).as("rewound").isZero();
                assertThat(offsets.get(new TopicPartition(topics.raw(), 1)).offset()).isZero();
                assertThat(admin.listTopics().names().get()).as("internal topics deleted").noneMatch(t -> t.startsWith(appId + "-"));
            }
            assertThat(taskDirectories(tmp.resolve("state").resolve(appId))).as("local state removed").isEmpty();
        }
    }

    /** Task state directories (0_0, 1_1, ...) under the app's state directory. */
    private static List<Path> taskDirectories(Path appState) throws java.io.IOException {
        if (!Files.isDirectory(appState)) {
            return List.of();
        }
        try (var s = Files.list(appState)) {
            return s.filter(p -> Files.isDirectory(p) && p.getFileName().toString().matches("\\d+_\\d+")).toList();
        }
    }

    private static void runUntilConsumed(Map<String, String> settings, Map<String, Object> adminConfig, String appId, Topics topics)
            throws Exception {
        try (TypoguardApp app = new TypoguardApp(TopologyConfig.defaults(), new InMemorySchemaRegistry(), settings);
             Admin admin = Admin.create(adminConfig)) {
            app.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                var offsets = admin.listConsumerGroupOffsets(appId).partitionsToOffsetAndMetadata().get();
                long committed = List.of(0, 1).stream().map(p -> offsets.get(new TopicPartition(topics.raw(), p)))
                        .mapToLong(o -> o == null ? 0 : o.offset()).sum();
                return app.runner().state() == KafkaStreams.State.RUNNING && committed == 3;
            });
        }
    }
}
