package io.typoguard.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.typoguard.parse.MailLogParser;
import io.typoguard.parse.ParseOutcome;
import io.typoguard.schema.Sensitivity;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;

/** Whatever arrives, the detector and the parser answer; nothing escapes as an exception. */
class DetectorPropertiesTest {
    private final TypoDetector detector;
    private final MailLogParser parser = new MailLogParser();

    DetectorPropertiesTest() {
        TrustedIndex index = new TrustedIndex();
        index.rebuild(List.of(TrustedEntry.of("army.mil", Sensitivity.CRITICAL), TrustedEntry.of("gmail.com", Sensitivity.NORMAL),
                TrustedEntry.of("se.ibm.com", Sensitivity.HIGH), TrustedEntry.of("bbc.co.uk", Sensitivity.NORMAL)));
        detector = new TypoDetector(index);
    }

    @Property(tries = 3000)
    void anyStringGetsAVerdict(@ForAll @StringLength(max = 300) String s) {
        Verdict v = detector.check(s);
        assertThat(v).isNotNull();
        assertThat(v.describe()).isNotNull();
    }

    @Property(tries = 3000)
    void anyDomainShapedStringGetsAVerdict(@ForAll("domainish") String s) {
        assertThat(detector.check(s)).isNotNull();
    }

    @Property(tries = 1000)
    void aTrustedDomainIsNeverATypo(@ForAll("trusted") String d, @ForAll("casing") boolean upper, @ForAll boolean trailingDot) {
        String input = (upper ? d.toUpperCase() : d) + (trailingDot ? "." : "");
        assertThat(detector.check(input)).isInstanceOf(Verdict.Trusted.class);
    }

    /** The shortcuts that skip building a string when the filter says no agree with building it. */
    @Property(tries = 2000)
    void filteredLookupsAgreeWithPlainOnes(@ForAll("domainish") String s) {
        DomainName d = DomainName.tryParse(s).orElse(null);
        if (d == null) {
            return;
        }
        TrustedIndex index = detector.index();
        assertThat(index.withSkeletonOf(d)).isEqualTo(index.withSkeleton(Confusables.skeleton(d.unicode())));
        String a = d.ascii();
        long[] skeleton = new long[2];
        if (!a.contains("xn--") && Confusables.asciiSkeletonHash(a, skeleton)) { // as withSkeletonOf uses it
            String built = Confusables.skeleton(d.unicode());
            assertThat(skeleton).containsExactly(NameHashes.of(built), built.length());
        }
        NameHashes name = new NameHashes(a);
        for (int i = 0; i < a.length(); i++) {
            assertThat(index.getEdited(name, i, (char) 0)).isEqualTo(index.get(a.substring(0, i) + a.substring(i + 1)));
            assertThat(index.getEdited(name, i, '-')).isEqualTo(index.get(a.substring(0, i) + "-" + a.substring(i + 1)));
        }
        // Every part of the name between label boundaries, looked up by its hash in place and as a string.
        for (int from = 0; from < a.length(); from = a.indexOf('.', from) < 0 ? a.length() : a.indexOf('.', from) + 1) {
            for (int to = a.length(); to > from; to = a.lastIndexOf('.', to - 1)) {
                String part = a.substring(from, to);
                assertThat(index.withLabel(name, from, to)).as(part).isEqualTo(index.withLabel(part));
                assertThat(index.withJoined(name, from, to)).as(part).isEqualTo(index.withJoined(part));
                if (from == 0) {
                    assertThat(index.covering(name, to)).as(part).isEqualTo(index.covering(part));
                }
            }
        }
    }

    @net.jqwik.api.Example
    void dottedAndDashedVariantsOfTrustedNamesAreFoundWithoutBuildingThem() {
        TrustedIndex index = detector.index();
        for (String d : List.of("army.mil", "gmail.com", "se.ibm.com", "bbc.co.uk")) {
            int dot = d.indexOf('.');
            String dashed = d.substring(0, dot) + "-" + d.substring(dot + 1);

            assertThat(index.getEdited(new NameHashes(dashed), dot, '.')).map(TrustedEntry::name).contains(d);
            assertThat(index.covering(new NameHashes(d + ".com"), d.length())).map(TrustedEntry::name).contains(d);
            assertThat(index.withJoined(new NameHashes("x." + d.replaceFirst("[.]", "")), 2, d.length() + 1)).extracting(TrustedEntry::name).contains(d);
            assertThat(index.withSkeletonOf(DomainName.parse(d))).extracting(TrustedEntry::name).contains(d);
        }
    }

    // The parser turns an internal exception into a "parser error" failure instead of throwing; these
    // properties fail on that too, so a bug cannot hide behind the safety net.
    @Property(tries = 3000)
    void theParserNeverThrows(@ForAll byte[] raw) {
        assertNoParserError(parser.parse(raw));
    }

    @Property(tries = 2000)
    void theParserNeverThrowsOnPostfixShapedLines(@ForAll("postfixish") String line) {
        assertNoParserError(parser.parse(line));
    }

    @Property(tries = 2000)
    void theParserNeverThrowsOnOddDates(@ForAll("oddDates") String line) {
        assertNoParserError(parser.parse(line));
    }

    private static void assertNoParserError(ParseOutcome o) {
        assertThat(o).isNotNull();
        if (o instanceof ParseOutcome.Failure f) {
            assertThat(f.reason()).doesNotStartWith("parser error");
        }
    }

    @Provide
    Arbitrary<String> oddDates() {
        return net.jqwik.api.Combinators.combine(Arbitraries.of("Jan", "Feb", "Apr", "Jun", "Sep", "Nov", "Dec", "Xyz"),
                Arbitraries.integers().between(0, 39), Arbitraries.integers().between(0, 29))
                .as((m, d, h) -> String.format("%s %2d %02d:00:00 mail postfix/qmgr[1]: ABCDE12345: removed", m, d, h));
    }

    @Provide
    Arbitrary<String> domainish() {
        Arbitrary<String> label = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789-_.@[]\u0430\u0435\u043e\u00e9\u200d")
                .ofMinLength(0).ofMaxLength(70);
        return label.list().ofMinSize(1).ofMaxSize(6).map(parts -> String.join(".", parts));
    }

    @Provide
    Arbitrary<String> trusted() {
        return Arbitraries.of("army.mil", "mail.army.mil", "gmail.com", "se.ibm.com", "lab.se.ibm.com", "bbc.co.uk", "news.bbc.co.uk");
    }

    @Provide
    Arbitrary<Boolean> casing() {
        return Arbitraries.of(true, false);
    }

    @Provide
    Arbitrary<String> postfixish() {
        Arbitrary<String> noise = Arbitraries.strings().withChars("<>=,@.: abcxyz0123[]()").ofMaxLength(80);
        Arbitrary<String> kind = Arbitraries.of("to=<", "from=<", "message-id=<", "removed", "NOQUEUE: reject: RCPT from x: 554 5.7.1 ; from=<", "");
        return net.jqwik.api.Combinators.combine(kind, noise, noise).as((k, a, b) ->
                "Nov 27 04:21:12 mail postfix/smtp[1]: ABCDE12345: " + k + a + ">, status=" + b);
    }
}
