package io.typoguard.connect.tail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplitterTest {
    record Line(String text, long end, boolean truncated, long full) {
    }

    private final List<Line> lines = new ArrayList<>();
    private final LineSplitter.LineConsumer out = (b, end, t, full) -> lines.add(new Line(new String(b, StandardCharsets.UTF_8), end, t, full));

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void completeLinesCarryTheOffsetAfterTheirNewlineAndCrlfIsOneLineEnd() {
        LineSplitter s = new LineSplitter(100, 10);
        byte[] b = bytes("one\ntwo\r\nthree");
        assertThat(s.feed(b, 0, b.length, out)).isEqualTo(2);
        assertThat(lines).containsExactly(new Line("one", 14, false, 3), new Line("two", 19, false, 3));
        assertThat(s.committedOffset()).isEqualTo(19);
        assertThat(s.offset()).isEqualTo(24);
    }

    @Test
    void aLineSplitAcrossReadsIsSentOnceCompleteAndAPartialOnlyWhenFlushed() {
        LineSplitter s = new LineSplitter(100, 0);
        s.feed(bytes("hel"), 0, 3, out);
        s.feed(bytes("lo\r"), 0, 3, out);
        assertThat(lines).isEmpty();
        s.feed(bytes("\nwor"), 0, 4, out);
        assertThat(lines).containsExactly(new Line("hello", 7, false, 5));
        assertThat(s.committedOffset()).isEqualTo(7);
        assertThat(s.flushPartial(out)).isTrue();
        assertThat(lines).last().isEqualTo(new Line("wor", 10, false, 3));
        assertThat(s.flushPartial(out)).isFalse();
    }

    @Test
    void aLineOverTheHardCapIsSentCutWhenItsNewlineArrivesWithItsFullLength() {
        LineSplitter s = new LineSplitter(4, 0);
        s.feed(bytes("abcdefg"), 0, 7, out);
        s.feed(bytes("hij\nok\nlongerline\n"), 0, 18, out);
        assertThat(lines).containsExactly(new Line("abcd", 11, true, 10), new Line("ok", 14, false, 2), new Line("long", 25, true, 10));
    }

    @Test
    void anEmptyLineIsALine() {
        LineSplitter s = new LineSplitter(10, 0);
        s.feed(bytes("\n\na\n"), 0, 4, out);
        assertThat(lines).extracting(Line::text).containsExactly("", "", "a");
    }
}
