package io.typoguard.detect;

/**
 * 64-bit hashes of symmetric-delete keys (suffix + label with one character deleted), computed for every
 * deletion of a label in O(1) each from prefix and suffix polynomial hashes, without building the strings.
 * The trusted index keeps these hashes in a Bloom filter, so a domain that is not a typo is rejected without
 * allocating a key string; only a possible hit is confirmed with the exact string lookup.
 */
final class DeleteKeyHash {
    private static final long B = 0x100000001B3L;

    /** B^k for k up to the longest DNS label. */
    private static final long[] POW = new long[65];

    static {
        POW[0] = 1;
        for (int i = 1; i < POW.length; i++) {
            POW[i] = POW[i - 1] * B;
        }
    }

    private DeleteKeyHash() {
    }

    /** Receives the hash of each variant: index 0 is the label itself, index i + 1 the label without character i. */
    interface Sink {
        /** @return false to stop early */
        boolean accept(int variant, long hash);
    }

    /** As {@link #allOf} without allocating: calls the sink for the label and each deletion (labels up to 64). */
    static void forEach(String suffix, String label, Sink sink) {
        int n = label.length();
        if (n > 64) {
            long[] all = allOf(suffix, label);
            for (int i = 0; i < all.length; i++) {
                if (!sink.accept(i, all[i])) {
                    return;
                }
            }
            return;
        }
        long hs = poly(suffix, 0, suffix.length());
        long full = poly(label, 0, n);
        if (!sink.accept(0, mix(hs, full, n))) {
            return;
        }
        long pre = 0; // hash of label[0, i)
        for (int i = 0; i < n; i++) {
            long preNext = pre * B + label.charAt(i); // hash of label[0, i + 1)
            long tail = full - preNext * POW[n - 1 - i];
            if (!sink.accept(i + 1, mix(hs, pre * POW[n - 1 - i] + tail, n - 1))) {
                return;
            }
            pre = preNext;
        }
    }

    /**
     * The depth-2 keys of a label that keep its first letter: the hash of the label without characters i and j for
     * every 0 < i < j, O(1) each from running polynomial hashes, without building strings (labels up to 64). Written
     * into {@code out} (at least (n-1)(n-2)/2 long) in the order i, then j; filling an array first lets the caller's
     * filter reads overlap instead of waiting on each hash in turn.
     *
     * @return how many hashes were written
     */
    static int pairs(String label, long[] out) {
        int n = label.length();
        if (n < 3 || n > 64) {
            return 0;
        }
        long full = poly(label, 0, n);
        long preI = label.charAt(0);
        int k = 0;
        for (int i = 1; i < n - 1; i++) {
            long mid = 0;
            long preJ1 = preI * B + label.charAt(i);
            long head = preI * POW[n - 2 - i];
            for (int j = i + 1; j < n; j++) {
                preJ1 = preJ1 * B + label.charAt(j);
                int rest = n - 1 - j;
                out[k++] = mix(0, head + mid * POW[rest] + full - preJ1 * POW[rest], n - 2);
                mid = mid * B + label.charAt(j);
            }
            preI = preI * B + label.charAt(i);
        }
        return k;
    }

    /** Hash of the key (suffix, variant) for an explicit variant string: the index side. */
    static long of(String suffix, String variant) {
        return mix(poly(suffix, 0, suffix.length()), poly(variant, 0, variant.length()), variant.length());
    }

    /**
     * Hashes of (suffix, label) and of (suffix, label minus character i) for every i: the query side.
     * {@code out[0]} is the label itself, {@code out[i + 1]} the label without character i.
     */
    static long[] allOf(String suffix, String label) {
        int n = label.length();
        long hs = poly(suffix, 0, suffix.length());
        long[] pre = new long[n + 1];
        long[] pow = new long[n + 1];
        pow[0] = 1;
        for (int i = 0; i < n; i++) {
            pre[i + 1] = pre[i] * B + label.charAt(i);
            pow[i + 1] = pow[i] * B;
        }
        long[] out = new long[n + 1];
        out[0] = mix(hs, pre[n], n);
        for (int i = 0; i < n; i++) {
            // prefix [0, i) followed by tail (i, n): pre[i] * B^(n-1-i) + (pre[n] - pre[i+1] * B^(n-1-i))
            long tail = pre[n] - pre[i + 1] * pow[n - 1 - i];
            out[i + 1] = mix(hs, pre[i] * pow[n - 1 - i] + tail, n - 1);
        }
        return out;
    }

    private static long poly(String s, int from, int to) {
        long h = 0;
        for (int i = from; i < to; i++) {
            h = h * B + s.charAt(i);
        }
        return h;
    }

    private static long mix(long suffixHash, long variantHash, int variantLength) {
        long h = suffixHash * 0x9E3779B97F4A7C15L ^ variantHash ^ ((long) variantLength << 56);
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
