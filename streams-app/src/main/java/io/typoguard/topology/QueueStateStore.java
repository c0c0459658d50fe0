package io.typoguard.topology;

import com.google.common.hash.BloomFilter;
import com.google.common.hash.Funnels;
import io.typoguard.parse.QueueCorrelator.QueueState;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * The Postfix correlation store: open queue entries by (host, queue id), in a logged RocksDB store (restored after
 * a failure like any other), with an object cache in front that takes the place of Kafka Streams' record cache.
 *
 * <p>Why not Kafka's cache: profiles of the end-to-end benchmark showed its cache and flush taking about a fifth
 * of the ingest thread. It keeps entries serialised in a sorted map, so every write serialises the entry and
 * every read decodes it, and at each commit it flushes every key a message touched, although most messages
 * open and close their entry between two commits. This cache keeps objects, and at commit writes only what
 * changed: an entry created and removed between two commits never reaches RocksDB or the changelog.
 *
 * <ul>
 *   <li><b>Changed entries</b> (a bounded insertion-ordered map, {@value #MAX_DIRTY} entries) are written to the
 *   logged store when Kafka Streams flushes caches, which it does before every commit (before the offsets and,
 *   under exactly-once, within the same transaction), and when the map is full (its oldest entry first). A
 *   removal is written as a tombstone unless the key was never written (the Bloom filter below says so).</li>
 *   <li><b>Entries read or written last</b> (an LRU map, {@value #HOT_ENTRIES} entries) answer reads without
 *   a decode.</li>
 *   <li><b>A Bloom filter of the keys written</b> answers "not there" for a message's first line without a
 *   RocksDB probe. It has no false negatives: it is built from the store's keys when processing starts and
 *   when it is full (a {@link #scan} then rebuilds it), and every write adds its key.</li>
 * </ul>
 *
 * <p>Kafka Streams restores the store, and updates standby copies, by writing to RocksDB directly. The caches
 * are therefore valid only while this task processes: the processor calls {@link #startProcessing()} from its
 * {@code init}, which Kafka Streams calls after every restoration and every standby-to-active change. Kafka
 * Streams calls {@link #clearCache()} when it drops a task's uncommitted state.
 *
 * <p>The pre-commit call comes through {@link CachedStateStore}, an interface internal to Kafka Streams (the same
 * one its own caching stores implement); the public {@code StateStore.commit} runs after the commit. The
 * topology tests check that an entry reaches the changelog by the commit, and {@code ExactlyOnceCrashTest} that
 * nothing is lost or doubled when the app is killed.
 */
final class QueueStateStore implements StateStore, CachedStateStore<String, QueueState> {
    static final int HOT_ENTRIES = 10_000;
    static final int MAX_DIRTY = 10_000;

    private final KeyValueStore<String, QueueState> inner;
    /** Entries changed since the last flush; null values are removals. */
    private final LinkedHashMap<String, QueueState> dirty = new LinkedHashMap<>(1024);
    private final Map<String, QueueState> hot = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, QueueState> eldest) {
            return size() > HOT_ENTRIES;
        }
    };
    /** Keys that may be in the logged store; null when unknown (before {@link #startProcessing()}). */
    private BloomFilter<CharSequence> written;
    private long writtenSinceFilter;

    /** This cache over {@code inner}, which must be logged when it is to survive a failure. */
    QueueStateStore(KeyValueStore<String, QueueState> inner) {
        this.inner = inner;
    }

    /** A builder for a logged (changelog-backed) store named {@code name}. */
    static StoreBuilder<QueueStateStore> builder(String name) {
        return new Builder(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), InternalSerdes.queueState())
                .withCachingDisabled());
    }

    /** Resets the caches to the store's contents; call when the task starts processing. */
    void startProcessing() {
        dirty.clear();
        hot.clear();
        written = null; // restoration and standby updates wrote behind it: rebuilt from the store's keys
        scan((k, v) -> { });
    }

    QueueState get(String key) {
        QueueState v = dirty.get(key);
        if (v != null || dirty.containsKey(key)) {
            return v;
        }
        v = hot.get(key);
        if (v != null || (written != null && !written.mightContain(key))) {
            return v;
        }
        v = inner.get(key);
        if (v != null) {
            hot.put(key, v);
        }
        return v;
    }

    /** Sets or (with null) removes an entry. */
    void put(String key, QueueState value) {
        dirty.put(key, value);
        hot.remove(key);
        if (dirty.size() > MAX_DIRTY) {
            Iterator<Map.Entry<String, QueueState>> eldest = dirty.entrySet().iterator();
            Map.Entry<String, QueueState> e = eldest.next();
            eldest.remove();
            write(e.getKey(), e.getValue());
            maybeRebuildFilter();
        }
    }

    /**
     * Calls {@code each} for every entry: the stored ones in key order (those changed since the last write as they are
     * now), then the new ones not yet written. {@code each} must not change the store; collect the changes and apply
     * them after. Writes nothing: the correlation looks every 30 s of log time, which in a catch-up is several times a
     * second, and writing the changed entries first sent entries that a message opens and closes within one commit to
     * RocksDB and the changelog after all, with a tombstone for each. Rebuilds the Bloom filter from the keys read when
     * there is none yet or when it is full ({@link #FILTER_HEADROOM} keys written since it was built), so removed keys
     * drop out of it.
     */
    void scan(BiConsumer<String, QueueState> each) {
        // Sized from RocksDB's estimate of the key count: an underestimate only raises the false-positive rate.
        BloomFilter<CharSequence> rebuilt = filterOutdated() ? filterFor(inner.approximateNumEntries()) : null;
        Set<String> storedAndChanged = dirty.isEmpty() ? Set.of() : new HashSet<>();
        try (KeyValueIterator<String, QueueState> it = inner.all()) {
            while (it.hasNext()) {
                KeyValue<String, QueueState> kv = it.next();
                if (rebuilt != null) {
                    rebuilt.put(kv.key);
                }
                if (dirty.containsKey(kv.key)) {
                    storedAndChanged.add(kv.key);
                    QueueState changed = dirty.get(kv.key);
                    if (changed != null) { // else removed since the last write
                        each.accept(kv.key, changed);
                    }
                } else {
                    each.accept(kv.key, kv.value);
                }
            }
        }
        for (Map.Entry<String, QueueState> e : dirty.entrySet()) {
            if (e.getValue() != null && !storedAndChanged.contains(e.getKey())) { // not written yet
                each.accept(e.getKey(), e.getValue());
            }
        }
        if (rebuilt != null) {
            written = rebuilt;
            writtenSinceFilter = 0;
        }
    }

    private void write(String key, QueueState value) {
        if (value == null) {
            hot.remove(key);
            if (written == null || written.mightContain(key)) {
                inner.put(key, null); // a delete without delete()'s read of the old value
            }
        } else {
            inner.put(key, value);
            hot.put(key, value);
            if (written != null) {
                written.put(key);
                writtenSinceFilter++;
            }
        }
    }

    /** Keys a filter has room for beyond those it was built from. */
    private static final int FILTER_HEADROOM = 1_000_000;

    /** When more keys were written since the filter was built than it has room for. */
    private void maybeRebuildFilter() {
        if (written != null && filterOutdated()) {
            scan((k, v) -> { });
        }
    }

    /** No filter yet, or more keys written since it was built than it has room for. */
    private boolean filterOutdated() {
        return written == null || writtenSinceFilter > FILTER_HEADROOM;
    }

    /** A filter with room for {@code keys} plus {@value #FILTER_HEADROOM} at 1% false positives. */
    private static BloomFilter<CharSequence> filterFor(long keys) {
        // The chars hashed as they are: the filter never leaves this JVM, so no need to encode them as UTF-8 first.
        return BloomFilter.create(Funnels.unencodedCharsFunnel(), Math.max(0, keys) + FILTER_HEADROOM, 0.01);
    }

    int pendingWrites() {
        return dirty.size();
    }

    // --- CachedStateStore: Kafka Streams calls flushCache() before every commit ----------------------------------

    @Override
    public void flushCache() {
        writeDirty();
        maybeRebuildFilter();
    }

    private void writeDirty() {
        if (dirty.isEmpty()) {
            return;
        }
        for (Map.Entry<String, QueueState> e : dirty.entrySet()) {
            write(e.getKey(), e.getValue()); // touches the logged store and the LRU map, never this map
        }
        dirty.clear();
    }

    @Override
    public void clearCache() {
        dirty.clear();
        hot.clear();
        written = null;
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<String, QueueState> listener, boolean sendOldValues) {
        return false;
    }

    // --- StateStore: everything else is the logged store's -------------------------------------------------------

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        inner.init(context, root);
    }

    @Override
    @SuppressWarnings("deprecation")
    public void flush() {
        inner.flush();
    }

    @Override
    public void commit(Map<TopicPartition, Long> changelogOffsets) {
        inner.commit(changelogOffsets);
    }

    @Override
    public Long committedOffset(TopicPartition partition) {
        return inner.committedOffset(partition);
    }

    @Override
    public boolean managesOffsets() {
        return inner.managesOffsets();
    }

    @Override
    public long approximateNumUncommittedBytes() {
        return inner.approximateNumUncommittedBytes();
    }

    @Override
    public void close() {
        clearCache();
        inner.close();
    }

    @Override
    public boolean persistent() {
        return inner.persistent();
    }

    @Override
    public boolean isOpen() {
        return inner.isOpen();
    }

    @Override
    public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
        return inner.query(query, positionBound, config);
    }

    @Override
    public Position getPosition() {
        return inner.getPosition();
    }

    private record Builder(StoreBuilder<KeyValueStore<String, QueueState>> inner) implements StoreBuilder<QueueStateStore> {
        @Override
        public StoreBuilder<QueueStateStore> withCachingEnabled() {
            return this; // this store is its own cache
        }

        @Override
        public StoreBuilder<QueueStateStore> withCachingDisabled() {
            return this;
        }

        @Override
        public StoreBuilder<QueueStateStore> withLoggingEnabled(Map<String, String> config) {
            return new Builder(inner.withLoggingEnabled(config));
        }

        @Override
        public StoreBuilder<QueueStateStore> withLoggingDisabled() {
            throw new UnsupportedOperationException("the correlation store must be logged: its entries are restored from the changelog");
        }

        @Override
        public QueueStateStore build() {
            return new QueueStateStore(inner.build());
        }

        @Override
        public Map<String, String> logConfig() {
            return inner.logConfig();
        }

        @Override
        public boolean loggingEnabled() {
            return inner.loggingEnabled();
        }

        @Override
        public String name() {
            return inner.name();
        }
    }
}
