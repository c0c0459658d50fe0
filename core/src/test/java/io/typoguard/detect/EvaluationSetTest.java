package io.typoguard.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The accuracy targets, checked on the committed evaluation set (core/eval, see its SOURCES.md):
 * every trusted .mil domain's .ml twin and every missing-dot form of a trusted subdomain is caught; recall
 * over the real typo lists is at least 95%; at most 0.1% of the real legitimate domains are flagged.
 */
class EvaluationSetTest {
    private static final Path EVAL = Path.of("eval");
    private static List<TrustedEntry> trusted;
    private static TypoDetector detector;

    @BeforeAll
    static void load() throws IOException {
        try (Reader r = Files.newBufferedReader(EVAL.resolve("trusted.csv"))) {
            trusted = TrustedFile.read(r);
        }
        TrustedIndex index = new TrustedIndex();
        index.rebuild(trusted);
        detector = new TypoDetector(index);
    }

    @Test
    void everyTrustedMilDomainsMlTwinIsCaught() {
        List<String> mil = trusted.stream().map(TrustedEntry::name).filter(d -> d.endsWith(".mil")).toList();
        assertThat(mil).isNotEmpty();
        for (String d : mil) {
            String ml = d.substring(0, d.length() - 4) + ".ml";
            assertThat(detector.check(ml)).as(ml).isInstanceOfSatisfying(Verdict.Typo.class,
                    t -> assertThat(t.match().intended().name()).isEqualTo(d));
            assertThat(detector.check("mail." + ml)).as("mail." + ml).isInstanceOf(Verdict.Typo.class);
        }
    }

    @Test
    void everyMissingDotFormOfATrustedSubdomainIsCaught() {
        List<TrustedEntry> subs = trusted.stream().filter(t -> !t.domain().subPart().isEmpty()).toList();
        assertThat(subs).isNotEmpty();
        for (TrustedEntry t : subs) {
            String name = t.name();
            for (int i = name.indexOf('.'); i >= 0 && i < name.lastIndexOf('.'); i = name.indexOf('.', i + 1)) {
                String joined = name.substring(0, i) + name.substring(i + 1);
                assertThat(detector.check(joined)).as(joined).isInstanceOf(Verdict.Typo.class);
            }
        }
    }

    @Test
    void recallOnRealTyposIsAtLeast95PercentAndFalsePositivesAtMostOnePerMille() throws IOException {
        List<String[]> pairs = new ArrayList<>();
        for (String line : Files.readAllLines(EVAL.resolve("typos.csv"))) {
            if (!line.isBlank() && !line.startsWith("typo,") && !line.startsWith("#")) {
                pairs.add(line.split(",", -1));
            }
        }
        long caught = pairs.stream().filter(p -> detector.check(p[0]) instanceof Verdict.Typo).count();
        List<String> legit = Files.readAllLines(EVAL.resolve("legit.txt")).stream().filter(l -> !l.isBlank()).toList();
        long falsePositives = legit.stream().filter(d -> detector.check(d) instanceof Verdict.Typo).count();

        assertThat(pairs.size()).isGreaterThan(200);
        assertThat(legit.size()).isGreaterThanOrEqualTo(10_000);
        assertThat((double) caught / pairs.size()).as("recall").isGreaterThanOrEqualTo(0.95);
        assertThat((double) falsePositives / legit.size()).as("false-positive rate").isLessThanOrEqualTo(0.001);
    }
}
