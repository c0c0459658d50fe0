package io.typoguard.topology;

import io.typoguard.parse.Addresses;
import io.typoguard.parse.Delivery;
import io.typoguard.schema.MailEvent;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Turns a delivery into a {@code MailEvent} keyed by sender identity, with the record timestamp set to the
 * time the MTA logged it: windows count by mail time, not by when the line reached Kafka.
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
        context.forward(new Record<>(Addresses.senderIdentity(d.sender()), Records.toEvent(d), d.timestampMs(), record.headers()));
    }
}
