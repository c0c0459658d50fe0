package io.typoguard.topology;

import io.typoguard.schema.MailEvent;
import io.typoguard.schema.PolicyDecision;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * The event time of the detection half is the mail's log time, read from the value: a {@link MailEvent}'s
 * {@code timestamp} (when the MTA logged the delivery), a {@link PolicyDecision}'s {@code timestamp} (when the
 * policy service answered, which is when the MTA asked). The Kafka timestamp of those records is when they reached
 * Kafka (the ingest half writes the line's arrival time; topics the app creates use LogAppendTime), so broker
 * retention counts from arrival while windows, incidents and day volumes count in log time (docs/architecture.md,
 * "Time"). A record without a readable time keeps its Kafka timestamp.
 */
public final class LogTimeExtractor implements TimestampExtractor {
    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        Object value = record.value();
        if (value instanceof MailEvent e && e.getTimestamp() != null) {
            return e.getTimestamp().toEpochMilli();
        }
        if (value instanceof PolicyDecision d && d.getTimestamp() != null) {
            return d.getTimestamp().toEpochMilli();
        }
        return record.timestamp();
    }
}
