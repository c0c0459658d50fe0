package io.typoguard.runtime;

import io.typoguard.topology.DeadLetters;
import io.typoguard.topology.PipelineMetrics;
import io.typoguard.topology.TableDeadLetters;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the unreadable records of the global tables to the dead-letter topic, with the same headers as every other
 * dead letter (stage {@code deserialize}, the reason, source topic, partition and offset), and counts them. Kafka
 * Streams' global thread has no producer, so this one (idempotent, with the app's client settings) is created on the
 * first such record. A record is copied once per process; a restart that re-reads the table from before it copies it
 * again.
 */
final class TableDeadLetterProducer implements TableDeadLetters, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TableDeadLetterProducer.class);
    private final Properties streamsProps;
    private final String topic;
    private final PipelineMetrics metrics;
    private final Set<String> copied = java.util.Collections.newSetFromMap(new java.util.LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > 10_000;
        }
    });
    private KafkaProducer<byte[], byte[]> producer;
    private boolean closed;

    TableDeadLetterProducer(Properties streamsProps, String deadLetterTopic, PipelineMetrics metrics) {
        this.streamsProps = streamsProps;
        this.topic = deadLetterTopic;
        this.metrics = metrics;
    }

    @Override
    public synchronized void unreadable(String table, String sourceTopic, int partition, long offset, byte[] key, byte[] value, String reason) {
        if (closed || !copied.add(sourceTopic + "/" + partition + "/" + offset)) {
            return;
        }
        metrics.tableRecordUnreadable(table);
        if (producer == null) {
            Map<String, Object> config = new HashMap<>(new StreamsConfig(streamsProps).getProducerConfigs("typoguard-table-deadletters"));
            config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
            producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        }
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, key, value);
        DeadLetters.annotate(record.headers(), "deserialize", table + " record: " + reason, sourceTopic, partition, offset);
        producer.send(record, (meta, error) -> {
            if (error == null) {
                metrics.deadLettered("deserialize");
            } else {
                log.error("Could not copy an unreadable {} record ({}, partition {}, offset {}) to {}: {}", table, sourceTopic, partition,
                        offset, topic, error.toString());
            }
        });
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (producer != null) {
            producer.close(Duration.ofSeconds(10));
        }
    }
}
