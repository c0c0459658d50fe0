package io.typoguard.detect;

import com.google.common.hash.BloomFilter;
import com.google.common.hash.Funnels;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The trusted-domain table in the shape the detector needs, so a check costs the same with 10 or 100,000
 * trusted domains: a handful of hash lookups per candidate, never a scan.
 *
 * <ul>
 *   <li>{@code exact}: domain -> entry (is it trusted?).</li>
 *   <li>{@code byLabel}: registrable label -> domains (army -> army.mil), for TLD edits.</li>
 *   <li>{@code deletes}: the label with at most one character deleted -> domains (a symmetric-delete
 *       index, as in SymSpell), for one-edit label typos (gmial.com -> gmail.com), also under a TLD that is
 *       itself one edit off (gmaik.co). A Bloom filter of the keys' hashes answers most misses without a
 *       string being built.</li>
 *   <li>{@code joined}: the domain with one dot removed -> domains (armymil, seibm.com), for missing dots.</li>
 * </ul>
 *
 * <p>Safe for one writer (the global-store updater thread) and many readers (stream threads, the policy
 * service). Updates are incremental; a reader may see an update half applied, which at worst delays a
 * finding by one record, never corrupts the index.
 */
public final class TrustedIndex {
    private final Map<String, TrustedEntry> exact = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> byLabel = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> deletes = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> joined = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> skeletons = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> withSubPart = new ConcurrentHashMap<>();
    /** Pre-filter over {@code deletes} keys (see {@link DeleteKeyHash}); stale bits after removals only cost a lookup. */
    private volatile BloomFilter<Long> deleteBloom = newBloom(0);

    /** Adds or replaces an entry. */
    public void upsert(TrustedEntry entry) {
        if (exact.size() > 4 * Math.max(1024, bloomSizedFor)) {
            resizeBloom();
        }
        TrustedEntry previous = exact.put(entry.name(), entry);
        if (previous == null) {
            forEachKey(entry.domain(), (map, key) -> map.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(entry.name()));
        }
    }

    private int bloomSizedFor;

    /** The table outgrew the Bloom filter's design size: refill a larger one from the delete keys. */
    private synchronized void resizeBloom() {
        BloomFilter<Long> bigger = newBloom(exact.size());
        for (TrustedEntry e : exact.values()) {
            DomainName d = e.domain();
            if (!d.label().isEmpty()) {
                deletesOf(d.label(), v -> bigger.put(DeleteKeyHash.of("", v)));
            }
        }
        bloomSizedFor = exact.size();
        deleteBloom = bigger;
    }

    /** Removes a domain (a tombstone on the trusted topic); unknown domains are ignored. */
    public void remove(String domain) {
        DomainName name = DomainName.tryParse(domain).orElse(null);
        if (name == null || exact.remove(name.ascii()) == null) {
            return;
        }
        forEachKey(name, (map, key) -> map.computeIfPresent(key, (k, set) -> {
            set.remove(name.ascii());
            return set.isEmpty() ? null : set;
        }));
    }

    /** Replaces the whole content (used when an instance starts and reads its store). */
    public void rebuild(Collection<TrustedEntry> entries) {
        exact.clear();
        byLabel.clear();
        deletes.clear();
        joined.clear();
        skeletons.clear();
        withSubPart.clear();
        deleteBloom = newBloom(entries.size());
        bloomSizedFor = entries.size();
        entries.forEach(this::upsert);
    }

    public int size() {
        return exact.size();
    }

    public Optional<TrustedEntry> get(String asciiDomain) {
        return Optional.ofNullable(exact.get(asciiDomain));
    }

    /** The trusted entry covering this domain: the domain itself or a parent that includes subdomains. */
    public Optional<TrustedEntry> covering(DomainName domain) {
        return covering(domain.ascii());
    }

    /** As {@link #covering(DomainName)}, for a name already in normalised ASCII form. */
    public Optional<TrustedEntry> covering(String asciiDomain) {
        String d = asciiDomain;
        TrustedEntry e = exact.get(d);
        if (e != null) {
            return Optional.of(e);
        }
        int dot = d.indexOf('.');
        while (dot >= 0) {
            d = d.substring(dot + 1);
            e = exact.get(d);
            if (e != null && e.includeSubdomains()) {
                return Optional.of(e);
            }
            dot = d.indexOf('.');
        }
        return Optional.empty();
    }

    List<TrustedEntry> withLabel(String label) {
        return resolve(byLabel.get(label));
    }

    List<TrustedEntry> withDeleteKey(String key) {
        return resolve(deletes.get(key));
    }

    /** False when no trusted label has this delete-key hash (no false negatives). */
    boolean mayHaveDeleteKey(long hash) {
        return deleteBloom.mightContain(hash);
    }

    private static BloomFilter<Long> newBloom(int entries) {
        // About 12 delete keys per domain; sized for four times today's table so growth rarely needs a rebuild.
        long expected = Math.max(1 << 16, 48L * entries);
        return BloomFilter.create(Funnels.longFunnel(), expected, 0.01);
    }

    List<TrustedEntry> withJoined(String key) {
        return resolve(joined.get(key));
    }

    List<TrustedEntry> withSkeleton(String skeleton) {
        return resolve(skeletons.get(skeleton));
    }

    /** Trusted entries below a registrable domain (se.ibm.com under ibm.com). */
    List<TrustedEntry> subdomainEntriesOf(String registrable) {
        return resolve(withSubPart.get(registrable));
    }

    private List<TrustedEntry> resolve(Set<String> names) {
        if (names == null || names.isEmpty()) {
            return List.of();
        }
        return names.stream().map(exact::get).filter(java.util.Objects::nonNull).toList();
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
        void apply(Map<String, Set<String>> map, String key);
    }

    private void forEachKey(DomainName d, KeyAction action) {
        if (!d.label().isEmpty()) {
            action.apply(byLabel, d.label());
            deletesOf(d.label(), v -> {
                action.apply(deletes, v);
                deleteBloom.put(DeleteKeyHash.of("", v));
            });
        }
        if (!d.subPart().isEmpty()) {
            action.apply(withSubPart, d.registrable());
        }
        joinedOf(d.ascii(), k -> action.apply(joined, k));
        action.apply(skeletons, Confusables.skeleton(d.unicode()));
    }
}
