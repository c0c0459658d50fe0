package io.typoguard.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Shapes of unreadable lines group lines of one kind and never show an address or a subject. */
class LineShapesTest {

    @Test
    void linesOfOneKindShareAShapeWithAddressesMasked() {
        String a = LineShapes.of("Nov 27 04:21:12 mx1 postfix/smtp[4298]: 27E05160038: to=<colonel.smith@army.ml>, relay=x[1.2.3.4]:25");
        String b = LineShapes.of("Nov 28 14:01:59 mx1 postfix/smtp[11]: 99AB0160FFF: to=<bob@gmial.com>, relay=x[10.0.0.1]:25");

        assertThat(a).isEqualTo(b).isEqualTo("Nov 9 9:9:9 mx9 postfix/smtp[9]: <id>: to=<<addr>>, relay=x[9.9.9.9]:9");
    }

    @Test
    void quotedLocalPartsAndQuotedTextAreMasked() {
        String s = LineShapes.of("\"2026-11-27\",\"john doe\"@gmial.com,\"Medical results for J. Smith\",\"Delivered\"");

        assertThat(s).doesNotContain("john", "doe", "Medical", "Smith").contains("<addr>", "\"<text>\"", "\"Delivered\"");
    }

    @Test
    void shapesAreShortAndFreeOfControlCharacters() {
        assertThat(LineShapes.of("x".repeat(5000))).hasSizeLessThanOrEqualTo(LineShapes.MAX_CHARS);
        assertThat(LineShapes.of("a\u0000b\u001bc")).isEqualTo("a?b?c");
    }

    @Test
    void theCounterKeepsItsMostCommonShapesAndIsBounded() {
        LineShapes.Counter c = new LineShapes.Counter(2);
        c.add("a");
        c.add("b");
        c.add("b");
        c.add("c");
        c.add("d");

        assertThat(c.top(5)).containsExactly(Map.entry(LineShapes.Counter.OTHER, 2L), Map.entry("b", 2L), Map.entry("a", 1L));
        assertThat(c.total()).isEqualTo(5);
    }
}
