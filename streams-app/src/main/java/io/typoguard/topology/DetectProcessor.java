package io.typoguard.topology;

import io.typoguard.relate.LookalikeCheck;
import io.typoguard.schema.MailEvent;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Checks each event's recipient domain against the trusted index, then against the sender organisation's
 * established correspondents as of the event's log time ({@link LookalikeCheck}); attaches a finding when it is a typo.
 */
final class DetectProcessor implements FixedKeyProcessor<String, MailEvent, CheckedEvent> {
    private final LookalikeCheck check;
    private FixedKeyProcessorContext<String, CheckedEvent> context;

    private final PipelineMetrics metrics;

    DetectProcessor(LookalikeCheck check, PipelineMetrics metrics) {
        this.check = check;
        this.metrics = metrics;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, CheckedEvent> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, MailEvent> record) {
        MailEvent event = record.value();
        if (event == null) {
            return;
        }
        var finding = check.check(event.getSender(), event.getRecipientDomain(), event.getRelay(), event.getTimestamp().toEpochMilli())
                .map(flag -> Records.toFinding(event, flag)).orElse(null);
        if (finding != null) {
            metrics.finding(finding.getTechnique().name(), record.timestamp()); // the log time (LogTimeExtractor)
        }
        context.forward(record.withValue(new CheckedEvent(event, finding)));
    }
}
