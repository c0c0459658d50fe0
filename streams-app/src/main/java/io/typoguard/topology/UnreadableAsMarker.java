package io.typoguard.topology;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * The value serde of a global table (trusted domains, typo exceptions), with a value that cannot be
 * deserialized read as {@code marker} instead of failing. The table's updater skips the marker and logs where
 * the record is; the entry it was meant to set keeps its previous value.
 *
 * <p>Why not Kafka Streams' deserialization exception handler: in Kafka Streams 4.4.0 it is not applied while a
 * global store is restored when a dead-letter topic is configured (as Typoguard configures one). The handler
 * call fails with a {@code ClassCastException} from {@code GlobalProcessorContextImpl} to
 * {@code RecordCollector$Supplier} in {@code RecordDeserializer.handleDeserializationFailure}, and the app
 * stops. So one corrupt record on {@code trusted.domains} would stop every instance at start-up
 * ({@code EmbeddedKafkaPipelineTest} writes one).
 */
final class UnreadableAsMarker {
    private UnreadableAsMarker() {
    }

    static <T> Serde<T> serde(Serde<T> serde, T marker) {
        Deserializer<T> inner = serde.deserializer();
        Deserializer<T> tolerant = new Deserializer<>() {
            @Override
            public T deserialize(String topic, byte[] data) {
                try {
                    return inner.deserialize(topic, data);
                } catch (RuntimeException e) {
                    return marker;
                }
            }

            @Override
            public T deserialize(String topic, Headers headers, byte[] data) {
                try {
                    return inner.deserialize(topic, headers, data);
                } catch (RuntimeException e) {
                    return marker;
                }
            }
        };
        return Serdes.serdeFrom(serde.serializer(), tolerant);
    }

    /** "topic t, partition p, offset o" of the record being processed, for a log line that names no content. */
    static String where(ProcessorContext<?, ?> context) {
        return context.recordMetadata().map(m -> "topic " + m.topic() + ", partition " + m.partition() + ", offset " + m.offset())
                .orElse("position unknown");
    }
}
