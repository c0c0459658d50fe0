package io.typoguard.topology;

import io.typoguard.parse.ParseOutcome;
import io.typoguard.parse.QueueFragment;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Before the repartition by (host, queue id): each fragment of a Postfix line, keyed by its correlation key, with the
 * raw partition the line was read from in a header ({@link SourceHeader}, stamped by {@link ParseProcessor}).
 *
 * <p>Why: lines that are not keyed by their host reach the correlation from every raw partition, and the partitions are
 * read at different speeds, in a backlog by minutes of log time. The correlation keeps a log clock per host and raw
 * partition, so a delivery becomes an orphan only once every partition carrying its host has logged past it
 * ({@link QueueCorrelationProcessor}); with one clock per host, the partition read furthest ahead decided, and a
 * delivery whose from= line was still in a slower partition lost its sender.
 */
final class RekeyWithSource implements Processor<byte[], Parsed, String, QueueFragment> {
    private ProcessorContext<String, QueueFragment> context;

    @Override
    public void init(ProcessorContext<String, QueueFragment> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], Parsed> record) {
        for (QueueFragment f : ParseOutcome.fragmentsOf(record.value().outcome())) {
            // Headers of their own per fragment: the shipper's headers are kept, and the sink must not see one
            // fragment's header list grow with the next's.
            Headers headers = new RecordHeaders(record.headers().toArray());
            context.forward(new Record<>(f.correlationKey(), f, record.timestamp(), headers));
        }
    }
}
