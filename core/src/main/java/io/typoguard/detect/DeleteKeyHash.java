package io.typoguard.detect;

import java.util.SplittableRandom;

/**
 * 64-bit hashes of symmetric-delete keys (a label with one or two characters deleted), computed for every
 * deletion of a label in O(1) each, without building the strings. The trusted index keeps these hashes in a Bloom
 * filter, so a domain that is not a typo is rejected without allocating a key string; only a possible hit is
 * confirmed against the trusted names themselves.
 *
 * <p>The hash is simple tabulation hashing: one random 64-bit word per (position, character), XORed over the
 * string, and one per length. A deletion shifts the characters after it one position left, so a variant's hash is
 * a prefix of the plain row values, then the shifted rows' values (running XORs kept while the deleted positions
 * move), with no multiplication at all; tabulation hashing is 3-independent, which is what a Bloom filter's false
 * positive rate assumes. (It replaced polynomial hashes with a multiply-shift finaliser, which cost about half of
 * the two-deletion probes; docs/detection.md, "Cost".)
 */
final class DeleteKeyHash {
    /** Positions with their own table row; longer strings (not DNS labels) reuse rows, position & 63. */
    private static final int ROWS = 64;
    private static final long[] TABLE = new long[ROWS * 128];
    private static final long[] LENGTH = new long[128];

    static {
        SplittableRandom random = new SplittableRandom(0x7970_6f67_7561_7264L);
        for (int i = 0; i < TABLE.length; i++) {
            TABLE[i] = random.nextLong();
        }
        for (int i = 0; i < LENGTH.length; i++) {
            LENGTH[i] = random.nextLong();
        }
    }

    private DeleteKeyHash() {
    }

    /** The table word of character {@code c} at position {@code p}. Labels are ASCII; other characters fold. */
    private static long t(int p, char c) {
        int column = c < 128 ? c : (c ^ (c >>> 7) ^ (c >>> 14)) & 127;
        return TABLE[((p & (ROWS - 1)) << 7) | column];
    }

    private static long len(int length) {
        return LENGTH[length & 127];
    }

    /** Receives the hash of each variant: index 0 is the label itself, index i + 1 the label without character i. */
    interface Sink {
        /** @return false to stop early */
        boolean accept(int variant, long hash);
    }

    /** As {@link #allOf} without allocating: calls the sink for the label and each deletion. */
    static void forEach(String label, Sink sink) {
        int n = label.length();
        long whole = 0;   // XOR over p of T[p][s_p]
        long shifted = 0; // XOR over p >= 1 of T[p - 1][s_p]: every character one position left
        for (int p = 0; p < n; p++) {
            char c = label.charAt(p);
            whole ^= t(p, c);
            if (p > 0) {
                shifted ^= t(p - 1, c);
            }
        }
        if (!sink.accept(0, whole ^ len(n))) {
            return;
        }
        long head = 0;          // the characters before i, in place
        long tail = shifted;    // the characters after i, one position left: XOR over p > i of T[p - 1][s_p]
        long lengthWord = len(n - 1);
        for (int i = 0; i < n; i++) {
            if (!sink.accept(i + 1, head ^ tail ^ lengthWord)) {
                return;
            }
            head ^= t(i, label.charAt(i));
            if (i + 1 < n) {
                tail ^= t(i, label.charAt(i + 1)); // s_(i+1) is the next deleted character: out of the tail
            }
        }
    }

    /**
     * The depth-2 keys of a label that keep its first letter: the hash of the label without characters i and j for
     * every 0 < i < j, O(1) each, without building strings (labels up to 64). Written into {@code out} (at least
     * (n-1)(n-2)/2 long) in the order i, then j; filling an array first lets the caller's filter reads overlap
     * instead of waiting on each hash in turn.
     *
     * @return how many hashes were written
     */
    static int pairs(String label, long[] out) {
        int n = label.length();
        if (n < 3 || n > 64) {
            return 0;
        }
        long lengthWord = len(n - 2);
        // after(i): the characters from i + 2 on, shifted two positions left: XOR over p >= i + 2 of T[p - 2][s_p].
        long after = 0;
        for (int p = 3; p < n; p++) {
            after ^= t(p - 2, label.charAt(p));
        }
        long head = t(0, label.charAt(0)); // characters before i, in place
        int k = 0;
        for (int i = 1; i < n - 1; i++) {
            long mid = 0;          // characters strictly between i and j, one position left
            long tail = after;     // characters after j, two positions left
            for (int j = i + 1; j < n; j++) {
                out[k++] = head ^ mid ^ tail ^ lengthWord;
                if (j + 1 < n) {
                    mid ^= t(j - 1, label.charAt(j));     // s_j stays when j moves on: between i and j, shifted by one
                    tail ^= t(j - 1, label.charAt(j + 1)); // s_(j+1) becomes the deleted character: out of the tail
                }
            }
            head ^= t(i, label.charAt(i));
            if (i + 2 < n) {
                after ^= t(i, label.charAt(i + 2)); // the next i's first tail starts after s_(i+2)
            }
        }
        return k;
    }

    /** Hash of an explicit variant string: the index side. */
    static long of(String variant) {
        long h = 0;
        for (int p = 0; p < variant.length(); p++) {
            h ^= t(p, variant.charAt(p));
        }
        return h ^ len(variant.length());
    }

    /**
     * Hashes of the label and of the label minus character i for every i: the query side.
     * {@code out[0]} is the label itself, {@code out[i + 1]} the label without character i.
     */
    static long[] allOf(String label) {
        long[] out = new long[label.length() + 1];
        forEach(label, (v, h) -> {
            out[v] = h;
            return true;
        });
        return out;
    }
}
