package io.typoguard.runtime;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the off-heap memory of every RocksDB state store in this JVM together, as Kafka Streams' memory
 * management guide describes: one LRU block cache shared by all stores, with the memtables charged to it through
 * a {@link WriteBufferManager}, and index and filter blocks held in the cache instead of outside it. Without it,
 * each store segment has its own 50 MB block cache and 3 x 16 MB memtables, so native memory grows with the number
 * of window segments and partitions (a soak run's RSS grew for 25 minutes).
 *
 * <p>The size is {@code typoguard.state.memory.mb} (default 128), a quarter of it for memtables. It is read once,
 * by the first store to open: the cache is shared by every store of the process.
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {
    public static final String MEMORY_MB = "typoguard.state.memory.mb";
    public static final long DEFAULT_MB = 128;

    /**
     * Memtable arena blocks of 64 KB instead of RocksDB's default (an eighth of the write buffer, 1 MB here). Every
     * open store holds at least one block as soon as it is written, and a Typoguard instance opens about 70 stores
     * (eleven per partition of six, window segments counted, plus the global tables): with 1 MB blocks they charged more
     * than the memtables' whole quarter of the budget before holding any data, so the write buffer manager found the
     * budget exceeded on every write and flushed each store's memtable while it was tiny. The whole pipeline ran at
     * half its speed (PipelineBench, docs/benchmarks.md).
     */
    static final long ARENA_BLOCK_BYTES = 64 * 1024;

    private static Cache cache;
    private static WriteBufferManager writeBuffers;
    private static long bytes;

    /** The shared cache's capacity in bytes (0 before any store opened). */
    public static synchronized long capacityBytes() {
        return bytes;
    }

    private static synchronized void share(Map<String, Object> configs) {
        if (cache == null) {
            Object mb = configs.get(MEMORY_MB);
            bytes = (mb == null ? DEFAULT_MB : Long.parseLong(mb.toString().trim())) * 1024 * 1024;
            // strict capacity off: a full cache evicts rather than failing reads; high-priority pool for index/filter
            cache = new LRUCache(bytes, -1, false, 0.1);
            writeBuffers = new WriteBufferManager(bytes / 4, cache);
        }
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        share(configs);
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(cache);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(writeBuffers);
        options.setMaxWriteBufferNumber(2);
        options.setWriteBufferSize(Math.max(1L << 20, Math.min(16L << 20, bytes / 16)));
        options.setArenaBlockSize(ARENA_BLOCK_BYTES);
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and the write buffer manager are shared by every store: they live as long as the process.
    }
}
