package io.typoguard.topology;

import io.typoguard.detect.DomainName;
import io.typoguard.detect.TrustedEntry;
import io.typoguard.detect.TrustedFile;
import io.typoguard.detect.TrustedIndex;
import io.typoguard.schema.TrustedDomain;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the global trusted-domain store and the detector's {@link TrustedIndex} in step with the compacted
 * {@code trusted.domains} topic. On start (after Streams restored the store) the index is rebuilt from the
 * store; then each record upserts or, as a tombstone, removes one domain. A record naming a public suffix (co.uk),
 * which only another tool can have written, is logged and ignored: it would trust every domain under it.
 */
final class TrustedDomainsUpdater implements Processor<String, TrustedDomain, Void, Void> {
    private static final Logger log = LoggerFactory.getLogger(TrustedDomainsUpdater.class);
    /** What an unreadable value deserializes to ({@link UnreadableAsMarker}); compared by identity. */
    static final TrustedDomain UNREADABLE = new TrustedDomain();
    private final TrustedIndex index;
    private KeyValueStore<String, TrustedDomain> store;
    private ProcessorContext<Void, Void> context;

    private final UnreadableAsMarker<TrustedDomain> unreadable;
    private final TableDeadLetters deadLetters;

    TrustedDomainsUpdater(TrustedIndex index, UnreadableAsMarker<TrustedDomain> unreadable, TableDeadLetters deadLetters) {
        this.unreadable = unreadable;
        this.deadLetters = deadLetters;
        this.index = index;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        store = context.getStateStore(Names.TRUSTED_STORE);
        List<TrustedEntry> entries = new ArrayList<>();
        try (KeyValueIterator<String, TrustedDomain> it = store.all()) {
            it.forEachRemaining(kv -> {
                TrustedEntry e = toEntry(kv.key, kv.value);
                if (e != null && TrustedFile.publicSuffixProblem(e.domain()) == null) {
                    entries.add(e);
                }
            });
        }
        index.rebuild(entries);
        log.info("Trusted-domain index rebuilt from the store: {} domains", index.size());
    }

    @Override
    public void process(Record<String, TrustedDomain> record) {
        if (record.key() == null) {
            return;
        }
        if (unreadable.isMarker(record.value())) {
            unreadable.report(context, "trusted-domain", record.key(), record.key(), deadLetters, log);
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
            index.remove(record.key());
            return;
        }
        TrustedEntry entry = toEntry(record.key(), record.value());
        if (entry == null) {
            log.warn("Ignoring a trusted-domain record whose key is not a valid domain");
            return;
        }
        if (!entry.name().equals(record.key())) {
            // A key like "Army.MIL" would live on in the compacted topic beside "army.mil", and a tombstone for one
            // would not remove the other: only normalised keys (lower-case ASCII, no trailing dot) are accepted.
            log.warn("Ignoring a trusted-domain record whose key is not in normalised form (expected {})", entry.name());
            return;
        }
        String publicSuffix = TrustedFile.publicSuffixProblem(entry.domain());
        if (publicSuffix != null) {
            // Written by another tool (typoguard's own imports refuse it): trusting co.uk would trust every *.co.uk.
            log.warn("Ignoring a trusted-domain record: {}", publicSuffix);
            return;
        }
        store.put(record.key(), record.value());
        index.upsert(entry); // replaces the attributes (sensitivity, subdomains) of an existing entry
    }

    private static java.util.Set<String> normalised(List<String> domains) {
        java.util.Set<String> out = new java.util.HashSet<>();
        if (domains != null) {
            domains.forEach(d -> DomainName.tryParse(d).ifPresent(n -> out.add(n.ascii())));
        }
        return out;
    }

    static TrustedEntry toEntry(String key, TrustedDomain value) {
        // The record key is the table key: it decides what a later tombstone removes.
        String domain = key != null && !key.isBlank() ? key : value.getDomain();
        return DomainName.tryParse(domain)
                .map(d -> new TrustedEntry(d, value.getOrganisation(), value.getSensitivity(), value.getIncludeSubdomains(),
                        normalised(value.getAllowedLookalikes())))
                .orElse(null);
    }
}
