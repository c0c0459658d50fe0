package io.typoguard.cluster;

import io.typoguard.testkit.ThreeNodeCluster;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.typoguard.runtime.TopicSetup;
import io.typoguard.runtime.TypoguardApp;
import io.typoguard.schema.Sensitivity;
import io.typoguard.schema.TrustedDomain;
import io.typoguard.schema.TypoFinding;
import io.typoguard.serde.InMemorySchemaRegistry;
import io.typoguard.topology.Topics;
import io.typoguard.topology.TopologyConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, item 2 ("Broker loss"): on a real three-node KRaft cluster (replication 3, min.insync.replicas 2), the app
 * runs with exactly_once_v2 while a producer keeps feeding JSON mail lines. Mid-stream one broker (the leader of a
 * mail.findings partition) is shut down and later restarted. The app keeps processing (it never stops or fails; it
 * is RUNNING at the end), and a read_committed consumer finds every expected finding on mail.findings exactly once.
 */
class BrokerLossTest {
    private static final Topics TOPICS = Topics.defaults();
    private static final int BATCHES = 250;          // one batch every 100 ms: ~25 s of feeding
    private static final int LINES_PER_BATCH = 100;
    private static final int TYPO_EVERY = 25;        // 1,000 typo lines in 25,000
    private static final int STOP_AT_BATCH = 120;    // ~12 s into the feed, once the app has committed work
    private static final int RESTART_AT_BATCH = 190; // ~7 s later

    @TempDir
    Path stateDir;

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void losingOneBrokerMidStreamLosesNoFindingAndDuplicatesNone() throws Exception {
        try (ThreeNodeCluster cluster = new ThreeNodeCluster().start()) {
            String bootstrap = cluster.bootstrapServers();
            List<NewTopic> plan = new ArrayList<>();
            for (NewTopic t : TopicSetup.plan(TOPICS, 3, (short) 3)) {
                Map<String, String> configs = new HashMap<>(t.configs() == null ? Map.of() : t.configs());
                configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2");
                plan.add(t.configs(configs));
            }
            TopicSetup.ensure(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), plan);

            Map<String, String> settings = Map.of(
                    StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    StreamsConfig.APPLICATION_ID_CONFIG, "typoguard-broker-loss-" + UUID.randomUUID(),
                    StreamsConfig.STATE_DIR_CONFIG, stateDir.toString(),
                    StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2,
                    StreamsConfig.REPLICATION_FACTOR_CONFIG, "3",
                    StreamsConfig.topicPrefix(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG), "2",
                    StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100",
                    StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, "0");
            try (TypoguardApp app = new TypoguardApp(TopologyConfig.defaults(), new InMemorySchemaRegistry(), settings)) {
                try (var producer = new KafkaProducer<>(producerConfig(bootstrap), new StringSerializer(),
                        app.serdes().trustedDomain.serializer())) {
                    producer.send(new ProducerRecord<>(TOPICS.trusted(), null, 0L, "army.mil", TrustedDomain.newBuilder()
                            .setDomain("army.mil").setSensitivity(Sensitivity.CRITICAL).setIncludeSubdomains(true).build())).get();
                }
                app.start();
                assertThat(app.runner().awaitRunning(Duration.ofSeconds(60))).as("Streams reached RUNNING").isTrue();

                // Every state the app passes through from here on.
                Set<KafkaStreams.State> seen = ConcurrentHashMap.newKeySet();
                seen.add(app.runner().state());
                app.runner().onStateChange((newState, oldState) -> seen.add(newState));

                int victim = leaderOf(bootstrap, TOPICS.findings());
                AtomicInteger typos = new AtomicInteger();
                AtomicReference<Throwable> feedError = new AtomicReference<>();
                long findingsBeforeStop;
                long t0 = System.nanoTime();
                try (var producer = new KafkaProducer<>(producerConfig(bootstrap), new ByteArraySerializer(), new ByteArraySerializer())) {
                    Instant base = Instant.now().minusSeconds(600);
                    long consumedBeforeStop = -1;
                    for (int b = 0; b < BATCHES; b++) {
                        if (b == STOP_AT_BATCH) {
                            consumedBeforeStop = count(bootstrap, TOPICS.findings());
                            System.out.printf("[broker-loss] %d ms: stopping node %d (leader of %s-0); %d findings committed so far%n",
                                    ms(t0), victim, TOPICS.findings(), consumedBeforeStop);
                            cluster.stopNode(victim);
                            System.out.printf("[broker-loss] %d ms: node %d stopped%n", ms(t0), victim);
                        }
                        if (b == RESTART_AT_BATCH) {
                            System.out.printf("[broker-loss] %d ms: restarting node %d%n", ms(t0), victim);
                            cluster.restartNode(victim);
                            System.out.printf("[broker-loss] %d ms: node %d back%n", ms(t0), victim);
                        }
                        long batchStart = System.nanoTime();
                        for (int j = 0; j < LINES_PER_BATCH; j++) {
                            int i = b * LINES_PER_BATCH + j;
                            boolean typo = i % TYPO_EVERY == 0;
                            String to = typo ? "desk" + (i % 7) + "@army.ml" : "user" + (i % 500) + "@example" + (i % 50) + ".org";
                            String line = "{\"timestamp\":\"" + base.plusMillis(i * 10L) + "\",\"host\":\"gw1\",\"queue_id\":\"Q" + i
                                    + "\",\"from\":\"sender" + (i % 40) + "@typoguard.test\",\"to\":[\"" + to + "\"],\"status\":\"sent\"}";
                            producer.send(new ProducerRecord<>(TOPICS.raw(), null, line.getBytes(StandardCharsets.UTF_8)), (md, e) -> {
                                if (e != null) {
                                    feedError.compareAndSet(null, e);
                                } else if (typo) {
                                    typos.incrementAndGet();
                                }
                            });
                        }
                        long sleep = 100 - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - batchStart);
                        if (sleep > 0) {
                            Thread.sleep(sleep);
                        }
                    }
                    producer.flush();
                    findingsBeforeStop = consumedBeforeStop;
                }
                assertThat(feedError.get()).as("the feeding producer never failed").isNull();
                int expected = BATCHES * LINES_PER_BATCH / TYPO_EVERY;
                assertThat(typos.get()).isEqualTo(expected);
                System.out.printf("[broker-loss] %d ms: fed %d lines, %d typos%n", ms(t0), BATCHES * LINES_PER_BATCH, expected);

                List<TypoFinding> findings = new ArrayList<>();
                try (var consumer = new KafkaConsumer<>(readCommitted(bootstrap), new StringDeserializer(), app.serdes().finding.deserializer())) {
                    consumer.subscribe(List.of(TOPICS.findings()));
                    await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(10)).until(() -> {
                        consumer.poll(Duration.ofMillis(300)).forEach(r -> findings.add(r.value()));
                        return findings.size() >= expected;
                    });
                    // Anything duplicated would be committed by now.
                    long quietUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
                    while (System.nanoTime() < quietUntil) {
                        consumer.poll(Duration.ofMillis(300)).forEach(r -> findings.add(r.value()));
                    }
                }
                System.out.printf("[broker-loss] %d ms: %d findings read back; states seen after first RUNNING: %s%n",
                        ms(t0), findings.size(), seen);

