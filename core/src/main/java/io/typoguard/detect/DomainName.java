package io.typoguard.detect;

import com.google.thirdparty.publicsuffix.PublicSuffixPatterns;
import com.google.thirdparty.publicsuffix.PublicSuffixType;
import java.net.IDN;
import java.util.Locale;
import java.util.Optional;

/**
 * A normalised domain split the way a registrar sees it: {@code mail.army.mil} is sub-part {@code mail},
 * registrable label {@code army} and registry suffix {@code mil}; {@code news.bbc.co.uk} is {@code news},
 * {@code bbc}, {@code co.uk}. Uses Guava's copy of the Public Suffix List (ICANN section only, so private
 * suffixes like {@code blogspot.com} do not hide the registrable label). Plain ASCII names skip IDNA
 * processing; the suffix search reads Guava's Public Suffix List tables directly (see
 * {@link #registrySuffixStart}).
 *
 * @param ascii     the whole domain, lower-case ASCII (punycode for IDNs), no trailing dot
 * @param subPart   labels left of the registrable label ("" when none)
 * @param label     the registrable label ("" when the whole name is a public suffix)
 * @param suffix    the registry suffix; the last label when the name is under no known suffix
 */
public record DomainName(String ascii, String subPart, String label, String suffix) {

    /** Longest domain name DNS allows (RFC 1035), without the trailing dot. */
    public static final int MAX_LENGTH = 253;

    /** The registrable domain: label + "." + suffix (or the suffix alone). */
    public String registrable() {
        return label.isEmpty() ? suffix : label + "." + suffix;
    }

    /** Parses and normalises; empty when the text is not a usable DNS name (with the reason thrown away). */
    public static Optional<DomainName> tryParse(String text) {
        try {
            return Optional.of(parse(text));
        } catch (InvalidDomainException e) {
            return Optional.empty();
        }
    }

    /**
     * Parses and normalises a domain: trims, lower-cases, drops one trailing dot, converts Unicode to
     * punycode (IDNA 2003 as implemented by {@link IDN}).
     *
     * @throws InvalidDomainException with a reason a user can read
     */
    public static DomainName parse(String text) {
        if (text != null && plainLdh(text)) {
            return split(text);
        }
        return parseFully(text);
    }

