package io.typoguard.topology;

import io.typoguard.parse.Addresses;
import io.typoguard.relate.LookalikeCheck;
import io.typoguard.relate.SenderDomains;
import io.typoguard.schema.DeliveryStatus;
import io.typoguard.schema.MailEvent;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Checks each event's recipient domain against the trusted index, then against the sender organisation's
 * established correspondents as of the event's log time ({@link LookalikeCheck}); attaches a finding when it is a typo.
 * When the recipient is clean, the original address (before an alias or rewrite) is checked the same way, and a
 * finding on it says so ({@code inOriginalRecipient}, {@code deliveredTo}).
 * With relationships on, also keeps each sender's recent domains ({@link SenderDomains}, store
 * {@link Names#SENDER_DOMAINS_STORE}, keyed by the record key, the sender identity) and says in the finding whether
 * the sender had written to the recipient domain before.
 */
final class DetectProcessor implements FixedKeyProcessor<String, MailEvent, CheckedEvent> {
    private final LookalikeCheck check;
    private final boolean relationships;
    private final boolean senderDomains;
    private FixedKeyProcessorContext<String, CheckedEvent> context;
    private KeyValueStore<String, SenderDomains> store;
    private SenderDomainsCache cache;

    private final PipelineMetrics metrics;

    DetectProcessor(LookalikeCheck check, PipelineMetrics metrics, boolean relationships, boolean senderDomains) {
        this.check = check;
        this.relationships = relationships;
        this.metrics = metrics;
        this.senderDomains = senderDomains;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, CheckedEvent> context) {
        this.context = context;
        if (senderDomains) {
            store = context.getStateStore(Names.SENDER_DOMAINS_STORE);
            cache = new SenderDomainsCache(SenderDomainsCache.DEFAULT_MAX_DOMAINS); // afresh at every (re)initialisation
        }
    }

    @Override
    public void process(FixedKeyRecord<String, MailEvent> record) {
        MailEvent event = record.value();
        if (event == null) {
            return;
        }
        long at = event.getTimestamp().toEpochMilli();
        String org = relationships ? check.outboundOrganisation(event.getSender(), event.getRecipientDomain(), event.getRelay()) : null;
        var finding = check.check(org, event.getRecipientDomain(), at).map(flag -> Records.toFinding(event, flag)).orElse(null);
        if (finding == null && event.getOriginalRecipient() != null) {
            // the typo may be in what the sender wrote before an alias or rewrite (Postfix orig_to, Exim "=> new <orig>")
            String original = Addresses.originalDomain(event.getOriginalRecipient(), event.getRecipientDomain());
            if (original != null) {
                finding = check.check(org, original, at).map(flag -> Records.toFinding(event, flag)).orElse(null);
                if (finding != null) {
                    finding.setDeliveredTo(event.getRecipient());
                    finding.setRecipient(event.getOriginalRecipient());
                    finding.setInOriginalRecipient(true);
                }
            }
        }
        if (store != null && org != null && record.key() != null && !record.key().isEmpty() && event.getStatus() != DeliveryStatus.DEFERRED) {
            SenderDomains domains = cache.get(record.key());
            if (domains == null) {
                domains = store.get(record.key());
                if (domains == null) {
                    domains = SenderDomains.empty();
                }
                cache.put(record.key(), domains);
            }
            boolean before = true;
            if (!domains.covers(event.getRecipientDomain(), at)) { // else nothing to write
                before = domains.record(event.getRecipientDomain(), at);
                store.put(record.key(), domains);
                cache.put(record.key(), domains); // the same object, changed: its size is counted again
            }
            if (finding != null) {
                finding.setSenderWroteBefore(before);
            }
        }
        if (finding != null) {
            metrics.finding(finding.getTechnique().name(), record.timestamp()); // the log time (LogTimeExtractor)
        }
        context.forward(record.withValue(new CheckedEvent(event, finding)));
    }
}
