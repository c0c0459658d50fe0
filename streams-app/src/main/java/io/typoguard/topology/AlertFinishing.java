package io.typoguard.topology;

import io.typoguard.alert.AlertRules;
import io.typoguard.privacy.AddressPrivacy;
import io.typoguard.schema.Alert;
import java.time.Duration;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * The last step before an alert is written: addresses shown as the privacy setting says, and {@code backlog} set
 * when the alert is written more than {@code backlogAfter} (wall clock) after the latest mail it reports was
 * logged, so a SIEM can tell an alert about last month's archive from one about mail leaving now. This is the
 * one place the wall clock touches an output value; every other time in an alert is log time.
 */
final class AlertFinishing implements FixedKeyProcessor<String, Alert, Alert> {
    private final AddressPrivacy privacy;
    private final long backlogAfterMs;
    private FixedKeyProcessorContext<String, Alert> context;

    AlertFinishing(AddressPrivacy privacy, Duration backlogAfter) {
        this.privacy = privacy;
        this.backlogAfterMs = backlogAfter.toMillis();
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Alert> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, Alert> record) {
        Alert a = AlertRules.withPrivacy(record.value(), privacy);
        long mailTime = (a.getLastSeen() != null ? a.getLastSeen() : a.getTimestamp()).toEpochMilli();
        if (context.currentSystemTimeMs() - mailTime > backlogAfterMs) {
            a = Alert.newBuilder(a).setBacklog(true).build();
        }
        context.forward(record.withValue(a));
    }
}
