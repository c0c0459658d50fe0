package io.typoguard.detect;

import com.google.common.net.InternetDomainName;
import java.net.IDN;
import java.util.Locale;
import java.util.Optional;

/**
 * A normalised domain split the way a registrar sees it: {@code mail.army.mil} is sub-part {@code mail},
 * registrable label {@code army} and registry suffix {@code mil}; {@code news.bbc.co.uk} is {@code news},
 * {@code bbc}, {@code co.uk}. Uses Guava's copy of the Public Suffix List (ICANN section only, so private
 * suffixes like {@code blogspot.com} do not hide the registrable label).
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
        if (d.startsWith("[") || d.chars().allMatch(c -> Character.isDigit(c) || c == '.')) {
            throw new InvalidDomainException("address literal, not a domain name");
        }
        String ascii;
        try {
            ascii = IDN.toASCII(d, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new InvalidDomainException("invalid internationalised domain name");
        }
        if (ascii.length() > MAX_LENGTH) {
            throw new InvalidDomainException("domain longer than " + MAX_LENGTH + " characters");
        }
        InternetDomainName name;
        try {
            name = InternetDomainName.from(ascii);
        } catch (IllegalArgumentException e) {
            throw new InvalidDomainException("not a valid domain name");
        }
        String suffix;
        String label;
        String sub;
        if (name.isUnderRegistrySuffix()) {
            InternetDomainName top = name.topDomainUnderRegistrySuffix();
            suffix = top.registrySuffix().toString();
            label = top.parts().get(0);
            sub = ascii.length() > top.toString().length()
                    ? ascii.substring(0, ascii.length() - top.toString().length() - 1) : "";
        } else if (name.isRegistrySuffix()) {
            suffix = ascii;
            label = "";
            sub = "";
        } else {
            // Unknown TLD (gmail.con, state.gob): the last label plays the suffix.
            var parts = name.parts();
            suffix = parts.get(parts.size() - 1);
            label = parts.size() > 1 ? parts.get(parts.size() - 2) : "";
            sub = parts.size() > 2 ? String.join(".", parts.subList(0, parts.size() - 2)) : "";
        }
        return new DomainName(ascii, sub, label, suffix);
    }

    /** Unicode form for display (army.mil stays army.mil; xn--80ak6aa92e.com becomes its Cyrillic form). */
    public String unicode() {
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
