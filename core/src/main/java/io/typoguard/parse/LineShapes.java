package io.typoguard.parse;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The shape of a line nobody could read, safe to show: every address is masked, and so is every quoted text with a
 * blank in it (a subject in a CSV or JSON line); digits become {@code 9},
 * long tokens that mix letters and digits (queue ids, message ids) become {@code <id>}, and the shape is cut at
 * 120 characters. Lines of one kind then share a shape ("Nov 99 99:99:99 mx postfix/smtp[9]: &lt;id&gt;:
 * to=&lt;addr&gt;, ..."), so the most common shapes say what a parser misses without quoting anyone's mail.
 * {@link Counter} keeps the counts, bounded.
 */
public final class LineShapes {
    /** Longest shape kept. */
    public static final int MAX_CHARS = 120;

    private LineShapes() {
    }

    /** An address, quoted local parts included. */
    private static final Pattern ADDRESS = Pattern.compile("\"[^\"]*\"@[^\\s<>,;\"()\\[\\]]*|[^\\s<>,;:\"=()\\[\\]{}']*@[^\\s<>,;\"()\\[\\]{}']*");
    /** A quoted text with a blank in it (a subject in a CSV or JSON line). */
    private static final Pattern QUOTED_TEXT = Pattern.compile("\"[^\"]*\\s[^\"]*\"");
    private static final char ADDR = '\u0001';
    private static final char TEXT = '\u0002';

    /** The masked shape of {@code line}. */
    public static String of(String raw) {
        String line = QUOTED_TEXT.matcher(ADDRESS.matcher(raw.length() > 4 * MAX_CHARS ? raw.substring(0, 4 * MAX_CHARS) : raw)
                .replaceAll(String.valueOf(ADDR))).replaceAll(String.valueOf(TEXT));
        StringBuilder out = new StringBuilder(Math.min(line.length(), MAX_CHARS) + 8);
        int n = line.length();
        int i = 0;
        while (i < n && out.length() < MAX_CHARS) {
            int end = i;
            while (end < n && !isBreak(line.charAt(end))) {
                end++;
            }
            if (end == i) {
                char c = line.charAt(i);
                if (c == ADDR) {
                    out.append("<addr>");
                } else if (c == TEXT) {
                    out.append("\"<text>\"");
                } else {
                    out.append(c < 0x20 || c == 0x7f ? '?' : c);
                }
                i++;
                continue;
            }
            out.append(token(line, i, end));
            i = end;
        }
        if (out.length() > MAX_CHARS) {
            out.setLength(MAX_CHARS);
        }
        return out.toString();
    }

    private static boolean isBreak(char c) {
        return c == ADDR || c == TEXT || c == ' ' || c == ':' || c == ',' || c == ';' || c == '<' || c == '>' || c == '=' || c == '"' || c == '\t' || c == '('
                || c == ')' || c == '[' || c == ']' || c == '{' || c == '}';
    }

    private static String token(String line, int from, int to) {
        boolean letters = false;
        boolean digits = false;
        for (int i = from; i < to; i++) {
            char c = line.charAt(i);
            if (c == '@') {
                return "<addr>";
            }
            if (c >= '0' && c <= '9') {
                digits = true;
            } else if (Character.isLetter(c)) {
                letters = true;
            }
        }
        if (letters && digits && to - from >= 8) {
            return "<id>";
        }
        StringBuilder t = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            char c = line.charAt(i);
            if (c >= '0' && c <= '9') {
                if (t.length() == 0 || t.charAt(t.length() - 1) != '9') {
                    t.append('9');
                }
            } else {
                t.append(c < 0x20 || c == 0x7f ? '?' : c);
            }
        }
        return t.toString();
    }

    /**
     * Counts of shapes, at most {@code capacity} distinct ones (later new shapes are counted as "other shapes"), so
     * a flood of unreadable lines cannot grow it. Not thread-safe.
     */
    public static final class Counter {
        /** The key that counts lines whose shape arrived after the counter was full. */
        public static final String OTHER = "(other shapes)";
        private final int capacity;
        private final Map<String, Long> counts = new HashMap<>();

        public Counter(int capacity) {
            this.capacity = capacity;
        }

        public void add(String shape) {
            add(shape, 1);
        }

        public void add(String shape, long n) {
            if (counts.containsKey(shape) || counts.size() < capacity) {
                counts.merge(shape, n, Long::sum);
            } else {
                counts.merge(OTHER, n, Long::sum);
            }
        }

        /** Adds every count of {@code other}. */
        public void addAll(Counter other) {
            other.counts.forEach(this::add);
        }

        /** The {@code k} most common shapes, most common first (ties by shape). */
        public List<Map.Entry<String, Long>> top(int k) {
            List<Map.Entry<String, Long>> all = new ArrayList<>(counts.entrySet());
            all.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
            return all.subList(0, Math.min(k, all.size())).stream().map(e -> Map.entry(e.getKey(), e.getValue())).toList();
        }

        public long total() {
            return counts.values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
