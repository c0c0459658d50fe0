package io.typoguard.detect;

import com.ibm.icu.text.SpoofChecker;
import java.util.Locale;

/**
 * Unicode confusable skeletons (UTS #39) from ICU4J's {@link SpoofChecker}: two strings that look alike
 * (gmail / gmаil with a Cyrillic 'а', rnicrosoft / microsoft, g00gle / google) have the same skeleton.
 * Skeletons are taken of the lower-cased Unicode form and lower-cased again, since domain names ignore case
 * (so the digit 0, whose prototype is the capital O, meets the letter o).
 */
public final class Confusables {
    private static final SpoofChecker CHECKER = new SpoofChecker.Builder().build();

    /**
     * ICU's skeleton of each ASCII character, lower-cased. For ASCII text UTS #39's skeleton is the
     * concatenation of per-character prototypes (NFD changes nothing), so this table gives the same answer
     * as ICU without its per-call cost on the hot path.
     */
    private static final String[] ASCII = new String[128];

    /** Per ASCII character: its prototype is ASCII and already its own skeleton, so one table pass suffices. */
    private static final boolean[] SINGLE_PASS = new boolean[128];

    static {
        for (char c = 0; c < 128; c++) {
            ASCII[c] = CHECKER.getSkeleton(SpoofChecker.ANY_CASE, String.valueOf(c)).toLowerCase(Locale.ROOT);
        }
        // A character whose prototype is ASCII and maps to itself again (m -> rn; r and n are their own) needs
        // one pass; others (rare punctuation) go the long way.
        for (char c = 0; c < 128; c++) {
            String once = ASCII[c];
            if (once.chars().allMatch(ch -> ch < 128)) {
                StringBuilder twice = new StringBuilder();
                once.chars().forEach(ch -> twice.append(ASCII[ch]));
                SINGLE_PASS[c] = twice.toString().equals(once);
            }
        }
    }

    private Confusables() {
    }

    /** The confusable skeleton of a domain in its Unicode form. */
    public static String skeleton(String unicodeDomain) {
        String s = unicodeDomain.toLowerCase(Locale.ROOT);
        if (singlePass(s)) {
            StringBuilder b = new StringBuilder(s.length() + 4);
            for (int i = 0; i < s.length(); i++) {
                b.append(ASCII[s.charAt(i)]);
            }
            return b.toString();
        }
        if (isAsciiTable(s)) {
            for (int i = 0; i < 3; i++) {
                String next = asciiSkeleton(s);
                if (next == null) {
                    break; // a prototype left ASCII: let ICU finish
                }
                if (next.equals(s)) {
                    return s;
                }
                s = next;
            }
        }
        for (int i = 0; i < 3; i++) {
            String next = CHECKER.getSkeleton(SpoofChecker.ANY_CASE, s).toLowerCase(Locale.ROOT);
            if (next.equals(s)) {
                break;
            }
            s = next;
        }
        return s;
    }

    /** Per ASCII character: the polynomial hash ({@link NameHashes#of}) of its skeleton, B to its length, and its length. */
    private static final long[] SKELETON_HASH = new long[128];
    private static final long[] SKELETON_SHIFT = new long[128];
    private static final int[] SKELETON_LENGTH = new int[128];

    static {
        for (char c = 0; c < 128; c++) {
            SKELETON_HASH[c] = NameHashes.of(ASCII[c]);
            SKELETON_SHIFT[c] = NameHashes.pow(ASCII[c].length());
            SKELETON_LENGTH[c] = ASCII[c].length();
        }
    }

    /**
     * The polynomial hash and length of the skeleton of a lower-case ASCII name, as {@link NameHashes#of} of
     * {@code skeleton(name)} would give, without building it, when one table pass gives it (the common case): one
     * multiply-add per character. False, with {@code out} untouched, otherwise.
     *
     * @param out receives the hash at 0 and the length at 1
     */
    static boolean asciiSkeletonHash(String lowerAscii, long[] out) {
        long h = 0;
        int length = 0;
        for (int i = 0; i < lowerAscii.length(); i++) {
            char c = lowerAscii.charAt(i);
            if (c >= 128 || !SINGLE_PASS[c] || (c >= 'A' && c <= 'Z')) {
                return false;
            }
            h = h * SKELETON_SHIFT[c] + SKELETON_HASH[c];
            length += SKELETON_LENGTH[c];
        }
        out[0] = h;
        out[1] = length;
        return true;
    }

    private static boolean singlePass(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 128 || !SINGLE_PASS[c]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiTable(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 128) {
                return false;
            }
        }
        return true;
    }

    private static String asciiSkeleton(String s) {
        StringBuilder b = new StringBuilder(s.length() + 4);
        for (int i = 0; i < s.length(); i++) {
            String p = ASCII[s.charAt(i)];
            for (int j = 0; j < p.length(); j++) {
                if (p.charAt(j) >= 128) {
                    return null;
                }
            }
            b.append(p);
        }
        return b.toString();
    }

    /** Names the scripts of the non-ASCII letters in a Unicode domain, e.g. "Cyrillic". */
    public static String scriptsOf(String unicodeDomain) {
        java.util.TreeSet<String> scripts = new java.util.TreeSet<>();
        unicodeDomain.codePoints().filter(cp -> cp > 0x7F && Character.isLetter(cp))
                .forEach(cp -> scripts.add(Character.UnicodeScript.of(cp).name().charAt(0)
                        + Character.UnicodeScript.of(cp).name().substring(1).toLowerCase(Locale.ROOT)));
        return String.join("+", scripts);
    }
}
