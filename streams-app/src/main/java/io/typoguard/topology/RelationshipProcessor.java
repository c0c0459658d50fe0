package io.typoguard.topology;

import io.typoguard.relate.Correspondents;
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
 * merged with every partial relationship that arrives: one contact, or several combined by {@link ContactBatcher}.
 * When the {@link EstablishedRule} first holds, the row is established and a {@link Correspondent} record goes to the
 * compacted correspondents topic, which every instance reads into its detector ({@link CorrespondentsUpdater}).
 * The establishing time is the log time of the (single) contact that made the rule hold, or, when the topic already
 * names one for the pair (a reprocessing after a reset), that one: what was learned stays. Afterwards a record goes
 * out again each time the messages sent or received pass a power of two, so the topic's counts (read by
 * {@code typoguard trusted suggest}) stay current without a record per message.
 */
final class RelationshipProcessor implements Processor<String, RelationshipState, String, Correspondent> {
    private final EstablishedRule rule;
    private final Correspondents published;
    private KeyValueStore<String, RelationshipState> store;
    private ProcessorContext<String, Correspondent> context;

    RelationshipProcessor(EstablishedRule rule, Correspondents published) {
        this.rule = rule;
        this.published = published;
    }

    @Override
    public void init(ProcessorContext<String, Correspondent> context) {
        this.context = context;
        this.store = context.getStateStore(Names.RELATIONSHIP_STORE);
    }

    @Override
    public void process(Record<String, RelationshipState> record) {
        RelationshipState partial = record.value();
        if (record.key() == null || partial == null) {
            return;
        }
        RelationshipState before = store.get(record.key());
        Relationship old = before != null ? before.relationship() : Relationship.empty(partial.relationship().organisation(),
                partial.relationship().domain());
        Relationship r = old.merge(partial.relationship());
        long since = before != null ? before.establishedSince() : Relationship.NEVER;
        boolean newlyEstablished = since == Relationship.NEVER && rule.establishes(r);
        if (newlyEstablished) {
            Long known = published.since(r.organisation(), r.domain());
            since = known != null ? known : partial.relationship().lastSeen();
        }
        store.put(record.key(), new RelationshipState(r, since));
        if (newlyEstablished || since != Relationship.NEVER && (passedPowerOfTwo(old.sent(), r.sent()) || passedPowerOfTwo(old.received(), r.received()))) {
            context.forward(new Record<>(record.key(), toRecord(r, since), record.timestamp()));
        }
    }

    /** Whether a power of two lies in (before, after]. */
    static boolean passedPowerOfTwo(long before, long after) {
        return after > before && (before <= 0 || Long.highestOneBit(after) > Long.highestOneBit(before));
    }

    static String key(String organisation, String domain) {
        return RelationshipState.key(organisation, domain);
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
