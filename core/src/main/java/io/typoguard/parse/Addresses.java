package io.typoguard.parse;

import io.typoguard.detect.DomainName;
import io.typoguard.detect.InvalidDomainException;
import java.util.Locale;

/** Envelope address helpers shared by all parsers. */
public final class Addresses {
    private Addresses() {
    }

    /** Removes one pair of angle brackets and surrounding blanks: {@code <a@b.c>} -> {@code a@b.c}. */
    public static String unbracket(String s) {
        if (s == null) {
            return null;
        }
        String t = s.strip();
        if (t.length() >= 2 && t.charAt(0) == '<' && t.charAt(t.length() - 1) == '>') {
            t = t.substring(1, t.length() - 1).strip();
        }
        return t;
    }

    /**
     * The normalised domain of a recipient address.
     *
     * @throws InvalidDomainException when there is no '@', no local part, or the domain is not a DNS name
     */
    public static String recipientDomain(String address) {
        if (address == null || address.isEmpty()) {
            throw new InvalidDomainException("empty recipient address");
        }
        int at = address.lastIndexOf('@');
        if (at < 0) {
            throw new InvalidDomainException("recipient address has no '@'");
        }
        if (at == 0) {
            throw new InvalidDomainException("recipient address has no local part");
        }
        String domain = address.substring(at + 1);
        String whole = wholeDomainPunycode(domain);
        return whole != null ? whole : DomainName.parse(domain).ascii();
    }

    /**
     * The domain of {@code original} (an address before alias or rewriting: Postfix orig_to, Exim's "=&gt; new
     * &lt;orig&gt;") when it is an address and its domain differs from {@code deliveredDomain}; null otherwise. That
     * domain is checked too: the typo may be in what the sender wrote, not in what the alias made of it.
     */
    public static String originalDomain(String original, String deliveredDomain) {
        if (original == null || original.indexOf('@') <= 0) {
            return null;
        }
        try {
            String domain = recipientDomain(original);
            return domain.equals(deliveredDomain) ? null : domain;
        } catch (InvalidDomainException e) {
            return null;
        }
    }

    /**
     * The domain an MTA encoded as ONE punycode label, dots included, or null. Exim, given a UTF-8 address,
     * has been seen to log "xn--gmil.com-26g" for "gmаil.com" (Cyrillic а): read label by label that is
     * "xn--gmil" under an unknown top-level domain "com-26g", and would be judged clean. It is decoded as a whole
     * only when that gives a name under a known suffix while the literal reading has none.
     */
    static String wholeDomainPunycode(String domain) {
        if (domain.length() < 8 || !domain.regionMatches(true, 0, "xn--", 0, 4) || domain.indexOf('.') < 0 || domain.indexOf('_') >= 0) {
            return null;
        }
        String joined = domain.replace('.', '_');
        String unicode;
        try {
            unicode = java.net.IDN.toUnicode(joined, java.net.IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (unicode.equals(joined) || unicode.chars().allMatch(c -> c < 0x80)) {
            return null;
        }
        var whole = DomainName.tryParse(unicode.replace('_', '.'));
        if (whole.isEmpty() || !whole.get().hasKnownSuffix()) {
            return null;
        }
        var literal = DomainName.tryParse(domain);
        return literal.isPresent() && literal.get().hasKnownSuffix() ? null : whole.get().ascii();
    }

    /**
     * The sender identity windows count by: lower-cased, with a +tag removed from the local part
     * (alice+news@example.com counts as alice@example.com). "&lt;&gt;" for the null sender, "unknown" when the
     * sender was never seen.
     */
    public static String senderIdentity(String sender) {
        if (sender == null) {
            return "unknown";
        }
        if (sender.isEmpty()) {
            return "<>";
        }
        String s = sender.toLowerCase(Locale.ROOT);
        int at = s.lastIndexOf('@');
        if (at > 0 && !s.startsWith("\"")) {
            String local = s.substring(0, at);
            int plus = local.indexOf('+');
            if (plus > 0) {
                s = local.substring(0, plus) + s.substring(at);
            }
        }
        return s;
    }
}
