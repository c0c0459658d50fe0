package io.typoguard.relate;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The domains one sender has written to (issue 19): what explains a finding from the sender's side ("alice has
 * written to northwind-traders.com since March, never to northwind-tradres.com").
 *
 * <p>Bounded: at most {@link #MAX} domains per sender, each as a 64-bit hash of its name with the first and last
 * day it was written to (16 bytes; no name is kept, so the set cannot be listed, only asked). When a sender with
 * {@code MAX} domains writes to a new one, the domain written to longest ago is forgotten (ties: the smaller hash),
 * so the set holds the sender's most recent correspondents however many distinct domains the organisation sees.
 * At most 8 KB serialised per sender. Mutable, one writer (the sender's task). Plain Java, no Kafka.
 */
public final class SenderDomains {
    /** Domains kept per sender. */
    public static final int MAX = 512;
    private static final int VERSION = 1;

    private long[] hashes; // ascending
    private int[] firstDay;
    private int[] lastDay;
    private int size;

    /** What the set knows of one domain: the first and last day (UTC epoch days) the sender wrote to it. */
    public record Seen(long firstDay, long lastDay) {
    }

    private SenderDomains(long[] hashes, int[] firstDay, int[] lastDay, int size) {
        this.hashes = hashes;
        this.firstDay = firstDay;
        this.lastDay = lastDay;
        this.size = size;
    }

    public static SenderDomains empty() {
        return new SenderDomains(new long[4], new int[4], new int[4], 0);
    }

    public int size() {
        return size;
    }

    /** Whether and when the sender wrote to the domain (as far as the set remembers). */
    public Optional<Seen> seen(String domain) {
        int at = Arrays.binarySearch(hashes, 0, size, hash(domain));
        return at >= 0 ? Optional.of(new Seen(firstDay[at], lastDay[at])) : Optional.empty();
    }

    /**
     * Whether the set already knows that the sender wrote to {@code domain} on the day of {@code time} (epoch ms), so
     * that {@link #record} would change nothing: the usual case for a sender's regular correspondents, for which the
     * store then needs no write.
     */
    public boolean covers(String domain, long time) {
        int at = Arrays.binarySearch(hashes, 0, size, hash(domain));
        int day = (int) Math.floorDiv(time, 86_400_000L);
        return at >= 0 && firstDay[at] <= day && day <= lastDay[at];
    }

    /**
     * Records that the sender wrote to {@code domain} at {@code time} (epoch ms); returns whether it had written there
     * before.
     */
    public boolean record(String domain, long time) {
        long h = hash(domain);
        int day = (int) Math.floorDiv(time, 86_400_000L);
        int at = Arrays.binarySearch(hashes, 0, size, h);
        if (at >= 0) {
            firstDay[at] = Math.min(firstDay[at], day);
            lastDay[at] = Math.max(lastDay[at], day);
            return true;
        }
        if (size == MAX) {
            int oldest = 0;
            for (int i = 1; i < size; i++) {
                if (lastDay[i] < lastDay[oldest]) {
                    oldest = i;
                }
            }
            remove(oldest);
            at = Arrays.binarySearch(hashes, 0, size, h);
        }
        int insert = -at - 1;
        if (size == hashes.length) {
            int cap = Math.min(MAX, size * 2);
            hashes = Arrays.copyOf(hashes, cap);
            firstDay = Arrays.copyOf(firstDay, cap);
            lastDay = Arrays.copyOf(lastDay, cap);
        }
        System.arraycopy(hashes, insert, hashes, insert + 1, size - insert);
        System.arraycopy(firstDay, insert, firstDay, insert + 1, size - insert);
        System.arraycopy(lastDay, insert, lastDay, insert + 1, size - insert);
        hashes[insert] = h;
        firstDay[insert] = day;
        lastDay[insert] = day;
        size++;
        return false;
    }

    private void remove(int i) {
        System.arraycopy(hashes, i + 1, hashes, i, size - i - 1);
        System.arraycopy(firstDay, i + 1, firstDay, i, size - i - 1);
        System.arraycopy(lastDay, i + 1, lastDay, i, size - i - 1);
        size--;
    }

    /** The set as bytes: a version, the count, then (hash, first day, last day) per domain. */
    public byte[] toBytes() {
        ByteBuffer b = ByteBuffer.allocate(8 + size * 16);
        b.putInt(VERSION).putInt(size);
        for (int i = 0; i < size; i++) {
            b.putLong(hashes[i]).putInt(firstDay[i]).putInt(lastDay[i]);
        }
        return b.array();
    }

    /**
     * @throws IllegalArgumentException when the bytes are not a set this release wrote
     */
    public static SenderDomains fromBytes(byte[] bytes) {
        if (bytes.length < 8) {
            throw new IllegalArgumentException("sender domains: " + bytes.length + " bytes, too short");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int version = b.getInt();
        int n = b.getInt();
        if (version != VERSION || n < 0 || n > MAX || bytes.length != 8 + n * 16) {
            throw new IllegalArgumentException("sender domains: format " + version + " with " + n + " entries in " + bytes.length + " bytes");
        }
        int cap = Math.max(4, n);
        long[] h = new long[cap];
        int[] f = new int[cap];
        int[] l = new int[cap];
        for (int i = 0; i < n; i++) {
            h[i] = b.getLong();
            f[i] = b.getInt();
            l[i] = b.getInt();
            if (i > 0 && h[i] <= h[i - 1]) {
                throw new IllegalArgumentException("sender domains: hashes out of order");
            }
        }
        return new SenderDomains(h, f, l, n);
    }

    static long hash(String domain) {
        return Relationship.hash(domain.toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return "SenderDomains[" + size + " domains]";
    }
}
