package io.typoguard.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;

/**
 * The shared RocksDB budget with as many stores as one Typoguard instance opens: about seventy (eleven per partition of
 * six, window segments counted, and the global tables), all configured by {@link BoundedRocksDbMemory} as Kafka Streams
 * does. Each must keep its writes in its memtable until the memtables really fill their share of the budget; flushing
 * tiny memtables made the whole pipeline run at half its speed.
 */
class BoundedRocksDbMemoryTest {
    private static final int STORES = 72;
    private static final int RECORDS_PER_STORE = 200;

    @TempDir
    Path dir;

    @Test
    void seventyStoresWrittenALittleEachKeepTheirWritesInMemory() throws RocksDBException {
        RocksDB.loadLibrary();
        BoundedRocksDbMemory setter = new BoundedRocksDbMemory();
        List<Options> options = new ArrayList<>();
        List<RocksDB> stores = new ArrayList<>();
        try (WriteOptions write = new WriteOptions().setDisableWAL(true)) { // as Kafka Streams writes: the changelog is the log
            for (int s = 0; s < STORES; s++) {
                Options o = new Options().setCreateIfMissing(true);
                o.setTableFormatConfig(new BlockBasedTableConfig());
                setter.setConfig("store-" + s, o, Map.of(BoundedRocksDbMemory.MEMORY_MB, Long.toString(BoundedRocksDbMemory.DEFAULT_MB)));
                options.add(o);
                stores.add(RocksDB.open(o, dir.resolve("store-" + s).toString()));
            }
            // 200 records of about 100 bytes in each store: 1.4 MB in all, a small fraction of the memtables' budget
            for (int i = 0; i < RECORDS_PER_STORE; i++) {
                for (RocksDB db : stores) {
                    db.put(write, ("key-" + i).getBytes(StandardCharsets.UTF_8), new byte[100]);
                }
            }
            for (int s = 0; s < STORES; s++) {
                assertThat(stores.get(s).getLongProperty("rocksdb.num-entries-active-mem-table"))
                        .as("records still in the active memtable of store %d (fewer: it was flushed early)", s)
                        .isEqualTo(RECORDS_PER_STORE);
            }
        } finally {
            stores.forEach(RocksDB::close);
            options.forEach(o -> setter.close("store", o));
            options.forEach(Options::close);
        }
    }
}
