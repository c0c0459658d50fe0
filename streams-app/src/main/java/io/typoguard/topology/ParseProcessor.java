package io.typoguard.topology;

import io.typoguard.parse.MailLogParser;
import io.typoguard.parse.ParseOutcome;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Parses each raw record; failures carry their reason and source offset in headers for the dead-letter topic.
 * Every record is counted in exactly one of the Streams metrics (group {@code stream-typoguard-parse-metrics},
 * {@code <outcome>-total} and {@code -rate}): {@code records-events} (complete deliveries),
 * {@code records-fragments} (lines joined by queue id), {@code records-noise}, {@code records-dead-lettered}. The
 * {@link PipelineMetrics} count noise by kind and unreadable records by reason, with a sample of their shapes.
 */
final class ParseProcessor implements Processor<byte[], byte[], byte[], Parsed> {
    static final String METRIC_SCOPE = "typoguard-parse";
    private final MailLogParser parser;
    private ProcessorContext<byte[], Parsed> context;
    private static final int UNKNOWN_PARTITION = Integer.MIN_VALUE;
    private int partition = UNKNOWN_PARTITION;
    private Sensor events;
    private Sensor fragments;
    private Sensor noise;
    private Sensor deadLettered;

    private final PipelineMetrics metrics;

    ParseProcessor(MailLogParser parser, PipelineMetrics metrics) {
        this.parser = parser;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<byte[], Parsed> context) {
        this.context = context;
        this.partition = UNKNOWN_PARTITION;
        String task = context.taskId().toString();
        events = sensor(context, task, "records-events");
        fragments = sensor(context, task, "records-fragments");
        noise = sensor(context, task, "records-noise");
        deadLettered = sensor(context, task, "records-dead-lettered");
    }

    private static Sensor sensor(ProcessorContext<?, ?> context, String task, String name) {
        return context.metrics().addRateTotalSensor(METRIC_SCOPE, task, name, Sensor.RecordingLevel.INFO);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        // The record key, when a shipper sets it, is the MTA host (Exim's mainlog lines do not name one).
        String host = record.key() == null || record.key().length == 0 || record.key().length > 255 ? null
                : new String(record.key(), java.nio.charset.StandardCharsets.UTF_8);
        ParseOutcome outcome = parser.parse(record.value(), host);
        Record<byte[], Parsed> out = record.withValue(new Parsed(outcome, record.value()));
        metrics.parsed(formatOf(outcome));
        if (outcome instanceof ParseOutcome.Failure failure) {
            DeadLetters.annotate(out.headers(), "parse", failure.reason(), context.recordMetadata().orElse(null));
            deadLettered.record();
            metrics.deadLettered("parse");
            byte[] v = record.value();
            metrics.unreadable(failure.reason(), v == null ? "(no value)" : io.typoguard.scan.Scanner.shape(v, 0, v.length));
        } else if (outcome instanceof ParseOutcome.Deliveries) {
            events.record();
            stampSource(out);
        } else if (outcome instanceof ParseOutcome.Noise n) {
            noise.record();
            metrics.noise(n.kind());
        } else {
            fragments.record();
            stampSource(out);
        }
        context.forward(out);
    }

    /** The raw partition the line was read from, for the clocks downstream ({@link SourceHeader}). */
    private void stampSource(Record<byte[], Parsed> out) {
        if (partition == UNKNOWN_PARTITION) {
            partition = context.recordMetadata().map(m -> m.partition()).orElse(-1); // a task reads one raw partition
        }
        if (partition >= 0) {
            SourceHeader.stamp(out.headers(), partition);
        }
    }

    /** The format that read the record (postfix, sendmail, exim, exchange, json, ...), or noise / failed. */
    static String formatOf(ParseOutcome outcome) {
        if (outcome instanceof ParseOutcome.Failure) {
            return "failed";
        }
        if (outcome instanceof ParseOutcome.Noise || outcome.format() == null) {
            return "noise";
        }
        return outcome.format().id();
    }
}