    /** {@link #parse} without the one-pass shortcut for plain names (package-private for the test that compares both). */
    static DomainName parseFully(String text) {
        if (text == null) {
            throw new InvalidDomainException("no domain");
        }
        String d = text.strip();
        if (d.endsWith(".")) {
            d = d.substring(0, d.length() - 1);
        }
        if (d.isEmpty()) {
            throw new InvalidDomainException("empty domain");
        }
        if (d.length() > MAX_LENGTH * 4) {
            throw new InvalidDomainException("domain longer than " + MAX_LENGTH + " characters");
        }
        if (d.startsWith("[") || digitsAndDots(d)) {
            throw new InvalidDomainException("address literal, not a domain name");
        }
        String ascii = asciiLowerLdh(d);
        if (ascii == null) {
            try {
                ascii = IDN.toASCII(d, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
            } catch (IllegalArgumentException e) {
                throw new InvalidDomainException("invalid internationalised domain name");
            }
        }
        if (ascii.length() > MAX_LENGTH) {
            throw new InvalidDomainException("domain longer than " + MAX_LENGTH + " characters");
        }
        validateLabels(ascii);
        return split(ascii);
    }

    /**
     * The common case in one pass: already lower-case ASCII letters, digits, '-' and '_' in labels of 1 to 63
     * characters, no hyphen at either end of a label, a top-level label that is not all digits, at most
     * {@link #MAX_LENGTH} characters. Everything else (spaces, a trailing dot, capitals, Unicode, an error with
     * its reason) takes the full path in {@link #parse}, which accepts exactly these names too.
     */
    private static boolean plainLdh(String d) {
        int n = d.length();
        if (n == 0 || n > MAX_LENGTH) {
            return false;
        }
        int labelStart = 0;
        boolean labelDigitsOnly = true;
        for (int i = 0; i < n; i++) {
            char c = d.charAt(i);
            if (c == '.') {
                int len = i - labelStart;
                if (len == 0 || len > 63 || d.charAt(i - 1) == '-') {
                    return false;
                }
                labelStart = i + 1;
                labelDigitsOnly = true;
            } else if ((c >= 'a' && c <= 'z') || c == '_' || (c == '-' && i != labelStart)) {
                labelDigitsOnly = false;
            } else if (c < '0' || c > '9') {
                return false;
            }
        }
        int last = n - labelStart;
        return last > 0 && last <= 63 && d.charAt(n - 1) != '-' && !labelDigitsOnly;
    }

    /** Splits a valid lower-case ASCII name into sub-part, registrable label and registry suffix. */
    private static DomainName split(String ascii) {
        int suffixStart = registrySuffixStart(ascii);
        String suffix;
        String label;
        String sub;
        if (suffixStart > 0) {
            suffix = ascii.substring(suffixStart);
            int labelStart = ascii.lastIndexOf('.', suffixStart - 2) + 1;
            label = ascii.substring(labelStart, suffixStart - 1);
            sub = labelStart > 0 ? ascii.substring(0, labelStart - 1) : "";
        } else if (suffixStart == 0) {
            suffix = ascii;
            label = "";
            sub = "";
        } else {
            // Unknown TLD (gmail.con, state.gob): the last label plays the suffix.
            int lastDot = ascii.lastIndexOf('.');
            suffix = ascii.substring(lastDot + 1);
            if (lastDot < 0) {
                label = "";
                sub = "";
            } else {
                int labelStart = ascii.lastIndexOf('.', lastDot - 1) + 1;
                label = ascii.substring(labelStart, lastDot);
                sub = labelStart > 0 ? ascii.substring(0, labelStart - 1) : "";
            }
        }
        return new DomainName(ascii, sub, label, suffix);
    }

    /** The input lower-cased when it is plain ASCII letters, digits, '-', '_' and '.'; null otherwise. */
    private static boolean digitsAndDots(String d) {
        for (int i = 0; i < d.length(); i++) {
            char c = d.charAt(i);
            if (!Character.isDigit(c) && c != '.') {
                return false;
            }
        }
        return true;
    }

    private static String asciiLowerLdh(String d) {
        boolean lower = true;
        for (int i = 0; i < d.length(); i++) {
            char c = d.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                lower = false;
            } else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_')) {
                return null;
            }
        }
        return lower ? d : d.toLowerCase(Locale.ROOT);
    }

    private static void validateLabels(String ascii) {
        int start = 0;
        while (true) {
            int dot = ascii.indexOf('.', start);
            int end = dot < 0 ? ascii.length() : dot;
            int len = end - start;
            if (len == 0) {
                throw new InvalidDomainException("empty label in domain name");
            }
            if (len > 63) {
                throw new InvalidDomainException("label longer than 63 characters");
            }
            if (ascii.charAt(start) == '-' || ascii.charAt(end - 1) == '-') {
                throw new InvalidDomainException("label starts or ends with a hyphen");
            }
            for (int i = start; i < end; i++) {
                char c = ascii.charAt(i);
                if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                    throw new InvalidDomainException("not a valid domain name");
                }
            }
            if (dot < 0) {
                char first = ascii.charAt(start);
                if (first >= '0' && first <= '9' && ascii.substring(start).chars().allMatch(Character::isDigit)) {
                    throw new InvalidDomainException("top-level label is numeric");
                }
                return;
            }
            start = dot + 1;
        }
    }

    /**
     * What the Public Suffix List says under each top-level label: the most labels any key under it has (an exact or
     * wildcard registry rule, or an exception), and the rules on the top-level label itself. An ancestor with more
     * labels than that cannot match a rule, so the search starts there; under a top-level label whose rules are all
     * one label long ({@code com}, {@code de}) the answer needs no lookup of the name at all.
     */
    private record TopLevel(String name, int mostLabels, boolean registry, boolean wildcard) {
    }

    /**
     * The top-level labels, in an open-addressing table looked up straight from the name's characters (no substring
     * is built for the common case). A {@code HashMap} would need the top-level label as a string of its own.
     */
    private static final TopLevel[] TOP_LEVELS = topLevels();

    private static TopLevel[] topLevels() {
        java.util.Map<String, Integer> most = new java.util.HashMap<>();
        java.util.function.Consumer<String> add = key -> {
            int labels = 1;
            for (int i = 0; i < key.length(); i++) {
                if (key.charAt(i) == '.') {
                    labels++;
                }
            }
            most.merge(key.substring(key.lastIndexOf('.') + 1), labels, Math::max);
        };
        PublicSuffixPatterns.EXACT.forEach((key, type) -> {
            if (type == PublicSuffixType.REGISTRY) {
                add.accept(key);
            }
        });
        PublicSuffixPatterns.UNDER.forEach((key, type) -> {
            if (type == PublicSuffixType.REGISTRY) {
                add.accept(key);
            }
        });
        PublicSuffixPatterns.EXCLUDED.keySet().forEach(add);
        TopLevel[] table = new TopLevel[Integer.highestOneBit(most.size() * 4)];
        most.forEach((tld, labels) -> {
            int i = slot(tld, 0, table.length);
            while (table[i] != null) {
                i = (i + 1) & (table.length - 1);
            }
            table[i] = new TopLevel(tld, labels, PublicSuffixPatterns.EXACT.get(tld) == PublicSuffixType.REGISTRY,
                    PublicSuffixPatterns.UNDER.get(tld) == PublicSuffixType.REGISTRY);
        });
        return table;
    }

    private static int slot(String s, int from, int tableLength) {
        int h = 0;
        for (int i = from; i < s.length(); i++) {
            h = 31 * h + s.charAt(i);
        }
        h ^= h >>> 16;
        return (h * 0x9E3779B9) >>> (32 - Integer.numberOfTrailingZeros(tableLength));
    }

    private static TopLevel topLevel(String ascii, int from) {
        int len = ascii.length() - from;
        for (int i = slot(ascii, from, TOP_LEVELS.length); ; i = (i + 1) & (TOP_LEVELS.length - 1)) {
            TopLevel t = TOP_LEVELS[i];
            if (t == null) {
                return null;
            }
            if (t.name.length() == len && ascii.regionMatches(from, t.name, 0, len)) {
                return t;
            }
        }
    }

    /**
     * Where the registry (ICANN) suffix starts: 0 when the whole name is a suffix, -1 when no suffix is known.
     * The same rules as Guava's {@code InternetDomainName.registrySuffix()} over the same data
     * ({@link PublicSuffixPatterns}), without building intermediate lists on every call, and starting at the
     * longest ancestor a rule could match ({@link #TOP_LEVELS}).
     */
    private static int registrySuffixStart(String ascii) {
        int lastDot = ascii.lastIndexOf('.');
        TopLevel top = topLevel(ascii, lastDot + 1);
        if (top == null) {
            return -1; // no rule ends in this top-level label
        }
        if (top.mostLabels == 1) {
            // The loop below, for the top-level label alone: its wildcard rule, its exact rule, else nothing (an
            // exception on a top-level label would also mean no suffix).
            if (lastDot >= 0 && top.wildcard) {
                return ascii.lastIndexOf('.', lastDot - 1) + 1;
            }
            return top.registry ? lastDot + 1 : -1;
        }
        // Skip ancestors with more labels than any rule: walk `mostLabels` labels back from the end.
        int start = ascii.length();
        int previousStart = -1;
        for (int labels = 0; labels < top.mostLabels && start > 0; labels++) {
            start = ascii.lastIndexOf('.', start - 2) + 1; // start of the next label to the left (0 at the front)
        }
        if (start > 0) {
            previousStart = ascii.lastIndexOf('.', start - 2) + 1;
        }
        while (true) {
            String ancestor = start == 0 ? ascii : ascii.substring(start);
            if (previousStart >= 0 && PublicSuffixPatterns.UNDER.get(ancestor) == PublicSuffixType.REGISTRY) {
                return previousStart;
            }
            if (PublicSuffixPatterns.EXACT.get(ancestor) == PublicSuffixType.REGISTRY) {
                return start;
            }
            if (PublicSuffixPatterns.EXCLUDED.containsKey(ancestor)) {
                int next = ascii.indexOf('.', start);
                return next < 0 ? -1 : next + 1;
            }
            int dot = ascii.indexOf('.', start);
            if (dot < 0) {
                return -1;
            }
            previousStart = start;
            start = dot + 1;
        }
    }

    /** True when the name ends in a known public (ICANN) suffix; false under an unknown top-level domain. */
    public boolean hasKnownSuffix() {
        return registrySuffixStart(ascii) >= 0;
    }

    /** Unicode form for display (army.mil stays army.mil; xn--80ak6aa92e.com becomes its Cyrillic form). */
    public String unicode() {
        if (!ascii.contains("xn--")) {
            return ascii;
        }
        try {
            return IDN.toUnicode(ascii, IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
            return ascii;
        }
    }

    @Override
    public String toString() {
        return ascii;
    }
}
