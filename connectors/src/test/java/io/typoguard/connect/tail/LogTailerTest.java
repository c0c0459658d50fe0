package io.typoguard.connect.tail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rotation, truncation, gzip and restart logic of the tailer as plain Java, with a hand-driven clock. */
class LogTailerTest {
    @TempDir
    Path dir;

    private long nanos;
    private final Map<FileId, Long> store = new HashMap<>();   // what Connect would have committed
    private final List<String> out = new ArrayList<>();
    private Path log;

    @BeforeEach
    void setUp() {
        log = dir.resolve("mail.log");
    }

    private LogTailer tailer(String... globs) {
        return new LogTailer(List.of(globs), true, 1 << 20, 1_000, files -> {
            Map<FileId, Long> m = new HashMap<>();
            files.forEach(f -> {
                if (store.containsKey(f)) {
                    m.put(f, store.get(f));
                }
            });
            return m;
        }, () -> nanos);
    }

    private void poll(LogTailer t) throws IOException {
        t.scan();
        t.poll(10_000, 1 << 24, (file, line, end, truncated, full) -> {
            out.add(new String(line, StandardCharsets.UTF_8));
            store.put(file, end);
        });
    }

    private static void append(Path p, String s) throws IOException {
        Files.writeString(p, s, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void followsAppendsAndWaitsForThePathToAppear() throws IOException {
        try (LogTailer t = tailer(log.toString())) {
            poll(t);
            assertThat(out).isEmpty();
            append(log, "a\nb\n");
            poll(t);
            append(log, "c\n");
            poll(t);
            assertThat(out).containsExactly("a", "b", "c");
        }
    }

    @Test
    void renameRotationFinishesTheOldFileAfterItIsIdleThenReadsTheNewOne() throws IOException {
        try (LogTailer t = tailer(log.toString())) {
            append(log, "1\n2\n");
            poll(t);
            Path old = dir.resolve("mail.log.1");
            Files.move(log, old);
            append(log, "new-1\n");
            append(old, "3\nno-newline");
            poll(t);
            assertThat(out).containsExactly("1", "2", "3");
            nanos += 500_000_000L;
            poll(t);
            assertThat(out).containsExactly("1", "2", "3");   // old file not idle long enough yet
            nanos += 600_000_000L;
            poll(t);
            poll(t);
            assertThat(out).containsExactly("1", "2", "3", "no-newline", "new-1");
        }
    }

    @Test
    void copytruncateStartsAgainAtZero() throws IOException {
        try (LogTailer t = tailer(log.toString())) {
            append(log, "first line\nsecond line\n");
            poll(t);
            try (FileChannel ch = FileChannel.open(log, StandardOpenOption.WRITE)) {
                ch.truncate(0);
            }
            append(log, "x\n");
            poll(t);
            assertThat(out).containsExactly("first line", "second line", "x");
        }
    }

    @Test
    void restartContinuesAtTheStoredPositionAndFinishesAFileRotatedWhileStopped() throws IOException {
        try (LogTailer t = tailer(dir + "/*.log")) {
            append(log, "1\n2\n");
            poll(t);
        }
        append(log, "3\npart");
        Files.move(log, dir.resolve("mail.log.1"));
        append(log, "new\n");
        try (LogTailer t = tailer(dir + "/*.log")) {
            poll(t);
            nanos += 2_000_000_000L;
            poll(t);
            poll(t);
        }
        assertThat(out).containsExactly("1", "2", "3", "part", "new");
    }

    @Test
    void gzipFilesAreReadOnceAndOnlyWhenEnabled() throws IOException {
        Path gz = dir.resolve("mail.log-20251126.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
            o.write("old 1\nold 2".getBytes(StandardCharsets.UTF_8));
        }
        try (LogTailer t = tailer(dir + "/*.gz")) {
            poll(t);
            poll(t);
        }
        try (LogTailer t = tailer(dir + "/*.gz")) {
            poll(t);
        }
        assertThat(out).containsExactly("old 1", "old 2");
        try (LogTailer off = new LogTailer(List.of(dir + "/*.gz"), false, 1 << 20, 1_000, f -> Map.of(), () -> nanos)) {
            off.scan();
            assertThat(off.watchedPaths()).isEmpty();
        }
    }

    @Test
    void globsExpandToRegularFiles() throws IOException {
        Files.createDirectories(dir.resolve("a/b"));
        append(dir.resolve("a/b/mail.log"), "");
        append(dir.resolve("a/x.log"), "");
        append(dir.resolve("a/x.txt"), "");
        assertThat(LogTailer.expand(dir + "/a/*.log")).containsExactly(dir.resolve("a/x.log"));
        assertThat(LogTailer.expand(dir + "/a/**/*.log")).containsExactly(dir.resolve("a/b/mail.log"));
        assertThat(LogTailer.expand(dir + "/a/{x.log,x.txt}")).containsExactly(dir.resolve("a/x.log"), dir.resolve("a/x.txt"));
        assertThat(LogTailer.expand(dir + "/missing.log")).containsExactly(dir.resolve("missing.log"));
    }
}
