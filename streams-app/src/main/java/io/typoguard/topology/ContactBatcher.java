package io.typoguard.topology;

import io.typoguard.relate.Contact;
import io.typoguard.relate.Correspondents;
import io.typoguard.relate.Organisations;
import io.typoguard.relate.Relationship;
import io.typoguard.schema.DeliveryStatus;
import io.typoguard.schema.MailEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Each event's contact for the relationship table, keyed {@code "<organisation> <domain>"}, on its way to the
 * repartition. A contact with a pair that was established before it was logged only adds to counts, so it is
 * combined with the pair's other such contacts in {@link Names#CONTACT_BUFFER_STORE} (a relationship is a mergeable
 * value) and sent as one partial relationship per pair every {@code flushEvery} of wall-clock time: most mail goes to
 * established correspondents, and the repartition then carries one record per busy pair and flush, not one per
 * message. Every other contact (a pair not yet established, where the message that establishes it decides
 * {@code establishedSince}) goes on at once, alone. The buffer is a changelogged store, so under exactly-once a
 * crash neither loses nor repeats a buffered contact.
 */
final class ContactBatcher implements Processor<String, MailEvent, String, RelationshipState> {
    /** How often the buffered contacts go on: the relationship table's counts lag by up to this much. */
    static final Duration FLUSH_EVERY = Duration.ofSeconds(1);
    private final Organisations organisations;
    private final Correspondents correspondents;
    private final Duration flushEvery;
    private ProcessorContext<String, RelationshipState> context;
    private KeyValueStore<String, RelationshipState> buffer;

    ContactBatcher(Organisations organisations, Correspondents correspondents, Duration flushEvery) {
        this.organisations = organisations;
        this.correspondents = correspondents;
        this.flushEvery = flushEvery;
    }

    @Override
    public void init(ProcessorContext<String, RelationshipState> context) {
        this.context = context;
        this.buffer = context.getStateStore(Names.CONTACT_BUFFER_STORE);
        context.schedule(flushEvery, PunctuationType.WALL_CLOCK_TIME, now -> flush());
    }

    @Override
    public void process(Record<String, MailEvent> record) {
        PairContact pc = contact(organisations, record.value());
        if (pc == null) {
            return;
        }
        String key = RelationshipState.key(pc.organisation(), pc.domain());
        Long since = correspondents.since(pc.organisation(), pc.domain());
        if (since != null && pc.contact().time() > since) {
            RelationshipState held = buffer.get(key);
            Relationship r = (held != null ? held.relationship() : Relationship.empty(pc.organisation(), pc.domain())).with(pc.contact());
            buffer.put(key, new RelationshipState(r, Relationship.NEVER));
            return;
        }
        context.forward(record.withKey(key).withValue(new RelationshipState(
                Relationship.empty(pc.organisation(), pc.domain()).with(pc.contact()), Relationship.NEVER)));
    }

    /** Sends every buffered pair's partial relationship, then empties the buffer. */
    void flush() {
        List<KeyValue<String, RelationshipState>> held = new ArrayList<>();
        try (KeyValueIterator<String, RelationshipState> it = buffer.all()) {
            it.forEachRemaining(held::add);
        }
        for (KeyValue<String, RelationshipState> kv : held) {
            context.forward(new Record<>(kv.key, kv.value, kv.value.relationship().lastSeen()));
            buffer.delete(kv.key);
        }
    }

    /**
     * The contact an event is for a relationship: outbound mail when it ended (a deferral counts when it ends),
     * inbound mail when it was delivered; null for internal mail and bounces.
     */
    static PairContact contact(Organisations organisations, MailEvent e) {
        if (e == null) {
            return null;
        }
        return organisations.classify(e.getSender(), e.getRecipientDomain(), e.getRelay())
                .filter(t -> t.outbound() ? e.getStatus() != DeliveryStatus.DEFERRED : e.getStatus() == DeliveryStatus.SENT)
                .map(t -> new PairContact(t.organisation(), t.correspondent(), t.outbound()
                        ? Contact.sent(e.getSender(), e.getStatus(), e.getTimestamp().toEpochMilli())
                        : Contact.received(e.getTimestamp().toEpochMilli())))
                .orElse(null);
    }

    /** One contact and the pair it counts for. */
    record PairContact(String organisation, String domain, Contact contact) {
    }
}
