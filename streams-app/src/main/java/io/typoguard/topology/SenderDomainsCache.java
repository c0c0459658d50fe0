package io.typoguard.topology;

import io.typoguard.relate.SenderDomains;
import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * The latest sender-domain sets a detection task read or wrote, as objects, in front of
 * {@link Names#SENDER_DOMAINS_STORE}: a sender's set is otherwise read back from the store and decoded at every
 * outbound delivery, which a profile of the whole pipeline put at 3% of the stream threads (docs/benchmarks.md,
 * "Fewer commits"). Writes still go to the store at once (its record cache combines them per commit); this only
 * saves the reads.
 *
 * <p>Valid only while the task processes: the detection processor makes a new one in {@code init}, which Kafka Streams
 * calls again after a restoration, a revival after a failed commit and a standby-to-active change. The processor is
 * the store's only writer, so an entry is the store's value as long as every change is also put here.
 *
 * <p>Bounded by the domains it holds ({@code maxDomains}, the least recently used sender first), not by senders: a
 * set holds up to {@link SenderDomains#MAX} domains. A {@code LinkedHashMap} in access order rather than a cache library
 * (Caffeine's weigher would do it): the map is used by one stream thread only, and a set that grows in place is
 * weighed again simply by putting it back.
 */
final class SenderDomainsCache {
    /** Domains held per task by default: about 1 MB of sets (16 bytes a domain). */
    static final int DEFAULT_MAX_DOMAINS = 65_536;

    private final int maxDomains;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(1024, 0.75f, true);
    private long domains;

    private static final class Entry {
        final SenderDomains set;
        final int counted;

        Entry(SenderDomains set) {
            this.set = set;
            this.counted = Math.max(1, set.size());
        }
    }

    SenderDomainsCache(int maxDomains) {
        if (maxDomains < 1) {
            throw new IllegalArgumentException("maxDomains must be at least 1, got " + maxDomains);
        }
        this.maxDomains = maxDomains;
    }

    /** The sender's set if held, else null (then read it from the store and {@link #put} it). */
    SenderDomains get(String sender) {
        Entry e = entries.get(sender);
        return e == null ? null : e.set;
    }

    /** Holds {@code set} as the sender's current set (also after changing a set this cache returned). */
    void put(String sender, SenderDomains set) {
        Entry old = entries.put(sender, new Entry(set));
        domains += Math.max(1, set.size()) - (old == null ? 0 : old.counted);
        // The sender just put is the most recently used, so the eldest is always another while more than one is held.
        if (domains > maxDomains) {
            Iterator<Entry> eldest = entries.values().iterator();
            while (domains > maxDomains && entries.size() > 1) {
                domains -= eldest.next().counted;
                eldest.remove();
            }
        }
    }

    int senders() {
        return entries.size();
    }

    long domains() {
        return domains;
    }
}
