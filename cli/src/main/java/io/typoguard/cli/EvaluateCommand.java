package io.typoguard.cli;

import io.typoguard.detect.DomainName;
import io.typoguard.detect.Edits;
import io.typoguard.detect.TypoDetector;
import io.typoguard.detect.Verdict;
import io.typoguard.config.ConfigException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code typoguard evaluate}: precision and recall of the detector on a labelled set: real typos (typo,
 * intended) and real legitimate domains that must not be flagged. Families are assigned by a neutral rule
 * on the pair (not by the detector), so a miss is counted in the family it belongs to.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Measure recall per typo family and false positives on legitimate domains; prints Markdown tables.")
final class EvaluateCommand implements Callable<Integer> {
    @Option(names = "--trusted", required = true, paramLabel = "<file>") Path trusted;
    @Option(names = "--typos", required = true, paramLabel = "<file>", description = "CSV typo,intended[,source]") Path typos;
    @Option(names = "--legit", required = true, paramLabel = "<file>", description = "One legitimate domain a line") Path legit;
    @Option(names = "--dnstwist-dir", paramLabel = "<dir>",
            description = "Per trusted domain, <domain>.txt listing dnstwist's permutations, to compare recall") Path dnstwistDir;
    @Option(names = "--show-misses", description = "List every missed typo and every false positive.") boolean showMisses;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    record Pair(String typo, String intended, String source) {
        /** How the pair got its label: by people (examples, reports) or by the data set's pairing rules. */
        String origin() {
            if (source.startsWith("manual")) {
                return "hand-added from cited reports";
            }
            if (source.contains("spec") || source.contains("README")) {
                return "spelling-package tests and READMEs";
            }
            return "registered typo domains in lists (pairing inferred)";
        }
    }

    @Override
    public Integer call() throws IOException {
        TypoDetector detector = DetectorFiles.detector(trusted, null);
        List<Pair> pairs = readPairs(typos);
        List<String> legitDomains = readLines(legit);
        Map<String, Set<String>> dnstwist = dnstwistDir == null ? null : readDnstwist(dnstwistDir);
        PrintWriter out = spec.commandLine().getOut();

        Map<String, int[]> byFamily = new TreeMap<>();  // family -> {total, caught, rightIntended, dnstwistHas}
        Map<String, int[]> byOrigin = new TreeMap<>();  // origin -> {total, caught, dnstwistHas}
        Map<String, int[]> byTechnique = new TreeMap<>(); // detector technique -> {true findings, false findings}
        List<String> misses = new ArrayList<>();
        for (Pair p : pairs) {
            String family = family(p);
            int[] c = byFamily.computeIfAbsent(family, f -> new int[4]);
            c[0]++;
            Verdict v = detector.check(p.typo());
            if (v instanceof Verdict.Typo t) {
                c[1]++;
                byTechnique.computeIfAbsent(t.match().technique().name(), k -> new int[2])[0]++;
                if (t.match().intended().name().equals(p.intended())) {
                    c[2]++;
                }
            } else {
                misses.add(p.typo() + " (" + p.intended() + ", " + family + "): " + v.describe());
            }
            int[] o = byOrigin.computeIfAbsent(p.origin(), k -> new int[3]);
            o[0]++;
            if (v instanceof Verdict.Typo) {
                o[1]++;
            }
            if (dnstwist != null && dnstwist.getOrDefault(p.intended(), Set.of()).contains(p.typo())) {
                c[3]++;
                o[2]++;
            }
        }
        Map<String, Integer> fpByTechnique = new TreeMap<>();
        List<String> falsePositives = new ArrayList<>();
        int allowlisted = 0;
        for (String d : legitDomains) {
            Verdict v = detector.check(d);
            if (v instanceof Verdict.Typo t) {
                fpByTechnique.merge(t.match().technique().name(), 1, Integer::sum);
                byTechnique.computeIfAbsent(t.match().technique().name(), k -> new int[2])[1]++;
                falsePositives.add(d + ": " + t.match().explanation());
            } else if (v instanceof Verdict.Allowlisted) {
                allowlisted++;
            }
        }
        int total = pairs.size();
        int caught = byFamily.values().stream().mapToInt(c -> c[1]).sum();
        int dnsCaught = byFamily.values().stream().mapToInt(c -> c[3]).sum();
        out.printf("Typos: %d pairs from %s; legitimate domains: %d from %s%n%n", total, typos, legitDomains.size(), legit);
        out.println("| family | typos | caught by Typoguard | recall | right intended domain |"
                + (dnstwist != null ? " in dnstwist's permutations |" : ""));
        out.println("|---|---:|---:|---:|---:|" + (dnstwist != null ? "---:|" : ""));
        byFamily.forEach((f, c) -> out.printf("| %s | %d | %d | %s | %d |%s%n", f, c[0], c[1], pct(c[1], c[0]), c[2],
                dnstwist != null ? " " + c[3] + " (" + pct(c[3], c[0]) + ") |" : ""));
        out.printf("| **all** | %d | %d | %s | %d |%s%n%n", total, caught, pct(caught, total),
                byFamily.values().stream().mapToInt(c -> c[2]).sum(),
                dnstwist != null ? " " + dnsCaught + " (" + pct(dnsCaught, total) + ") |" : "");
        out.println("| where the pair comes from | typos | caught by Typoguard | recall |" + (dnstwist != null ? " in dnstwist's permutations |" : ""));
        out.println("|---|---:|---:|---:|" + (dnstwist != null ? "---:|" : ""));
        byOrigin.forEach((k, c) -> out.printf("| %s | %d | %d | %s |%s%n", k, c[0], c[1], pct(c[1], c[0]),
                dnstwist != null ? " " + c[2] + " (" + pct(c[2], c[0]) + ") |" : ""));
        out.println();
        int fp = falsePositives.size();
        out.printf("False positives: %d of %d legitimate domains (%s); %d more were recognised and excused by the allowlist%n",
                fp, legitDomains.size(), String.format(Locale.ROOT, "%.4f%%", 100.0 * fp / Math.max(1, legitDomains.size())), allowlisted);
        fpByTechnique.forEach((t, n) -> out.printf("  %s: %d%n", t.toLowerCase(Locale.ROOT).replace('_', ' '), n));
        out.println();
        out.println("| detector technique | true findings | false findings | precision |");
        out.println("|---|---:|---:|---:|");
        byTechnique.forEach((t, c) -> out.printf("| %s | %d | %d | %s |%n", t.toLowerCase(Locale.ROOT).replace('_', ' '),
                c[0], c[1], pct(c[0], c[0] + c[1])));
        int flaggedRight = caught;
        out.printf("Precision over the set: %s (%d true findings, %d false)%n", pct(flaggedRight, flaggedRight + fp), flaggedRight, fp);
        if (showMisses) {
            out.println();
            out.println("Missed typos:");
            misses.forEach(m -> out.println("  " + m));
            out.println("False positives:");
            falsePositives.forEach(m -> out.println("  " + m));
        }
        out.flush();
        return 0;
    }

