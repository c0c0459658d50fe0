package io.typoguard.topology;

import io.typoguard.alert.AlertRules;
import io.typoguard.schema.Alert;
import io.typoguard.schema.TypoFinding;
import java.time.Duration;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Counts findings per sender in tumbling windows and raises one alert when the count reaches the threshold,
 * at once (not at window close): an analyst wants to know while the sender is still at it. Later findings
 * in the same window raise nothing more. Records later than the window's grace are not counted, the same
 * rule the sender windows apply, and each is counted in {@link PipelineMetrics#lateFinding}. Late is judged by the
 * task's {@link SourceClock}, not its stream time: in a catch-up, a finding from a raw partition read more slowly than
 * another still counts.
 */
final class SenderThresholdProcessor implements Processor<String, TypoFinding, String, Alert> {
    private final long size;
    private final long grace;
    private final int threshold;
    private final PipelineMetrics metrics;
    private final TaskClocks clocks;
    private SourceClock clock;
    private ProcessorContext<String, Alert> context;
    private WindowStore<String, Long> counts;

    SenderThresholdProcessor(Duration size, Duration grace, int threshold, TaskClocks clocks, PipelineMetrics metrics) {
        this.clocks = clocks;
        this.size = size.toMillis();
        this.grace = grace.toMillis();
        this.threshold = threshold;
        this.metrics = metrics;
    }

    /** The stage name under which late findings are counted. */
    static final String STAGE = "sender-threshold";

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        this.context = context;
        this.counts = context.getStateStore(Names.THRESHOLD_STORE);
        this.clock = clocks.of(context.taskId().toString());
    }

    @Override
    public void process(Record<String, TypoFinding> record) {
        long ts = record.timestamp();
        long windowStart = ts - Math.floorMod(ts, size);
        long windowEnd = windowStart + size;
        if (windowEnd + grace <= clock.settled()) {
            metrics.lateFinding(STAGE); // window closed: too late, as for the window aggregation
            return;
        }
        Long previous = counts.fetch(record.key(), windowStart);
        long count = (previous == null ? 0 : previous) + 1;
        counts.put(record.key(), count, windowStart);
        if (count == threshold) {
            Alert alert = AlertRules.thresholdAlert(record.key(), record.value(), count, windowStart, windowEnd);
            context.forward(new Record<>(alert.getAlertId(), alert, ts, record.headers()));
        }
    }
}
