package io.typoguard.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The detector on typos nobody here generated (core/eval/real, SOURCES.md there): each side of split.txt with
 * its own trusted list; a pair or a legitimate domain that is on the test side is left out of the tuning side. A
 * typo counts only when the verdict names the domain the typist meant. The test side's
 * figures are pinned exactly, so any change, worse or better, fails here until docs/detection.md and the figures
 * below are updated together; the tuning side is only printed.
 */
class RealEvaluationSetTest {
    private static final Path REAL = Path.of("eval", "real");

    /** Test side at the last deliberate change: typo pairs, caught with the right intended domain, false positives. */
    private static final int TEST_PAIRS = 308;
    private static final int TEST_CAUGHT_RIGHT = 289;
    private static final int TEST_NEGATIVES = 31_257;
    private static final int TEST_FALSE_POSITIVES = 3;
    /** Test side's hard negatives (real domains within two edits of a big provider) and how many are flagged. */
    private static final int TEST_HARD_NEGATIVES = 399;
    private static final int TEST_HARD_FLAGGED = 5;

    record Pair(String typo, String intended, String source) {
    }

    record Side(List<Pair> positives, Set<String> negatives, TypoDetector detector) {
    }

    static Map<String, List<String>> split() throws IOException {
        Map<String, List<String>> sides = new LinkedHashMap<>();
        for (String line : Files.readAllLines(REAL.resolve("split.txt"))) {
            String l = line.strip();
            if (!l.isEmpty() && !l.startsWith("#")) {
                String[] f = l.split("\\s+");
                sides.computeIfAbsent(f[1], k -> new ArrayList<>()).add(f[0]);
            }
        }
        return sides;
    }

    private static List<Pair> pairs(String file) throws IOException {
        List<Pair> out = new ArrayList<>();
        for (String line : Files.readAllLines(REAL.resolve(file))) {
            String[] f = line.split(",", -1);
            if (f.length >= 3 && !line.startsWith("typo,")) {
                out.add(new Pair(f[0], f[1], f[2]));
            }
        }
        return out;
    }

    static Side side(String name) throws IOException {
        Map<String, List<String>> sides = split();
        Set<String> testPairs = new LinkedHashSet<>();
        Set<String> testNegatives = new LinkedHashSet<>();
        for (String f : sides.get("test")) {
            if (f.startsWith("positives/")) {
                pairs(f).forEach(p -> testPairs.add(p.typo() + "," + p.intended()));
            } else if (!name.equals("test")) {
                Files.readAllLines(REAL.resolve(f)).stream().map(String::strip).forEach(testNegatives::add);
            }
        }
        Map<String, Pair> positives = new LinkedHashMap<>();
        Set<String> negatives = new LinkedHashSet<>();
        for (String f : sides.get(name)) {
            if (f.startsWith("positives/")) {
                for (Pair p : pairs(f)) {
                    String key = p.typo() + "," + p.intended();
                    if (name.equals("test") || !testPairs.contains(key)) {
                        positives.putIfAbsent(key, p);
                    }
                }
            } else {
                Files.readAllLines(REAL.resolve(f)).stream().map(String::strip).filter(s -> !s.isEmpty() && !testNegatives.contains(s))
                        .forEach(negatives::add);
            }
        }
        List<TrustedEntry> trusted;
        try (Reader r = Files.newBufferedReader(REAL.resolve("trusted-" + name + ".csv"))) {
            trusted = TrustedFile.read(r);
        }
        TrustedIndex index = new TrustedIndex();
        index.rebuild(trusted);
        return new Side(new ArrayList<>(positives.values()), negatives, new TypoDetector(index));
    }

    private static boolean caughtRight(TypoDetector d, Pair p) {
        return d.check(p.typo()) instanceof Verdict.Typo t && t.match().intended().name().equals(p.intended());
    }

    private static String report(String name, Side s, List<String> falsePositives) {
        Map<String, int[]> bySource = new TreeMap<>();
        for (Pair p : s.positives()) {
            int[] c = bySource.computeIfAbsent(p.source(), k -> new int[2]);
            c[0]++;
            c[1] += caughtRight(s.detector(), p) ? 1 : 0;
        }
        StringBuilder b = new StringBuilder(name + " side:\n");
        bySource.forEach((src, c) -> b.append(String.format("  %-32s %4d of %4d caught with the right intended domain%n", src, c[1], c[0])));
        b.append(String.format("  false positives: %d of %d legitimate domains %s%n", falsePositives.size(), s.negatives().size(), falsePositives));
        return b.toString();
    }

    private static List<String> falsePositives(Side s) {
        return s.negatives().stream().filter(d -> s.detector().check(d) instanceof Verdict.Typo).toList();
    }

    /** -Dreal.misses=tuning (or test) lists that side's misses with the verdict; docs/detection.md lists the test side's. */
    private static void printMisses(String name, Side s) {
        if (name.equals(System.getProperty("real.misses"))) {
            s.positives().stream().filter(p -> !caughtRight(s.detector(), p))
                    .forEach(p -> System.out.printf("  missed %s -> %s (%s): %s%n", p.typo(), p.intended(), p.source(), s.detector().check(p.typo())));
        }
    }

