package io.typoguard.detect;

import java.util.Map;
import java.util.Set;

/** String edit arithmetic used by the detector: distances and naming the single edit between two strings. */
public final class Edits {
    private Edits() {
    }

    /** What one edit did to turn {@code from} (trusted) into {@code to} (candidate). */
    public enum Kind { OMISSION, INSERTION, REPETITION, HYPHENATION, TRANSPOSITION, SUBSTITUTION }

    /**
     * One edit.
     *
     * @param kind     what happened
     * @param position index in the trusted string
     * @param expected character of the trusted string involved (or 0)
     * @param actual   character of the candidate involved (or 0)
     */
    public record Edit(Kind kind, int position, char expected, char actual) {
    }

    /** Optimal-string-alignment distance (Levenshtein plus adjacent transposition), capped at {@code max + 1}. */
    public static int distance(String a, String b, int max) {
        int n = a.length();
        int m = b.length();
        if (Math.abs(n - m) > max) {
            return max + 1;
        }
        int[] prev2 = new int[m + 1];
        int[] prev = new int[m + 1];
        int[] cur = new int[m + 1];
        for (int j = 0; j <= m; j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= n; i++) {
            cur[0] = i;
            int rowMin = cur[0];
            for (int j = 1; j <= m; j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, prev2[j - 2] + 1);
                }
                cur[j] = v;
                rowMin = Math.min(rowMin, v);
            }
            if (rowMin > max) {
                return max + 1;
            }
            int[] t = prev2;
            prev2 = prev;
            prev = cur;
            cur = t;
        }
        return Math.min(prev[m], max + 1);
    }

    /**
     * Among the cheapest alignments of {@code trusted} and {@code candidate} (optimal string alignment), the fewest
     * replacements that are not a plausible slip: a plausible one hits a neighbouring key, a look-alike or another
     * vowel (hotmial, hotmeil); hotmart for hotmail replaces i by r and l by t, two implausible ones. Omissions,
     * insertions and swapped neighbours are always plausible.
     */
    public static int implausibleReplacements(String trusted, String candidate) {
        int n = trusted.length();
        int m = candidate.length();
        // cost = 64 per edit + 1 per implausible replacement: minimal edits first, then fewest implausible ones
        int[][] d = new int[n + 1][m + 1];
        for (int i = 0; i <= n; i++) {
            d[i][0] = 64 * i;
        }
        for (int j = 0; j <= m; j++) {
            d[0][j] = 64 * j;
        }
        for (int i = 1; i <= n; i++) {
            for (int j = 1; j <= m; j++) {
                char a = trusted.charAt(i - 1);
                char b = candidate.charAt(j - 1);
                int replace = a == b ? 0 : 64 + (keyboardAdjacent(a, b) || looksAlike(a, b) || bothVowels(a, b) ? 0 : 1);
                int v = Math.min(Math.min(d[i - 1][j] + 64, d[i][j - 1] + 64), d[i - 1][j - 1] + replace);
                if (i > 1 && j > 1 && a == candidate.charAt(j - 2) && trusted.charAt(i - 2) == b) {
                    v = Math.min(v, d[i - 2][j - 2] + 64);
                }
                d[i][j] = v;
            }
        }
        return d[n][m] % 64;
    }

    /** The single edit that turns {@code trusted} into {@code candidate}, or null when they are not one edit apart. */
    public static Edit singleEdit(String trusted, String candidate) {
        int n = trusted.length();
        int m = candidate.length();
        int p = 0;
        while (p < Math.min(n, m) && trusted.charAt(p) == candidate.charAt(p)) {
            p++;
        }
        if (n == m + 1) {
            if (trusted.substring(p + 1).equals(candidate.substring(p))) {
                return new Edit(Kind.OMISSION, p, trusted.charAt(p), (char) 0);
            }
            return null;
        }
        if (m == n + 1) {
            if (candidate.substring(p + 1).equals(trusted.substring(p))) {
                char c = candidate.charAt(p);
                boolean repeated = (p > 0 && candidate.charAt(p - 1) == c) || (p + 1 < m && candidate.charAt(p + 1) == c);
                Kind kind = c == '-' ? Kind.HYPHENATION : repeated ? Kind.REPETITION : Kind.INSERTION;
                return new Edit(kind, p, (char) 0, c);
            }
            return null;
        }
        if (n == m && p < n) {
            if (p + 1 < n && trusted.charAt(p) == candidate.charAt(p + 1) && trusted.charAt(p + 1) == candidate.charAt(p)
                    && trusted.substring(p + 2).equals(candidate.substring(p + 2))) {
                return new Edit(Kind.TRANSPOSITION, p, trusted.charAt(p), trusted.charAt(p + 1));
            }
            if (trusted.substring(p + 1).equals(candidate.substring(p + 1))) {
                return new Edit(Kind.SUBSTITUTION, p, trusted.charAt(p), candidate.charAt(p));
            }
        }
        return null;
    }

    private static final String VOWELS = "aeiouy";

    public static boolean bothVowels(char a, char b) {
        return VOWELS.indexOf(a) >= 0 && VOWELS.indexOf(b) >= 0;
    }

    /** True when the two characters differ in exactly one bit (a memory or transmission bit flip). */
    public static boolean bitFlip(char a, char b) {
        int x = a ^ b;
        return x != 0 && (x & (x - 1)) == 0;
    }

    private static final Map<Character, Set<Character>> VISUAL = Map.of(
            '0', Set.of('o'), 'o', Set.of('0'), '1', Set.of('l', 'i'), 'l', Set.of('1', 'i'), 'i', Set.of('1', 'l'),
            '5', Set.of('s'), 's', Set.of('5'), 'q', Set.of('g'), 'g', Set.of('q'));

    /** ASCII characters that read as each other in most fonts (0/o, 1/l/i, 5/s, q/g). */
    public static boolean looksAlike(char a, char b) {
        Set<Character> s = VISUAL.get(a);
        return s != null && s.contains(b);
    }

    private static final String[] QWERTY = {"1234567890-", "qwertyuiop", "asdfghjkl", "zxcvbnm"};

    /** True when the keys are next to each other on a US QWERTY keyboard (same row or the row above/below). */
    public static boolean keyboardAdjacent(char a, char b) {
        int[] pa = keyPos(a);
        int[] pb = keyPos(b);
        if (pa == null || pb == null) {
            return false;
        }
        int dr = Math.abs(pa[0] - pb[0]);
        int dc = pb[1] - pa[1];
        if (dr == 0) {
            return Math.abs(dc) == 1;
        }
        if (dr == 1) {
            // Rows are staggered: a key touches the two keys below it at column c-1 and c (row below shifted right).
            int upperCol = pa[0] < pb[0] ? pa[1] : pb[1];
            int lowerCol = pa[0] < pb[0] ? pb[1] : pa[1];
            return lowerCol == upperCol || lowerCol == upperCol - 1;
        }
        return false;
    }

    private static int[] keyPos(char c) {
        for (int r = 0; r < QWERTY.length; r++) {
            int i = QWERTY[r].indexOf(c);
            if (i >= 0) {
                return new int[] {r, i};
            }
        }
        return null;
    }
}
