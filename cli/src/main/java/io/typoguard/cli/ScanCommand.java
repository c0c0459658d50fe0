package io.typoguard.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.typoguard.detect.TypoDetector;
import io.typoguard.parse.MailLogParser;
import io.typoguard.cli.AlertFormat;
import io.typoguard.config.ConfigException;
import io.typoguard.scan.ParallelScan;
import io.typoguard.scan.Scanner;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.zip.GZIPInputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code typoguard scan}: offline forensics over historical mail logs. */
@Command(name = "scan", mixinStandardHelpOptions = true,
        description = {"Scan historical mail logs (Postfix syslog lines, JSON lines; .gz read as gzip) for mail to typo domains.",
            "Findings go to stdout as JSON lines (or --output); the summary table and progress go to stderr."})
final class ScanCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "<logfile>")
    List<Path> files;

    @Option(names = "--trusted", required = true, paramLabel = "<file>", description = "Trusted list (CSV).")
    Path trusted;

    @Option(names = "--allowlist", paramLabel = "<file>", description = "Extra legitimate look-alikes, one domain a line.")
    Path allowlist;

    @Option(names = {"-o", "--output"}, paramLabel = "<file>", description = "Write findings here instead of stdout.")
    Path output;

    @Option(names = "--format", defaultValue = "jsonl", description = "Findings format: jsonl or csv. Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--year", paramLabel = "<yyyy>", description = "Year of BSD syslog timestamps (they carry none). Default: the most recent year that puts them in the past.")
    Integer year;

    @Option(names = "--zone", defaultValue = "UTC", description = "Zone of syslog timestamps without an offset. Default: ${DEFAULT-VALUE}.")
    String zone;

    @Option(names = "--log-format", defaultValue = "auto",
            description = "Format of the log files: auto (detect per line), postfix, sendmail, exim, exchange, exchange-online, json, envelope. Default: ${DEFAULT-VALUE}.")
    String logFormat;

    @Option(names = "--host", paramLabel = "<name>", description = "MTA host name for formats whose lines carry none (Exim mainlog).")
    String host;

    @Option(names = "--redact", description = "Mask the local part of addresses in the findings and summary.")
    boolean redact;

    @Option(names = "--threads", paramLabel = "<n>",
            description = "Threads that parse lines and check their domains (correlation and counting stay in one, in line order). Default: the number of cores.")
    Integer threads;

    @Override
    public Integer call() throws IOException {
        if (!format.equals("jsonl") && !format.equals("csv")) {
            throw new ConfigException("--format", format, "jsonl or csv");
        }
        for (Path f : files) {
            if (!Files.isReadable(f) || Files.isDirectory(f)) {
                throw new ConfigException("log file not found or not readable: " + f);
            }
        }
        ZoneId zoneId;
        try {
            zoneId = ZoneId.of(zone);
        } catch (RuntimeException e) {
            throw new ConfigException("--zone", zone, "a time zone id such as UTC or Europe/Berlin");
        }
        TypoDetector detector = DetectorFiles.detector(trusted, allowlist);
        Clock clock = Clock.systemUTC();
        io.typoguard.parse.LogFormat fmt;
        try {
            fmt = io.typoguard.parse.LogFormat.parse(logFormat);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        int parsingThreads = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (parsingThreads < 1 || parsingThreads > 256) {
            throw new ConfigException("--threads", String.valueOf(threads), "a number of threads from 1 to 256");
        }
        java.util.function.Supplier<MailLogParser> parsers = () -> {
            MailLogParser p = new MailLogParser(clock, zoneId, MailLogParser.DEFAULT_MAX_LINE_BYTES, fmt);
            if (year != null) {
                p.useYear(year);
            }
            return p;
        };
        java.io.PrintWriter err = spec.commandLine().getErr();
        ObjectMapper json = new ObjectMapper().findAndRegisterModules()
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        try (OutputStream raw = output == null ? nonClosing(System.out) : Files.newOutputStream(output);
             PrintStream out = new PrintStream(raw, false, StandardCharsets.UTF_8)) {
            if (format.equals("csv")) {
                out.println("timestamp,host,queue_id,message_id,sender,recipient,original_recipient,flagged_address,recipient_domain,"
                        + "intended_domain,technique,score,severity,status,explanation");
            }
            Scanner scanner = new Scanner(parsers.get(), detector, Duration.ofHours(6), f -> out.println(render(f, json)));
            Progress progress = new Progress(err);
            long started = System.nanoTime();
            try (ParallelScan scan = new ParallelScan(scanner, parsers, parsingThreads)) {
                for (Path file : files) {
                    try (InputStream in = open(file)) {
                        scan.file(file.toString(), in, host, lines -> progress.tick(file, lines));
                    }
                }
            }
            Scanner.Summary s = scanner.finish();
            out.flush();
            progress.done();
            printSummary(err, s);
            double secs = (System.nanoTime() - started) / 1e9;
            err.printf("  scanned %,d lines in %.1f s (%,.0f lines/s, %d parsing threads)%n", s.lines, secs, s.lines / Math.max(secs, 1e-9),
                    parsingThreads);
            err.flush();
        }
        return 0;
    }

    private String render(Scanner.Finding f, ObjectMapper json) {
        String sender = redact ? AlertFormat.address(f.sender(), true) : f.sender();
        String recipient = redact ? AlertFormat.address(f.recipient(), true) : f.recipient();
        String original = redact ? AlertFormat.address(f.originalRecipient(), true) : f.originalRecipient();
        if (format.equals("csv")) {
            return String.join(",", f.timestamp().toString(), csv(f.host()), csv(f.queueId()), csv(f.messageId()), csv(sender),
                    csv(recipient), csv(original), f.flaggedAddress(), f.recipientDomain(), f.intendedDomain(), f.technique(), Integer.toString(f.score()),
                    f.severity(), f.status().name(), csv(f.explanation()));
        }
        try {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("timestamp", f.timestamp().toString());
            m.put("host", f.host());
            m.put("queue_id", f.queueId());
            m.put("message_id", f.messageId());
            m.put("sender", sender);
            m.put("recipient", recipient);
            m.put("original_recipient", original);
            m.put("flagged_address", f.flaggedAddress());
            m.put("recipient_domain", f.recipientDomain());
            m.put("intended_domain", f.intendedDomain());
            m.put("technique", f.technique());
            m.put("score", f.score());
            m.put("severity", f.severity());
            m.put("status", f.status().name());
            m.put("explanation", f.explanation());
            return json.writeValueAsString(m);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String csv(String s) {
        if (s == null) {
            return "";
        }
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private void printSummary(java.io.PrintWriter err, Scanner.Summary s) {
        err.println();
        err.println("Typoguard scan summary");
        for (Scanner.FileSummary f : s.files.values()) {
            err.println("  " + f.name);
            err.printf("    %-30s %,d%n", "lines read", f.lines);
            err.printf("    %-30s %,d%n", "recipients read", f.deliveries);
            err.printf("    %-30s %,d%n", "lines joined by message", f.joinedLines);
            err.printf("    %-30s %,d%n", "noise lines (nothing to check)", f.noise);
            f.noiseByKind.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .forEach(e -> err.printf("      %,8d  %s%n", e.getValue(), e.getKey()));
            err.printf("    %-30s %,d%n", "unreadable lines", f.unreadable);
            f.unreadableByReason.forEach((r, n) -> err.printf("      %,8d  %s%n", n, r));
            if (f.unreadable > 0) {
                err.println("      most common shapes (addresses masked):");
                f.unreadableShapes.top(5).forEach(e -> err.printf("      %,8d  %s%n", e.getValue(), e.getKey()));
            }
        }
        err.println("  all files");
        err.printf("    %-30s %,d%n", "lines read", s.lines);
        err.printf("    %-30s %,d%n", "deliveries checked", s.events);
        err.printf("    %-30s %,d%n", "noise lines", s.noise);
        err.printf("    %-30s %,d%n", "unreadable lines", s.unparseable);
        err.printf("    %-30s %,d%n", "allowlisted look-alikes", s.allowlisted);
        err.printf("    %-30s %,d (%,d delivered, %,d in the original address)%n", "findings", s.findings, s.deliveredFindings,
                s.inOriginalRecipient);
        if (s.first != null) {
            err.printf("    %-30s %s .. %s%n", "mail time range", s.first, s.last);
        }
        if (!s.byTechnique.isEmpty()) {
            err.println("  by technique:");
            s.byTechnique.forEach((t, n) -> err.printf("    %-26s %,d%n", t.toLowerCase(java.util.Locale.ROOT).replace('_', ' '), n));
            err.println("  top typo domains:");
            top(s.byTypoDomain).forEach(e -> err.printf("    %-40s %,d%n", e.getKey(), e.getValue()));
            err.println("  top senders:");
            top(s.bySender).forEach(e -> err.printf("    %-40s %,d%n", redact ? AlertFormat.address(e.getKey(), true) : e.getKey(), e.getValue()));
        }
    }

    private static List<Map.Entry<String, Long>> top(Map<String, Long> m) {
        return m.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()
                .thenComparing(Map.Entry.comparingByKey())).limit(10).toList();
    }

    private static InputStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        return file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
    }

    private static OutputStream nonClosing(OutputStream o) {
        return new java.io.FilterOutputStream(o) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }

    /** A progress line on stderr every two seconds, only when someone is watching a terminal. */
    private static final class Progress {
        private final java.io.PrintWriter err;
        private final boolean tty = System.console() != null;
        private final long start = System.nanoTime();
        private long lines;
        private long done;
        private long lastOfFile;
        private Path current;
        private long nextReport = System.nanoTime() + 2_000_000_000L;

        Progress(java.io.PrintWriter err) {
            this.err = err;
        }

        void tick(Path file, long linesOfFile) {
            if (file != current) {
                done += lastOfFile;
                current = file;
            }
            lastOfFile = linesOfFile;
            lines = done + linesOfFile;
            if (tty && System.nanoTime() > nextReport) {
                double secs = (System.nanoTime() - start) / 1e9;
                err.printf("\rscanning %s: %,d lines (%,.0f lines/s)   ", file.getFileName(), lines, lines / secs);
                nextReport = System.nanoTime() + 2_000_000_000L;
            }
        }

        void done() {
            if (tty && System.nanoTime() - start > 2_000_000_000L) {
                err.println();
            }
        }
    }
}