    /**
     * The kind of slip a pair shows, read from the two names alone (not from the detector): the rows of the
     * per-family comparison in docs/detection.md.
     */
    static String family(String typo, String intended) {
        if (typo.replace(".", "").replace("-", "").equals(intended.replace(".", "").replace("-", ""))) {
            return "dot or hyphen";
        }
        DomainName t = DomainName.tryParse(typo).orElse(null);
        DomainName i = DomainName.tryParse(intended).orElse(null);
        if (t == null || i == null) {
            return "other";
        }
        if (t.label().equals(i.label()) && t.subPart().equals(i.subPart())) {
            return Edits.distance(i.suffix(), t.suffix(), 2) == 1 ? "TLD: one edit" : "TLD swapped or appended";
        }
        if (i.label().length() <= 4 || t.label().length() <= 3) {
            return "short name (4 letters or fewer)";
        }
        if (!t.suffix().equals(i.suffix()) || !t.subPart().equals(i.subPart())) {
            return "name and TLD";
        }
        int d = Edits.distance(i.label(), t.label(), 3);
        return d == 1 ? "name: one edit" : d == 2 ? "name: two edits" : "name: three or more edits";
    }

    /** For the other tools' scripts (eval/real/compare): the test side's pairs with family and verdict, and its negatives. */
    private static void writeForComparison(Side test) throws IOException {
        Path dir = Path.of("target", "real-eval");
        Files.createDirectories(dir);
        List<String> rows = new ArrayList<>(List.of("typo,intended,source,family,typoguard"));
        test.positives().forEach(p -> rows.add(String.join(",", p.typo(), p.intended(), p.source(), family(p.typo(), p.intended()),
                String.valueOf(caughtRight(test.detector(), p)))));
        Files.write(dir.resolve("test-typos.csv"), rows);
        Files.write(dir.resolve("test-legit.txt"), test.negatives());
        Map<String, int[]> byFamily = new TreeMap<>();
        test.positives().forEach(p -> {
            int[] c = byFamily.computeIfAbsent(family(p.typo(), p.intended()), k -> new int[2]);
            c[0]++;
            c[1] += caughtRight(test.detector(), p) ? 1 : 0;
        });
        System.out.println("test side by family:");
        byFamily.forEach((f, c) -> System.out.printf("  %-34s %4d of %4d%n", f, c[1], c[0]));
    }

    @Test
    void theTestSidesFiguresAreExactlyTheOnesTheDocsQuote() throws IOException {
        Side test = side("test");
        List<String> fp = falsePositives(test);
        long caught = test.positives().stream().filter(p -> caughtRight(test.detector(), p)).count();
        System.out.print(report("test", test, fp));
        printMisses("test", test);
        writeForComparison(test);

        assertThat(test.positives()).hasSize(TEST_PAIRS);
        assertThat(test.negatives()).hasSize(TEST_NEGATIVES);
        assertThat(caught).as("test typos caught with the right intended domain").isEqualTo(TEST_CAUGHT_RIGHT);
        assertThat(fp).as("false positives on the test side's legitimate domains").hasSize(TEST_FALSE_POSITIVES);
    }

    /** The hard negatives whose source is on {@code side}, checked against the big providers they are near. */
    private static List<String> flaggedHardNegatives(String side, List<String> all) throws IOException {
        Map<String, String> sourceSide = new LinkedHashMap<>();
        split().forEach((k, files) -> files.forEach(f -> sourceSide.put(f.replaceAll("^negatives/|\\.txt$", ""), k)));
        Set<String> near = new LinkedHashSet<>();
        List<String> domains = new ArrayList<>();
        for (String line : Files.readAllLines(REAL.resolve("hard-negatives.csv"))) {
            String[] f = line.split(",", -1);
            if (f.length >= 3 && !line.startsWith("domain,") && side.equals(sourceSide.get(f[2]))) {
                domains.add(f[0]);
                near.add(f[1]);
            }
        }
        TrustedIndex index = new TrustedIndex();
        index.rebuild(near.stream().map(d -> TrustedEntry.of(d, io.typoguard.schema.Sensitivity.NORMAL)).toList());
        TypoDetector d = new TypoDetector(index);
        all.addAll(domains);
        return domains.stream().filter(x -> d.check(x) instanceof Verdict.Typo).toList();
    }

    @Test
    void theTestSidesHardNegativesAreFlaggedAsOftenAsTheDocsSay() throws IOException {
        List<String> all = new ArrayList<>();
        List<String> flagged = flaggedHardNegatives("test", all);
        System.out.printf("test side: %d of %d hard negatives flagged: %s%n", flagged.size(), all.size(), flagged);

        assertThat(all).hasSize(TEST_HARD_NEGATIVES);
        assertThat(flagged).hasSize(TEST_HARD_FLAGGED);
    }

    @Test
    void theTuningSideIsReportedAndNoTestPairLeaksIntoIt() throws IOException {
        Side tuning = side("tuning");
        Side test = side("test");
        Set<String> testKeys = new LinkedHashSet<>();
        test.positives().forEach(p -> testKeys.add(p.typo() + "," + p.intended()));
        System.out.print(report("tuning", tuning, falsePositives(tuning)));
        List<String> hard = new ArrayList<>();
        List<String> flagged = flaggedHardNegatives("tuning", hard);
        System.out.printf("tuning side: %d of %d hard negatives flagged: %s%n", flagged.size(), hard.size(), flagged);
        printMisses("tuning", tuning);

        assertThat(tuning.positives()).noneMatch(p -> testKeys.contains(p.typo() + "," + p.intended()));
        assertThat(tuning.negatives()).doesNotContainAnyElementsOf(test.negatives());
    }
}
