package io.typoguard.topology;

import com.google.common.hash.BloomFilter;
import com.google.common.hash.Funnels;
import io.typoguard.parse.Delivery;
import io.typoguard.parse.PostfixFragment;
import io.typoguard.parse.QueueCorrelator;
import io.typoguard.parse.QueueCorrelator.QueueState;
import io.typoguard.parse.QueueCorrelator.Step;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * writer of its task's store, so it also keeps the entries it touched last as objects, in a bounded LRU map
 * ({@value #HOT_ENTRIES} entries): the lines of one message come close together, so most reads never reach the
 * store (whose cache keeps entries serialised in a sorted map: a tree lookup and a decode per read). A miss
 * reads the store, unless a Bloom filter of the store's keys says the key is not there: the first line of
 * every message has a new key, and a store lookup that finds nothing costs a cache and a RocksDB probe. The
 * filter has no false negatives (every write adds its key, and it is rebuilt from the store's keys at start
 * and at every expiry scan, which reads them all anyway). Every change is still written to the store; an
 * unchanged entry is not rewritten. The map is bounded because entries can stay open for hours (deferred
 * mail waits for the time-to-live).
 */
final class PostfixCorrelationProcessor implements Processor<String, PostfixFragment, String, Delivery> {
    private final String storeName;
    private final Duration orphanWait;
    private final Duration queueTtl;
    private ProcessorContext<String, Delivery> context;
    /** Keys that may be in the store; no key in the store is missing from it. */
    private BloomFilter<String> stored;
    private KeyValueStore<String, QueueState> store;
    /** Entries touched last, as objects: a read-through, write-through cache of the store. */
    static final int HOT_ENTRIES = 10_000;
    private final Map<String, QueueState> hot = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, QueueState> eldest) {
            return size() > HOT_ENTRIES;
        }
    };

    PostfixCorrelationProcessor(String storeName, Duration orphanWait, Duration queueTtl) {
        this.storeName = storeName;
        this.orphanWait = orphanWait;
        this.queueTtl = queueTtl;
    }

    @Override
    public void init(ProcessorContext<String, Delivery> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        // init runs again on the same instance when a task is revived: its store may have been restored anew.
        hot.clear();
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, QueueState> it = store.all()) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
        stored = filterOf(keys);
        Duration every = orphanWait.compareTo(Duration.ofSeconds(30)) < 0 ? orphanWait : Duration.ofSeconds(30);
        context.schedule(every, PunctuationType.STREAM_TIME, this::expire);
    }

    @Override
    public void process(Record<String, PostfixFragment> record) {
        PostfixFragment fragment = record.value();
        if (fragment == null) {
            return;
        }
        QueueState current = hot.get(record.key());
        if (current == null && stored.mightContain(record.key())) {
            current = store.get(record.key());
            if (current != null) {
                hot.put(record.key(), current);
            }
        }
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
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, QueueState> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, QueueState> kv = it.next();
                keys.add(kv.key);
                Step step = QueueCorrelator.expire(kv.value, streamTime, orphanWait.toMillis(), queueTtl.toMillis());
                if (step.state() != kv.value) {
                    changes.add(KeyValue.pair(kv.key, step));
                }
            }
        }
        stored = filterOf(keys); // the keys deleted since the last scan drop out of it
        for (KeyValue<String, Step> change : changes) {
            save(change.key, change.value.state());
            for (Delivery d : change.value.emitted()) {
                context.forward(new Record<>(change.key, d, d.timestampMs()));
            }
        }
    }

    /** A filter of {@code keys} with room for as many again (and at least 1,000,000) at a 1% false-positive rate. */
    private static BloomFilter<String> filterOf(List<String> keys) {
        BloomFilter<String> f = BloomFilter.create(Funnels.stringFunnel(StandardCharsets.UTF_8), Math.max(1_000_000, 2L * keys.size()), 0.01);
        keys.forEach(f::put);
        return f;
    }

    private void save(String key, QueueState state) {
        if (state == null) {
            hot.remove(key);
            store.put(key, null); // a delete without delete()'s read of the old value
        } else {
            hot.put(key, state);
            stored.put(key);
            store.put(key, state);
        }
    }
}
