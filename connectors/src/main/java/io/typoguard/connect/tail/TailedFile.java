package io.typoguard.connect.tail;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPInputStream;

/**
 * One open file (one inode) read line by line from a byte position. Plain files are read with positional reads
 * on a channel that stays open, so a file renamed away by log rotation can be finished through the same handle.
 * Gzip files are read once through a decompressing stream; their position counts decompressed bytes.
 */
public final class TailedFile implements Closeable {
    private final FileId id;
    private final Path openedAt;
    private final FileChannel channel;
    private final InputStream gzip;
    private final LineSplitter splitter;
    private boolean gzipEof;
    private long lastActivityNanos;

    private TailedFile(FileId id, Path openedAt, FileChannel channel, InputStream gzip, LineSplitter splitter, long nowNanos) {
        this.id = id;
        this.openedAt = openedAt;
        this.channel = channel;
        this.gzip = gzip;
        this.splitter = splitter;
        this.lastActivityNanos = nowNanos;
    }

    /** Opens {@code file} (which is, or was, at {@code id.path()}) and continues after {@code position} bytes. */
    public static TailedFile open(FileId id, Path file, long position, int hardCapBytes, long nowNanos) throws IOException {
        if (id.gzip()) {
            InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16), 1 << 16);
            long skipped = skip(in, position);
            TailedFile t = new TailedFile(id, file, null, in, new LineSplitter(hardCapBytes, skipped), nowNanos);
            t.gzipEof = skipped < position;
            return t;
        }
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        long start = position;
        if (ch.size() < position) {
            start = 0; // truncated (copytruncate) while we were away
        }
        return new TailedFile(id, file, ch, null, new LineSplitter(hardCapBytes, start), nowNanos);
    }

    private static long skip(InputStream in, long n) throws IOException {
        long done = 0;
        byte[] scratch = new byte[1 << 16];
        while (done < n) {
            int r = in.read(scratch, 0, (int) Math.min(scratch.length, n - done));
            if (r < 0) {
                break;
            }
            done += r;
        }
        return done;
    }

    public FileId id() {
        return id;
    }

    /** Position just past the last byte read (including a buffered partial line). */
    public long readPosition() {
        return splitter.offset();
    }

    public boolean gzipFinished() {
        return gzipEof;
    }

    /** Size of this inode (plain files), or -1 for gzip. */
    public long size() throws IOException {
        return channel == null ? -1 : channel.size();
    }

    /** Starts again at byte 0 (the file was truncated in place). */
    public void restartAtZero() {
        splitter.reset(0);
    }

    public long idleNanos(long nowNanos) {
        return nowNanos - lastActivityNanos;
    }

    /**
     * Reads available data and hands complete lines to {@code out} until no more data is available or the
     * budgets are used up (checked between chunks, so a chunk may go over). Returns bytes read.
     */
    public long read(ByteBuffer scratch, int maxLines, long maxBytes, long nowNanos, LineSplitter.LineConsumer out) throws IOException {
        long bytes = 0;
        int lines = 0;
        byte[] array = scratch.array();
        while (lines < maxLines && bytes < maxBytes) {
            int n;
            if (channel != null) {
                scratch.clear();
                n = channel.read(scratch, splitter.offset());
            } else {
                if (gzipEof) {
                    break;
                }
                n = gzip.read(array, 0, array.length);
                if (n < 0) {
                    gzipEof = true;
                }
            }
            if (n <= 0) {
                break;
            }
            lines += splitter.feed(array, 0, n, out);
            bytes += n;
        }
        if (bytes > 0) {
            lastActivityNanos = nowNanos;
        }
        return bytes;
    }

    /** The file is finished (rotated and idle, or gzip at its end): hands out a last line without newline, if any. */
    public boolean flushPartial(LineSplitter.LineConsumer out) {
        return splitter.flushPartial(out);
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
        }
        if (gzip != null) {
            gzip.close();
        }
    }

    @Override
    public String toString() {
        return id + (openedAt.equals(Path.of(id.path())) ? "" : " (now at " + openedAt + ")") + " @" + readPosition();
    }
}
