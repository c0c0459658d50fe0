package io.typoguard.topology;

import io.typoguard.parse.ParseOutcome;
import io.typoguard.parse.QueueFragment;
import java.nio.ByteBuffer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Before the repartition by (host, queue id): each fragment of a Postfix line, keyed by its correlation key, with the
 * raw partition the line was read from in a header ({@link #SOURCE_HEADER}, 4 bytes big-endian).
 *
 * <p>Why: lines that are not keyed by their host reach the correlation from every raw partition, and the partitions are
 * read at different speeds, in a backlog by minutes of log time. The correlation keeps a log clock per host and raw
 * partition, so a delivery becomes an orphan only once every partition carrying its host has logged past it
 * ({@link QueueCorrelationProcessor}); with one clock per host, the partition read furthest ahead decided, and a
 * delivery whose from= line was still in a slower partition lost its sender.
 */
final class RekeyWithSource implements Processor<byte[], Parsed, String, QueueFragment> {
    /** The raw partition of the line a repartitioned fragment came from. */
    static final String SOURCE_HEADER = "typoguard.raw.partition";

    private ProcessorContext<String, QueueFragment> context;
    /** The header value of the last partition seen (a task reads one raw partition, so it is built once). */
    private int stampedPartition = -1;
    private byte[] stamp;

    @Override
    public void init(ProcessorContext<String, QueueFragment> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], Parsed> record) {
        int partition = context.recordMetadata().map(m -> m.partition()).orElse(-1);
        for (QueueFragment f : ParseOutcome.fragmentsOf(record.value().outcome())) {
            // Headers of their own per fragment: the shipper's headers are kept, and the sink must not see one
            // fragment's header list grow with the next's.
            Headers headers = new RecordHeaders(record.headers().toArray());
            headers.remove(SOURCE_HEADER);
            if (partition >= 0) {
                if (partition != stampedPartition) {
                    stamp = ByteBuffer.allocate(4).putInt(partition).array();
                    stampedPartition = partition;
                }
                headers.add(SOURCE_HEADER, stamp);
            }
            context.forward(new Record<>(f.correlationKey(), f, record.timestamp(), headers));
        }
    }

    /** The raw partition a fragment came from, or -1 when the record has none (the host-keyed path, older records). */
    static int sourceOf(Headers headers) {
        Header h = headers.lastHeader(SOURCE_HEADER);
        return h == null || h.value() == null || h.value().length != 4 ? -1 : ByteBuffer.wrap(h.value()).getInt();
    }
}
