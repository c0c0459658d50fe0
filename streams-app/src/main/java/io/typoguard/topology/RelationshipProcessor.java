package io.typoguard.topology;

import io.typoguard.relate.Contact;
import io.typoguard.relate.EstablishedRule;
import io.typoguard.relate.Relationship;
import io.typoguard.schema.Correspondent;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The relationship table (issue 19): one row per (organisation, other domain), keyed {@code "<organisation> <domain>"},
 * updated by every contact either way. When the {@link EstablishedRule} first holds, the row is established from
 * the contact's log time, and a {@link Correspondent} record goes to the compacted correspondents topic, which
 * every instance reads into its detector ({@link CorrespondentsUpdater}). Afterwards a record goes out again each
 * time the messages sent or received reach a power of two, so the topic's counts (read by {@code typoguard trusted
 * suggest}) stay current without a record per message.
 */
final class RelationshipProcessor implements Processor<String, Contact, String, Correspondent> {
    private final EstablishedRule rule;
    private KeyValueStore<String, RelationshipState> store;
    private ProcessorContext<String, Correspondent> context;

    RelationshipProcessor(EstablishedRule rule) {
        this.rule = rule;
    }

    @Override
    public void init(ProcessorContext<String, Correspondent> context) {
        this.context = context;
        this.store = context.getStateStore(Names.RELATIONSHIP_STORE);
    }

    @Override
    public void process(Record<String, Contact> record) {
        Contact c = record.value();
        if (record.key() == null || c == null) {
            return;
        }
        RelationshipState before = store.get(record.key());
        Relationship r = (before != null ? before.relationship() : empty(record.key())).with(c);
        long since = before != null ? before.establishedSince() : Relationship.NEVER;
        boolean newlyEstablished = since == Relationship.NEVER && rule.establishes(r);
        if (newlyEstablished) {
            since = c.time();
        }
        store.put(record.key(), new RelationshipState(r, since));
        if (newlyEstablished || since != Relationship.NEVER && (c.outbound() ? isPowerOfTwo(r.sent()) : isPowerOfTwo(r.received()))) {
            context.forward(new Record<>(record.key(), toRecord(r, since), record.timestamp()));
        }
    }

    static String key(String organisation, String domain) {
        return RelationshipState.key(organisation, domain);
    }

    private static Relationship empty(String key) {
        int space = key.lastIndexOf(' ');
        return Relationship.empty(key.substring(0, space), key.substring(space + 1));
    }

    private static boolean isPowerOfTwo(long n) {
        return n > 0 && (n & (n - 1)) == 0;
    }

    static Correspondent toRecord(Relationship r, long since) {
        return Correspondent.newBuilder()
                .setOrganisation(r.organisation())
                .setDomain(r.domain())
                .setEstablished(since != Relationship.NEVER)
                .setEstablishedSince(since == Relationship.NEVER ? null : Instant.ofEpochMilli(since))
                .setSent(r.sent())
                .setDelivered(r.delivered())
                .setReceived(r.received())
                .setDistinctSenders(r.distinctSenders())
                .setActiveDays(r.activeDays())
                .setFirstSeen(Instant.ofEpochMilli(r.firstSeen()))
                .setLastSeen(Instant.ofEpochMilli(r.lastSeen()))
                .build();
    }
}
