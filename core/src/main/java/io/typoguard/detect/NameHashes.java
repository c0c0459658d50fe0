package io.typoguard.detect;

/**
 * Polynomial prefix hashes of one domain name, computed in one pass, so the hash of any part of the name (a parent
 * domain, the registrable label, the name without its suffix) or of the name with one character removed or replaced
 * costs O(1) instead of a pass over a new string. A check asks the trusted index's pre-filter about ten such keys;
 * hashing each one from scratch, one dependent multiplication per character, cost more than the filter reads.
 *
 * <p>{@link #of} hashes an explicit string the same way (the index side), and {@link #key} turns a polynomial hash,
 * the key's length and the kind of key into the well-mixed 64-bit value the filter uses.
 */
final class NameHashes {
    private static final long B = 0x100000001B3L;
    /** B^k for every k up to 1,024: more than any validated name (at most 253 characters) needs. */
    private static final long[] POW = new long[1025];

    static {
        POW[0] = 1;
        for (int i = 1; i < POW.length; i++) {
            POW[i] = POW[i - 1] * B;
        }
    }

    private final String name;
    private final long[] prefix; // prefix[i] = hash of name[0, i)

    /** @param name a domain name of at most 1,024 characters (a validated one has at most 253) */
    NameHashes(String name) {
        this.name = name;
        int n = name.length();
        if (n >= POW.length) {
            throw new IllegalArgumentException("name longer than " + (POW.length - 1) + " characters");
        }
        prefix = new long[n + 1];
        long h = 0;
        for (int i = 0; i < n; i++) {
            h = h * B + name.charAt(i);
            prefix[i + 1] = h;
        }
    }

    String name() {
        return name;
    }

    /** Hash of name[from, to). */
    long range(int from, int to) {
        return prefix[to] - prefix[from] * POW[to - from];
    }

    /** Hash of the name without the character at {@code at}. */
    long without(int at) {
        int n = name.length();
        return prefix[at] * POW[n - 1 - at] + range(at + 1, n);
    }

    /** Hash of the name with the character at {@code at} replaced by {@code c}. */
    long replaced(int at, char c) {
        return prefix[name.length()] + (c - name.charAt(at)) * POW[name.length() - 1 - at];
    }

    /** B^k: the factor that shifts a hash by k characters (hash(a + b) = hash(a) * pow(b.length()) + hash(b)). */
    static long pow(int k) {
        return POW[k];
    }

    /** The same polynomial hash of an explicit string. */
    static long of(CharSequence s) {
        long h = 0;
        for (int i = 0; i < s.length(); i++) {
            h = h * B + s.charAt(i);
        }
        return h;
    }

    /**
     * The filter's hash of a key: its polynomial hash, length and kind (which map of the index it belongs to) through
     * the MurmurHash3 64-bit finaliser, since a polynomial hash's low bits alone are weak.
     */
    static long key(long polynomial, int length, int kind) {
        long h = polynomial ^ (length * 0x9E3779B97F4A7C15L) ^ ((kind + 1L) * 0xC2B2AE3D27D4EB4FL);
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
