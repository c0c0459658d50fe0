package io.typoguard.topology;

import io.typoguard.parse.Addresses;
import io.typoguard.parse.Delivery;
import io.typoguard.schema.MailEvent;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Turns a delivery into a {@code MailEvent} keyed by sender identity. The record keeps the arrival time of the
 * line it came from as its Kafka timestamp, so broker retention on {@code mail.events} counts from when the line
 * reached Kafka, never from an old log time; the log time is the event's {@code timestamp}, which the detection
 * half reads as its event time ({@link LogTimeExtractor}).
 */
final class ToEventProcessor<K> implements Processor<K, Delivery, String, MailEvent> {
    private ProcessorContext<String, MailEvent> context;

    @Override
    public void init(ProcessorContext<String, MailEvent> context) {
        this.context = context;
    }

    @Override
    public void process(Record<K, Delivery> record) {
        Delivery d = record.value();
        context.forward(new Record<>(Addresses.senderIdentity(d.sender()), Records.toEvent(d), record.timestamp(), record.headers()));
    }
}
