package io.typoguard.topology;

import io.typoguard.relate.Correspondents;
import io.typoguard.schema.Correspondent;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the global correspondents store and the in-memory {@link Correspondents} in step with the compacted
 * correspondents topic, as {@link TrustedDomainsUpdater} does for the trusted list: rebuilt from the store on start,
 * then each record establishes one (organisation, domain) from its log time; a tombstone (an operator's
 * correction) withdraws it.
 */
final class CorrespondentsUpdater implements Processor<String, Correspondent, Void, Void> {
    private static final Logger log = LoggerFactory.getLogger(CorrespondentsUpdater.class);
    static final Correspondent UNREADABLE = new Correspondent();
    private final Correspondents correspondents;
    private KeyValueStore<String, Correspondent> store;
    private ProcessorContext<Void, Void> context;

    private final UnreadableAsMarker<Correspondent> unreadable;
    private final TableDeadLetters deadLetters;

    CorrespondentsUpdater(Correspondents correspondents, UnreadableAsMarker<Correspondent> unreadable, TableDeadLetters deadLetters) {
        this.unreadable = unreadable;
        this.deadLetters = deadLetters;
        this.correspondents = correspondents;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        store = context.getStateStore(Names.CORRESPONDENTS_STORE);
        int n = 0;
        try (KeyValueIterator<String, Correspondent> it = store.all()) {
            while (it.hasNext()) {
                apply(it.next().value);
                n++;
            }
        }
        log.info("Established correspondents rebuilt from the store: {}", n);
    }

    @Override
    public void process(Record<String, Correspondent> record) {
        if (record.key() == null) {
            return;
        }
        if (unreadable.isMarker(record.value())) {
            unreadable.report(context, "correspondent", record.key(), record.key(), deadLetters, log);
            return;
        }
        int space = record.key().lastIndexOf(' ');
        if (record.value() == null) {
            store.delete(record.key());
            if (space > 0) {
                correspondents.withdraw(record.key().substring(0, space), record.key().substring(space + 1));
            }
            return;
        }
        store.put(record.key(), record.value());
        apply(record.value());
    }

    private void apply(Correspondent c) {
        if (c.getEstablished() && c.getEstablishedSince() != null) {
            correspondents.establish(c.getOrganisation(), c.getDomain(), c.getEstablishedSince().toEpochMilli());
        } else {
            correspondents.withdraw(c.getOrganisation(), c.getDomain());
        }
    }
}
