package io.typoguard.topology;

import io.typoguard.policy.PolicyExceptions;
import io.typoguard.schema.TypoException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the global exceptions store and the policy service's {@link PolicyExceptions} in step with the
 * compacted {@code typo.exceptions} topic, the way {@link TrustedDomainsUpdater} does for trusted domains.
 */
final class PolicyExceptionsUpdater implements Processor<String, TypoException, Void, Void> {
    private static final Logger log = LoggerFactory.getLogger(PolicyExceptionsUpdater.class);
    private final PolicyExceptions exceptions;
    /** What an unreadable value deserializes to ({@link UnreadableAsMarker}); compared by identity. */
    static final TypoException UNREADABLE = new TypoException();
    private KeyValueStore<String, TypoException> store;
    private ProcessorContext<Void, Void> context;

    private final UnreadableAsMarker<TypoException> unreadable;
    private final TableDeadLetters deadLetters;

    PolicyExceptionsUpdater(PolicyExceptions exceptions, UnreadableAsMarker<TypoException> unreadable, TableDeadLetters deadLetters) {
        this.unreadable = unreadable;
        this.deadLetters = deadLetters;
        this.exceptions = exceptions;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        store = context.getStateStore(Names.EXCEPTIONS_STORE);
        exceptions.clear();
        try (KeyValueIterator<String, TypoException> it = store.all()) {
            it.forEachRemaining(kv -> exceptions.put(toException(kv.value)));
        }
        log.info("Policy exceptions loaded from the store: {}", exceptions.size());
    }

    @Override
    public void process(Record<String, TypoException> record) {
        if (record.key() == null) {
            return;
        }
        if (unreadable.isMarker(record.value())) {
            unreadable.report(context, "typo-exception", record.key(), null, deadLetters, log);
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
            exceptions.removeKey(record.key());
            return;
        }
        PolicyExceptions.Exception e = toException(record.value());
        if (!e.key().equals(record.key())) {
            // As for trusted domains: a tombstone must be able to withdraw exactly this exception.
            log.warn("Ignoring a typo exception whose key is not '<sender>|<recipient>' in lower case (addresses are not logged)");
            return;
        }
        store.put(record.key(), record.value());
        exceptions.put(e);
    }

    static PolicyExceptions.Exception toException(TypoException v) {
        return new PolicyExceptions.Exception(v.getSender(), v.getRecipient(), v.getExpires(), v.getApprovedBy());
    }
}
