package io.typoguard.detect;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The trusted entries under each 64-bit key hash ({@link TrustedIndex}'s one- and two-delete keys), in two parallel
 * arrays with open addressing: 12 bytes a slot, three to six eighths of the slots taken, where a
 * {@code ConcurrentHashMap<Long, TrustedEntry[]>} took a node and a boxed key for each key and a table slot (the index
 * heap at 100,000 trusted names went from 182 MB to 95 MB). A trusted name of 10 letters has some 45 such keys, and
 * every established correspondent of every organisation is indexed the same way (issue 19), on every instance.
 *
 * <p>One writer (the thread that updates the trusted list or the correspondents) and any number of readers, without
 * locks: a value is published with release semantics after its key, and read with acquire semantics before it; a
 * removal leaves a tombstone; growing or dropping the tombstones builds a new table aside and publishes it whole. A reader
 * may see an update half applied (a key's entries before or after it), as with the maps this replaces, never a torn one.
 * A key's value is its one entry, or an array of them when several names share the key (rare: a collision of hashes or
 * of deletions).
 *
 * <p>Written by hand: the primitive-keyed maps of the libraries at hand (fastutil, used by the benchmark harness) are
 * not safe for readers while another thread writes, and a lock on the detector's hot path would be shared by every
 * stream thread and the policy service.
 */
final class HashKeyedEntries {
    private static final VarHandle VALUES = MethodHandles.arrayElementVarHandle(Object[].class);
    /** A removed key's value: the slot stays taken until the next rebuild, so probes for later keys go on past it. */
    private static final Object REMOVED = new Object();

    private static final class Table {
        final long[] keys;
        final Object[] values;
        final int mask;

        Table(int capacity) {
            keys = new long[capacity];
            values = new Object[capacity];
            mask = capacity - 1;
        }
    }

    private volatile Table table = new Table(16);
    /** Keys with entries (writer only). */
    private int live;
    /** Slots taken, removed ones included (writer only). */
    private int taken;

    /** The entries under {@code key} (none: an empty list). Any thread. */
    java.util.List<TrustedEntry> get(long key) {
        Table t = table;
        for (int i = slot(key, t.mask); ; i = (i + 1) & t.mask) {
            Object v = VALUES.getAcquire(t.values, i);
            if (v == null) {
                return java.util.List.of();
            }
            if (t.keys[i] == key && v != REMOVED) {
                return v instanceof TrustedEntry e ? java.util.List.of(e) : java.util.List.of((TrustedEntry[]) v);
            }
        }
    }

    /** Adds {@code entry} under {@code key}, unless an entry of the same name is there. Writer only. */
    void add(long key, TrustedEntry entry) {
        if (4 * (taken + 1) > 3 * table.keys.length) { // at most three slots in four taken
            rebuild(2 * (live + 1) > table.keys.length ? table.keys.length * 2 : table.keys.length);
        }
        Table t = table;
        int i = find(t, key);
        Object v = i < 0 ? null : t.values[i];
        if (v == null) {
            int free = ~i;
            t.keys[free] = key;
            VALUES.setRelease(t.values, free, entry);
            live++;
            taken++;
            return;
        }
        TrustedEntry[] now = v instanceof TrustedEntry e ? new TrustedEntry[] {e} : (TrustedEntry[]) v;
        for (TrustedEntry e : now) {
            if (e.name().equals(entry.name())) {
                return;
            }
        }
        TrustedEntry[] more = java.util.Arrays.copyOf(now, now.length + 1);
        more[now.length] = entry;
        VALUES.setRelease(t.values, i, more);
    }

    /** Removes the entry named {@code name} from under {@code key}. Writer only. */
    void remove(long key, String name) {
        Table t = table;
        int i = find(t, key);
        if (i < 0) {
            return;
        }
        Object v = t.values[i];
        TrustedEntry[] now = v instanceof TrustedEntry e ? new TrustedEntry[] {e} : (TrustedEntry[]) v;
        int keep = 0;
        for (TrustedEntry e : now) {
            if (!e.name().equals(name)) {
                keep++;
            }
        }
        if (keep == now.length) {
            return;
        }
        if (keep == 0) {
            VALUES.setRelease(t.values, i, REMOVED);
            live--;
            return;
        }
        TrustedEntry[] rest = new TrustedEntry[keep];
        int n = 0;
        for (TrustedEntry e : now) {
            if (!e.name().equals(name)) {
                rest[n++] = e;
            }
        }
        VALUES.setRelease(t.values, i, rest.length == 1 ? rest[0] : rest);
    }

    /** Drops everything. Writer only. */
    void clear() {
        table = new Table(16);
        live = 0;
        taken = 0;
    }

    /** Keys with entries. */
    int size() {
        return live;
    }

    /** The slot holding {@code key} (not removed), or {@code ~free slot} where it would go. */
    private static int find(Table t, long key) {
        for (int i = slot(key, t.mask); ; i = (i + 1) & t.mask) {
            Object v = t.values[i];
            if (v == null) {
                return ~i;
            }
            if (t.keys[i] == key && v != REMOVED) {
                return i;
            }
        }
    }

    /** A table of {@code capacity} slots holding the live keys, published whole. */
    private void rebuild(int capacity) {
        Table old = table;
        Table t = new Table(capacity);
        for (int i = 0; i < old.keys.length; i++) {
            Object v = old.values[i];
            if (v != null && v != REMOVED) {
                int free = ~find(t, old.keys[i]);
                t.keys[free] = old.keys[i];
                t.values[free] = v;
            }
        }
        taken = live;
        table = t; // volatile: readers see the filled table
    }

    private static int slot(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L; // the keys are random tabulation hashes already; this mixes their low bits
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
