package io.typoguard.connect.tail;

import java.util.Arrays;

/**
 * Splits a byte stream into lines at {@code \n} (a {@code \r} before it is dropped too) and tracks, for every
 * line, the stream offset just past its newline: the position to resume from once that line is delivered.
 *
 * <p>A trailing line without a newline stays buffered until its newline arrives, or until the caller says the
 * stream is finished ({@link #flushPartial}). A line of up to {@code hardCapBytes} is delivered whole; a longer
 * line is delivered once its newline is seen, as its first {@code hardCapBytes} bytes, flagged truncated and with
 * its full length, so memory stays bounded and nothing is dropped without a trace.
 */
public final class LineSplitter {

    /** Receives lines; {@code bytes} is owned by the receiver. */
    @FunctionalInterface
    public interface LineConsumer {
        void line(byte[] bytes, long endOffset, boolean truncated, long fullLength);
    }

    private final int hardCapBytes;
    private byte[] partial = new byte[256];
    private int partialLen;
    private long partialDropped;
    private long offset;

    public LineSplitter(int hardCapBytes, long startOffset) {
        if (hardCapBytes < 1) {
            throw new IllegalArgumentException("hardCapBytes must be positive");
        }
        this.hardCapBytes = hardCapBytes;
        this.offset = startOffset;
    }

    /** Offset just past the last byte fed. */
    public long offset() {
        return offset;
    }

    /** Offset where the buffered partial line starts (= offset when nothing is buffered). */
    public long committedOffset() {
        return offset - partialLen - partialDropped;
    }

    public boolean hasPartial() {
        return partialLen > 0 || partialDropped > 0;
    }

    /** Forgets buffered bytes and continues at {@code newOffset} (after a truncation of the file). */
    public void reset(long newOffset) {
        partialLen = 0;
        partialDropped = 0;
        offset = newOffset;
        if (partial.length > 1 << 16) {
            partial = new byte[256];
        }
    }

    /** Feeds {@code len} bytes; returns the number of complete lines delivered. */
    public int feed(byte[] buf, int off, int len, LineConsumer out) {
        int end = off + len;
        int start = off;
        int lines = 0;
        for (int i = off; i < end; i++) {
            if (buf[i] != '\n') {
                continue;
            }
            long endOffset = offset + (i + 1 - off);
            if (partialLen == 0 && partialDropped == 0) {
                int lineEnd = i > start && buf[i - 1] == '\r' ? i - 1 : i;
                int n = lineEnd - start;
                if (n <= hardCapBytes) {
                    out.line(Arrays.copyOfRange(buf, start, lineEnd), endOffset, false, n);
                } else {
                    out.line(Arrays.copyOfRange(buf, start, start + hardCapBytes), endOffset, true, n);
                }
            } else {
                append(buf, start, i - start);
                emitPartial(endOffset, true, out);
            }
            lines++;
            start = i + 1;
        }
        if (start < end) {
            append(buf, start, end - start);
        }
        offset += len;
        return lines;
    }

    /** Delivers a buffered trailing line that has no newline (the stream is finished); false when there is none. */
    public boolean flushPartial(LineConsumer out) {
        if (!hasPartial()) {
            return false;
        }
        emitPartial(offset, false, out);
        return true;
    }

    private void emitPartial(long endOffset, boolean hadNewline, LineConsumer out) {
        int n = partialLen;
        long full = partialLen + partialDropped;
        // A \r before the newline belongs to the line ending (only visible when nothing past the cap was dropped).
        if (hadNewline && partialDropped == 0 && n > 0 && partial[n - 1] == '\r') {
            n--;
            full--;
        }
        out.line(Arrays.copyOf(partial, n), endOffset, partialDropped > 0, full);
        partialLen = 0;
        partialDropped = 0;
        if (partial.length > 1 << 16) {
            partial = new byte[256];
        }
    }

    private void append(byte[] buf, int from, int len) {
        int room = hardCapBytes - partialLen;
        int take = Math.min(room, len);
        if (take > 0) {
            if (partialLen + take > partial.length) {
                int size = partial.length;
                while (size < partialLen + take) {
                    size = (int) Math.min((long) hardCapBytes, size * 2L);
                }
                partial = Arrays.copyOf(partial, size);
            }
            System.arraycopy(buf, from, partial, partialLen, take);
            partialLen += take;
        }
        partialDropped += len - take;
    }
}
