package io.typoguard.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.typoguard.schema.DeliveryStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The parsers on mail logs real MTAs wrote (core/eval/logs, SOURCES.md there), against what a person wrote down
 * per recipient by reading each line. A recipient-bearing line counts as read right when every address of its
 * rows that holds an '@' (the delivered one and the original) is among the addresses the parser gave for that line,
 * with the expected status and, where the log has one, the expected sender (joined by queue id, as correlation
 * does). {@code split.txt} puts whole sources on a tuning side, a test side, and a second held-out side (test2)
 * collected after the test side had been looked at while fixing the parsers; test2's figure is the one to quote.
 */
class RealLogCorpusTest {
    static final Path LOGS = Path.of("eval", "logs");
    /** Log times are years old: the clock is fixed after all of them, and BSD dates get the year of their source. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);

    record Row(int line, String recipient, String original, String sender, String status, String note) {
    }

    /** One line's verdict: right, or what was wrong. */
    record Verdict(String source, int line, boolean right, String why) {
    }

    record Result(String side, int lines, int right, List<Verdict> wrong, Map<String, int[]> perSource) {
        double share() {
            return lines == 0 ? 1 : (double) right / lines;
        }
    }

    static Map<String, String> split() throws IOException {
        Map<String, String> sides = new LinkedHashMap<>();
        for (String l : Files.readAllLines(LOGS.resolve("split.txt"))) {
            if (l.isBlank() || l.startsWith("#")) {
                continue;
            }
            String[] f = l.split("\t");
            sides.put(f[0], f[1]);
        }
        return sides;
    }

    static Map<Integer, List<Row>> expected(String source) throws IOException {
        Map<Integer, List<Row>> rows = new TreeMap<>();
        List<String> lines = Files.readAllLines(LOGS.resolve(source).resolve("expected.tsv"), StandardCharsets.UTF_8);
        for (String l : lines.subList(1, lines.size())) {
            if (l.isBlank()) {
                continue;
            }
            String[] f = l.split("\t", -1);
            Row r = new Row(Integer.parseInt(f[0]), f[1], f[2], f[3], f[4], f.length > 5 ? f[5] : "");
            rows.computeIfAbsent(r.line(), k -> new ArrayList<>()).add(r);
        }
        return rows;
    }

    /** What the parser gave for each line of a source: its outcome, and every delivery with its sender joined. */
    record Read(List<ParseOutcome> outcomes, Map<Integer, List<Delivery>> deliveries) {
    }

    static Read read(String source) throws IOException {
        List<String> lines = Files.readAllLines(LOGS.resolve(source).resolve("lines.log"), StandardCharsets.UTF_8);
        MailLogParser parser = new MailLogParser(CLOCK, ZoneOffset.UTC, MailLogParser.DEFAULT_MAX_LINE_BYTES);
        List<ParseOutcome> outcomes = new ArrayList<>();
        for (String l : lines) {
            outcomes.add(parser.parse(l.getBytes(StandardCharsets.UTF_8), source));
        }
        // The sender of a queue entry: the latest sender line of that entry before the delivery, else the first after
        // (correlation waits for a sender that comes late, and a qmgr "status=expired" line names it too); ids are
        // reused in long logs, hence "latest before". QueueCorrelatorTest checks the correlator does the same.
        Map<String, List<int[]>> senderLines = new HashMap<>();
        Map<Integer, String> senderAt = new HashMap<>();
        for (int i = 0; i < outcomes.size(); i++) {
            for (QueueFragment f : ParseOutcome.fragmentsOf(outcomes.get(i))) {
                if (f.kind() == QueueFragment.Kind.SENDER || f.kind() == QueueFragment.Kind.EXPIRED) {
                    senderLines.computeIfAbsent(f.correlationKey(), k -> new ArrayList<>()).add(new int[] {i});
                    senderAt.put(i, f.sender());
                }
            }
        }
        Map<Integer, List<Delivery>> deliveries = new TreeMap<>();
        for (int i = 0; i < outcomes.size(); i++) {
            ParseOutcome o = outcomes.get(i);
            List<Delivery> ds = new ArrayList<>();
            if (o instanceof ParseOutcome.Deliveries d) {
                ds.addAll(d.deliveries());
            }
            for (QueueFragment f : ParseOutcome.fragmentsOf(o)) {
                if (f.kind() == QueueFragment.Kind.DELIVERY) {
                    String sender = null;
                    List<int[]> at = senderLines.getOrDefault(f.correlationKey(), List.of());
                    for (int[] s : at) {
                        if (s[0] <= i || sender == null) {
                            sender = senderAt.get(s[0]);
                        }
                        if (s[0] > i) {
                            break;
                        }
                    }
                    ds.add(f.delivery().withSender(sender, null));
                }
            }
            if (!ds.isEmpty()) {
                deliveries.put(i + 1, ds);
            }
        }
        return new Read(outcomes, deliveries);
    }

