package io.typoguard.detect;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A blocked Bloom filter over 64-bit hashes the caller already computed: the hash picks one 64-bit word and
 * three bits inside it, so a query is a single memory read (one cache miss at most on a large table). Written here rather than using Guava's {@code BloomFilter} because that one re-hashes every
 * key through a {@code Funnel} and allocates on each query, which cost more than the rest of a domain check;
 * this one is allocation-free. One writer, many readers: bits only ever get set, and reads see them through
 * {@link AtomicLongArray}. No false negatives; removals leave bits set (a later lookup simply misses).
 */
final class HashFilter {
    private final AtomicLongArray bits;
    private final long mask;

    /**
     * A filter of about {@code 10 * expectedKeys} bits, rounded up to a power of two: a few per cent false
     * positives at that load, and small enough to stay in cache (a miss costs more than a false positive).
     */
    HashFilter(long expectedKeys) {
        long wanted = Math.max(1L << 16, Long.highestOneBit(Math.max(1, expectedKeys * 10 - 1)) << 1);
        int words = (int) Math.min(1L << 27, wanted >>> 6);
        this.bits = new AtomicLongArray(words);
        this.mask = (long) words * 64 - 1;
    }

    private static long pattern(long hash) {
        return (1L << (hash & 63)) | (1L << ((hash >>> 6) & 63)) | (1L << ((hash >>> 12) & 63));
    }

    private int word(long hash) {
        return (int) ((hash >>> 18) & (mask >>> 6));
    }

    void put(long hash) {
        int w = word(hash);
        long m = pattern(hash);
        if ((bits.get(w) & m) != m) {
            bits.getAndAccumulate(w, m, (a, b) -> a | b);
        }
    }

    boolean mightContain(long hash) {
        long m = pattern(hash);
        return (bits.get(word(hash)) & m) == m;
    }
}
