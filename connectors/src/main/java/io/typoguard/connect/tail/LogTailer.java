package io.typoguard.connect.tail;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the files matched by a set of globs, the way {@code tail -F} does, with no Kafka in sight (plain Java,
 * unit-tested on its own):
 * <ul>
 *   <li>rotation by rename: when the path holds a new file, the old one (still open) is read to its end and
 *       finished once idle for {@code rotatedIdleNanos} (its last line without newline included), then the new
 *       file is read from 0;</li>
 *   <li>rotation by copytruncate: the file got shorter than what was read, so reading starts again at 0;</li>
 *   <li>gzip files (when enabled) are read once, start to end;</li>
 *   <li>restart: positions come from {@link OffsetLookup} per (path, inode); a file rotated away while nobody
 *       was reading is found again among its siblings ({@code mail.log.1}, {@code mail.log-20251127}) by inode
 *       and finished from its stored position.</li>
 * </ul>
 * Not thread-safe: one task thread calls it.
 */
public final class LogTailer implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(LogTailer.class);

    /** Stored positions for files, or none when a file was never read. */
    @FunctionalInterface
    public interface OffsetLookup {
        Map<FileId, Long> positions(Collection<FileId> files);
    }

    /** Receives each line with the file it came from and the position to resume from after it. */
    @FunctionalInterface
    public interface LineSink {
        void line(FileId file, byte[] line, long endPosition, boolean truncated, long fullLength);
    }

    private final List<String> globs;
    private final boolean readGzip;
    private final int hardCapBytes;
    private final long rotatedIdleNanos;
    private final OffsetLookup offsets;
    private final LongSupplier nanoClock;
    private final ByteBuffer scratch = ByteBuffer.allocate(1 << 18);
    private final Map<String, Watched> watched = new LinkedHashMap<>();
    private final Set<String> ignoredGzip = new LinkedHashSet<>();

    public LogTailer(List<String> globs, boolean readGzip, int hardCapBytes, long rotatedIdleMillis,
                     OffsetLookup offsets, LongSupplier nanoClock) {
        this.globs = List.copyOf(globs);
        this.readGzip = readGzip;
        this.hardCapBytes = hardCapBytes;
        this.rotatedIdleNanos = rotatedIdleMillis * 1_000_000L;
        this.offsets = offsets;
        this.nanoClock = nanoClock;
    }

    /** One watched path: the file now at the path, and older files rotated away that are still being finished. */
    private static final class Watched {
        final Path path;
        final boolean gzip;
        TailedFile current;
        final Deque<TailedFile> rotated = new ArrayDeque<>();
        boolean gzipDone;

        Watched(Path path, boolean gzip) {
            this.path = path;
            this.gzip = gzip;
        }
    }

    /** Paths currently watched (for tests and logs). */
    public Set<String> watchedPaths() {
        return Set.copyOf(watched.keySet());
    }

    /** Expands the globs and starts watching new matches. A glob without wildcards is watched even before the file exists. */
    public void scan() throws IOException {
        List<Watched> added = new ArrayList<>();
        for (String glob : globs) {
            for (Path p : expand(glob)) {
                String key = p.toString();
                if (watched.containsKey(key)) {
                    continue;
                }
                boolean gz = key.endsWith(".gz");
                if (gz && !readGzip) {
                    if (ignoredGzip.add(key)) {
                        log.info("Not reading gzip file {} (read.gzip=false)", key);
                    }
                    continue;
                }
                Watched w = new Watched(p, gz);
                watched.put(key, w);
                added.add(w);
            }
        }
        if (!added.isEmpty()) {
            recover(added);
        }
    }

    /** Opens newly watched paths at their stored positions, and finishes their siblings rotated away while we were stopped. */
    private void recover(List<Watched> added) throws IOException {
        Map<FileId, Path> candidates = new LinkedHashMap<>();
        for (Watched w : added) {
            BasicFileAttributes a = attributes(w.path);
            if (a != null) {
                candidates.put(new FileId(w.path.toString(), fileKey(a), w.gzip), w.path);
            }
            if (!w.gzip) {
                for (Path sibling : siblings(w.path)) {
                    BasicFileAttributes sa = attributes(sibling);
                    if (sa != null && sa.isRegularFile()) {
                        candidates.putIfAbsent(new FileId(w.path.toString(), fileKey(sa), false), sibling);
                    }
                }
            }
        }
        Map<FileId, Long> stored = candidates.isEmpty() ? Map.of() : offsets.positions(candidates.keySet());
        long now = nanoClock.getAsLong();
        for (Watched w : added) {
            for (Map.Entry<FileId, Path> c : candidates.entrySet()) {
                FileId id = c.getKey();
                if (!id.path().equals(w.path.toString())) {
                    continue;
                }
                Long pos = stored.get(id);
                if (c.getValue().equals(w.path)) {
                    w.current = TailedFile.open(id, w.path, pos == null ? 0 : pos, hardCapBytes, now);
                    log.info("Tailing {} from byte {}", id, w.current.readPosition());
                } else if (pos != null && pos < Files.size(c.getValue())) {
                    TailedFile old = TailedFile.open(id, c.getValue(), pos, hardCapBytes, now);
                    w.rotated.addLast(old);
                    log.info("Finishing {} rotated to {} from byte {}", id, c.getValue(), pos);
                }
            }
        }
    }

    /**
     * One pass: checks every watched path for rotation or truncation and reads what is new, rotated files first.
     * Stops early once {@code maxLines} or {@code maxBytes} are reached. Returns the number of lines handed out.
     */
    public int poll(int maxLines, long maxBytes, LineSink sink) throws IOException {
        int[] lines = {0};
        long bytes = 0;
        long now = nanoClock.getAsLong();
        for (Watched w : watched.values()) {
            if (lines[0] >= maxLines || bytes >= maxBytes) {
                break;
            }
            if (w.gzip) {
                bytes += pollGzip(w, maxLines - lines[0], maxBytes - bytes, now, sink, lines);
                continue;
            }
            checkRotation(w, now);
            while (!w.rotated.isEmpty() && lines[0] < maxLines && bytes < maxBytes) {
                TailedFile old = w.rotated.peekFirst();
                long n = old.read(scratch, maxLines - lines[0], maxBytes - bytes, now, consumer(old, sink, lines));
                bytes += n;
                if (n > 0 || old.idleNanos(now) < rotatedIdleNanos) {
                    break; // more may still arrive through the old handle; keep order: finish it before the new file
                }
                old.flushPartial(consumer(old, sink, lines));
                log.info("Finished rotated file {}", old);
                w.rotated.pollFirst().close();
            }
            if (w.rotated.isEmpty() && w.current != null && lines[0] < maxLines && bytes < maxBytes) {
                bytes += w.current.read(scratch, maxLines - lines[0], maxBytes - bytes, now, consumer(w.current, sink, lines));
            }
        }
        return lines[0];
    }

    private long pollGzip(Watched w, int maxLines, long maxBytes, long now, LineSink sink, int[] lines) throws IOException {
        if (w.gzipDone) {
            return 0;
        }
        if (w.current == null) {
            BasicFileAttributes a = attributes(w.path);
            if (a == null) {
                return 0;
            }
            FileId id = new FileId(w.path.toString(), fileKey(a), true);
            Long pos = offsets.positions(List.of(id)).get(id);
            w.current = TailedFile.open(id, w.path, pos == null ? 0 : pos, hardCapBytes, now);
        }
        long n = w.current.read(scratch, maxLines, maxBytes, now, consumer(w.current, sink, lines));
        if (w.current.gzipFinished()) {
            w.current.flushPartial(consumer(w.current, sink, lines));
            log.info("Read gzip file {} to its end", w.current);
            w.current.close();
            w.current = null;
            w.gzipDone = true;
        }
        return n;
    }

    private void checkRotation(Watched w, long now) throws IOException {
        BasicFileAttributes a = attributes(w.path);
        if (a == null) {
            if (w.current != null) {
                log.info("{} is gone (rotated or deleted); finishing what was written to it", w.current);
                w.rotated.addLast(w.current);
                w.current = null;
            }
            return;
        }
        String key = fileKey(a);
        if (w.current != null && !w.current.id().fileKey().equals(key)) {
            log.info("{} was rotated: a new file {} is at the path", w.current, key);
            w.rotated.addLast(w.current);
            w.current = null;
        }
        if (w.current == null) {
            // A file that appears while we run is new: read it from 0. (Stored positions are only consulted at
            // start-up, so a reused inode number of a deleted file cannot make us skip the start of a new one.)
            FileId id = new FileId(w.path.toString(), key, false);
            w.current = TailedFile.open(id, w.path, 0, hardCapBytes, now);
            log.info("Tailing new file {}", id);
            return;
        }
        long size = w.current.size();
        if (size < w.current.readPosition()) {
            log.info("{} shrank to {} bytes (copytruncate); reading again from byte 0", w.current, size);
            w.current.restartAtZero();
        }
    }

    private static LineSplitter.LineConsumer consumer(TailedFile f, LineSink sink, int[] lines) {
        FileId id = f.id();
        return (bytes, end, truncated, full) -> {
            lines[0]++;
            sink.line(id, bytes, end, truncated, full);
        };
    }

    @Override
    public void close() {
        for (Watched w : watched.values()) {
            closeQuietly(w.current);
            w.rotated.forEach(LogTailer::closeQuietly);
        }
        watched.clear();
    }

    private static void closeQuietly(TailedFile f) {
        if (f == null) {
            return;
        }
        try {
            f.close();
        } catch (IOException e) {
            log.debug("closing {}: {}", f, e.toString());
        }
    }

    static BasicFileAttributes attributes(Path p) throws IOException {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    static String fileKey(BasicFileAttributes a) {
        Object k = a.fileKey();
        return k == null ? "no-key" : k.toString();
    }

    /** Files next to {@code p} whose names start with its name (mail.log.1, mail.log-20251127), not compressed ones. */
    static List<Path> siblings(Path p) throws IOException {
        Path dir = p.toAbsolutePath().getParent();
        String name = p.getFileName().toString();
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(q -> {
                String n = q.getFileName().toString();
                return n.startsWith(name) && !n.equals(name) && !n.endsWith(".gz") && !n.endsWith(".bz2")
                        && !n.endsWith(".xz") && !n.endsWith(".zst");
            }).sorted().toList();
        }
    }

    /** Expands one glob (absolute or relative; {@code *}, {@code ?}, {@code [..]}, {@code {a,b}}, {@code **}) to regular files. */
    static List<Path> expand(String glob) throws IOException {
        String g = glob.trim();
        if (g.isEmpty()) {
            return List.of();
        }
        Path pattern = Path.of(g).toAbsolutePath().normalize();
        int firstWild = -1;
        for (int i = 0; i < pattern.getNameCount(); i++) {
            if (hasWildcard(pattern.getName(i).toString())) {
                firstWild = i;
                break;
            }
        }
        if (firstWild < 0) {
            return List.of(pattern); // a plain path: watched even before it exists
        }
        Path base = pattern.getRoot().resolve(pattern.subpath(0, firstWild == 0 ? 1 : firstWild));
        if (firstWild == 0) {
            base = pattern.getRoot();
        }
        if (!Files.isDirectory(base)) {
            return List.of();
        }
        int depth = g.contains("**") ? Integer.MAX_VALUE : pattern.getNameCount() - firstWild;
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        try (Stream<Path> s = Files.walk(base, depth)) {
            return s.filter(matcher::matches).filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static boolean hasWildcard(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0 || s.indexOf('{') >= 0;
    }
}
