package io.typoguard.detect;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A blocked Bloom filter over 64-bit hashes the caller already computed: the hash picks one 64-bit word and
 * three bits inside it (from its low 18 bits), so a query is a single memory read (one cache miss at most on a
 * large table). Written here rather than using Guava's {@code BloomFilter} because that one re-hashes every key
 * through a {@code Funnel} and allocates on each query, which cost more than the rest of a domain check; this one
 * is allocation-free. One writer, many readers: bits only ever get set, and reads see them through
 * {@link AtomicLongArray}. No false negatives; removals leave bits set (a later lookup simply misses).
 */
final class HashFilter {
    private final AtomicLongArray bits;
    private final long words;

    /**
     * A filter of {@code 10 * expectedKeys} bits (at least 64 Kbit): about half a per cent false positives at that
     * load, and as small as that allows, since on a large trusted list each read is a cache miss and costs more than
     * a false positive. (Rounding up to a power of two, as before, made the delete-key filter 8 MB instead of 5 MB at
     * 100,000 trusted domains.)
     */
    HashFilter(long expectedKeys) {
        long wanted = Math.max(1L << 16, expectedKeys * 10);
        int words = (int) Math.min(1L << 27, (wanted + 63) >>> 6);
        this.bits = new AtomicLongArray(words);
        this.words = words;
    }

    private static long pattern(long hash) {
        return (1L << (hash & 63)) | (1L << ((hash >>> 6) & 63)) | (1L << ((hash >>> 12) & 63));
    }

    /** The word from the hash's high 32 bits, scaled to the table (Lemire's multiply-shift, no power of two needed). */
    private int word(long hash) {
        return (int) (((hash >>> 32) * words) >>> 32);
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
