package io.typoguard.topology;

import io.typoguard.detect.TypoDetector;
import io.typoguard.detect.Verdict;
import io.typoguard.schema.MailEvent;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/** Checks each event's recipient domain against the trusted index; attaches a finding when it is a typo. */
final class DetectProcessor implements FixedKeyProcessor<String, MailEvent, CheckedEvent> {
    private final TypoDetector detector;
    private FixedKeyProcessorContext<String, CheckedEvent> context;

    private final PipelineMetrics metrics;

    DetectProcessor(TypoDetector detector, PipelineMetrics metrics) {
        this.detector = detector;
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
        Verdict verdict = detector.check(event.getRecipientDomain());
        var finding = verdict instanceof Verdict.Typo typo ? Records.toFinding(event, typo.match()) : null;
        if (finding != null) {
            metrics.finding(finding.getTechnique().name(), record.timestamp()); // the log time (LogTimeExtractor)
        }
        context.forward(record.withValue(new CheckedEvent(event, finding)));
    }
}
