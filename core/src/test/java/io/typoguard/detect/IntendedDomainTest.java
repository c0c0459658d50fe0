package io.typoguard.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.typoguard.schema.Sensitivity;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** A finding names the trusted domain its explanation names: the most specific entry wins a tie. */
class IntendedDomainTest {
    /** "<candidate> is <form> ..." or "<candidate> looks like <form> ...": the domain the explanation says was meant. */
    private static final Pattern NAMED = Pattern.compile("^\\S+(?: \\([^)]*\\))? (?:is|looks like) (\\S+)");

    private static TypoDetector detector(String... trusted) {
        List<TrustedEntry> entries = new ArrayList<>();
        for (String t : trusted) {
            entries.add(TrustedEntry.of(t, Sensitivity.CRITICAL));
        }
        TrustedIndex index = new TrustedIndex();
        index.rebuild(entries);
        return new TypoDetector(index, Allowlist.builtIn());
    }

    @Test
    void aTyposIntendedDomainIsTheMostSpecificTrustedEntry() {
        Verdict v = detector("af.mil", "us.af.mil").check("us.af.ml");

        assertThat(v).isInstanceOfSatisfying(Verdict.Typo.class, t -> {
            assertThat(t.match().intended().name()).isEqualTo("us.af.mil");
            assertThat(t.match().explanation()).startsWith("us.af.ml is us.af.mil ");
        });
    }

    @Property(tries = 500)
    void theIntendedDomainAndTheExplanationAgree(@ForAll("nestedTrusted") List<String> trusted, @ForAll("typoOf") String typoRule) {
        TypoDetector d = detector(trusted.toArray(String[]::new));
        for (String t : trusted) {
            String candidate = apply(typoRule, t);
            if (candidate == null || trusted.contains(candidate)) {
                continue;
            }
            Verdict v = d.check(candidate);
            if (v instanceof Verdict.Typo typo) {
                String intended = typo.match().intended().name();
                Matcher m = NAMED.matcher(typo.match().explanation());
                assertThat(m.find()).as(typo.match().explanation()).isTrue();
                String named = m.group(1);
                assertThat(named.equals(intended) || named.endsWith("." + intended)).as(candidate + ": " + typo.match().explanation()
                        + " but intended " + intended).isTrue();
                assertThat(named.equals(intended) || !trusted.contains(named))
                        .as(candidate + ": the explanation names the trusted " + named + " but the finding says " + intended).isTrue();
            }
        }
    }

    /** A typo made by a rule: drop the last letter of the TLD, double a letter of the name, swap two letters. */
    private static String apply(String rule, String domain) {
        int dot = domain.lastIndexOf('.');
        return switch (rule) {
            case "tld-omission" -> domain.length() - dot > 3 ? domain.substring(0, domain.length() - 1) : null;
            case "tld-com" -> domain.substring(0, dot) + ".com";
            case "first-label-double" -> domain.charAt(0) + domain;
            default -> null;
        };
    }

    @Provide
    Arbitrary<String> typoOf() {
        return Arbitraries.of("tld-omission", "tld-com", "first-label-double");
    }

    @Provide
    Arbitrary<List<String>> nestedTrusted() {
        Arbitrary<String> label = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(2).ofMaxLength(7);
        Arbitrary<String> tld = Arbitraries.of("mil", "gov", "com", "org", "net");
        return Combinators.combine(label, label, label, tld).as((sub, mid, top, t) -> {
            List<String> l = new ArrayList<>();
            l.add(top + "." + t);
            l.add(mid + "." + top + "." + t);
            l.add(sub + "." + mid + "." + top + "." + t);
            return l;
        });
    }
}
