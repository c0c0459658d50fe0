package io.typoguard.topology;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** Header names on {@code mail.deadletter} records, and how they are filled. */
public final class DeadLetters {
    private DeadLetters() {
    }

    /** Why the record could not be processed (never quotes the content). */
    public static final String REASON = "typoguard.error.reason";
    /** Which stage gave up: parse, deserialize, process. */
    public static final String STAGE = "typoguard.error.stage";
    public static final String SOURCE_TOPIC = "typoguard.source.topic";
    public static final String SOURCE_PARTITION = "typoguard.source.partition";
    public static final String SOURCE_OFFSET = "typoguard.source.offset";

    static void annotate(Headers headers, String stage, String reason, RecordMetadata source) {
        put(headers, REASON, reason);
        put(headers, STAGE, stage);
        if (source != null) {
            put(headers, SOURCE_TOPIC, source.topic());
            put(headers, SOURCE_PARTITION, Integer.toString(source.partition()));
            put(headers, SOURCE_OFFSET, Long.toString(source.offset()));
        }
    }

    /** As above, for a record read outside a stream task (a global table's, copied by the runtime). */
    public static void annotate(Headers headers, String stage, String reason, String topic, int partition, long offset) {
        put(headers, REASON, reason);
        put(headers, STAGE, stage);
        if (topic != null) {
            put(headers, SOURCE_TOPIC, topic);
            put(headers, SOURCE_PARTITION, Integer.toString(partition));
            put(headers, SOURCE_OFFSET, Long.toString(offset));
        }
    }

    /**
     * Why a record could not be deserialized: the exception's message and its cause's type and message (the serde's and
     * Avro's messages name the schema, id or field, never the data), at most 400 characters.
     */
    public static String reason(Throwable e) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Throwable cause = e.getCause();
        if (cause != null && cause != e) {
            reason += ": " + cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        }
        return reason.length() > 400 ? reason.substring(0, 400) + "..." : reason;
    }

    private static void put(Headers headers, String key, String value) {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
