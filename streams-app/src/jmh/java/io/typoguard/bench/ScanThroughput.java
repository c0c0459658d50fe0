package io.typoguard.bench;

import io.typoguard.detect.Allowlist;
import io.typoguard.detect.TrustedFile;
import io.typoguard.detect.TrustedIndex;
import io.typoguard.detect.TypoDetector;
import io.typoguard.parse.MailLogParser;
import io.typoguard.scan.ParallelScan;
import io.typoguard.scan.Scanner;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * The scan of issue 20 over one gzipped log, pass after pass in one JVM: each pass first reads the file to the end
 * counting lines (gunzip and the '\n' scan: the pass-through limit, what {@code zcat | wc -l} does), then scans it
 * (parse on {@code threads} workers, correlation and detection in line order, the demo's trusted list). The first
 * pass is what a one-off {@code typoguard scan} of the file costs with a cold JIT; the later ones the steady state
 * of a long scan. Prints one JSON line per pass.
 *
 * <pre>
 * benchmarks/scan/make-input.py --mb 500 --out /tmp/typoguard-scan-bench/maillog-500mb.gz
 * java -Xmx2g -cp target/test-classes:target/classes:$(cat /tmp/cp-main.txt) io.typoguard.bench.ScanThroughput \
 *     /tmp/typoguard-scan-bench/maillog-500mb.gz ../testkit/src/main/resources/demo/trusted.csv 2 5
 * </pre>
 */
public final class ScanThroughput {
    private ScanThroughput() {
    }

    public static void main(String[] args) throws IOException {
        Path log = Path.of(args[0]);
        Path trusted = Path.of(args[1]);
        int threads = Integer.parseInt(args[2]);
        int passes = Integer.parseInt(args[3]);
        TrustedIndex index = new TrustedIndex();
        index.rebuild(TrustedFile.read(Files.newBufferedReader(trusted)));
        TypoDetector detector = new TypoDetector(index, Allowlist.builtIn());
        for (int pass = 1; pass <= passes; pass++) {
            long t0 = System.nanoTime();
            long lines = 0;
            try (InputStream in = open(log)) {
                byte[] buf = new byte[1 << 16];
                for (int n; (n = in.read(buf)) > 0; ) {
                    for (int i = 0; i < n; i++) {
                        if (buf[i] == '\n') {
                            lines++;
                        }
                    }
                }
            }
            long t1 = System.nanoTime();
            Scanner scanner = new Scanner(parser(), detector, Duration.ofHours(6), f -> { });
            try (ParallelScan scan = new ParallelScan(scanner, ScanThroughput::parser, threads); InputStream in = open(log)) {
                scan.file(log.getFileName().toString(), in, null, n -> { });
            }
            Scanner.Summary s = scanner.finish();
            long t2 = System.nanoTime();
            double passThrough = (t1 - t0) / 1e9;
            double scanned = (t2 - t1) / 1e9;
            System.out.printf(Locale.ROOT, "{\"pass\":%d,\"threads\":%d,\"lines\":%d,\"pass_through_seconds\":%.3f,\"pass_through_lines_per_s\":%.0f,"
                    + "\"scan_seconds\":%.3f,\"scan_lines_per_s\":%.0f,\"ratio_to_pass_through\":%.3f,\"deliveries\":%d,\"findings\":%d,"
                    + "\"unreadable\":%d}%n", pass, threads, lines, passThrough, lines / passThrough, scanned, s.lines / scanned,
                    passThrough / scanned, s.events, s.findings, s.unparseable);
        }
    }

    private static MailLogParser parser() {
        return new MailLogParser().useYear(2026);
    }

    private static InputStream open(Path log) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(log), 1 << 16);
        return log.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
    }
}
