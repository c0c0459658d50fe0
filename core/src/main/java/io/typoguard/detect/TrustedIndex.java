package io.typoguard.detect;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The trusted-domain table in the shape the detector needs, so a check costs the same with 10 or 100,000
 * trusted domains: a handful of hash lookups per candidate, never a scan.
 *
 * <ul>
 *   <li>{@code exact}: domain -> entry (is it trusted?).</li>
 *   <li>{@code byLabel}: registrable label -> domains (army -> army.mil), for TLD edits.</li>
 *   <li>{@code deletes}: the hash ({@link DeleteKeyHash}) of the label with at most one character deleted ->
 *       domains (a symmetric-delete index, as in SymSpell), for one-edit label typos (gmial.com -> gmail.com),
 *       also under a TLD that is itself one edit off (gmaik.co). A Bloom filter of the same hashes answers most
 *       misses; a hit is confirmed by an edit distance, so neither side ever builds the key strings.</li>
 *   <li>{@code deletes2}: for labels of {@link #MIN_LABEL_FOR_DEPTH2}+ letters, the hash of the label with two
 *       characters after the first deleted -> domains, for two slips in a long name (htomali.com, wananadoo.fr).
 *       Only hashes are kept (a hit is confirmed by an edit distance), so the keys cost no strings. Both delete-key
 *       tables are {@link HashKeyedEntries}: primitive keys in open addressing, no node or boxed key per key, since a
 *       long name has dozens of them.</li>
 *   <li>{@code joined}: the domain with one dot removed -> domains (armymil, seibm.com), for missing dots.</li>
 * </ul>
 *
 * <p>Safe for one writer (the global-store updater thread) and many readers (stream threads, the policy
 * service). Updates are incremental; a reader may see an update half applied, which at worst delays a
 * finding by one record, never corrupts the index.
 */
public final class TrustedIndex {
    /** Trusted labels at least this long get depth-2 delete keys: two slips in a shorter name are too often another name. */
    public static final int MIN_LABEL_FOR_DEPTH2 = 7;

    private final Map<String, TrustedEntry> exact = new ConcurrentHashMap<>();
    // Each key maps to a small immutable array, replaced on change (copy-on-write): cheap to read, and far
    // smaller than a set per key when most keys have one entry.
    private final Map<String, TrustedEntry[]> byLabel = new ConcurrentHashMap<>();
    private final HashKeyedEntries deletes = new HashKeyedEntries();
    private final HashKeyedEntries deletes2 = new HashKeyedEntries();
    private final Map<String, TrustedEntry[]> joined = new ConcurrentHashMap<>();
    private final Map<String, TrustedEntry[]> skeletons = new ConcurrentHashMap<>();
    private final Map<String, TrustedEntry[]> withSubPart = new ConcurrentHashMap<>();
    /**
     * Pre-filter over every key of every map above (tagged by map), so the common miss (a domain that is not
     * a typo) costs a few bit reads instead of a hash-map probe.
     */
    private volatile HashFilter keyFilter = new HashFilter(1 << 14);
    /** Pre-filter over {@code deletes} keys (see {@link DeleteKeyHash}); stale bits after removals only cost a lookup. */
    private volatile ConfirmedFilter deleteBloom = newBloom(0);

    /** Adds or replaces an entry. */
    public void upsert(TrustedEntry entry) {
        if (exact.size() > 2 * Math.max(1024, bloomSizedFor)) {
            resizeBloom();
        }
        TrustedEntry previous = exact.get(entry.name());
        if (previous != null) {
            forEachKey(previous.domain(), (map, key) -> map.computeIfPresent(key, (k, arr) -> without(arr, previous.name())));
            forEachHashedKey(previous.domain().label(), (map, h) -> map.remove(h, previous.name()));
        }
        forEachHashedKey(entry.domain().label(), (map, h) -> {
            map.add(h, entry);
            deleteBloom.put(h);
        });
        forEachKey(entry.domain(), (map, key) -> {
            map.merge(key, new TrustedEntry[] {entry}, TrustedIndex::with);
            keyFilter.put(keyHash(key, tagOf(map)));
        });
        keyFilter.put(keyHash(entry.name(), EXACT_TAG));
        exact.put(entry.name(), entry);
    }

    private static TrustedEntry[] with(TrustedEntry[] arr, TrustedEntry[] one) {
        for (TrustedEntry e : arr) {
            if (e.name().equals(one[0].name())) {
                return arr;
            }
        }
        TrustedEntry[] out = java.util.Arrays.copyOf(arr, arr.length + 1);
        out[arr.length] = one[0];
        return out;
    }

    private static TrustedEntry[] without(TrustedEntry[] arr, String name) {
        int n = 0;
        for (TrustedEntry e : arr) {
            if (!e.name().equals(name)) {
                n++;
            }
        }
        if (n == 0) {
            return null;
        }
        TrustedEntry[] out = new TrustedEntry[n];
        int i = 0;
        for (TrustedEntry e : arr) {
            if (!e.name().equals(name)) {
                out[i++] = e;
            }
        }
        return out;
    }

    private int bloomSizedFor;

    /** The table outgrew the Bloom filter's design size: refill a larger one from the delete keys. */
    private synchronized void resizeBloom() {
        ConfirmedFilter bigger = newBloom(exact.size());
        HashFilter biggerKeys = new HashFilter(Math.max(1 << 14, 8L * exact.size()));
        for (TrustedEntry e : exact.values()) {
            forEachHashedKey(e.domain().label(), (map, h) -> bigger.put(h));
            forEachKey(e.domain(), (map, key) -> biggerKeys.put(keyHash(key, tagOf(map))));
            biggerKeys.put(keyHash(e.name(), EXACT_TAG));
        }
        bloomSizedFor = exact.size();
        deleteBloom = bigger;
        keyFilter = biggerKeys;
    }

    /** Removes a domain (a tombstone on the trusted topic); unknown domains are ignored. */
    public void remove(String domain) {
        DomainName name = DomainName.tryParse(domain).orElse(null);
        if (name == null) {
            return;
        }
        TrustedEntry removed = exact.remove(name.ascii());
        if (removed == null) {
            return;
        }
        forEachKey(removed.domain(), (map, key) -> map.computeIfPresent(key, (k, arr) -> without(arr, removed.name())));
        forEachHashedKey(removed.domain().label(), (map, h) -> map.remove(h, removed.name()));
    }

    /** Replaces the whole content (used when an instance starts and reads its store). */
    public void rebuild(Collection<TrustedEntry> entries) {
        exact.clear();
        byLabel.clear();
        deletes.clear();
        deletes2.clear();
        joined.clear();
        skeletons.clear();
        withSubPart.clear();
        deleteBloom = newBloom(entries.size());
        keyFilter = new HashFilter(Math.max(1 << 14, 8L * entries.size()));
        bloomSizedFor = entries.size();
        entries.forEach(this::upsert);
    }

    public int size() {
        return exact.size();
    }

    public Optional<TrustedEntry> get(String asciiDomain) {
        return Optional.ofNullable(exactGet(asciiDomain));
    }

    private static final int EXACT_TAG = 6;

    /**
     * The entry for the name with the character at {@code at} removed ({@code replacement} 0) or replaced
     * (ar.my.mil -> army.mil, se-ibm.com -> se.ibm.com), building that string only when the filter says it may be
     * trusted: most domains have a dot or two, and most checks find nothing.
     */
    Optional<TrustedEntry> getEdited(NameHashes name, int at, char replacement) {
        String ascii = name.name();
        long h = replacement == 0 ? name.without(at) : name.replaced(at, replacement);
        if (!keyFilter.mightContain(NameHashes.key(h, ascii.length() - (replacement == 0 ? 1 : 0), EXACT_TAG))) {
            return Optional.empty();
        }
        String key = replacement == 0 ? ascii.substring(0, at) + ascii.substring(at + 1)
                : ascii.substring(0, at) + replacement + ascii.substring(at + 1);
        return Optional.ofNullable(exact.get(key));
    }

    private TrustedEntry exactGet(String asciiDomain) {
        return filtered(exact, EXACT_TAG, asciiDomain);
    }

    private TrustedEntry exactGet(NameHashes name, int from, int to) {
        return filtered(exact, EXACT_TAG, name, from, to);
    }

    /** The trusted entry covering this domain: the domain itself or a parent that includes subdomains. */
    public Optional<TrustedEntry> covering(DomainName domain) {
        return covering(domain.ascii());
    }

    /** As {@link #covering(DomainName)}, for a name already in normalised ASCII form. */
    public Optional<TrustedEntry> covering(String asciiDomain) {
        return covering(new NameHashes(asciiDomain), asciiDomain.length());
    }

    /** As {@link #covering(String)} for the first {@code to} characters of the name (army.mil of army.mil.com). */
    Optional<TrustedEntry> covering(NameHashes name, int to) {
        TrustedEntry e = exactGet(name, 0, to);
        if (e != null) {
            return Optional.of(e);
        }
        String s = name.name();
        for (int dot = s.indexOf('.'); dot >= 0 && dot < to; dot = s.indexOf('.', dot + 1)) {
            e = exactGet(name, dot + 1, to);
            if (e != null && e.includeSubdomains()) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    List<TrustedEntry> withLabel(String label) {
        return resolve(lookup(byLabel, label));
    }

    /** As {@link #withLabel(String)} for name[from, to). */
    List<TrustedEntry> withLabel(NameHashes name, int from, int to) {
        return resolve(lookup(byLabel, name, from, to));
    }

    /** Entries whose label, or the label without one character, has this hash (may include collisions). */
    List<TrustedEntry> withDeleteKey(long hash) {
        return deletes.get(hash);
    }

    /** Entries whose label, without two characters after the first, has this hash (may include collisions). */
    List<TrustedEntry> withDepth2Key(long hash) {
        return deletes2.get(hash);
    }

    /** False when no trusted label has this delete-key hash (no false negatives). */
    boolean mayHaveDeleteKey(long hash) {
        return deleteBloom.mightContain(hash);
    }

    private static ConfirmedFilter newBloom(int entries) {
        // About 10 delete keys per domain, and 15 to 45 depth-2 keys for a name of 7 to 11 letters; refilled larger
        // when the table doubles (see upsert).
        return new ConfirmedFilter(Math.max(1 << 14, 40L * entries));
    }

    private interface HashedKeyAction {
        void apply(HashKeyedEntries map, long hash);
    }

    /**
     * The hash-keyed keys of a trusted label, each with its map: the label and each one-character deletion
     * ({@code deletes}; none for an empty label), and for a label of {@link #MIN_LABEL_FOR_DEPTH2}+ letters its
     * depth-2 keys ({@code deletes2}). Every one of them also goes into the delete-key filter.
     */
    private void forEachHashedKey(String label, HashedKeyAction action) {
        if (!label.isEmpty()) {
            deletesOf(label, v -> action.apply(deletes, DeleteKeyHash.of(v)));
        }
        forEachDepth2Key(label, h -> action.apply(deletes2, h));
    }

    /** The depth-2 keys of a trusted label of {@link #MIN_LABEL_FOR_DEPTH2}+ letters (none for shorter ones). */
    private static void forEachDepth2Key(String label, java.util.function.LongConsumer sink) {
        if (label.length() >= MIN_LABEL_FOR_DEPTH2) {
            long[] hashes = new long[label.length() * label.length() / 2];
            int count = DeleteKeyHash.pairs(label, hashes);
            for (int k = 0; k < count; k++) {
                sink.accept(hashes[k]);
            }
        }
    }

    List<TrustedEntry> withJoined(String key) {
        return resolve(lookup(joined, key));
    }

    /** As {@link #withJoined(String)} for name[from, to). */
    List<TrustedEntry> withJoined(NameHashes name, int from, int to) {
        return resolve(lookup(joined, name, from, to));
    }

    List<TrustedEntry> withSkeleton(String skeleton) {
        return resolve(lookup(skeletons, skeleton));
    }

    /**
     * As {@code withSkeleton(Confusables.skeleton(domain.unicode()))}, without building the skeleton of a plain
     * ASCII name unless the filter says some trusted domain may share it.
     */
    List<TrustedEntry> withSkeletonOf(DomainName domain) {
        String ascii = domain.ascii();
        if (!ascii.contains("xn--")) {
            long[] h = new long[2]; // the skeleton's polynomial hash and length
            if (Confusables.asciiSkeletonHash(ascii, h) && !keyFilter.mightContain(NameHashes.key(h[0], (int) h[1], tagOf(skeletons)))) {
                return List.of();
            }
        }
        return withSkeleton(Confusables.skeleton(domain.unicode()));
    }

    /** Trusted entries below a registrable domain (se.ibm.com under ibm.com). */
    List<TrustedEntry> subdomainEntriesOf(String registrable) {
        return resolve(lookup(withSubPart, registrable));
    }

    private static List<TrustedEntry> resolve(TrustedEntry[] entries) {
        return entries == null ? List.of() : java.util.Arrays.asList(entries);
    }

    /** Every single-character deletion of {@code s}, plus {@code s} itself. */
    static void deletesOf(String s, Consumer<String> sink) {
        sink.accept(s);
        for (int i = 0; i < s.length(); i++) {
            if (i > 0 && s.charAt(i) == s.charAt(i - 1)) {
                continue; // same variant as the previous deletion
            }
            sink.accept(s.substring(0, i) + s.substring(i + 1));
        }
    }

    /** Every way of removing one dot from the domain (army.mil -> armymil; se.ibm.com -> seibm.com, se.ibmcom). */
    static void joinedOf(String ascii, Consumer<String> sink) {
        for (int i = ascii.indexOf('.'); i >= 0; i = ascii.indexOf('.', i + 1)) {
            sink.accept(ascii.substring(0, i) + ascii.substring(i + 1));
        }
    }

    private interface KeyAction {
        void apply(Map<String, TrustedEntry[]> map, String key);
    }

    private static long keyHash(String key, int tag) {
        return NameHashes.key(NameHashes.of(key), key.length(), tag);
    }

    private int tagOf(Map<String, TrustedEntry[]> map) {
        return map == byLabel ? 1 : map == joined ? 2 : map == skeletons ? 3 : 4;
    }

    private TrustedEntry[] lookup(Map<String, TrustedEntry[]> map, NameHashes name, int from, int to) {
        return filtered(map, tagOf(map), name, from, to);
    }

    private TrustedEntry[] lookup(Map<String, TrustedEntry[]> map, String key) {
        return filtered(map, tagOf(map), key);
    }

    /** {@code map.get(key)}, unless the pre-filter says no key of this kind ({@code tag}) hashes like it. */
    private <V> V filtered(Map<String, V> map, int tag, String key) {
        return keyFilter.mightContain(keyHash(key, tag)) ? map.get(key) : null;
    }

    /** As {@link #filtered(Map, int, String)} for name[from, to), building that string only on a filter hit. */
    private <V> V filtered(Map<String, V> map, int tag, NameHashes name, int from, int to) {
        if (!keyFilter.mightContain(NameHashes.key(name.range(from, to), to - from, tag))) {
            return null;
        }
        String s = name.name();
        return map.get(from == 0 && to == s.length() ? s : s.substring(from, to));
    }

    private void forEachKey(DomainName d, KeyAction action) {
        if (!d.label().isEmpty()) {
            action.apply(byLabel, d.label());
        }
        if (!d.subPart().isEmpty()) {
            action.apply(withSubPart, d.registrable());
        }
        joinedOf(d.ascii(), k -> action.apply(joined, k));
        action.apply(skeletons, Confusables.skeleton(d.unicode()));
    }
}
