package io.typoguard.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Keeps a {@link RegistryState} in a compacted Kafka topic ({@code _schemas} by default), the way Confluent's
 * registry does, so schema ids survive a restart: keys {@code {"keytype":"SCHEMA","subject":..,"version":..}}
 * and {@code {"keytype":"CONFIG","subject":..}}, JSON values. On start the topic is read to its end and
 * replayed; each change is written (acks=all, synchronously) before it takes effect. One writer at a time:
 * the app instance that serves the embedded registry.
 */
public final class KafkaRegistryStore implements RegistryState.Persistence, AutoCloseable {
    public static final String DEFAULT_TOPIC = "_schemas";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String topic;
    private final KafkaProducer<String, String> producer;

    private KafkaRegistryStore(String topic, KafkaProducer<String, String> producer) {
        this.topic = topic;
        this.producer = producer;
    }

    /** Creates the topic if needed, replays it into {@code state}, and attaches itself as the state's persistence. */
    public static KafkaRegistryStore open(String bootstrap, String topic, RegistryState state) {
        ensureTopic(bootstrap, topic);
        replay(bootstrap, topic, state);
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        KafkaRegistryStore store = new KafkaRegistryStore(topic, new KafkaProducer<>(p, new StringSerializer(), new StringSerializer()));
        state.persistTo(store);
        return store;
    }

    @Override
    public void version(RegistryState.Version v) {
        write(json(Map.of("keytype", "SCHEMA", "subject", v.subject(), "version", v.version())),
                json(Map.of("subject", v.subject(), "version", v.version(), "id", v.id(), "schema", v.schema().toString())));
    }

    @Override
    public void config(String subject, Compatibility level) {
        Map<String, Object> key = new HashMap<>();
        key.put("keytype", "CONFIG");
        key.put("subject", subject);
        write(json(key), json(Map.of("compatibilityLevel", level.name())));
    }

    private void write(String key, String value) {
        try {
            producer.send(new ProducerRecord<>(topic, 0, key, value)).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException(500, 50001, "interrupted while storing the schema");
        } catch (ExecutionException | TimeoutException e) {
            throw new RegistryException(500, 50001, "Error in the backend data store: " + e.getMessage());
        }
    }

    private static void replay(String bootstrap, String topic, RegistryState state) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            while (consumer.position(tp) < end) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    apply(state, r.key(), r.value());
                }
            }
        }
    }

    private static void apply(RegistryState state, String key, String value) {
        try {
            JsonNode k = JSON.readTree(key);
            if (value == null) {
                return; // deletions are not supported by this registry; a tombstone is ignored
            }
            JsonNode v = JSON.readTree(value);
            switch (k.path("keytype").asText()) {
                case "SCHEMA" -> state.apply(v.get("subject").asText(), v.get("version").asInt(), v.get("id").asInt(),
                        RegistryState.parse(v.get("schema").asText()));
                case "CONFIG" -> state.applyCompatibility(k.hasNonNull("subject") ? k.get("subject").asText() : null,
                        Compatibility.parse(v.get("compatibilityLevel").asText()));
                default -> { /* other key types (NOOP, MODE, ...) carry nothing we use */ }
            }
        } catch (java.io.IOException | RuntimeException e) {
            throw new IllegalStateException("unreadable record in the schemas topic: " + e.getMessage(), e);
        }
    }

    /** The schemas topic: one compacted partition, the broker's default replication; created when missing. */
    private static void ensureTopic(String bootstrap, String topic) {
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) -1).configs(Map.of(
                    TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)))).all().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                throw new IllegalStateException("could not create the schemas topic " + topic + ": " + e.getCause().getMessage(), e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the schemas topic", e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot reach the Kafka cluster to create the schemas topic " + topic, e);
        }
    }

    private static String json(Map<String, ?> m) {
        try {
            return JSON.writeValueAsString(m);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
