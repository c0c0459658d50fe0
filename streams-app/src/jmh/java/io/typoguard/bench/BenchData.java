package io.typoguard.bench;

import io.typoguard.detect.DomainName;
import io.typoguard.detect.TrustedEntry;
import io.typoguard.detect.TrustedIndex;
import io.typoguard.detect.TypoDetector;
import io.typoguard.detect.Verdict;
import io.typoguard.schema.Sensitivity;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Deterministic benchmark inputs: N trusted domains (the real .mil/.gov/provider ones plus generated
 * pronounceable names under common suffixes), domains that are not typos of any of them, and real
 * one-edit typos of them (each verified to be flagged).
 */
final class BenchData {
    static final String[] REAL = {"army.mil", "navy.mil", "af.mil", "marines.mil", "state.gov", "gmail.com", "outlook.com",
        "yahoo.com", "hotmail.com", "icloud.com", "se.ibm.com", "bbc.co.uk"};
    private static final String[] SUFFIXES = {"com", "com", "com", "net", "org", "mil", "gov", "de", "co.uk", "fr", "io", "edu"};
    private static final String CONS = "bcdfghjklmnprstvwz";
    private static final String VOWELS = "aeiou";

    private BenchData() {
    }

    static String name(Random r) {
        StringBuilder b = new StringBuilder();
        int syllables = 2 + r.nextInt(3);
        for (int i = 0; i < syllables; i++) {
            b.append(CONS.charAt(r.nextInt(CONS.length()))).append(VOWELS.charAt(r.nextInt(VOWELS.length())));
            if (r.nextInt(3) == 0) {
                b.append(CONS.charAt(r.nextInt(CONS.length())));
            }
        }
        return b.toString();
    }

    static List<TrustedEntry> trusted(int n, long seed) {
        Random r = new Random(seed);
        Set<String> names = new HashSet<>(List.of(REAL));
        while (names.size() < n) {
            names.add(name(r) + "." + SUFFIXES[r.nextInt(SUFFIXES.length)]);
        }
        List<TrustedEntry> out = new ArrayList<>(n);
        for (String d : names) {
            out.add(new TrustedEntry(DomainName.parse(d), null, Sensitivity.values()[r.nextInt(4)], r.nextBoolean()));
        }
        return out;
    }

    static TypoDetector detector(List<TrustedEntry> trusted) {
        TrustedIndex index = new TrustedIndex();
        index.rebuild(trusted);
        return new TypoDetector(index);
    }

    /** Domains checked as clean by this detector (distinct random names under random suffixes). */
    static String[] clean(TypoDetector d, int count, long seed) {
        Random r = new Random(seed);
        List<String> out = new ArrayList<>();
        while (out.size() < count) {
            String c = name(r) + r.nextInt(100) + "." + SUFFIXES[r.nextInt(SUFFIXES.length)];
            if (d.check(c) instanceof Verdict.Clean) {
                out.add(c);
            }
        }
        return out.toArray(String[]::new);
    }

    /** One-edit typos of trusted domains (TLD and label edits), each verified to be flagged. */
    static String[] typos(TypoDetector d, List<TrustedEntry> trusted, int count, long seed) {
        Random r = new Random(seed);
        List<String> out = new ArrayList<>();
        while (out.size() < count) {
            TrustedEntry t = trusted.get(r.nextInt(trusted.size()));
            String label = t.domain().label();
            String suffix = t.domain().suffix();
            String sub = t.domain().subPart().isEmpty() ? "" : t.domain().subPart() + ".";
            String typo = switch (r.nextInt(4)) {
                case 0 -> sub + label + "." + drop(suffix, r);
                case 1 -> sub + drop(label, r) + "." + suffix;
                case 2 -> sub + swap(label, r) + "." + suffix;
                default -> sub + label + label.charAt(label.length() - 1) + "." + suffix;
            };
            if (d.check(typo) instanceof Verdict.Typo) {
                out.add(typo);
            }
        }
        return out.toArray(String[]::new);
    }

    private static String drop(String s, Random r) {
        int i = r.nextInt(s.length());
        return s.charAt(i) == '.' ? s : s.substring(0, i) + s.substring(i + 1);
    }

    private static String swap(String s, Random r) {
        if (s.length() < 2) {
            return s;
        }
        int i = r.nextInt(s.length() - 1);
        return s.substring(0, i) + s.charAt(i + 1) + s.charAt(i) + s.substring(i + 2);
    }
}
