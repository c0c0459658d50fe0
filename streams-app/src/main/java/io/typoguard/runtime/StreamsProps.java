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
        return p;
    }
}
