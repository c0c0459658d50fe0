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

    private Confusables() {
    }

    /** The confusable skeleton of a domain in its Unicode form. */
    public static String skeleton(String unicodeDomain) {
        String s = unicodeDomain.toLowerCase(Locale.ROOT);
        for (int i = 0; i < 3; i++) {
            String next = CHECKER.getSkeleton(SpoofChecker.ANY_CASE, s).toLowerCase(Locale.ROOT);
            if (next.equals(s)) {
                break;
            }
            s = next;
        }
        return s;
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
