package io.typoguard.bench;

import io.typoguard.relate.Relationship;
import io.typoguard.topology.InternalSerdes;
import io.typoguard.topology.RelationshipState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serializer;
import org.rocksdb.CompressionType;
import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

/**
 * Disk taken by the relationship table (issue 19) per million (organisation, domain) pairs: the store's real keys and
 * values (the topology's serde) written into RocksDB with the options Kafka Streams uses by default (LZ4 compression),
 * flushed and compacted, then the SST files summed. Pairs from {@link RelationshipFootprint#pair}: 1 to 8 senders, mail
 * on 1 to 10 days, replies for half of them (synthetic: made-up names, not real traffic). Also the serialised value size, which is what the changelog topic holds.
 * Run: java -cp <test classpath> io.typoguard.bench.RelationshipStoreFootprint 1000000
 */
public final class RelationshipStoreFootprint {
    private static final long DAY = 86_400_000L;
    private static final long T0 = 1_764_547_200_000L;

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        RocksDB.loadLibrary();
        Path dir = Files.createTempDirectory("relationship-store-");
        Serializer<RelationshipState> serde = InternalSerdes.relationshipState().serializer();
        long keyBytes = 0;
        long valueBytes = 0;
        Random r = new Random(7);
        try (Options options = new Options().setCreateIfMissing(true).setCompressionType(CompressionType.LZ4_COMPRESSION);
             RocksDB db = RocksDB.open(options, dir.toString())) {
            for (int i = 0; i < n; i++) {
                Relationship rel = RelationshipFootprint.pair(r, i);
                byte[] key = RelationshipState.key(rel.organisation(), rel.domain()).getBytes(StandardCharsets.UTF_8);
                byte[] value = serde.serialize("bench", new RelationshipState(rel, i % 2 == 0 ? T0 + 2 * DAY : Relationship.NEVER));
                keyBytes += key.length;
                valueBytes += value.length;
                db.put(key, value);
            }
            long sst = compactedSize(db, dir);
            System.out.printf(java.util.Locale.ROOT, "{\"benchmark\":\"RelationshipStoreFootprint\",\"pairs\":%d,\"keyBytesPerPair\":%.1f,"
                            + "\"valueBytesPerPair\":%.1f,\"sstBytes\":%d,\"sstBytesPerPair\":%.1f,\"sstMbPerMillionPairs\":%.1f}%n",
                    n, (double) keyBytes / n, (double) valueBytes / n, sst, (double) sst / n, sst / 1048576.0 * 1_000_000 / n);
        } finally {
            delete(dir);
        }
        senderDomains(n);
    }

    /**
     * The per-sender sets (sender-domains-store) when the organisation writes to {@code distinct} different domains:
     * 20,000 senders, each writing to 1 to 2,000 domains (most to few, some to many: a power law), drawn from the
     * {@code distinct} domains so that every one of them is written to. A set keeps at most 512 domains.
     */
    static void senderDomains(int distinct) throws Exception {
        int senders = 20_000;
        Random r = new Random(11);
        Path dir = Files.createTempDirectory("sender-domains-store-");
        long valueBytes = 0;
        long capped = 0;
        long writes = 0;
        int next = 0;
        try (Options options = new Options().setCreateIfMissing(true).setCompressionType(CompressionType.LZ4_COMPRESSION);
             RocksDB db = RocksDB.open(options, dir.toString())) {
            for (int s = 0; s < senders; s++) {
                int domains = (int) Math.min(2_000, Math.floor(1 / Math.pow(1 - r.nextDouble(), 0.9))); // Pareto, most senders few domains
                if (s < senders / 20) {
                    domains = Math.max(domains, distinct / senders * 20); // heavy senders cover the rest of the distinct domains
                }
                io.typoguard.relate.SenderDomains set = io.typoguard.relate.SenderDomains.empty();
                for (int i = 0; i < domains; i++) {
                    String domain = "d" + (next++ % distinct) + ".example";
                    set.record(domain, T0 + (long) i * 60_000L);
                    writes++;
                }
                capped += domains > io.typoguard.relate.SenderDomains.MAX ? 1 : 0;
                byte[] value = set.toBytes();
                valueBytes += value.length;
                db.put(("sender" + s + "@org.example").getBytes(StandardCharsets.UTF_8), value);
            }
            long sst = compactedSize(db, dir);
            System.out.printf(java.util.Locale.ROOT, "{\"benchmark\":\"SenderDomainsFootprint\",\"senders\":%d,\"distinctDomains\":%d,"
                            + "\"domainWrites\":%d,\"sendersAtTheBound\":%d,\"valueBytes\":%d,\"valueBytesPerSender\":%.1f,\"sstBytes\":%d,"
                            + "\"sstMb\":%.1f}%n", senders, Math.min(distinct, next), writes, capped, valueBytes, (double) valueBytes / senders, sst,
                    sst / 1048576.0);
        } finally {
            delete(dir);
        }
    }

    /** Flushes and compacts the store, then sums its SST files. */
    private static long compactedSize(RocksDB db, Path dir) throws Exception {
        try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
            db.flush(flush);
        }
        db.compactRange();
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".sst")).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    private static void delete(Path dir) throws java.io.IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    private RelationshipStoreFootprint() {
    }
}
