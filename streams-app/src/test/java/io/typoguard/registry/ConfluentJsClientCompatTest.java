package io.typoguard.registry;

import io.typoguard.testkit.EmbeddedKafkaBroker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.typoguard.runtime.TopicSetup;
import io.typoguard.runtime.TypoguardApp;
import io.typoguard.topology.Topics;
import io.typoguard.topology.TopologyConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proof of compatibility with Confluent's own client: the official JavaScript client
 * ({@code @confluentinc/schemaregistry}, src/test/js) writes the trusted entry the app then uses, and reads
 * the alert the app wrote to the real in-process broker, both resolving schemas through the app's embedded
 * registry. Needs node and {@code npm ci} in src/test/js (.ci/run does it).
 */
class ConfluentJsClientCompatTest {
    private static final Path JS = Path.of("src/test/js");

    @TempDir
    Path dir;

    @Test
    void confluentsJavaScriptClientWritesWhatTheAppReadsAndReadsWhatTheAppWrites() throws Exception {
        assertThat(JS.resolve("node_modules/@confluentinc/schemaregistry")).as("run 'npm ci --ignore-scripts' in " + JS + " (.ci/run does)")
                .isDirectory();
        Topics topics = Topics.defaults();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.inTempDir().start();
             EmbeddedRegistry registry = EmbeddedRegistry.start(startBroker(broker, topics), 0)) {
            String bootstrap = broker.bootstrapServers();
            // The JavaScript client writes the trusted entry (registering TrustedDomain in our registry) ...
            Path record = dir.resolve("army.json");
            Files.writeString(record, "{\"domain\":\"army.mil\",\"organisation\":\"U.S. Army\",\"sensitivity\":\"CRITICAL\","
                    + "\"includeSubdomains\":true,\"note\":null,\"allowedLookalikes\":[]}");
            byte[] trusted = Base64.getDecoder().decode(node("serialize", registry.url(), topics.trusted(),
                    Path.of("../schemas/src/main/avro/TrustedDomain.avsc").toAbsolutePath().toString(), record.toAbsolutePath().toString()));
            try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                    new StringSerializer(), new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>(topics.trusted(), null, 0L, "army.mil", trusted)).get();
            }
            Map<String, String> settings = Map.of(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    StreamsConfig.APPLICATION_ID_CONFIG, "js-compat-" + UUID.randomUUID(),
                    StreamsConfig.STATE_DIR_CONFIG, Files.createDirectories(dir.resolve("state")).toString(),
                    StreamsConfig.REPLICATION_FACTOR_CONFIG, "1", StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
            try (TypoguardApp app = new TypoguardApp(TopologyConfig.defaults(),
                    new HttpSchemaRegistry(Map.of("schema.registry.url", registry.url())), settings)) {
                app.start();
                assertThat(app.runner().awaitRunning(Duration.ofSeconds(60))).isTrue();
                // ... the app, which read it, flags mail to army.ml and writes an Avro alert ...
                try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                        new ByteArraySerializer(), new ByteArraySerializer())) {
                    producer.send(new ProducerRecord<>(topics.raw(), ("{\"timestamp\":\"" + Instant.now() + "\",\"from\":\"alice@typoguard.test\","
                            + "\"to\":[\"colonel@army.ml\"],\"status\":\"sent\"}").getBytes(StandardCharsets.UTF_8))).get();
                }
                List<byte[]> alerts = new ArrayList<>();
                Map<String, Object> c = new HashMap<>();
                c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
                c.put(ConsumerConfig.GROUP_ID_CONFIG, "js-" + UUID.randomUUID());
                c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
                c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
                try (var consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer())) {
                    consumer.subscribe(List.of(topics.alerts()));
                    await().atMost(Duration.ofSeconds(60)).until(() -> {
                        consumer.poll(Duration.ofMillis(200)).forEach(r -> alerts.add(r.value()));
                        return !alerts.isEmpty();
                    });
                }
                // ... which the JavaScript client decodes with the schema it fetches from our registry.
                JsonNode alert = new ObjectMapper().readTree(node("deserialize", registry.url(), topics.alerts(),
                        Base64.getEncoder().encodeToString(alerts.get(0))));
                assertThat(alert.get("recipient").asText()).isEqualTo("colonel@army.ml");
                assertThat(alert.get("intendedDomain").asText()).isEqualTo("army.mil");
                assertThat(alert.get("technique").asText()).isEqualTo("TLD_OMISSION");
                assertThat(alert.get("type").asText()).isEqualTo("DELIVERED_TYPO");
            }
        }
    }

    private static String startBroker(EmbeddedKafkaBroker broker, Topics topics) {
        broker.createTopics(TopicSetup.plan(topics, 1, (short) 1));
        return broker.bootstrapServers();
    }

    private String node(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("node", "compat.mjs"));
        cmd.addAll(List.of(args));
        Path out = dir.resolve("node-" + UUID.randomUUID() + ".out");
        Path err = dir.resolve("node-" + UUID.randomUUID() + ".err");
        Process p = new ProcessBuilder(cmd).directory(JS.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("node finished").isTrue();
        assertThat(p.exitValue()).as("node " + String.join(" ", args.length > 0 ? args[0] : "") + ": " + Files.readString(err)).isZero();
        return Files.readString(out).strip();
    }
}
