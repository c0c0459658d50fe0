package io.typoguard.detect;

import io.typoguard.detect.Edits.Edit;
import io.typoguard.schema.Technique;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides whether a recipient domain is trusted, a typo of a trusted domain, or neither.
 * Plain Java, deterministic, no I/O: the same instance serves the Streams topology, {@code check} and
 * {@code scan}.
 *
 * <p>Families covered so far: TLD omission / insertion / substitution / transposition (army.ml, gmail.con,
 * gmail.ocm), an appended TLD (army.mil.com), a TLD swap from a government/military TLD to a generic one
 * (army.com), one edit in the registrable label (omission, insertion, repetition, hyphenation,
 * transposition, keyboard-adjacent or look-alike or bit-flip or vowel or other replacement), and a
 * missing dot (armymil.com, seibm.com for se.ibm.com).
 *
 * <p>False-alarm control: a trusted domain is never a typo; labels shorter than
 * {@link #MIN_LABEL_FOR_LABEL_EDITS} characters are only matched by TLD edits, since one edit in a short
 * label (ual/uol) is usually a different organisation.
 */
public final class TypoDetector {
    /** One edit in a label shorter than this is not reported (ual.com is not uol.com). */
    public static final int MIN_LABEL_FOR_LABEL_EDITS = 4;
    /** An edit in the name and one in the TLD together are only reported for names at least this long. */
    public static final int MIN_LABEL_FOR_LABEL_AND_TLD = 5;
    /** Two slips in one name are only reported for trusted names at least this long, with the first letter kept. */
    public static final int MIN_LABEL_FOR_TWO_EDITS = 5;
    /** In names up to this long, a first letter changed or added needs evidence of a slip (see weakStart). */
    static final int MAX_LABEL_FOR_WEAK_START = 6;
    /** Labels longer than this are not searched for two slips by their own two-deletions (the cost grows with n²). */
    static final int MAX_LABEL_FOR_DEPTH2_QUERY = 30;

    private static final Set<String> RESTRICTED_TLDS = Set.of("mil", "gov", "edu", "int");
    /** Swaps counted as typos: a restricted TLD replaced by .com, the suffix people type by habit (army.com). */
    private static final Set<String> GENERIC_SWAP_TLDS = Set.of("com");
    /** Generic TLDs a trusted .com / .net / .org name is typed under by habit (gmail.net, outlook.net, hotmail.org). */
    private static final Set<String> HABIT_TLDS = Set.of("com", "net", "org", "co", "info", "biz");

    private final TrustedIndex index;
    private final Allowlist allowlist;

    /** A detector with the built-in allowlist of legitimate look-alikes. */
    public TypoDetector(TrustedIndex index) {
        this(index, Allowlist.builtIn());
    }

    public TypoDetector(TrustedIndex index, Allowlist allowlist) {
        this.index = index;
        this.allowlist = allowlist;
    }

    public TrustedIndex index() {
        return index;
    }

    /** Checks a domain or an address (everything up to the last '@' is ignored). Never throws. */
    public Verdict check(String domainOrAddress) {
        if (domainOrAddress == null) {
            return new Verdict.Invalid("", "no domain");
        }
        String text = domainOrAddress;
        int at = text.lastIndexOf('@');
        if (at >= 0) {
            text = text.substring(at + 1);
        }
        DomainName domain;
        try {
            domain = DomainName.parse(text);
        } catch (InvalidDomainException e) {
            return new Verdict.Invalid(domainOrAddress, e.getMessage());
        } catch (RuntimeException e) {
            return new Verdict.Invalid(domainOrAddress, "not a valid domain name");
        }
        return check(domain);
    }

    public Verdict check(DomainName domain) {
        // Hashes of the name's prefixes: every index key below that is a part or a one-character edit of the name
        // is then hashed in O(1) (NameHashes), and its string is built only when the index may hold it.
        NameHashes name = new NameHashes(domain.ascii());
        var trusted = index.covering(name, domain.ascii().length());
        if (trusted.isPresent()) {
            return new Verdict.Trusted(domain, trusted.get());
        }
        List<Match> matches = new ArrayList<>(2);
        tldEdits(domain, name, matches);
        appendedTld(domain, name, matches);
        labelEdits(domain, domain.label(), matches);
        missingDot(domain, name, matches);
        extraDotOrDash(domain, name, matches);
        subdomainTypo(domain, matches);
        homoglyph(domain, matches);
        if (matches.isEmpty()) {
            return new Verdict.Clean(domain);
        }
        // Smallest distance first; on a tie the most specific entry (us.af.mil before af.mil for us.af.ml, so the
        // intended domain is the one the explanation names), then the more sensitive one, then name for determinism.
        matches.sort(Comparator.comparingInt(Match::distance)
                .thenComparing(m -> -labels(m.intended().name()))
                .thenComparing(m -> -m.intended().sensitivity().ordinal())
                .thenComparing(m -> m.intended().name()));
        Match first = matches.get(0);
        if (allowlist.containsExactly(domain)) {
            return new Verdict.Allowlisted(matches.get(0), "global allowlist");
        }
        if (allowlist.contains(domain)) {
            // An allowlisted registrable domain vouches for its own names, not for a trusted name split by a dot:
            // g.mail.com is gmail.com with a dot added, whatever mail.com is.
            matches.removeIf(m -> m.technique() != Technique.EXTRA_DOT);
            if (matches.isEmpty()) {
                return new Verdict.Allowlisted(first, "global allowlist");
            }
        }
        for (Match m : matches) {
            if (!m.intended().allowedLookalikes().contains(domain.ascii())
                    && !m.intended().allowedLookalikes().contains(domain.registrable())) {
                return new Verdict.Typo(m);
            }
        }
        return new Verdict.Allowlisted(matches.get(0), "allowed look-alike of " + matches.get(0).intended().name());
    }

    /** ar.my.mil (army.mil with a dot added), se-ibm.com (se.ibm.com with a dot turned into a dash), army-mil.com. */
    private void extraDotOrDash(DomainName c, NameHashes name, List<Match> out) {
        String a = c.ascii();
        for (int i = a.indexOf('.'); i >= 0; i = a.indexOf('.', i + 1)) {
            index.getEdited(name, i, (char) 0).ifPresent(t -> out.add(new Match(c, t, Technique.EXTRA_DOT, 1,
                    a + " is " + t.name() + " with an extra dot")));
            index.getEdited(name, i, '-').ifPresent(t -> out.add(new Match(c, t, Technique.DOT_DASH_SWAP, 1,
                    a + " is " + t.name() + " with a dash turned into a dot")));
        }
        for (int i = a.indexOf('-'); i >= 0; i = a.indexOf('-', i + 1)) {
            String dotted = a.substring(0, i) + "." + a.substring(i + 1);
            var exact = index.get(dotted);
            if (exact.isPresent()) {
                TrustedEntry t = exact.get();
                out.add(new Match(c, t, Technique.DOT_DASH_SWAP, 1, a + " is " + t.name() + " with a dot turned into a dash"));
                continue;
            }
            // army-mil.com: army.mil with its dot turned into a dash and a TLD added
            if (i >= a.length() - c.suffix().length() - 1) {
                continue; // the dash is inside the suffix
            }
            String stem = dotted.substring(0, dotted.length() - c.suffix().length() - 1);
            if (stem.length() > i + 1 && stem.indexOf('.', i) >= 0) {
                index.get(stem).ifPresent(t -> out.add(new Match(c, t, Technique.DOT_DASH_SWAP, 2 + c.suffix().length(),
                        a + " is " + t.name() + " with its dot turned into a dash and ." + c.suffix() + " added")));
            }
        }
    }

    /** sw.ibm.com for the trusted se.ibm.com: one edit in the subdomain of a trusted subdomain entry. */
    private void subdomainTypo(DomainName c, List<Match> out) {
        if (c.subPart().isEmpty()) {
            return;
        }
        for (TrustedEntry t : index.subdomainEntriesOf(c.registrable())) {
            String ts = t.domain().subPart();
            Edit e = Edits.singleEdit(ts, c.subPart());
            if (e != null && Math.max(ts.length(), c.subPart().length()) >= 2) {
                out.add(new Match(c, t, Technique.SUBDOMAIN_TYPO, 1,
                        c.ascii() + " is " + t.name() + " " + describe(e, "subdomain")));
            }
        }
    }

    /** rnicrosoft.com / g00gle.com / gmаil.com (Cyrillic а): the same confusable skeleton as a trusted domain. */
    private void homoglyph(DomainName c, List<Match> out) {
        String unicode = c.unicode();
        for (TrustedEntry t : index.withSkeletonOf(c)) {
            if (t.name().equals(c.ascii())) {
                continue;
            }
            boolean idn = c.ascii().contains("xn--");
            String shown = idn ? unicode + " (" + c.ascii() + ", " + Confusables.scriptsOf(unicode) + " letters)" : c.ascii();
            out.add(new Match(c, t, idn ? Technique.IDN_HOMOGRAPH : Technique.HOMOGLYPH,
                    Math.max(1, Edits.distance(t.domain().unicode(), unicode, 9)),
                    shown + " looks like " + t.name() + " (same Unicode confusable skeleton)"));
        }
    }

    private static boolean subPartFits(TrustedEntry t, DomainName candidate) {
        String tSub = t.domain().subPart();
        return tSub.isEmpty() || tSub.equals(candidate.subPart());
    }

    /**
     * army.ml / army.mill / state.gob / gmail.ocm / army.com / bbc.co.uj. The candidate's suffix may itself be
     * a typo (uj is no TLD), so every split of its last one to three labels into "suffix" is tried.
     */
    private void tldEdits(DomainName c, NameHashes name, List<Match> out) {
        String a = c.ascii();
        int suffixDot = a.length();
        for (int k = 1; k <= 3; k++) {
            suffixDot = a.lastIndexOf('.', suffixDot - 1);
            if (suffixDot <= 0) {
                return;
            }
            int labelDot = a.lastIndexOf('.', suffixDot - 1);
            List<TrustedEntry> sameLabel = index.withLabel(name, labelDot + 1, suffixDot);
            if (sameLabel.isEmpty()) {
                continue;
            }
            String label = a.substring(labelDot + 1, suffixDot);
            DomainName split = new DomainName(a, labelDot < 0 ? "" : a.substring(0, labelDot), label, a.substring(suffixDot + 1));
            tldEdits(split, c, sameLabel, out);
        }
    }

    private void tldEdits(DomainName c, DomainName original, List<TrustedEntry> sameLabel, List<Match> out) {
        for (TrustedEntry t : sameLabel) {
            DomainName td = t.domain();
            if (td.suffix().equals(c.suffix()) || !subPartFits(t, c)) {
                continue;
            }
            String intended = intendedForm(t, c);
            Edit e = Edits.singleEdit(td.suffix(), c.suffix());
            if (e != null) {
                Technique tech = switch (e.kind()) {
                    case OMISSION -> Technique.TLD_OMISSION;
                    case INSERTION, REPETITION, HYPHENATION -> Technique.TLD_INSERTION;
                    case TRANSPOSITION -> Technique.TLD_TRANSPOSITION;
                    case SUBSTITUTION -> Edits.keyboardAdjacent(e.expected(), e.actual())
                            ? Technique.TLD_KEYBOARD_REPLACEMENT : Technique.TLD_SUBSTITUTION;
                };
                out.add(new Match(original, t, tech, 1, c.ascii() + " is " + intended + " " + describe(e, "TLD")));
            } else if (suffixSwap(td.suffix(), c.suffix(), c.label().length()) && !allowlist.isProviderDomain(original)
                    && index.get(original.registrable()).isEmpty()) { // add.my.yahoo.com is yahoo.com's, not yahoo.co.uk's
                // Real sister domains (yahoo.net) belong on the allowlist; a provider's own country domain
                // (hotmail.com.br) is on the built-in provider list.
                out.add(new Match(original, t, Technique.TLD_SWAP, Edits.distance(td.suffix(), c.suffix(), 9),
                        c.ascii() + " is " + intended + " with the TLD ." + td.suffix() + " swapped for ." + c.suffix()));
            }
        }
    }

    /**
     * Whether a trusted name under {@code trusted}, typed under {@code typed} instead, reads as a slip rather than
     * another organisation: a restricted TLD for .com (army.com); for names of {@link #MIN_LABEL_FOR_LABEL_AND_TLD}+
     * letters, one habit TLD for another (gmail.net), a generic name under a country code or back (gmail.fr,
     * gmail.com.br, wanadoo.com), or another suffix of the same country (banglalink.bd for banglalink.com.bd). Two
     * different countries (yahoo.co.uk, yahoo.fr) are not: they are usually the same organisation's own domains.
     */
    private static boolean suffixSwap(String trusted, String typed, int labelLength) {
        if (RESTRICTED_TLDS.contains(trusted)) {
            return GENERIC_SWAP_TLDS.contains(typed) && labelLength >= MIN_LABEL_FOR_LABEL_EDITS;
        }
        if (labelLength < MIN_LABEL_FOR_LABEL_AND_TLD || trusted.equals("co") || RESTRICTED_TLDS.contains(typed)
                || typed.startsWith(trusted + ".")) { // gmail.com.br: an appended country code (appendedTld)
            return false;
        }
        boolean trustedGeneric = HABIT_TLDS.contains(trusted);
        boolean typedGeneric = HABIT_TLDS.contains(typed);
        String trustedCountry = countryOf(trusted);
        String typedCountry = countryOf(typed);
        if (trustedGeneric || typedGeneric) {
            return (trustedGeneric || trustedCountry != null) && (typedGeneric || typedCountry != null);
        }
        return trustedCountry != null && trustedCountry.equals(typedCountry);
    }

    /** The country code a suffix ends in (co.uk -> uk, bd -> bd), or null for a generic or unknown TLD. */
    private static String countryOf(String suffix) {
        int dot = suffix.lastIndexOf('.');
        String tld = suffix.substring(dot + 1);
        return tld.length() == 2 && !tld.startsWith("xn") ? tld : null;
    }

    /** army.mil.com / gmail.com.br: a trusted domain with a TLD (or a country code) appended. */
    private void appendedTld(DomainName c, NameHashes name, List<Match> out) {
        String a = c.ascii();
        if (a.length() <= c.suffix().length() + 1) {
            return; // the whole name is a suffix: nothing was appended to anything
        }
        int stemEnd = a.length() - c.suffix().length() - 1;
        var whole = index.covering(name, stemEnd);
        if (whole.isPresent()) {
            String stem = a.substring(0, stemEnd);
            out.add(new Match(c, whole.get(), Technique.TLD_APPENDED, c.suffix().length() + 1,
                    a + " is " + stem + " with '." + c.suffix() + "' appended"));
            return;
        }
        int lastDot = a.lastIndexOf('.');
        if (c.suffix().length() > a.length() - lastDot - 1) {
            var trusted = index.covering(name, lastDot); // gmail.com.br -> gmail.com (under com.br, the stem is gmail)
            if (trusted.isPresent() && !allowlist.isProviderDomain(c)) {
                String shorter = a.substring(0, lastDot);
                String tail = a.substring(lastDot);
                out.add(new Match(c, trusted.get(), Technique.TLD_APPENDED, tail.length(), a + " is " + shorter + " with '" + tail + "' appended"));
            }
        }
    }

    /**
     * gmial.com / gmai.com / gmaill.com / gmsil.com: one edit in the registrable label; two slips in a long one
     * (htomali.com, wananadoo.fr) through the depth-2 keys: the label itself and its one-deletions against the
     * trusted names' two-deletions, and, for a label of {@link TrustedIndex#MIN_LABEL_FOR_DEPTH2}+ letters, its
     * two-deletions against the trusted names and their one- and two-deletions.
     */
    private void labelEdits(DomainName c, String label, List<Match> out) {
        if (label.length() < MIN_LABEL_FOR_LABEL_EDITS - 1) {
            return;
        }
        List<String> seen = new ArrayList<>(2);
        DeleteKeyHash.forEach(label, (h, hash) -> {
            if (index.mayHaveDeleteKey(hash)) {
                labelEditsFor(c, label, index.withDeleteKey(hash), false, seen, out);
                labelEditsFor(c, label, index.withDepth2Key(hash), true, seen, out);
            }
            return true;
        });
        if (label.length() >= TrustedIndex.MIN_LABEL_FOR_DEPTH2 && label.length() <= MAX_LABEL_FOR_DEPTH2_QUERY
                && !hasOneEdit(out)) { // two slips never outrank one
            long[] hashes = PAIR_HASHES.get();
            int count = DeleteKeyHash.pairs(label, hashes);
            for (int k = 0; k < count; k++) {
                long hash = hashes[k];
                if (index.mayHaveDeleteKey(hash)) {
                    // The label without two characters against the trusted labels, their one- and two-deletions.
                    labelEditsFor(c, label, index.withDeleteKey(hash), true, seen, out);
                    labelEditsFor(c, label, index.withDepth2Key(hash), true, seen, out);
                }
            }
        }
    }

    private static boolean hasOneEdit(List<Match> matches) {
        for (Match m : matches) {
            if (m.distance() == 1) {
                return true;
            }
        }
        return false;
    }

    private static final ThreadLocal<long[]> PAIR_HASHES = ThreadLocal.withInitial(() -> new long[64 * 63 / 2]);

    private void labelEditsFor(DomainName c, String label, List<TrustedEntry> found, boolean depth2, List<String> seen, List<Match> out) {
        for (TrustedEntry t : found) {
            if (seen.contains(t.name())) {
                continue;
            }
            seen.add(t.name());
            if (!subPartFits(t, c)) {
                continue;
            }
            String tl = t.domain().label();
            if (tl.equals(label) || Math.min(tl.length(), label.length()) < MIN_LABEL_FOR_LABEL_EDITS - 1
                    || Math.max(tl.length(), label.length()) < MIN_LABEL_FOR_LABEL_EDITS) {
                continue;
            }
            Edit e = Edits.singleEdit(tl, label);
            if (e == null) {
                // Found only through the depth-2 keys: a long name, and every replacement a plausible slip
                // (hotmart.com, onelook.com are real companies two replacements away from hotmail, outlook).
                if (!depth2 || (tl.length() >= TrustedIndex.MIN_LABEL_FOR_DEPTH2 && Edits.implausibleReplacements(tl, label) == 0)) {
                    twoEdits(c, t, label, out);
                }
                continue;
            }
            if (!t.domain().suffix().equals(c.suffix())) {
                Edit tld = Edits.singleEdit(t.domain().suffix(), c.suffix());
                // Two edits at once need a longer name to stay meaningful (email.ro is not mail.ru).
                if (tld != null && tl.length() >= MIN_LABEL_FOR_LABEL_AND_TLD) {
                    out.add(new Match(c, t, Technique.LABEL_AND_TLD, 2, c.ascii() + " is " + intendedForm(t, c) + " "
                            + describe(e, "name") + " and " + describe(tld, "TLD").substring("with ".length())));
                }
                continue;
            }
            if (weakStart(e, tl)) {
                continue;
            }
            Technique tech = switch (e.kind()) {
                case OMISSION -> Technique.LABEL_OMISSION;
                case INSERTION -> Technique.LABEL_INSERTION;
                case REPETITION -> Technique.LABEL_REPETITION;
                case HYPHENATION -> Technique.HYPHENATION;
                case TRANSPOSITION -> Technique.LABEL_TRANSPOSITION;
                case SUBSTITUTION -> substitutionTechnique(e.expected(), e.actual());
            };
            out.add(new Match(c, t, tech, 1, c.ascii() + " is " + intendedForm(t, c) + " " + describe(e, "name")));
        }
    }

    /**
     * A first letter changed or added in a short name with nothing to show it was a slip: pcloud.com and
     * qcloud.com are not icloud.com, mlive.com is not live.com. A neighbouring key (gcloud for icloud is not one;
     * hmail for gmail is), a look-alike or the first letter doubled still count.
     */
    private static boolean weakStart(Edit e, String trustedLabel) {
        if (e.position() != 0 || trustedLabel.length() > MAX_LABEL_FOR_WEAK_START) {
            return false;
        }
        return switch (e.kind()) {
            case SUBSTITUTION -> !Edits.keyboardAdjacent(e.expected(), e.actual()) && !Edits.looksAlike(e.expected(), e.actual());
            default -> false;
        };
    }

    /**
     * gimal.com / gmale.com / hotmale.com: two slips in one name (a moved letter, an omission and an insertion,
     * two replacements). Found among the candidates the one-delete index already returns, so a clean domain costs
     * nothing more; reported only for names long enough not to be a coincidence, with the first letter right
     * and the TLD unchanged.
     */
    private static void twoEdits(DomainName c, TrustedEntry t, String label, List<Match> out) {
        String tl = t.domain().label();
        if (tl.length() < MIN_LABEL_FOR_TWO_EDITS || label.length() < MIN_LABEL_FOR_TWO_EDITS - 1
                || tl.charAt(0) != label.charAt(0) || !t.domain().suffix().equals(c.suffix())
                || Edits.distance(tl, label, 2) != 2) {
            return;
        }
        out.add(new Match(c, t, Technique.LABEL_TWO_EDITS, 2,
                c.ascii() + " is " + intendedForm(t, c) + " with two slips in the name (" + label + " for " + tl + ")"));
    }

    /** armymil.com (army.mil) and seibm.com (se.ibm.com): a dot left out. */
    private void missingDot(DomainName c, NameHashes name, List<Match> out) {
        List<String> seen = new ArrayList<>(1);
        int end = c.ascii().length();
        // The registrable domain and its label are the name's last characters: hash them in place.
        int registrableStart = end - c.suffix().length() - (c.label().isEmpty() ? 0 : c.label().length() + 1);
        for (int k = 0; k < 2; k++) {
            boolean labelOnly = k == 1;
            if (labelOnly && c.label().isEmpty()) {
                continue;
            }
            for (TrustedEntry t : index.withJoined(name, registrableStart, labelOnly ? registrableStart + c.label().length() : end)) {
                if (seen.contains(t.name())) {
                    continue;
                }
                seen.add(t.name());
                String tail = labelOnly ? " and ." + c.suffix() + " added" : "";
                out.add(new Match(c, t, Technique.MISSING_DOT, 1 + (tail.isEmpty() ? 0 : c.suffix().length() + 1),
                        c.ascii() + " is " + t.name() + " with a dot missing" + tail));
            }
        }
    }

    private static Technique substitutionTechnique(char expected, char actual) {
        if (Edits.looksAlike(expected, actual)) {
            return Technique.HOMOGLYPH;
        }
        if (Edits.keyboardAdjacent(expected, actual)) {
            return Technique.LABEL_KEYBOARD_REPLACEMENT;
        }
        if (Edits.bothVowels(expected, actual)) {
            return Technique.VOWEL_SWAP;
        }
        if (Edits.bitFlip(expected, actual)) {
            return Technique.BITSQUATTING;
        }
        return Technique.LABEL_REPLACEMENT;
    }

    /** The trusted name as the user meant it, keeping the candidate's subdomain (mail.army.ml -> mail.army.mil). */
    private static String intendedForm(TrustedEntry t, DomainName c) {
        if (t.domain().subPart().isEmpty() && !c.subPart().isEmpty()) {
            return c.subPart() + "." + t.name();
        }
        return t.name();
    }

    private static String describe(Edit e, String where) {
        String in = " of the " + where;
        String inside = " in the " + where;
        return switch (e.kind()) {
            case OMISSION -> "with the '" + e.expected() + "'" + in + " missing";
            case INSERTION -> "with an extra '" + e.actual() + "'" + inside;
            case REPETITION -> "with the '" + e.actual() + "'" + inside + " doubled";
            case HYPHENATION -> "with a hyphen inserted" + inside;
            case TRANSPOSITION -> "with '" + e.expected() + "' and '" + e.actual() + "' swapped" + inside;
            case SUBSTITUTION -> "with '" + e.expected() + "' replaced by '" + e.actual() + "'" + inside
                    + (Edits.keyboardAdjacent(e.expected(), e.actual()) ? " (neighbouring keys)" : "");
        };
    }

    private static int labels(String name) {
        int n = 1;
        for (int i = name.indexOf('.'); i >= 0; i = name.indexOf('.', i + 1)) {
            n++;
        }
        return n;
    }

    /** For {@code check}: lower-case label of a technique, e.g. "tld omission". */
    public static String label(Technique t) {
        return t.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
