package io.typoguard.runtime;

import io.typoguard.topology.Topics;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

/** The Kafka Streams settings Typoguard relies on, with the user's settings applied on top. */
public final class StreamsProps {
    /** Stream threads per instance unless {@code num.stream.threads} is set. */
    public static final int DEFAULT_STREAM_THREADS = 2;
    /**
     * Commit interval under exactly-once unless {@code commit.interval.ms} is set (Kafka Streams' exactly-once default is
     * 100 ms; its at-least-once default of 30 s is left alone).
     */
    public static final int DEFAULT_EXACTLY_ONCE_COMMIT_MS = 1000;

    private StreamsProps() {
    }

    /**
     * Production defaults: exactly-once v2, explicit internal names enforced, records that fail
     * deserialization or processing routed to the dead-letter topic (KIP-1034) instead of stopping the app.
     */
    public static Properties of(Topics topics, Map<String, String> userSettings) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "typoguard");
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // Production defaults: internal topics survive a broker loss, and a warm standby takes over a failed task.
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, "3");
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "1");
        // Two stream threads (Kafka Streams' default is one): one thread is an instance's limit (about a core busy while the
        // machine had more), and on the benchmark machine a second one raised a warm instance's rate by a third to a half
        // (docs/benchmarks.md, "A warm app, and two stream threads by default"). More than the partition count would idle.
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(DEFAULT_STREAM_THREADS));
        p.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, "true");
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class.getName());
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, RegistryAwareProcessingExceptionHandler.class.getName());
        p.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProductionExceptionHandler.class.getName());
        p.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, topics.deadLetter());
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        // Dead-lettered records are written back whole, up to the raw topic's record limit.
        p.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), Integer.toString(TopicSetup.MAX_RAW_RECORD_BYTES + 4096));
        // RocksDB's native memory bounded for all stores together (typoguard.state.memory.mb).
        p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class.getName());
        p.putAll(userSettings);
        // One commit a second under exactly-once, not ten: each commit is a transaction per stream thread (markers on every
        // partition it wrote) and a flush of every store's cache, a cost paid at every commit. On a
        // catch-up of unkeyed input the whole pipeline ran 12-42% faster in paired runs, with half the broker's CPU
        // (docs/benchmarks.md, "Fewer commits"). The price is latency: a record is visible downstream only after the
        // commit, so an alert can come up to two seconds after its line keyed by host, three unkeyed (docs/operations.md).
        if (!userSettings.containsKey(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)
                && StreamsConfig.EXACTLY_ONCE_V2.equals(p.getProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))) {
            p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Integer.toString(DEFAULT_EXACTLY_ONCE_COMMIT_MS));
        }
        return p;
    }
}