    static Verdict judge(String source, int line, List<Row> rows, Read read) {
        ParseOutcome o = read.outcomes().get(line - 1);
        List<Delivery> got = read.deliveries().getOrDefault(line, List.of());
        if (rows.stream().allMatch(r -> r.status().equals("warn"))) {
            boolean notStopped = o instanceof ParseOutcome.Noise n && n.kind().endsWith("(message not stopped)")
                    || !got.isEmpty() && got.stream().allMatch(d -> d.status() == DeliveryStatus.UNKNOWN);
            return new Verdict(source, line, notStopped, notStopped ? "" : "warning line read as " + describe(o));
        }
        boolean noDomain = rows.stream().allMatch(r -> r.recipient().indexOf('@') < 0 && r.original().indexOf('@') < 0);
        if (noDomain) {
            // "to=root": delivered on the host that logged it; nothing to check, counted as its own kind of noise
            boolean local = o instanceof ParseOutcome.Noise n && n.kind().contains("local recipient");
            return new Verdict(source, line, local, local ? "" : "local recipient read as " + describe(o));
        }
        if (got.isEmpty()) {
            return new Verdict(source, line, false, "no delivery: " + describe(o));
        }
        for (Row r : rows) {
            List<String> want = new ArrayList<>();
            for (String a : List.of(r.recipient(), r.original())) {
                if (a.indexOf('@') > 0) {
                    want.add(a.toLowerCase(Locale.ROOT));
                }
            }
            Delivery match = null;
            for (Delivery d : got) {
                List<String> have = new ArrayList<>();
                have.add(d.recipient().toLowerCase(Locale.ROOT));
                if (d.originalRecipient() != null) {
                    have.add(d.originalRecipient().toLowerCase(Locale.ROOT));
                }
                if (!want.isEmpty() && have.containsAll(want)) {
                    match = d;
                    break;
                }
            }
            if (match == null) {
                return new Verdict(source, line, false, "recipient " + want + " not among " + addresses(got));
            }
            if (!statusMatches(r.status(), match.status())) {
                return new Verdict(source, line, false, "status " + match.status() + ", expected " + r.status());
            }
            if (!r.sender().equals("-")) {
                String want2 = r.sender().equals("<>") ? "" : r.sender().toLowerCase(Locale.ROOT);
                String have2 = match.sender() == null ? null : match.sender().toLowerCase(Locale.ROOT);
                if (!want2.equals(have2)) {
                    return new Verdict(source, line, false, "sender " + (have2 == null ? "unknown" : "'" + have2 + "'") + ", expected '" + want2 + "'");
                }
            }
        }
        return new Verdict(source, line, true, "");
    }

    private static boolean statusMatches(String expected, DeliveryStatus got) {
        return switch (expected) {
            case "sent" -> got == DeliveryStatus.SENT;
            case "deferred" -> got == DeliveryStatus.DEFERRED;
            case "bounced" -> got == DeliveryStatus.BOUNCED;
            case "expired" -> got == DeliveryStatus.EXPIRED;
            case "rejected" -> got == DeliveryStatus.REJECTED;
            default -> got == DeliveryStatus.UNKNOWN;
        };
    }

