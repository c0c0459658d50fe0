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
 * rule the window aggregation applies, and each is counted in {@link PipelineMetrics#lateFinding}.
 */
final class SenderThresholdProcessor implements Processor<String, TypoFinding, String, Alert> {
    private final long size;
    private final long grace;
    private final int threshold;
    private final PipelineMetrics metrics;
    private ProcessorContext<String, Alert> context;
    private WindowStore<String, Long> counts;

    SenderThresholdProcessor(Duration size, Duration grace, int threshold, PipelineMetrics metrics) {
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
    }

    @Override
    public void process(Record<String, TypoFinding> record) {
        long ts = record.timestamp();
        long windowStart = ts - Math.floorMod(ts, size);
        long windowEnd = windowStart + size;
        if (windowEnd + grace <= context.currentStreamTimeMs()) {
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
