package io.typoguard.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.typoguard.schema.Sensitivity;
import io.typoguard.schema.Technique;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TypoDetectorTest {
    private TypoDetector detector;

    @BeforeEach
    void trustedList() {
        TrustedIndex index = new TrustedIndex();
        index.rebuild(List.of(
                TrustedEntry.of("army.mil", Sensitivity.CRITICAL),
                TrustedEntry.of("navy.mil", Sensitivity.CRITICAL),
                TrustedEntry.of("af.mil", Sensitivity.CRITICAL),
                TrustedEntry.of("state.gov", Sensitivity.HIGH),
                TrustedEntry.of("gmail.com", Sensitivity.NORMAL),
                TrustedEntry.of("outlook.com", Sensitivity.NORMAL),
                TrustedEntry.of("uol.com", Sensitivity.NORMAL),
                TrustedEntry.of("se.ibm.com", Sensitivity.HIGH),
                TrustedEntry.of("bbc.co.uk", Sensitivity.NORMAL),
                TrustedEntry.of("paypal.com", Sensitivity.HIGH),
                TrustedEntry.of("apple.com", Sensitivity.NORMAL),
                TrustedEntry.of("tuya.com", Sensitivity.NORMAL),
                TrustedEntry.of("yahoo.com", Sensitivity.NORMAL),
                TrustedEntry.of("icloud.com", Sensitivity.NORMAL),
                TrustedEntry.of("live.com", Sensitivity.NORMAL),
                TrustedEntry.of("hotmail.com", Sensitivity.NORMAL),
                new TrustedEntry(DomainName.parse("disa.mil"), "DISA", Sensitivity.CRITICAL, true, java.util.Set.of("disa.com"))));
        detector = new TypoDetector(index);
    }

    @ParameterizedTest(name = "{0} is a typo of {1} ({2})")
    @CsvSource({
        "army.ml,        army.mil,   TLD_OMISSION",
        "navy.ml,        navy.mil,   TLD_OMISSION",
        "af.ml,          af.mil,     TLD_OMISSION",
        "mail.army.ml,   army.mil,   TLD_OMISSION",
        "army.mill,      army.mil,   TLD_INSERTION",
        "state.gob,      state.gov,  TLD_KEYBOARD_REPLACEMENT",
        "gmail.con,      gmail.com,  TLD_KEYBOARD_REPLACEMENT",
        "gmail.cpm,      gmail.com,  TLD_KEYBOARD_REPLACEMENT",
        "gmail.cxm,      gmail.com,  TLD_SUBSTITUTION",
        "gmail.cm,       gmail.com,  TLD_OMISSION",
        "gmail.co,       gmail.com,  TLD_OMISSION",
        "gmail.om,       gmail.com,  TLD_OMISSION",
        "gmail.ocm,      gmail.com,  TLD_TRANSPOSITION",
        "army.mil.com,   army.mil,   TLD_APPENDED",
        "army.com,       army.mil,   TLD_SWAP",
        "gmail.net,      gmail.com,  TLD_SWAP",
        "outlook.org,    outlook.com, TLD_SWAP",
        "gmail.info,     gmail.com,  TLD_SWAP",
        "gmail.fr,       gmail.com,  TLD_SWAP",
        "gmail.de,       gmail.com,  TLD_SWAP",
        "paypal.co.uk,   paypal.com, TLD_SWAP",
        "gmail.com.br,   gmail.com,  TLD_APPENDED",
        "gmial.com,      gmail.com,  LABEL_TRANSPOSITION",
        "gmai.com,       gmail.com,  LABEL_OMISSION",
        "gmaill.com,     gmail.com,  LABEL_REPETITION",
        "gmsil.com,      gmail.com,  LABEL_KEYBOARD_REPLACEMENT",
        "gmeil.com,      gmail.com,  VOWEL_SWAP",
        "outl0ok.com,    outlook.com, HOMOGLYPH",
        "g-mail.com,     gmail.com,  HYPHENATION",
        "armymil.com,    army.mil,   MISSING_DOT",
        "seibm.com,      se.ibm.com, MISSING_DOT",
        "bbc.co.uj,      bbc.co.uk,  TLD_KEYBOARD_REPLACEMENT",
        "bbc.co.ul,      bbc.co.uk,  TLD_KEYBOARD_REPLACEMENT",
        "bbc.co.xk,      bbc.co.uk,  TLD_SUBSTITUTION",
        "gmaml.com,      gmail.com,  BITSQUATTING",
        "gmaxl.com,      gmail.com,  LABEL_REPLACEMENT",
        "gmaiql.com,     gmail.com,  LABEL_INSERTION",
        "gmaik.co,       gmail.com,  LABEL_AND_TLD",
        "ucloud.com,     icloud.com, LABEL_KEYBOARD_REPLACEMENT",
        "htomali.com,    hotmail.com, LABEL_TWO_EDITS",
        "gimal.com,      gmail.com,  LABEL_TWO_EDITS",
        "gmale.com,      gmail.com,  LABEL_TWO_EDITS",
        "ar.my.mil,      army.mil,   EXTRA_DOT",
        "se-ibm.com,     se.ibm.com, DOT_DASH_SWAP",
        "army-mil.com,   army.mil,   DOT_DASH_SWAP",
        "sw.ibm.com,     se.ibm.com, SUBDOMAIN_TYPO",
        "paypa1.com,     paypal.com, HOMOGLYPH",
        "arrny.mil,      army.mil,   HOMOGLYPH",
        "g00gle.com,     ,           ",
        "gmаil.com,      gmail.com,  IDN_HOMOGRAPH",
        "xn--gmil-63d.com, gmail.com, IDN_HOMOGRAPH",
        "аррlе.com,      apple.com,  IDN_HOMOGRAPH",
        "уаһоо.com,      yahoo.com,  IDN_HOMOGRAPH",
    })
    void flagsTypos(String candidate, String intended, Technique technique) {
        if (intended == null) {
            return; // placeholder row: g00gle.com needs google.com trusted, see homoglyphsOfDigitsAreCaught
        }
        Verdict v = detector.check(candidate);

        assertThat(v).isInstanceOf(Verdict.Typo.class);
        Match m = ((Verdict.Typo) v).match();
        assertThat(m.intended().name()).isEqualTo(intended);
        assertThat(m.technique()).isEqualTo(technique);
    }

    @Test
    void explainsTheArmyMlCaseInWords() {
        Match m = ((Verdict.Typo) detector.check("colonel.smith@army.ml")).match();

        assertThat(m.explanation()).isEqualTo("army.ml is army.mil with the 'i' of the TLD missing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"army.mil", "ARMY.MIL.", "mail.army.mil", "navy.mil", "gmail.com", "se.ibm.com", "lab.se.ibm.com"})
    void trustedDomainsAndTheirSubdomainsPass(String domain) {
        assertThat(detector.check(domain)).isInstanceOf(Verdict.Trusted.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.org", "army.de", "armada.mil", "gmail.example", "ual.com", "uol.co.uk", "ibm.co",
        "microsoft.com", "wikipedia.org", "ibm.com", "ibm.co.uk", "uol.net", "army.net", "outlook.fr", "outlook.com.br", "mail.outlook.de", "jmaul.com", "gimal.net",
        "pcloud.com", "qcloud.com", "vive.com", "hotmart.com"})
    void unrelatedOrShortNeighboursAreNotFlagged(String domain) {
        assertThat(detector.check(domain)).isInstanceOf(Verdict.Clean.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "user@", "user@[10.0.0.1]", "10.0.0.1", "exa mple.com", "a..b", "-bad-.com"})
    void badInputGetsAnInvalidVerdictNotAnException(String input) {
        assertThat(detector.check(input)).isInstanceOf(Verdict.Invalid.class);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "\"john..doe\"@army.ml      | Typo",
        "\"a@b\"@gmail.com          | Trusted",
        "COLONEL@ARMY.ML.            | Typo",
        "müller.de                   | Clean",
        "user@xn--mller-kva.de       | Clean",
        "user@[10.0.0.1]             | Invalid",
        "user@[IPv6:2001:db8::1]     | Invalid",
        "a\u0000b.com               | Invalid",
        "xn--.com                    | Invalid",
        "army..mil                   | Invalid",
        "@                           | Invalid",
    })
    void everyKindOfBadOrOddInputGetsADefinedVerdict(String input, String verdict) {
        String text = input.replace("\\u0000", "\u0000");
        assertThat(detector.check(text).getClass().getSimpleName()).isEqualTo(verdict);
    }

    @Test
    void overLongDomainIsInvalid() {
        assertThat(detector.check("a".repeat(60) + "." + "b".repeat(60) + "." + "c".repeat(60) + "." + "d".repeat(60) + "." + "e".repeat(60) + ".com"))
                .isInstanceOf(Verdict.Invalid.class);
    }

    @Test
    void aRemovedDomainNoLongerMatches() {
        detector.index().remove("army.mil");

        assertThat(detector.check("army.ml")).isInstanceOf(Verdict.Clean.class);
        assertThat(detector.check("navy.ml")).isInstanceOf(Verdict.Typo.class);
    }

    @Test
    void anAddedDomainMatchesAtOnce() {
        detector.index().upsert(TrustedEntry.of("marines.mil", Sensitivity.CRITICAL));

        assertThat(detector.check("marines.ml")).isInstanceOf(Verdict.Typo.class);
    }

    @Test
    void homoglyphsOfDigitsAreCaughtEvenWithTwoOfThem() {
        detector.index().upsert(TrustedEntry.of("google.com", Sensitivity.NORMAL));

        Match m = ((Verdict.Typo) detector.check("g00gle.com")).match();

        assertThat(m.technique()).isEqualTo(Technique.HOMOGLYPH);
        assertThat(m.intended().name()).isEqualTo("google.com");
    }

    @Test
    void anIdnHomographIsExplainedInUnicodeAndPunycode() {
        Match m = ((Verdict.Typo) detector.check("gmаil.com")).match(); // Cyrillic 'а'

        assertThat(m.explanation()).contains("gmаil.com").contains("xn--gmil-63d.com").contains("Cyrillic").contains("gmail.com");
    }

    @Test
    void knownLegitimateLookalikesAreAllowlistedAndSaySo() {
        Verdict global = detector.check("mail.com");
        Verdict tuta = detector.check("tuta.com");
        Verdict perEntry = detector.check("disa.com");

        assertThat(global).isInstanceOf(Verdict.Allowlisted.class);
        assertThat(global.describe()).contains("gmail.com").contains("global allowlist");
        assertThat(tuta).isInstanceOf(Verdict.Allowlisted.class);
        assertThat(perEntry.describe()).contains("allowed look-alike of disa.mil");
    }

    @Test
    void anAllowlistedProviderDoesNotVouchForATrustedNameSplitByADot() {
        Verdict split = detector.check("g.mail.com");
        Verdict ownName = detector.check("smtp.mail.com");

        assertThat(split).isInstanceOf(Verdict.Typo.class);
        assertThat(((Verdict.Typo) split).match().technique()).isEqualTo(Technique.EXTRA_DOT);
        assertThat(((Verdict.Typo) split).match().intended().name()).isEqualTo("gmail.com");
        assertThat(ownName).isNotInstanceOf(Verdict.Typo.class);
    }
}
