package io.typoguard.topology;

import java.time.Instant;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.BuiltInDslStoreSuppliers;
import org.apache.kafka.streams.state.DslWindowParams;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.TimestampedBytesStore;
import org.apache.kafka.streams.state.WindowBytesStoreSupplier;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * Kafka's RocksDB window stores, with their changelog position kept in the task's {@code .checkpoint} file
 * instead of inside the store.
 *
 * <p>Why: since Kafka 4.3 (KIP-1035) a RocksDB store keeps its committed changelog offset inside its own
 * database. A window store is a set of time segments, one database each, and records the offset in every
 * segment it has; a window store with no segment yet (a partition that has seen no finding, so the
 * threshold store was never written) has nowhere to record it. Under exactly-once, the next start then finds a
 * store "without checkpoint offsets" in a task directory that is not empty, declares the task corrupted,
 * wipes it and restores every store of the task from its changelog, after every clean {@code kill -TERM}.
 * A store that answers {@code managesOffsets() == false} is wrapped by Kafka Streams in its
 * {@code LegacyCheckpointingStateStore}, which writes the position to the task's checkpoint file, "no offset
 * yet" included, on every commit and on a clean close, and removes it while the task runs under exactly-once
 * (so a crash is still detected and the task rebuilt). That is all this wrapper changes; every read and write
 * goes to Kafka's own store. It extends Kafka's internal {@link WrappedStateStore} because Streams looks
 * through that class to find the time-ordered store underneath (its caching layer depends on it).
 * {@code CleanRestartTest} fails without it.
 */
public final class CheckpointedWindowStores extends BuiltInDslStoreSuppliers.RocksDBDslStoreSuppliers {

    /** For {@code Materialized.withStoreType}: the DSL's own RocksDB window store for the same parameters. */
    @Override
    public WindowBytesStoreSupplier windowStore(DslWindowParams params) {
        return wrap(super.windowStore(params));
    }

    /** Any window store supplier, its stores checkpointed by file. */
    public static WindowBytesStoreSupplier wrap(WindowBytesStoreSupplier supplier) {
        return new Supplier(supplier);
    }

    private record Supplier(WindowBytesStoreSupplier inner) implements WindowBytesStoreSupplier {
        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public WindowStore<Bytes, byte[]> get() {
            WindowStore<Bytes, byte[]> store = inner.get();
            return store instanceof TimestampedBytesStore ? new TimestampedStore(store) : new Store(store);
        }

        @Override
        public String metricsScope() {
            return inner.metricsScope();
        }

        @Override
        public long segmentIntervalMs() {
            return inner.segmentIntervalMs();
        }

        @Override
        public long windowSize() {
            return inner.windowSize();
        }

        @Override
        public boolean retainDuplicates() {
            return inner.retainDuplicates();
        }

        @Override
        public long retentionPeriod() {
            return inner.retentionPeriod();
        }
    }

    /** Stores values with their timestamps, as the DSL's windowed aggregations expect (the marker is kept). */
    private static final class TimestampedStore extends Store implements TimestampedBytesStore {
        TimestampedStore(WindowStore<Bytes, byte[]> inner) {
            super(inner);
        }
    }

    private static class Store extends WrappedStateStore<WindowStore<Bytes, byte[]>, Bytes, byte[]> implements WindowStore<Bytes, byte[]> {
        Store(WindowStore<Bytes, byte[]> inner) {
            super(inner);
        }

        /** The one change: Streams keeps this store's changelog position in the task's checkpoint file. */
        @Override
        @SuppressWarnings("deprecation")
        public boolean managesOffsets() {
            return false;
        }

        @Override
        public void put(Bytes key, byte[] value, long windowStartTimestamp) {
            wrapped().put(key, value, windowStartTimestamp);
        }

        @Override
        public byte[] fetch(Bytes key, long time) {
            return wrapped().fetch(key, time);
        }

        @Override
        public WindowStoreIterator<byte[]> fetch(Bytes key, long timeFrom, long timeTo) {
            return wrapped().fetch(key, timeFrom, timeTo);
        }

        @Override
        public WindowStoreIterator<byte[]> fetch(Bytes key, Instant timeFrom, Instant timeTo) {
            return wrapped().fetch(key, timeFrom, timeTo);
        }

        @Override
        public WindowStoreIterator<byte[]> backwardFetch(Bytes key, long timeFrom, long timeTo) {
            return wrapped().backwardFetch(key, timeFrom, timeTo);
        }

        @Override
        public WindowStoreIterator<byte[]> backwardFetch(Bytes key, Instant timeFrom, Instant timeTo) {
            return wrapped().backwardFetch(key, timeFrom, timeTo);
        }

        @Override
        public KeyValueIterator<Windowed<Bytes>, byte[]> fetch(Bytes keyFrom, Bytes keyTo, long timeFrom, long timeTo) {
            return wrapped().fetch(keyFrom, keyTo, timeFrom, timeTo);
        }

        @Override
        public KeyValueIterator<Windowed<Bytes>, byte[]> fetch(Bytes keyFrom, Bytes keyTo, Instant timeFrom, Instant timeTo) {
            return wrapped().fetch(keyFrom, keyTo, timeFrom, timeTo);
        }

        @Override
        public KeyValueIterator<Windowed<Bytes>, byte[]> backwardFetch(Bytes keyFrom, Bytes keyTo, long timeFrom, long timeTo) {
            return wrapped().backwardFetch(keyFrom, keyTo, timeFrom, timeTo);
        }

        @Override
        public KeyValueIterator<Windowed<Bytes>, byte[]> backwardFetch(Bytes keyFrom, Bytes keyTo, Instant timeFrom, Instant timeTo) {
            return wrapped().backwardFetch(keyFrom, keyTo, timeFrom, timeTo);
        }

        @Override
        public KeyValueIterator<Windowed<Bytes>, byte[]> all() {
            return wrapped().all();
        }

        @Override
        public KeyValueIterator<Windowed<Bytes>, byte[]> backwardAll() {
            return wrapped().backwardAll();
        }

        @Override
        public KeyValueIterator<Windowed<Bytes>, byte[]> fetchAll(long timeFrom, long timeTo) {
            return wrapped().fetchAll(timeFrom, timeTo);
        }

        @Override
        public KeyValueIterator<Windowed<Bytes>, byte[]> fetchAll(Instant timeFrom, Instant timeTo) {
            return wrapped().fetchAll(timeFrom, timeTo);
        }

        @Override
        public KeyValueIterator<Windowed<Bytes>, byte[]> backwardFetchAll(long timeFrom, long timeTo) {
            return wrapped().backwardFetchAll(timeFrom, timeTo);
        }

        @Override
        public KeyValueIterator<Windowed<Bytes>, byte[]> backwardFetchAll(Instant timeFrom, Instant timeTo) {
            return wrapped().backwardFetchAll(timeFrom, timeTo);
        }

        @Override
        public ReadOnlyWindowStore<Bytes, byte[]> readOnly(IsolationLevel isolationLevel) {
            return wrapped().readOnly(isolationLevel);
        }
    }
}
