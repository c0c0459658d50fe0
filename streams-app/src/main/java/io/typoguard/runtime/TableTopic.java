package io.typoguard.runtime;

import io.typoguard.lists.TableContents;
import io.typoguard.web.ListTopic;

import io.typoguard.config.ConfigException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;

/**
 * A compacted table topic (trusted.domains, typo.exceptions) read whole and written to, from the command line and
 * the HTTP API, with the client settings of the app ({@code --config}: bootstrap servers, security). Every call is
 * bounded: a cluster that does not answer or refuses the credentials ends in a {@link ConfigException} (exit code 2
 * on the command line, 503 over HTTP) within {@link #TIMEOUT}, never a hang.
 */
public final class TableTopic implements ListTopic {
    /** How long any one step may wait for the cluster. */
    public static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final String topic;
    private final String servers;
    private final Map<String, Object> admin;
    private final Map<String, Object> consumer;
    private final Map<String, Object> producer;

    public TableTopic(String topic, Map<String, String> kafkaSettings, io.typoguard.topology.Topics topics) {
        this(topic, kafkaSettings, topics, "typoguard-cli");
    }

    /** @param clientId the prefix of the Kafka client ids, as the broker logs and quotas see them */
    public TableTopic(String topic, Map<String, String> kafkaSettings, io.typoguard.topology.Topics topics, String clientId) {
        this.topic = topic;
        this.servers = kafkaSettings.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG);
        Properties props = StreamsProps.of(topics, kafkaSettings);
        StreamsConfig streams = new StreamsConfig(props);
        int ms = (int) TIMEOUT.toMillis();
        admin = new HashMap<>(streams.getAdminConfigs(clientId));
        admin.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms / 2);
        admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
        consumer = new HashMap<>(streams.getRestoreConsumerConfigs(clientId));
        consumer.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
        consumer.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, ms / 2);
        consumer.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer.remove(ConsumerConfig.GROUP_ID_CONFIG);
        producer = new HashMap<>(streams.getProducerConfigs(clientId));
        producer.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producer.put(ProducerConfig.ACKS_CONFIG, "all");
        producer.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, ms);
        producer.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, ms / 2);
        producer.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, ms);
        producer.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    }

    @Override
    public void check() {
        try (Admin client = Admin.create(admin)) {
            client.describeCluster().clusterId().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (!client.listTopics().names().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).contains(topic)) {
                throw new ConfigException("topic " + topic + " does not exist at " + servers
                        + " (start the app once with typoguard.topics.create=true, or create it: docs/operations.md)");
            }
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        } catch (TimeoutException e) {
            throw new ConfigException("the Kafka cluster at " + servers + " did not answer within " + TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private ConfigException failure(Throwable cause) {
        if (cause instanceof AuthenticationException) {
            return new ConfigException("the Kafka cluster at " + servers + " refused the credentials (" + cause.getMessage()
                    + "): check sasl.jaas.config, sasl.mechanism, security.protocol and ssl.*");
        }
        if (cause instanceof org.apache.kafka.common.errors.AuthorizationException) {
            return new ConfigException("not allowed at " + servers + ": " + cause.getMessage() + " (ACLs: docs/operations.md)");
        }
        if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
            return new ConfigException("the Kafka cluster at " + servers + " did not answer within " + TIMEOUT.toSeconds() + " s");
        }
        return new ConfigException("Kafka at " + servers + ": " + cause);
    }

    /** Reads the topic from its start to its current end; tombstones remove keys. */
    @Override
    public <V> TableContents<V> read(Function<byte[], V> decode) {
        Map<String, V> values = new LinkedHashMap<>();
        List<TableContents.Unreadable> unreadable = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(consumer, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = c.partitionsFor(topic, TIMEOUT);
            List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = c.endOffsets(partitions, TIMEOUT);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(p -> c.position(p, TIMEOUT) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new ConfigException("could not read " + topic + " to its end within " + TIMEOUT.toSeconds() + " s");
                }
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (r.key() == null) {
                        continue;
                    }
                    if (r.value() == null) {
                        values.remove(r.key());
                        continue;
                    }
                    try {
                        values.put(r.key(), decode.apply(r.value()));
                    } catch (RuntimeException e) {
                        unreadable.add(new TableContents.Unreadable(r.offset(), r.key(), io.typoguard.topology.DeadLetters.reason(e)));
                    }
                }
            }
        } catch (org.apache.kafka.common.KafkaException e) {
            throw failure(e);
        }
        return new TableContents<>(values, unreadable);
    }

    /** Writes every record (null value: tombstone) and waits until the cluster has them all. */
    @Override
    public void write(List<Map.Entry<String, byte[]>> records) {
        if (records.isEmpty()) {
            return;
        }
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(producer, new StringSerializer(), new ByteArraySerializer())) {
            List<Future<?>> sent = new ArrayList<>();
            for (var r : records) {
                sent.add(p.send(new ProducerRecord<>(topic, r.getKey(), r.getValue())));
            }
            p.flush();
            for (Future<?> f : sent) {
                f.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        } catch (TimeoutException e) {
            throw new ConfigException("the Kafka cluster at " + servers + " did not confirm the writes within " + TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (org.apache.kafka.common.KafkaException e) {
            throw failure(e);
        }
    }
}
