package io.typoguard.topology;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.slf4j.Logger;

/**
 * The value serde of a global table (trusted domains, typo exceptions, correspondents), with a value that cannot be
 * deserialized read as {@code marker} instead of failing, its bytes and the reason kept for the table's updater. The
 * updater leaves the entry as it was and {@linkplain #report reports} the record: a log line naming its position,
 * and a copy to the dead-letter topic through {@link TableDeadLetters}.
 *
 * <p>Why not Kafka Streams' deserialization exception handler: in Kafka Streams 4.4.0 it is not applied while a
 * global store is restored when a dead-letter topic is configured (as Typoguard configures one). The handler
 * call fails with a {@code ClassCastException} from {@code GlobalProcessorContextImpl} to
 * {@code RecordCollector$Supplier} in {@code RecordDeserializer.handleDeserializationFailure}, and the app
 * stops. So one corrupt record on {@code trusted.domains} would stop every instance at start-up
 * ({@code EmbeddedKafkaPipelineTest} writes one).
 *
 * <p>The global thread deserializes each record just before it processes it (also while restoring), so the failure
 * kept is the one of the record the updater is looking at.
 */
final class UnreadableAsMarker<T> {
    /** The bytes of the latest value read as the marker, and why it could not be read. */
    record Failure(byte[] value, String reason) {
    }

    private final T marker;
    private final Serde<T> serde;
    private volatile Failure last = new Failure(null, "unknown");

    UnreadableAsMarker(Serde<T> inner, T marker) {
        this.marker = marker;
        Deserializer<T> strict = inner.deserializer();
        Deserializer<T> tolerant = new Deserializer<>() {
            @Override
            public T deserialize(String topic, byte[] data) {
                try {
                    return strict.deserialize(topic, data);
                } catch (RuntimeException e) {
                    return failed(data, e);
                }
            }

            @Override
            public T deserialize(String topic, Headers headers, byte[] data) {
                try {
                    return strict.deserialize(topic, headers, data);
                } catch (RuntimeException e) {
                    return failed(data, e);
                }
            }
        };
        this.serde = Serdes.serdeFrom(inner.serializer(), tolerant);
    }

    private T failed(byte[] data, RuntimeException e) {
        last = new Failure(data, DeadLetters.reason(e));
        return marker;
    }

    Serde<T> serde() {
        return serde;
    }

    boolean isMarker(T value) {
        return value == marker;
    }

    /**
     * Logs the unreadable record at {@code context}'s position ({@code shownKey} may be null: addresses are not logged)
     * and hands it to {@code sink}.
     */
    void report(ProcessorContext<?, ?> context, String table, String key, String shownKey, TableDeadLetters sink, Logger log) {
        Failure f = last;
        var where = context.recordMetadata();
        log.warn("Skipping a {} record{} that cannot be read ({}; {}); its entry is unchanged, the record is copied to the dead-letter topic",
                table, shownKey == null ? "" : " for " + shownKey, where(context), f.reason());
        sink.unreadable(table, where.map(m -> m.topic()).orElse(null), where.map(m -> m.partition()).orElse(-1),
                where.map(m -> m.offset()).orElse(-1L), key == null ? null : key.getBytes(StandardCharsets.UTF_8), f.value(), f.reason());
    }

    /** "topic t, partition p, offset o" of the record being processed, for a log line that names no content. */
    static String where(ProcessorContext<?, ?> context) {
        return context.recordMetadata().map(m -> "topic " + m.topic() + ", partition " + m.partition() + ", offset " + m.offset())
                .orElse("position unknown");
    }
}
