package io.typoguard.serde;

import java.io.OutputStream;
import java.util.Arrays;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * A thread's reusable output buffer and Avro encoder, for serialisers that Kafka Streams shares between its
 * stream threads. A new {@code ByteArrayOutputStream} and encoder per record showed in the profiles, and the
 * stream's methods take a lock on every byte. Not reentrant: a serializer must be done with its record before
 * another serializer on the same thread starts (none of ours calls another).
 */
public final class EncoderScratch {
    private static final ThreadLocal<EncoderScratch> SCRATCH = ThreadLocal.withInitial(EncoderScratch::new);

    public final Buffer out = new Buffer();
    private BinaryEncoder encoder;

    private EncoderScratch() {
    }

    /** This thread's scratch, its buffer emptied. */
    public static EncoderScratch get() {
        EncoderScratch s = SCRATCH.get();
        s.out.reset();
        return s;
    }

    /** An unbuffered encoder writing to {@link #out}. */
    public BinaryEncoder encoder() {
        return encoder = EncoderFactory.get().directBinaryEncoder(out, encoder);
    }

    /** ByteArrayOutputStream without its locks. */
    public static final class Buffer extends OutputStream {
        private byte[] bytes = new byte[512];
        private int size;

        public void reset() {
            size = 0;
            if (bytes.length > 1 << 20) {
                bytes = new byte[512]; // do not keep a huge record's buffer
            }
        }

        private void ensure(int extra) {
            if (size + extra > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + extra));
            }
        }

        @Override
        public void write(int b) {
            ensure(1);
            bytes[size++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, bytes, size, len);
            size += len;
        }

        public byte[] toByteArray() {
            return Arrays.copyOf(bytes, size);
        }
    }
}