    private static String describe(ParseOutcome o) {
        if (o instanceof ParseOutcome.Noise n) {
            return "noise '" + n.kind() + "'";
        }
        if (o instanceof ParseOutcome.Failure f) {
            return "dead letter '" + f.reason() + "'";
        }
        return o.getClass().getSimpleName();
    }

    private static String addresses(List<Delivery> ds) {
        return ds.stream().map(d -> d.recipient() + (d.originalRecipient() == null ? "" : " <" + d.originalRecipient() + ">")).toList().toString();
    }

    static Result measure(String side) throws IOException {
        int lines = 0;
        int right = 0;
        List<Verdict> wrong = new ArrayList<>();
        Map<String, int[]> perSource = new LinkedHashMap<>();
        for (var e : split().entrySet()) {
            if (!e.getValue().equals(side)) {
                continue;
            }
            Read read = read(e.getKey());
            int[] counts = new int[2];
            for (var rows : expected(e.getKey()).entrySet()) {
                Verdict v = judge(e.getKey(), rows.getKey(), rows.getValue(), read);
                lines++;
                counts[0]++;
                if (v.right()) {
                    right++;
                    counts[1]++;
                } else {
                    wrong.add(v);
                }
            }
            perSource.put(e.getKey(), counts);
        }
        return new Result(side, lines, right, wrong, perSource);
    }

    static String report(Result r) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%s side: %d of %d recipient-bearing lines read right (%.1f%%)%n",
                r.side(), r.right(), r.lines(), 100 * r.share()));
        r.perSource().forEach((s, c) -> b.append(String.format(Locale.ROOT, "  %-28s %4d of %4d%n", s, c[1], c[0])));
        r.wrong().forEach(v -> b.append(String.format(Locale.ROOT, "  wrong: %s:%d  %s%n", v.source(), v.line(), v.why())));
        return b.toString();
    }

    @Test
    void noRecipientBearingLineIsCountedAsNoise() throws IOException {
        List<String> silent = new ArrayList<>();
        for (String source : split().keySet()) {
            Read read = read(source);
            for (var rows : expected(source).entrySet()) {
                ParseOutcome o = read.outcomes().get(rows.getKey() - 1);
                boolean warnOnly = rows.getValue().stream().allMatch(r -> r.status().equals("warn"));
                boolean localOnly = rows.getValue().stream().allMatch(r -> r.recipient().indexOf('@') < 0 && r.original().indexOf('@') < 0);
                if (o instanceof ParseOutcome.Noise n && !(warnOnly && n.kind().endsWith("(message not stopped)"))
                        && !(localOnly && n.kind().contains("local recipient"))) {
                    silent.add(source + ":" + rows.getKey() + " " + n.kind());
                }
            }
        }
        assertThat(silent).as("recipient-bearing lines neither parsed nor dead-lettered").isEmpty();
    }

    /** Measures one side, prints it and keeps the report in target/real-log-corpus-&lt;side&gt;.txt. */
    private static Result reported(String side) throws IOException {
        Result r = measure(side);
        System.out.print(report(r));
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "real-log-corpus-" + side + ".txt"), report(r));
        return r;
    }

    @Test
    void theTuningSide() throws IOException {
        assertThat(reported("tune").lines()).isEqualTo(600);
    }

    @Test
    void theSecondHeldOutSet() throws IOException {
        Result test2 = reported("test2");
        // The figure to quote: this set was first measured after every parser change above, and nothing was changed
        // for it (583 of 583 at that first measurement).
        assertThat(test2.lines()).isEqualTo(583);
        assertThat(test2.share()).as(report(test2)).isGreaterThanOrEqualTo(0.99);
    }

    @Test
    void theTestSide() throws IOException {
        // Looked at while the parsers were fixed (499 of 546 before): no longer held out, kept as a regression check.
        Result test = reported("test");
        assertThat(test.share()).as(report(test)).isGreaterThanOrEqualTo(0.99);
    }
}
