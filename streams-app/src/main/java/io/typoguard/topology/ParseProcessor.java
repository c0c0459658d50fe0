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
        ParseOutcome outcome = parser.parse(record.value());
        Record<byte[], Parsed> out = record.withValue(new Parsed(outcome, record.value()));
        if (outcome instanceof ParseOutcome.Failure failure) {
            DeadLetters.annotate(out.headers(), "parse", failure.reason(), context.recordMetadata().orElse(null));
        }
        context.forward(out);
    }
}
