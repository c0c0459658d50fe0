package io.typoguard.runtime;

import io.typoguard.testkit.DemoTraffic;
import io.typoguard.testkit.EmbeddedKafkaBroker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.typoguard.detect.TrustedFile;
import io.typoguard.schema.Alert;
import io.typoguard.schema.AlertType;
import io.typoguard.schema.TrustedDomain;
import io.typoguard.serde.InMemorySchemaRegistry;
import io.typoguard.topology.DeadLetters;
import io.typoguard.topology.Topics;
import io.typoguard.topology.TopologyConfig;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime the demo uses, on a real in-process KRaft broker: real Postfix log lines and hostile input go
 * into mail.log.raw; a plain Kafka consumer reads the army.ml alert and the dead letters back.
 */
class EmbeddedKafkaPipelineTest {
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
    void realPostfixLogToArmyMlRaisesAnAlertAndBadInputIsDeadLetteredOrSkippedWhileTheAppRuns() throws Exception {
        Map<String, String> settings = Map.of(
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                StreamsConfig.APPLICATION_ID_CONFIG, "typoguard-it-" + UUID.randomUUID(),
                StreamsConfig.STATE_DIR_CONFIG, stateDir.toString(),
                StreamsConfig.REPLICATION_FACTOR_CONFIG, "1",
                StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100",
                StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, "0");
        try (AppMetrics metrics = new AppMetrics();
             TypoguardApp app = new TypoguardApp(TopologyConfig.defaults().withMetrics(metrics), new InMemorySchemaRegistry(), settings)) {
            // Given the demo's trusted list, loaded before the app starts
            try (var in = getClass().getClassLoader().getResourceAsStream("demo/trusted.csv");
                 var producer = new KafkaProducer<>(producerConfig(), new StringSerializer(), app.serdes().trustedDomain.serializer())) {
                for (var e : TrustedFile.read(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    producer.send(new ProducerRecord<>(TOPICS.trusted(), null, 0L, e.name(), TrustedDomain.newBuilder()
                            .setDomain(e.name()).setSensitivity(e.sensitivity()).setIncludeSubdomains(e.includeSubdomains()).build()));
                }
            }
            // ... and after it a corrupt record for navy.mil (not Confluent Avro), which the global store meets while
            // it is restored: skipped, logged, copied to the dead-letter topic and counted; navy.mil stays trusted, and the
            // app starts.
            try (var producer = new KafkaProducer<>(producerConfig(), new StringSerializer(), new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>(TOPICS.trusted(), null, 0L, "navy.mil", "navy.mil,critical".getBytes(StandardCharsets.UTF_8))).get();
            }
            app.start();
            assertThat(app.runner().awaitRunning(Duration.ofSeconds(60))).as("Streams reached RUNNING").isTrue();
            // The stores opened with the default rocksdb.config.setter: one shared, bounded cache.
            assertThat(BoundedRocksDbMemory.capacityBytes()).isEqualTo(BoundedRocksDbMemory.DEFAULT_MB << 20);

            // When real Postfix lines and hostile records arrive
            byte[] huge = new byte[1024 * 1024];
            Arrays.fill(huge, (byte) 'q');
            List<byte[]> bad = List.of(
                    new byte[] {(byte) 0xFE, (byte) 0xFF, 0x00, 0x7F, (byte) 0xC0},
                    huge,
                    "{\"timestamp\":\"2026-11-27T04:00:00Z\",\"from\":\"a@typoguard.test\",\"to\":[\"nobody\"]}".getBytes(StandardCharsets.UTF_8),
                    "{\"timestamp\":\"2026-11-27T04:00:00Z\",\"to\":[\"x@army.ml\"]}".getBytes(StandardCharsets.UTF_8));
            try (var producer = new KafkaProducer<>(producerConfig(), new ByteArraySerializer(), new ByteArraySerializer())) {
                for (byte[] b : bad) {
                    producer.send(new ProducerRecord<>(TOPICS.raw(), "mail".getBytes(StandardCharsets.UTF_8), b)).get();
                }
                for (String line : DemoTraffic.bundled(java.time.Instant.now())) {
                    producer.send(new ProducerRecord<>(TOPICS.raw(), "mail".getBytes(StandardCharsets.UTF_8), line.getBytes(StandardCharsets.UTF_8)));
                }
            }

            // Then a plain consumer reads the alert for alice's mail to army.ml ...
            List<Alert> alerts = new ArrayList<>();
            List<ConsumerRecord<byte[], byte[]>> dead = new ArrayList<>();
            try (var alertConsumer = new KafkaConsumer<>(consumerConfig(), new StringDeserializer(), app.serdes().alert.deserializer());
                 var deadConsumer = new KafkaConsumer<>(consumerConfig(), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                alertConsumer.subscribe(List.of(TOPICS.alerts()));
                deadConsumer.subscribe(List.of(TOPICS.deadLetter()));
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    alertConsumer.poll(Duration.ofMillis(200)).forEach(r -> alerts.add(r.value()));
                    deadConsumer.poll(Duration.ofMillis(200)).forEach(dead::add);
                    assertThat(alerts).as("alerts so far").anySatisfy(a -> {
                        assertThat(a.getType()).isEqualTo(AlertType.DELIVERED_TYPO);
                        assertThat(a.getSender()).isEqualTo("alice@typoguard.test");
                        assertThat(a.getRecipient()).isEqualTo("colonel.smith@army.ml");
                        assertThat(a.getIntendedDomain()).isEqualTo("army.mil");
                    });
                    assertThat(dead).as("dead letters so far").hasSize(5);
                    assertThat(alerts).as("the other typos in the real log").extracting(Alert::getTypoDomain)
                            .contains("army.ml", "navy.ml", "gmial.com", "state.gob");
                });
            }
            // ... and no alert for a trusted domain ...
            assertThat(alerts).extracting(Alert::getTypoDomain).doesNotContain("army.mil", "navy.mil", "gmail.com", "state.gov");
            // ... each dead letter with its reason, and the app is still running.
            assertThat(dead).extracting(r -> new String(r.headers().lastHeader(DeadLetters.REASON).value(), StandardCharsets.UTF_8))
                    .containsExactlyInAnyOrder("not valid UTF-8", "record of 1048576 bytes exceeds the limit of 65536",
                            "JSON recipient #1: recipient address has no '@'", "JSON line missing field 'from'",
                            "trusted-domain record: not Confluent Avro wire format (magic byte 0 and schema id expected)");
            assertThat(dead).filteredOn(r -> new String(r.headers().lastHeader(DeadLetters.SOURCE_TOPIC).value(), StandardCharsets.UTF_8)
                    .equals(TOPICS.trusted())).singleElement().satisfies(r -> {
                        assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("navy.mil");
                        assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("navy.mil,critical");
                        assertThat(new String(r.headers().lastHeader(DeadLetters.STAGE).value(), StandardCharsets.UTF_8)).isEqualTo("deserialize");
                    });
            assertThat(metrics.scrape()).contains("typoguard_table_records_unreadable_total{table=\"trusted-domain\"} 1.0");
            assertThat(dead).anySatisfy(r -> assertThat(r.value()).isEqualTo(huge));
            assertThat(app.runner().state()).isEqualTo(KafkaStreams.State.RUNNING);

            // The SIEM feed: kcat (librdkafka, Debian's kcat) reads mail.alerts.ocsf, and every record is an OCSF
            // Detection Finding with all the attributes OCSF requires.
            // Every alert read above is there (the app keeps running, so later ones may be too).
            List<String> ocsf = kcat(TOPICS.alertsOcsf(), alerts.size());
            assertThat(ocsf).hasSizeGreaterThanOrEqualTo(alerts.size());
            assertThat(alerts).allSatisfy(a -> assertThat(ocsf).anySatisfy(json ->
                    assertThat(json).contains("\"uid\":\"" + a.getAlertId() + "#" + a.getRevision() + "\"")));
            assertThat(ocsf).allSatisfy(json -> assertThat(io.typoguard.siem.OcsfRequiredFields.problems(json)).as(json).isEmpty());
            assertThat(ocsf).anySatisfy(json -> assertThat(json).contains("\"class_uid\":2004")
                    .contains("\"recipient\":\"colonel.smith@army.ml\"").contains("\"intended_domain\":\"army.mil\""));
        }
    }

    /** Consumes a topic from the beginning with kcat (read_committed, as the app writes with exactly-once). */
    private static List<String> kcat(String topic, int expected) throws Exception {
        List<String> lines = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Process p = new ProcessBuilder("kcat", "-b", broker.bootstrapServers(), "-C", "-t", topic, "-o", "beginning", "-e", "-q",
                    "-X", "isolation.level=read_committed", "-f", "%s\\n").redirectErrorStream(false).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            lines.clear();
            out.lines().filter(l -> !l.isBlank()).forEach(lines::add);
            return p.exitValue() == 0 && lines.size() >= expected;
        });
        return lines;
    }

    private static Map<String, Object> producerConfig() {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, TopicSetup.MAX_RAW_RECORD_BYTES);
        return p;
    }

    private static Map<String, Object> consumerConfig() {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "it-reader-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return c;
    }
}
