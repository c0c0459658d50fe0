package io.typoguard.topology;

import io.typoguard.parse.Delivery;
import io.typoguard.parse.QueueFragment;
import io.typoguard.parse.QueueCorrelator;
import io.typoguard.parse.QueueCorrelator.QueueState;
import io.typoguard.schema.DeliveryStatus;
import io.typoguard.serde.EncoderScratch;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serdes for the app's own internal records: the Postfix repartition topic and the correlation store. These
 * never leave the app, so they need no registry. Every Postfix line crosses this serde three times (repartition
 * write and read, store write), so it uses Avro's binary encoding primitives (zig-zag varints, length-prefixed
 * UTF-8, union-style null markers) directly rather than JSON: that took Jackson's 20% share of the ingest
 * thread out of the profile (docs/benchmarks.md). Each value starts with a format version byte, so a later
 * release can still read what an earlier one left in the store.
 */
public final class InternalSerdes {
    static final int VERSION = 1;
    /** Tag of the optional last field of a QueueState (when its removed line was read), so stray bytes are still refused. */
    private static final int REMOVED_FIELD = 7;
    private static final DeliveryStatus[] STATUSES = DeliveryStatus.values();
    private static final QueueFragment.Kind[] KINDS = QueueFragment.Kind.values();

    private InternalSerdes() {
    }

    public static Serde<QueueFragment> postfixFragment() {
        return serde("QueueFragment", InternalSerdes::writeFragment, InternalSerdes::readFragment);
    }

    public static Serde<QueueState> queueState() {
        return serde("QueueState", InternalSerdes::writeState, InternalSerdes::readState);
    }

    /** A relationship and when it became established, as the relationship store keeps them. */
    public static Serde<RelationshipState> relationshipState() {
        return serde("RelationshipState", (out, st) -> {
            out.writeLong(st.establishedSince());
            io.typoguard.relate.Relationship r = st.relationship();
            writeString(out, r.organisation());
            writeString(out, r.domain());
            out.writeLong(r.sent());
            out.writeLong(r.delivered());
            out.writeLong(r.failed());
            out.writeLong(r.received());
            out.writeLong(r.firstSent());
            out.writeLong(r.lastSent());
            out.writeLong(r.firstReceived());
            out.writeLong(r.lastReceived());
            long[] hashes = r.senderHashes();
            out.writeInt(hashes.length);
            for (long h : hashes) {
                out.writeFixed(longBytes(h));
            }
            long[] days = r.days();
            out.writeInt(days.length);
            for (long d : days) {
                out.writeLong(d); // epoch days: small numbers, varint-coded
            }
        }, in -> {
            long since = in.readLong();
            String org = readString(in);
            String domain = readString(in);
            long sent = in.readLong(), delivered = in.readLong(), failed = in.readLong(), received = in.readLong();
            long firstSent = in.readLong(), lastSent = in.readLong(), firstReceived = in.readLong(), lastReceived = in.readLong();
            long[] hashes = new long[checkedIndex(in.readInt(), io.typoguard.relate.Relationship.TRACKED_SENDERS + 1, "sender hashes")];
            for (int i = 0; i < hashes.length; i++) {
                hashes[i] = readFixedLong(in);
            }
            long[] days = new long[checkedIndex(in.readInt(), io.typoguard.relate.Relationship.TRACKED_DAYS + 1, "days")];
            for (int i = 0; i < days.length; i++) {
                days[i] = in.readLong();
            }
            return new RelationshipState(io.typoguard.relate.Relationship.restore(org, domain, sent, delivered, failed, received,
                    firstSent, lastSent, firstReceived, lastReceived, hashes, days), since);
        });
    }

    /** The domains one sender wrote to, as the sender-domains store keeps them ({@link io.typoguard.relate.SenderDomains#toBytes}). */
    public static Serde<io.typoguard.relate.SenderDomains> senderDomains() {
        return Serdes.serdeFrom((topic, d) -> d == null ? null : d.toBytes(), (topic, b) -> {
            if (b == null) {
                return null;
            }
            try {
                return io.typoguard.relate.SenderDomains.fromBytes(b);
            } catch (IllegalArgumentException e) {
                throw new SerializationException(e.getMessage(), e);
            }
        });
    }

    private static byte[] longBytes(long v) {
        return java.nio.ByteBuffer.allocate(8).putLong(v).array();
    }

    private static long readFixedLong(BinaryDecoder in) throws IOException {
        byte[] b = new byte[8];
        in.readFixed(b);
        return java.nio.ByteBuffer.wrap(b).getLong();
    }

    private interface Writer<T> {
        void write(BinaryEncoder out, T value) throws IOException;
    }

    private interface Reader<T> {
        T read(BinaryDecoder in) throws IOException;
    }

