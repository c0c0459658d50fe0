package io.typoguard.testkit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A generated month of mail for several organisations, with ground truth (issue 19, item 6): senders with stable
 * correspondents who reply now and then, new legitimate correspondents appearing every week, typos of
 * correspondents' domains at a realistic rate (they never reply), and one sender who keeps writing to the same
 * typo domain every working day (the army.ml pattern). A warm-up month comes first, so the correspondents are
 * established when the measured month starts. Deterministic for a seed.
 *
 * <p>Our own generator: the typo slips are our edit families, so figures on it check the model, they are not a
 * measurement on data nobody here made.
 */
public final class CorrespondenceMonth {
    public static final long DAY = 86_400_000L;
    public static final long START = 1_764_547_200_000L; // 2025-12-01T00:00Z, the warm-up month before it

    /** One message. {@code outbound}: from {@code sender} of {@code organisation} to {@code domain}; else from domain. */
    public record Message(long time, String organisation, String sender, String domain, boolean outbound, boolean measured,
                   String typoOf) {
        public boolean isTypo() {
            return typoOf != null;
        }
    }

    private static final String[] SUFFIXES = {"com", "com", "com", "net", "org", "de", "co.uk", "fr", "io", "nl"};
    private static final String CONS = "bcdfghjklmnprstvwz";
    private static final String VOWELS = "aeiou";
    private static final String[] QWERTY = {"qwertyuiop", "asdfghjkl", "zxcvbnm"};

    private final Random random;
    private final List<Message> messages = new ArrayList<>();

    public CorrespondenceMonth(long seed, int organisations, int sendersPerOrganisation, int correspondentsPerOrganisation, double typoRate) {
        random = new Random(seed);
        for (int o = 0; o < organisations; o++) {
            generate(name() + "-corp.example", sendersPerOrganisation, correspondentsPerOrganisation, typoRate);
        }
        messages.sort(Comparator.comparingLong(Message::time));
    }

    public List<Message> messages() {
        return messages;
    }

    private void generate(String org, int senders, int correspondents, double typoRate) {
        List<String> partners = new ArrayList<>(distinctNames(correspondents));
        // each sender writes to a few partners, the popular ones more often
        List<List<String>> regulars = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            Set<String> mine = new LinkedHashSet<>();
            int n = 3 + random.nextInt(8);
            while (mine.size() < n) {
                mine.add(partners.get((int) Math.min(partners.size() - 1, Math.abs(random.nextGaussian()) * partners.size() / 2.5)));
            }
            regulars.add(new ArrayList<>(mine));
        }
        String habitualTypo = null;
        String habitualSender = "s0@" + org;
        for (int day = -30; day < 30; day++) {
            boolean measured = day >= 0;
            if (day % 7 == 0 && day >= -21) {
                // two new legitimate correspondents a week, picked up by a few senders; now and then one is a
                // near name of a partner (a sister company under another TLD, or another firm one letter away)
                List<String> week = new ArrayList<>(distinctNames(2));
                if (random.nextDouble() < 0.3) {
                    week.set(0, sibling(partners.get(random.nextInt(partners.size()))));
                }
                for (String fresh : week) {
                    for (int k = 0; k < 3; k++) {
                        regulars.get(random.nextInt(senders)).add(fresh);
                    }
                }
            }
            if (isWeekend(day)) {
                continue;
            }
            for (int s = 0; s < senders; s++) {
                String sender = "s" + s + "@" + org;
                List<String> mine = regulars.get(s);
                int count = poisson(6);
                for (int m = 0; m < count; m++) {
                    String partner = mine.get(random.nextInt(mine.size()));
                    long time = START + day * DAY + 8 * 3_600_000L + (long) (random.nextDouble() * 9 * 3_600_000L);
                    if (random.nextDouble() < typoRate) {
                        messages.add(new Message(time, org, sender, typo(partner), true, measured, partner));
                        continue;
                    }
                    messages.add(new Message(time, org, sender, partner, true, measured, null));
                    if (random.nextDouble() < 0.3) {
                        messages.add(new Message(time + 600_000L + (long) (random.nextDouble() * 20 * 3_600_000L), org, null, partner,
                                false, measured, null));
                    }
                }
            }
            if (measured) {
                // the army.ml pattern: one sender, one typo of a regular partner, every working day of the month
                if (habitualTypo == null) {
                    habitualTypo = typo(regulars.get(0).get(0));
                }
                messages.add(new Message(START + day * DAY + 10 * 3_600_000L, org, habitualSender, habitualTypo, true, true,
                        regulars.get(0).get(0)));
            }
        }
    }

    private static boolean isWeekend(int day) {
        int dow = Math.floorMod(day, 7); // day 0 is a Monday
        return dow >= 5;
    }

    private int poisson(double mean) {
        double l = Math.exp(-mean);
        double p = 1;
        int k = 0;
        do {
            k++;
            p *= random.nextDouble();
        } while (p > l);
        return k - 1;
    }

    private Set<String> distinctNames(int n) {
        Set<String> out = new LinkedHashSet<>();
        while (out.size() < n) {
            out.add(name() + (random.nextBoolean() ? "-" + name() : "") + "." + SUFFIXES[random.nextInt(SUFFIXES.length)]);
        }
        return out;
    }

    private String name() {
        StringBuilder b = new StringBuilder();
        int syllables = 2 + random.nextInt(3);
        for (int i = 0; i < syllables; i++) {
            b.append(CONS.charAt(random.nextInt(CONS.length()))).append(VOWELS.charAt(random.nextInt(VOWELS.length())));
            if (random.nextInt(3) == 0) {
                b.append(CONS.charAt(random.nextInt(CONS.length())));
            }
        }
        return b.toString();
    }

    /** A real, different domain near a partner's: the same name under another TLD, or one letter added. */
    private String sibling(String domain) {
        int dot = domain.indexOf('.');
        String label = domain.substring(0, dot);
        String suffix = domain.substring(dot + 1);
        if (random.nextBoolean()) {
            String other = SUFFIXES[random.nextInt(SUFFIXES.length)];
            return label + "." + (other.equals(suffix) ? "de" .equals(suffix) ? "fr" : "de" : other);
        }
        return label + "s." + suffix;
    }

    /** One slip of the kinds people make: a letter left out, doubled, swapped, a neighbouring key, or in the TLD. */
    private String typo(String domain) {
        String t = slip(domain);
        return t.equals(domain) ? typo(domain) : t; // swapping two equal letters changes nothing: slip again
    }

    private String slip(String domain) {
        int dot = domain.indexOf('.');
        String label = domain.substring(0, dot);
        String rest = domain.substring(dot);
        int i = 1 + random.nextInt(label.length() - 2);
        int kind = label.charAt(i) == '-' ? 0 : random.nextInt(5);
        return switch (kind) {
            case 0 -> label.substring(0, i) + label.substring(i + 1) + rest;
            case 1 -> label.substring(0, i) + label.charAt(i) + label.substring(i) + rest;
            case 2 -> label.substring(0, i) + label.charAt(i + 1) + label.charAt(i) + label.substring(i + 2) + rest;
            case 3 -> label.substring(0, i) + neighbour(label.charAt(i)) + label.substring(i + 1) + rest;
            default -> label + rest.substring(0, rest.length() - 1); // last letter of the TLD left out
        };
    }

    private char neighbour(char c) {
        for (String row : QWERTY) {
            int at = row.indexOf(c);
            if (at >= 0) {
                return row.charAt(at == 0 ? 1 : at == row.length() - 1 ? at - 1 : at + (random.nextBoolean() ? 1 : -1));
            }
        }
        return 'x';
    }
}
