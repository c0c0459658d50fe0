package io.typoguard.runtime;

import io.typoguard.testkit.DemoTraffic;
import io.typoguard.testkit.EmbeddedKafkaBroker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.typoguard.serde.InMemorySchemaRegistry;
import io.typoguard.testing.LogCapture;
import io.typoguard.topology.Names;
import io.typoguard.topology.Topics;
import io.typoguard.topology.TopologyConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A clean stop and start under exactly-once, as {@code kill -TERM} and a restart do. The second start must find
 * every task's state as the first left it: no task declared corrupted (which wipes its stores and restores them
 * from the changelogs), nothing restored, no error, and it must not wait out the old member's session timeout.
 * Two hosts' demo traffic, with no trusted list yet, reaches every detection task but finds nothing: the
 * sender windows are written, the threshold and incident stores stay empty, as in most partitions of a real site
 * most of the time. That is the case that made Kafka 4.4 call every detection task corrupted before
 * {@code CheckpointedWindowStores}.
 */
class CleanRestartTest {
    private static EmbeddedKafkaBroker broker;
    private static final Topics TOPICS = Topics.defaults();

    @TempDir
    Path stateDir;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.inTempDir().start();
        broker.createTopics(TopicSetup.plan(TOPICS, 2, (short) 1));
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void aCleanStopUnderExactlyOnceRestartsWithEveryTaskAsItWasLeft() throws Exception {
        Map<String, String> settings = Map.of(
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                StreamsConfig.APPLICATION_ID_CONFIG, "typoguard-restart",
                StreamsConfig.STATE_DIR_CONFIG, stateDir.toString(),
                StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2,
                StreamsConfig.REPLICATION_FACTOR_CONFIG, "1",
                StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
        try (TypoguardApp app = new TypoguardApp(TopologyConfig.defaults(), new InMemorySchemaRegistry(), settings)) {
            app.start();
            assertThat(app.runner().awaitRunning(Duration.ofSeconds(60))).isTrue();
            try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                    new ByteArraySerializer(), new ByteArraySerializer())) {
                for (String host : List.of("mx1", "mx2")) {
                    for (String line : DemoTraffic.bundled(Instant.now())) {
                        producer.send(new ProducerRecord<>(TOPICS.raw(), host.getBytes(StandardCharsets.UTF_8), line.getBytes(StandardCharsets.UTF_8)));
                    }
                }
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> everyEventConsumed(app));
        }

        Map<String, Long> restored = new ConcurrentHashMap<>();
        try (LogCapture log = new LogCapture();
             TypoguardApp app = new TypoguardApp(TopologyConfig.defaults(), new InMemorySchemaRegistry(), settings)) {
            app.runner().streams().setGlobalStateRestoreListener(new Counting(restored));
            long started = System.nanoTime();
            app.start();
            assertThat(app.runner().awaitRunning(Duration.ofSeconds(60))).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .as("back to RUNNING without waiting out the old member's 45 s session").isLessThan(Duration.ofSeconds(20));
            assertThat(log.text()).doesNotContain("corrupted").doesNotContain("TaskCorruptedException").doesNotContain(" ERROR ");
            assertThat(log.text()).contains("sender-threshold-store initialized from checkpoint");
        }
        // Global stores (trusted list, exceptions) read their topics on every start by design.
        restored.keySet().removeAll(List.of(Names.TRUSTED_STORE, Names.EXCEPTIONS_STORE));
        assertThat(restored).as("task stores the restart looked at").isNotEmpty();
        assertThat(restored).as("records restored into task stores after a clean stop").allSatisfy((store, n) -> assertThat(n).isZero());
    }

    /** The detection tasks have read and committed every event the ingest half wrote. */
    private static boolean everyEventConsumed(TypoguardApp app) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("typoguard-restart")
                    .partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            for (int p = 0; p < 2; p++) {
                latest.put(new TopicPartition(TOPICS.events(), p), OffsetSpec.latest());
            }
            var ends = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get();
            long written = ends.values().stream().mapToLong(ListOffsetsResultInfo::offset).sum();
            return written > 0 && ends.entrySet().stream().allMatch(e -> committed.get(e.getKey()) != null
                    && committed.get(e.getKey()).offset() >= e.getValue().offset());
        }
    }

    /** Records restored per store, global stores included (the test leaves those out). */
    private record Counting(Map<String, Long> restored) implements StateRestoreListener {
        @Override
        public void onRestoreStart(TopicPartition partition, String store, long startingOffset, long endingOffset) {
            restored.merge(store, 0L, Long::sum);
        }

        @Override
        public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long numRestored) {
            restored.merge(store, numRestored, Long::sum);
        }

        @Override
        public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
        }
    }
}
