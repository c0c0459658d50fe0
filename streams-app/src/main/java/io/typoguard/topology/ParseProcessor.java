package io.typoguard.topology;

import io.typoguard.parse.MailLogParser;
import io.typoguard.parse.ParseOutcome;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/** Parses each raw record; failures carry their reason and source offset in headers for the dead-letter topic. */
final class ParseProcessor implements Processor<byte[], byte[], byte[], Parsed> {
    private final MailLogParser parser;
    private ProcessorContext<byte[], Parsed> context;

    ParseProcessor(MailLogParser parser) {
        this.parser = parser;
    }

    @Override
    public void init(ProcessorContext<byte[], Parsed> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        // The record key, when a shipper sets it, is the MTA host (Exim's mainlog lines do not name one).
        String host = record.key() == null || record.key().length == 0 || record.key().length > 255 ? null
                : new String(record.key(), java.nio.charset.StandardCharsets.UTF_8);
        ParseOutcome outcome = parser.parse(record.value(), host);
        Record<byte[], Parsed> out = record.withValue(new Parsed(outcome, record.value()));
        if (outcome instanceof ParseOutcome.Failure failure) {
            DeadLetters.annotate(out.headers(), "parse", failure.reason(), context.recordMetadata().orElse(null));
        }
        context.forward(out);
    }
}