    /** Neutral family of a (typo, intended) pair, from the strings alone. */
    static String family(Pair p) {
        if (p.typo().contains("xn--") || !p.typo().chars().allMatch(ch -> ch < 128)) {
            return "idn homograph";
        }
        DomainName t = DomainName.tryParse(p.typo()).orElse(null);
        DomainName i = DomainName.tryParse(p.intended()).orElse(null);
        if (t == null || i == null) {
            return "other";
        }
        String ta = t.ascii();
        String ia = i.ascii();
        if (ta.replace(".", "").replace("-", "").equals(ia.replace(".", "").replace("-", ""))) {
            return "dot or dash";
        }
        if (ta.startsWith(ia + ".") || (ta.replace(".", "").startsWith(ia.replace(".", "")) && ta.length() > ia.length())) {
            return "missing dot / appended tld";
        }
        if (t.label().equals(i.label()) && !t.suffix().equals(i.suffix())) {
            return Edits.distance(t.suffix(), i.suffix(), 3) == 1 ? "tld one edit" : "tld swap";
        }
        if (t.suffix().equals(i.suffix())) {
            int d = Edits.distance(t.label(), i.label(), 3);
            return d == 1 ? "name one edit" : d == 2 ? "name two edits" : "name 3+ edits";
        }
        return "name and tld";
    }

    private static List<Pair> readPairs(Path file) throws IOException {
        List<Pair> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int n = 0;
        for (String line : readFile(file)) {
            n++;
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#") || (n == 1 && l.toLowerCase(Locale.ROOT).startsWith("typo,"))) {
                continue;
            }
            String[] f = l.split(",", -1);
            if (f.length < 2) {
                throw new ConfigException("typos file " + file + ": line " + n + ": expected typo,intended");
            }
            String typo = f[0].strip().toLowerCase(Locale.ROOT);
            if (seen.add(typo + "," + f[1].strip())) {
                out.add(new Pair(typo, f[1].strip().toLowerCase(Locale.ROOT), f.length > 2 ? f[2].strip() : ""));
            }
        }
        return out;
    }

    private static List<String> readLines(Path file) throws IOException {
        return readFile(file).stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).distinct().toList();
    }

    private static List<String> readFile(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("file not found: " + file);
        }
        return Files.readAllLines(file);
    }

    private static Map<String, Set<String>> readDnstwist(Path dir) throws IOException {
        Map<String, Set<String>> out = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            throw new ConfigException("dnstwist directory not found: " + dir);
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".txt")).toList()) {
                String domain = f.getFileName().toString().replaceFirst("\\.txt$", "");
                Set<String> perms = new HashSet<>();
                for (String line : Files.readAllLines(f)) {
                    String[] cols = line.split("[,\\s]+");
                    for (String c : cols) {
                        if (c.contains(".")) {
                            perms.add(c.strip().toLowerCase(Locale.ROOT));
                        }
                    }
                }
                out.put(domain, perms);
            }
        }
        return out;
    }

    private static String pct(int a, int b) {
        return b == 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100.0 * a / b);
    }
}