                assertThat(findingsBeforeStop).as("the app was processing before the broker went down").isPositive();
                assertThat(findings).as("every finding").hasSize(expected);
                assertThat(findings.stream().map(TypoFinding::getFindingId).distinct().count()).as("no finding twice").isEqualTo(expected);
                assertThat(findings.stream().map(TypoFinding::getQueueId).distinct().count()).as("one per typo line").isEqualTo(expected);
                assertThat(seen).as("the app never stopped or failed").doesNotContain(KafkaStreams.State.ERROR,
                        KafkaStreams.State.PENDING_ERROR, KafkaStreams.State.PENDING_SHUTDOWN, KafkaStreams.State.NOT_RUNNING);
                assertThat(app.runner().endedInError()).isFalse();
                assertThat(app.runner().state()).isEqualTo(KafkaStreams.State.RUNNING);
            }
        }
    }

    private static long ms(long t0) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    private static int leaderOf(String bootstrap, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            var description = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
            var p0 = description.partitions().get(0);
            assertThat(p0.replicas()).as("replicas of " + topic + "-0").hasSize(3);
            return p0.leader().id();
        }
    }

    /** Committed records on a topic right now (read_committed, from the beginning, until quiet for a second). */
    private static long count(String bootstrap, String topic) {
        try (var consumer = new KafkaConsumer<>(readCommitted(bootstrap), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long n = 0;
            long quietSince = System.nanoTime();
            while (System.nanoTime() - quietSince < TimeUnit.MILLISECONDS.toNanos(1000)) {
                int c = consumer.poll(Duration.ofMillis(200)).count();
                n += c;
                if (c > 0) {
                    quietSince = System.nanoTime();
                }
            }
            return n;
        }
    }

    private static Map<String, Object> producerConfig(String bootstrap) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
        return p;
    }

    private static Map<String, Object> readCommitted(String bootstrap) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "broker-loss-check-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        return c;
    }
}
