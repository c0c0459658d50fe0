package io.typoguard.serde;

import java.util.Locale;
import org.apache.avro.Schema;

/**
 * Confluent's subject name strategies: which registry subject a topic's value schema lives under.
 * Accepts the short names and Confluent's class names ({@code io.confluent.kafka.serializers.subject.*}).
 */
public enum SubjectNameStrategy {
    /** {@code <topic>-value} (Confluent's default). */
    TOPIC,
    /** The record's full name ({@code io.typoguard.schema.MailEvent}), the same on every topic. */
    RECORD,
    /** {@code <topic>-<record full name>}. */
    TOPIC_RECORD;

    public String subject(String topic, Schema schema, boolean key) {
        return switch (this) {
            case TOPIC -> topic + (key ? "-key" : "-value");
            case RECORD -> schema.getFullName();
            case TOPIC_RECORD -> topic + "-" + schema.getFullName();
        };
    }

    /** {@code TopicNameStrategy}, {@code RecordNameStrategy}, {@code TopicRecordNameStrategy}, with or without a package. */
    public static SubjectNameStrategy parse(String setting, String value) {
        String s = value.strip();
        String simple = s.substring(s.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return switch (simple) {
            case "topicnamestrategy" -> TOPIC;
            case "recordnamestrategy" -> RECORD;
            case "topicrecordnamestrategy" -> TOPIC_RECORD;
            default -> throw new IllegalArgumentException("setting " + setting + ": subject name strategy '" + s
                    + "' not supported: use TopicNameStrategy, RecordNameStrategy or TopicRecordNameStrategy");
        };
    }

    public String className() {
        return "io.confluent.kafka.serializers.subject." + switch (this) {
            case TOPIC -> "TopicNameStrategy";
            case RECORD -> "RecordNameStrategy";
            case TOPIC_RECORD -> "TopicRecordNameStrategy";
        };
    }
}
