package io.typoguard.topology;

import io.typoguard.parse.Delivery;
import io.typoguard.parse.PostfixFragment;
import io.typoguard.parse.QueueCorrelator;
import io.typoguard.parse.QueueCorrelator.QueueState;
import io.typoguard.parse.QueueCorrelator.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Joins Postfix lines by (host, queue id) in a state store, in a task that sees every line of that key: after
 * a repartition on it, or where a host-keyed raw record was read.
 * A stream-time punctuator releases deliveries whose from= line never came (as orphans) and forgets idle
 * queue entries.
 *
 * <p>The store (logged, so restored after a failure) holds every open queue entry. This processor is the only
 * writer of its task's store, so it also keeps the same entries as objects in a map that {@link #init} fills
 * from the restored store: reads and the expiry scan never deserialise, and the cached store is only written.
 * Reads were a third of the store's cost (a sorted-map lookup of serialised keys plus a decode per line).
 * Only a changed entry is written.
 */
final class PostfixCorrelationProcessor implements Processor<String, PostfixFragment, String, Delivery> {
    private final String storeName;
    private final Duration orphanWait;
    private final Duration queueTtl;
    private ProcessorContext<String, Delivery> context;
    private KeyValueStore<String, QueueState> store;
    /** The store's contents as objects: authoritative for reads, written through to the store. */
    private final Map<String, QueueState> open = new HashMap<>();

    PostfixCorrelationProcessor(String storeName, Duration orphanWait, Duration queueTtl) {
        this.storeName = storeName;
        this.orphanWait = orphanWait;
        this.queueTtl = queueTtl;
    }

    @Override
    public void init(ProcessorContext<String, Delivery> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        // init runs after restoration, and again on the same instance when a task is revived: start from the store.
        open.clear();
        try (KeyValueIterator<String, QueueState> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, QueueState> kv = it.next();
                open.put(kv.key, kv.value);
            }
        }
        Duration every = orphanWait.compareTo(Duration.ofSeconds(30)) < 0 ? orphanWait : Duration.ofSeconds(30);
        context.schedule(every, PunctuationType.STREAM_TIME, this::expire);
    }

    @Override
    public void process(Record<String, PostfixFragment> record) {
        PostfixFragment fragment = record.value();
        if (fragment == null) {
            return;
        }
        QueueState current = open.get(record.key());
        Step step = QueueCorrelator.apply(current, fragment);
        if (!Objects.equals(current, step.state())) {
            save(record.key(), step.state());
        }
        for (Delivery d : step.emitted()) {
            context.forward(new Record<>(record.key(), d, d.timestampMs(), record.headers()));
        }
    }

    private void expire(long streamTime) {
        List<KeyValue<String, Step>> changes = new ArrayList<>();
        for (Map.Entry<String, QueueState> e : open.entrySet()) {
            Step step = QueueCorrelator.expire(e.getValue(), streamTime, orphanWait.toMillis(), queueTtl.toMillis());
            if (step.state() != e.getValue()) {
                changes.add(KeyValue.pair(e.getKey(), step));
            }
        }
        for (KeyValue<String, Step> change : changes) {
            save(change.key, change.value.state());
            for (Delivery d : change.value.emitted()) {
                context.forward(new Record<>(change.key, d, d.timestampMs()));
            }
        }
    }

    private void save(String key, QueueState state) {
        if (state == null) {
            open.remove(key);
            store.put(key, null); // a delete without delete()'s read of the old value
        } else {
            open.put(key, state);
            store.put(key, state);
        }
    }
}
