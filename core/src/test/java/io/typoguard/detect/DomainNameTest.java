package io.typoguard.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.net.InternetDomainName;
import com.google.thirdparty.publicsuffix.PublicSuffixPatterns;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class DomainNameTest {
    /**
     * The registry suffix DomainName finds (with its shortcut past ancestors no rule can match) is the one Guava's
     * InternetDomainName finds, for every rule of the Public Suffix List with zero to three labels in front, and
     * for names under top-level labels the list does not know.
     */
    @Test
    void registrySuffixIsGuavasForEveryRuleOfThePublicSuffixList() {
        TreeSet<String> names = new TreeSet<>();
        Random random = new Random(7);
        List<String> keys = new ArrayList<>();
        keys.addAll(PublicSuffixPatterns.EXACT.keySet());
        keys.addAll(PublicSuffixPatterns.UNDER.keySet());
        keys.addAll(PublicSuffixPatterns.EXCLUDED.keySet());
        for (String key : keys) {
            if (!key.chars().allMatch(c -> c < 128)) {
                continue; // Guava keeps IDN rules in Unicode; DomainName works on punycode, as does everything after it
            }
            String name = key;
            names.add(name);
            for (int extra = 0; extra < 3; extra++) {
                name = "l" + random.nextInt(1000) + "." + name;
                names.add(name);
            }
        }
        names.addAll(List.of("example.notatld", "a.b.c.notatld", "notatld", "www.ck", "a.www.ck", "b.a.ck", "ck",
                "x.kawasaki.jp", "city.kawasaki.jp", "a.city.kawasaki.jp", "foo123.com", "news.bbc.co.uk"));

        List<String> differing = new ArrayList<>();
        for (String name : names) {
            InternetDomainName guava = InternetDomainName.from(name);
            String expected = guava.hasRegistrySuffix() ? guava.registrySuffix().toString() : null;
            DomainName ours = DomainName.parse(name);
            String actual = ours.hasKnownSuffix() ? ours.suffix() : null;
            if (!java.util.Objects.equals(expected, actual)) {
                differing.add(name + ": Guava " + expected + ", ours " + actual);
            }
        }
        assertThat(names).hasSizeGreaterThan(20_000);
        assertThat(differing).isEmpty();
    }

    /** The one-pass shortcut for plain names gives what the full path gives, name or reason, on names near its edges. */
    @net.jqwik.api.Property(tries = 20_000)
    void shortcutAgreesWithTheFullPath(@net.jqwik.api.ForAll("nearlyPlainNames") String text) {
        assertThat(outcome(() -> DomainName.parse(text))).isEqualTo(outcome(() -> DomainName.parseFully(text)));
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> nearlyPlainNames() {
        net.jqwik.api.Arbitrary<String> label = net.jqwik.api.Arbitraries.strings().withChars("abz019-_.A \u00e9[")
                .ofMinLength(0).ofMaxLength(5);
        net.jqwik.api.Arbitrary<String> longLabel = net.jqwik.api.Arbitraries.strings().withChars("ab-").ofMinLength(60).ofMaxLength(66);
        return net.jqwik.api.Arbitraries.oneOf(label, longLabel, net.jqwik.api.Arbitraries.of("com", "co.uk", "ck", "1", "123", "mil"))
                .list().ofMinSize(1).ofMaxSize(5).map(parts -> String.join(".", parts));
    }

    private static String outcome(java.util.function.Supplier<DomainName> parse) {
        try {
            DomainName d = parse.get();
            return d.subPart() + " | " + d.label() + " | " + d.suffix() + " | " + d.ascii();
        } catch (InvalidDomainException e) {
            return "invalid: " + e.getMessage();
        }
    }
}
