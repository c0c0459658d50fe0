package io.typoguard.topology;

import io.typoguard.alert.AlertRules;
import io.typoguard.schema.Alert;
import io.typoguard.schema.TypoDomainDayStats;
import io.typoguard.schema.TypoFinding;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Per typo domain and UTC day: messages, delivered messages and distinct senders ("army.ml received 1,000
 * messages from 50 senders today"). Raises one TYPO_DOMAIN_VOLUME alert the moment a day crosses either
 * threshold, and emits the day's final counts when stream time passes the day's end plus grace. Input is keyed
 * by typo domain (after a repartition). A finding for a day already closed is not counted, and counted as late
 * ({@link PipelineMetrics#lateFinding}). Outputs are {@link Alert}s and {@link TypoDomainDayStats}.
 */
final class TypoDomainVolumeProcessor implements Processor<String, TypoFinding, String, SpecificRecord> {
    static final long DAY = AlertRules.DAY_MS;
    private final long grace;
    private final TopologyConfig.Alerting thresholds;
    private final PipelineMetrics metrics;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, TypoDomainDayStats> days;

    /** The stage under which late findings are counted. */
    static final String STAGE = "typo-domain-day";

    TypoDomainVolumeProcessor(Duration grace, TopologyConfig.Alerting thresholds, PipelineMetrics metrics) {
        this.grace = grace.toMillis();
        this.metrics = metrics;
        this.thresholds = thresholds;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.days = context.getStateStore(Names.TYPO_DOMAIN_DAY_STORE);
        context.schedule(Duration.ofMinutes(1), PunctuationType.STREAM_TIME, this::closeDays);
    }

    @Override
    public void process(Record<String, TypoFinding> record) {
        TypoFinding f = record.value();
        if (f == null || record.key() == null) {
            return;
        }
        long dayStart = record.timestamp() - Math.floorMod(record.timestamp(), DAY);
        if (dayStart + DAY + grace <= context.currentStreamTimeMs()) {
            metrics.lateFinding(STAGE); // that day is closed and reported; as for the sender windows, too late to count
            return;
        }
        String key = record.key() + "|" + dayStart;
        TypoDomainDayStats day = days.get(key);
        if (day == null) {
            day = AlertRules.emptyDay(record.key(), dayStart);
        }
        AlertRules.addToDay(day, f);
        if (!day.getAlerted() && (day.getMessages() >= thresholds.domainMessages() || day.getDistinctSenders() >= thresholds.domainSenders())) {
            day.setAlerted(true);
            Alert alert = AlertRules.typoDomainAlert(day, f, thresholds.domainMessages(), thresholds.domainSenders());
            context.forward(new Record<>(alert.getAlertId(), alert, record.timestamp()));
        }
        days.put(key, day);
    }

    private void closeDays(long streamTime) {
        List<String> done = new ArrayList<>();
        try (KeyValueIterator<String, TypoDomainDayStats> it = days.all()) {
            while (it.hasNext()) {
                var kv = it.next();
                if (kv.value.getDayEnd().toEpochMilli() + grace <= streamTime) {
                    context.forward(new Record<>(kv.value.getTypoDomain(), kv.value, kv.value.getDayEnd().toEpochMilli() - 1));
                    done.add(kv.key);
                }
            }
        }
        done.forEach(days::delete);
    }
}