    private static <T> Serde<T> serde(String name, Writer<T> writer, Reader<T> reader) {
        // Streams shares one serializer and one deserializer between all stream threads: per-thread scratch.
        Serializer<T> serializer = new Serializer<>() {
            @Override
            public byte[] serialize(String topic, T data) {
                if (data == null) {
                    return null;
                }
                EncoderScratch scratch = EncoderScratch.get();
                BinaryEncoder encoder = scratch.encoder();
                try {
                    encoder.writeInt(VERSION);
                    writer.write(encoder, data);
                    encoder.flush();
                } catch (IOException e) {
                    throw new SerializationException("cannot write " + name, e);
                }
                return scratch.out.toByteArray();
            }
        };
        Deserializer<T> deserializer = new Deserializer<>() {
            @Override
            public T deserialize(String topic, byte[] data) {
                if (data == null) {
                    return null;
                }
                try {
                    BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, null);
                    int version = decoder.readInt();
                    if (version != VERSION) {
                        throw new SerializationException(name + " written in internal format " + version
                                + "; this release reads format " + VERSION);
                    }
                    T value = reader.read(decoder);
                    if (!decoder.isEnd()) {
                        throw new SerializationException(name + " has trailing bytes");
                    }
                    return value;
                } catch (IOException | RuntimeException e) {
                    throw e instanceof SerializationException se ? se
                            : new SerializationException("cannot read " + name + " (" + data.length + " bytes)", e);
                }
            }
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }

    private static void writeFragment(BinaryEncoder out, QueueFragment f) throws IOException {
        out.writeEnum(f.kind().ordinal());
        out.writeLong(f.timestampMs());
        writeString(out, f.host());
        writeString(out, f.queueId());
        writeString(out, f.sender());
        writeString(out, f.messageId());
        if (f.delivery() == null) {
            out.writeIndex(0);
        } else {
            out.writeIndex(1);
            writeDelivery(out, f.delivery());
        }
    }

    private static QueueFragment readFragment(BinaryDecoder in) throws IOException {
        QueueFragment.Kind kind = KINDS[checkedIndex(in.readEnum(), KINDS.length, "fragment kind")];
        long ts = in.readLong();
        String host = readString(in);
        String queueId = readString(in);
        String sender = readString(in);
        String messageId = readString(in);
        Delivery delivery = in.readIndex() == 0 ? null : readDelivery(in);
        return new QueueFragment(kind, ts, host, queueId, sender, messageId, delivery);
    }

    private static void writeState(BinaryEncoder out, QueueState s) throws IOException {
        writeString(out, s.sender());
        writeString(out, s.messageId());
        out.writeLong(s.lastSeenMs());
        writeDeliveries(out, s.pending());
        writeDeliveries(out, s.deferred());
        if (s.removed()) {
            // Added to format 1 later, and written only for an entry kept after its removed line (lines out of order), so
            // every other entry is byte for byte what earlier builds wrote and read; absent means not removed.
            out.writeInt(REMOVED_FIELD);
            out.writeLong(s.removedMs());
        }
    }

    private static QueueState readState(BinaryDecoder in) throws IOException {
        String sender = readString(in);
        String messageId = readString(in);
        long lastSeen = in.readLong();
        List<Delivery> pending = readDeliveries(in);
        List<Delivery> deferred = readDeliveries(in);
        long removed = QueueCorrelator.NOT_REMOVED;
        if (!in.isEnd()) {
            if (in.readInt() != REMOVED_FIELD) {
                throw new SerializationException("QueueState has trailing bytes");
            }
            removed = in.readLong();
        }
        return new QueueState(sender, messageId, lastSeen, pending, deferred, removed);
    }

    private static void writeDeliveries(BinaryEncoder out, List<Delivery> list) throws IOException {
        out.writeArrayStart();
        out.setItemCount(list.size());
        for (Delivery d : list) {
            out.startItem();
            writeDelivery(out, d);
        }
        out.writeArrayEnd();
    }

    private static List<Delivery> readDeliveries(BinaryDecoder in) throws IOException {
        List<Delivery> list = new ArrayList<>();
        for (long n = in.readArrayStart(); n != 0; n = in.arrayNext()) {
            for (long i = 0; i < n; i++) {
                list.add(readDelivery(in));
            }
        }
        return list;
    }

    private static void writeDelivery(BinaryEncoder out, Delivery d) throws IOException {
        out.writeLong(d.timestampMs());
        writeString(out, d.host());
        writeString(out, d.queueId());
        writeString(out, d.messageId());
        writeString(out, d.sender());
        writeString(out, d.recipient());
        writeString(out, d.recipientDomain());
        writeString(out, d.originalRecipient());
        out.writeEnum(d.status().ordinal());
        writeString(out, d.relay());
        writeString(out, d.dsn());
        writeString(out, d.format());
    }

    private static Delivery readDelivery(BinaryDecoder in) throws IOException {
        long ts = in.readLong();
        String host = readString(in);
        String queueId = readString(in);
        String messageId = readString(in);
        String sender = readString(in);
        String recipient = readString(in);
        String domain = readString(in);
        String origTo = readString(in);
        DeliveryStatus status = STATUSES[checkedIndex(in.readEnum(), STATUSES.length, "delivery status")];
        String relay = readString(in);
        String dsn = readString(in);
        String format = readString(in);
        return new Delivery(ts, host, queueId, messageId, sender, recipient, domain, origTo, status, relay, dsn, format);
    }

    private static void writeString(BinaryEncoder out, String s) throws IOException {
        if (s == null) {
            out.writeIndex(0);
        } else {
            out.writeIndex(1);
            out.writeString(s);
        }
    }

    private static String readString(BinaryDecoder in) throws IOException {
        return in.readIndex() == 0 ? null : in.readString();
    }

    private static int checkedIndex(int i, int size, String what) {
        if (i < 0 || i >= size) {
            throw new SerializationException("unknown " + what + " " + i);
        }
        return i;
    }
}
