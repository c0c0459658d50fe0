package io.typoguard.topology;

import java.nio.ByteBuffer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The raw partition a record's line was read from, in a record header ({@link #NAME}, 4 bytes big-endian), stamped where
 * the line is parsed and carried by its fragments and its mail events. Two clocks read it: the correlation after the
 * repartition keeps one log clock per host and raw partition ({@link QueueCorrelationProcessor}), and the detection half
 * one per source: a raw partition read by its own task, or a raw partition's lines joined by one correlation task after
 * the repartition ({@link #viaRepartition}), which the correlation stamps on what it writes ({@link SourceClock}).
 * Deliveries released by the correlation's expiry (orphans, whose lines
 * came long before) carry {@link #NO_CLOCK}: they are counted where they belong but move no clock.
 */
final class SourceHeader {
    /** The header: the raw partition of the line (for the name's sake, kept from when only the repartition carried it). */
    static final String NAME = "typoguard.raw.partition";
    /** Not a source: the record moves no clock. */
    static final int NO_CLOCK = -2;
    /** A record without the header. */
    static final int NONE = -1;

    /** Sources of the correlation after the repartition: {@link #viaRepartition}. */
    static final int REPARTITIONED = 1 << 20;

    /**
     * The source of events that the correlation task of repartition partition {@code task} joined from lines of raw
     * partition {@code rawPartition}: each such pair is read in order, and at its own pace.
     */
    static int viaRepartition(int task, int rawPartition) {
        return REPARTITIONED + (task << 10) + (rawPartition & 0x3ff);
    }

    private static final byte[][] STAMPS = new byte[1024][];

    private SourceHeader() {
    }

    /** Replaces any header of that name with {@code partition}. */
    static void stamp(Headers headers, int partition) {
        headers.remove(NAME);
        headers.add(NAME, bytes(partition));
    }

    private static byte[] bytes(int partition) {
        if (partition < 0 || partition >= STAMPS.length) {
            return ByteBuffer.allocate(4).putInt(partition).array();
        }
        byte[] b = STAMPS[partition];
        if (b == null) {
            b = ByteBuffer.allocate(4).putInt(partition).array();
            STAMPS[partition] = b;
        }
        return b;
    }

    /** The partition in the header, {@link #NO_CLOCK}, or {@link #NONE} when the record has no readable header. */
    static int read(Headers headers) {
        Header h = headers.lastHeader(NAME);
        return h == null || h.value() == null || h.value().length != 4 ? NONE : ByteBuffer.wrap(h.value()).getInt();
    }
}
