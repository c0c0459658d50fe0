package io.typoguard.relate;

import io.typoguard.schema.DeliveryStatus;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * What the mail logs show about one organisation's mail with one other domain (issue 19): messages sent to it
 * by outcome, messages received from it, when, on how many days, and by how many distinct senders.
 *
 * <p>Immutable. Every update is order-independent (counts, minima, maxima, and bottom-k sets), so replaying the
 * same events in any order, as a reprocessing does, gives an equal relationship. Bounded: the distinct senders
 * are a bottom-k sketch of at most {@link #TRACKED_SENDERS} 64-bit hashes (exact below that, an estimate above);
 * the distinct days are the {@link #TRACKED_DAYS} earliest (enough for any "seen on N days" rule up to that).
 * Plain Java, no Kafka.
 */
public final class Relationship {
    /** Distinct senders are counted exactly up to this many, then estimated (bottom-k, about 12% error). */
    public static final int TRACKED_SENDERS = 64;
    /** Distinct days are counted up to this many; a rule can ask for at most this many. */
    public static final int TRACKED_DAYS = 32;
    /** Time value of a direction never seen. */
    public static final long NEVER = Long.MIN_VALUE;

    private static final long[] NO_HASHES = {};

    private final String organisation;
    private final String domain;
    private final long sent;
    private final long delivered;
    private final long failed;
    private final long received;
    private final long firstSent;
    private final long lastSent;
    private final long firstReceived;
    private final long lastReceived;
    private final long[] senderHashes; // ascending, the smallest distinct hashes seen
    private final long[] days; // ascending epoch days, the earliest distinct ones seen

    private Relationship(String organisation, String domain, long sent, long delivered, long failed, long received,
                         long firstSent, long lastSent, long firstReceived, long lastReceived, long[] senderHashes, long[] days) {
        this.organisation = organisation;
        this.domain = domain;
        this.sent = sent;
        this.delivered = delivered;
        this.failed = failed;
        this.received = received;
        this.firstSent = firstSent;
        this.lastSent = lastSent;
        this.firstReceived = firstReceived;
        this.lastReceived = lastReceived;
        this.senderHashes = senderHashes;
        this.days = days;
    }

    /** Nothing seen yet between the organisation and the domain. */
    public static Relationship empty(String organisation, String domain) {
        return new Relationship(Objects.requireNonNull(organisation, "organisation"), Objects.requireNonNull(domain, "domain"),
                0, 0, 0, 0, NEVER, NEVER, NEVER, NEVER, NO_HASHES, NO_HASHES);
    }

    /** One message from {@code sender} of the organisation to the domain, logged at {@code eventTime} (epoch ms). */
    public Relationship withSent(String sender, DeliveryStatus status, long eventTime) {
        boolean ok = status == DeliveryStatus.SENT;
        boolean bad = status == DeliveryStatus.BOUNCED || status == DeliveryStatus.EXPIRED || status == DeliveryStatus.REJECTED;
        return new Relationship(organisation, domain, sent + 1, delivered + (ok ? 1 : 0), failed + (bad ? 1 : 0), received,
                min(firstSent, eventTime), Math.max(lastSent, eventTime), firstReceived, lastReceived,
                sender == null ? senderHashes : withSmallest(senderHashes, hash(sender), TRACKED_SENDERS),
                withSmallest(days, day(eventTime), TRACKED_DAYS));
    }

    /**
     * As {@link #withSent}, with the sender already hashed ({@link #hash}): what crosses a repartition topic, so the
     * address itself need not.
     */
    public Relationship withSentHash(long senderHash, DeliveryStatus status, long eventTime) {
        boolean ok = status == DeliveryStatus.SENT;
        boolean bad = status == DeliveryStatus.BOUNCED || status == DeliveryStatus.EXPIRED || status == DeliveryStatus.REJECTED;
        return new Relationship(organisation, domain, sent + 1, delivered + (ok ? 1 : 0), failed + (bad ? 1 : 0), received,
                min(firstSent, eventTime), Math.max(lastSent, eventTime), firstReceived, lastReceived,
                withSmallest(senderHashes, senderHash, TRACKED_SENDERS), withSmallest(days, day(eventTime), TRACKED_DAYS));
    }

    /** One contact, either way. */
    public Relationship with(Contact c) {
        return c.outbound() ? withSentHash(c.senderHash(), c.status(), c.time()) : withReceived(c.time());
    }

    /**
     * A relationship exactly as stored (a state store's serde): the hashes and days must be ascending and distinct,
     * at most {@link #TRACKED_SENDERS} and {@link #TRACKED_DAYS} of them.
     *
     * @throws IllegalArgumentException when they are not
     */
    public static Relationship restore(String organisation, String domain, long sent, long delivered, long failed, long received,
                                       long firstSent, long lastSent, long firstReceived, long lastReceived, long[] senderHashes,
                                       long[] days) {
        checkAscending(senderHashes, TRACKED_SENDERS, "sender hashes");
        checkAscending(days, TRACKED_DAYS, "days");
        return new Relationship(Objects.requireNonNull(organisation, "organisation"), Objects.requireNonNull(domain, "domain"), sent,
                delivered, failed, received, firstSent, lastSent, firstReceived, lastReceived, senderHashes.clone(), days.clone());
    }

    private static void checkAscending(long[] values, int max, String what) {
        if (values.length > max) {
            throw new IllegalArgumentException(what + ": " + values.length + " kept, at most " + max);
        }
        for (int i = 1; i < values.length; i++) {
            if (values[i] <= values[i - 1]) {
                throw new IllegalArgumentException(what + " must be ascending and distinct");
            }
        }
    }

    /** The sender sketch (ascending 64-bit hashes), a copy. */
    public long[] senderHashes() {
        return senderHashes.clone();
    }

    /** The earliest distinct days (ascending epoch days), a copy. */
    public long[] days() {
        return days.clone();
    }

    /** Log time of the latest message either way ({@link #NEVER} for an empty relationship). */
    public long lastSeen() {
        return Math.max(lastSent, lastReceived);
    }

    /** Log time of the first message either way ({@link #NEVER} for an empty relationship). */
    public long firstSeen() {
        return min(firstSent, firstReceived);
    }

    /** One message from the domain to someone in the organisation, logged at {@code eventTime}. */
    public Relationship withReceived(long eventTime) {
        return new Relationship(organisation, domain, sent, delivered, failed, received + 1, firstSent, lastSent,
                min(firstReceived, eventTime), Math.max(lastReceived, eventTime), senderHashes, withSmallest(days, day(eventTime), TRACKED_DAYS));
    }

    /** Both directions combined, as if every event of each had been applied to one (the merge of two partial views). */
    public Relationship merge(Relationship other) {
        long[] hashes = senderHashes;
        for (long h : other.senderHashes) {
            hashes = withSmallest(hashes, h, TRACKED_SENDERS);
        }
        long[] merged = days;
        for (long d : other.days) {
            merged = withSmallest(merged, d, TRACKED_DAYS);
        }
        return new Relationship(organisation, domain, sent + other.sent, delivered + other.delivered, failed + other.failed,
                received + other.received, min(firstSent, other.firstSent), Math.max(lastSent, other.lastSent),
                min(firstReceived, other.firstReceived), Math.max(lastReceived, other.lastReceived), hashes, merged);
    }

    public String organisation() {
        return organisation;
    }

    public String domain() {
        return domain;
    }

    public long sent() {
        return sent;
    }

    public long delivered() {
        return delivered;
    }

    /** Messages that bounced, expired or were rejected. */
    public long failed() {
        return failed;
    }

    public long received() {
        return received;
    }

    public long firstSent() {
        return firstSent;
    }

    public long lastSent() {
        return lastSent;
    }

    public long firstReceived() {
        return firstReceived;
    }

    public long lastReceived() {
        return lastReceived;
    }

    /** Mail went both ways: the domain has written to the organisation and the organisation to it. */
    public boolean twoWay() {
        return sent > 0 && received > 0;
    }

    /** Distinct days with mail either way, up to {@link #TRACKED_DAYS}. */
    public int activeDays() {
        return days.length;
    }

    /** Distinct senders of the organisation who wrote to the domain: exact up to {@link #TRACKED_SENDERS}, then estimated. */
    public long distinctSenders() {
        if (senderHashes.length < TRACKED_SENDERS) {
            return senderHashes.length;
        }
        // bottom-k estimate: k - 1 over the k-th smallest hash as a fraction of the hash range
        double kth = (senderHashes[TRACKED_SENDERS - 1] - (double) Long.MIN_VALUE) / Math.pow(2, 64);
        return Math.max(TRACKED_SENDERS, Math.round((TRACKED_SENDERS - 1) / kth));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Relationship r && organisation.equals(r.organisation) && domain.equals(r.domain) && sent == r.sent
                && delivered == r.delivered && failed == r.failed && received == r.received && firstSent == r.firstSent
                && lastSent == r.lastSent && firstReceived == r.firstReceived && lastReceived == r.lastReceived
                && Arrays.equals(senderHashes, r.senderHashes) && Arrays.equals(days, r.days);
    }

    @Override
    public int hashCode() {
        return Objects.hash(organisation, domain, sent, received, lastSent, lastReceived);
    }

    /** Counts and times only: never the senders (personal data). */
    @Override
    public String toString() {
        return "Relationship[" + organisation + " -> " + domain + ": sent " + sent + " (delivered " + delivered + ", failed "
                + failed + "), received " + received + ", active days " + days.length + ", senders " + distinctSenders() + "]";
    }

    private static long min(long a, long b) {
        return a == NEVER ? b : b == NEVER ? a : Math.min(a, b);
    }

    private static long day(long epochMillis) {
        return Math.floorDiv(epochMillis, 86_400_000L);
    }

    /** A 64-bit hash of an address (FNV-1a then a finaliser), so the sketch keeps no address. */
    public static long hash(String sender) {
        long h = 0xcbf29ce484222325L;
        for (byte b : sender.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }

    /** {@code values} (ascending, distinct) with {@code v} added, keeping only the {@code k} smallest: a bottom-k set. */
    private static long[] withSmallest(long[] values, long v, int k) {
        int at = Arrays.binarySearch(values, v);
        if (at >= 0) {
            return values;
        }
        int insert = -at - 1;
        if (insert >= k) {
            return values; // larger than the k smallest kept
        }
        int n = Math.min(values.length + 1, k);
        long[] out = new long[n];
        System.arraycopy(values, 0, out, 0, insert);
        out[insert] = v;
        System.arraycopy(values, insert, out, insert + 1, n - insert - 1);
        return out;
    }
}
