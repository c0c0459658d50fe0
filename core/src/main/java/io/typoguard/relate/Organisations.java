package io.typoguard.relate;

import io.typoguard.config.ConfigException;
import io.typoguard.detect.DomainName;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which organisation a delivery belongs to, and which way it went (issue 19): mail from one of our senders to
 * another domain is outbound, with that domain as the correspondent; mail delivered here (to one of our own
 * domains, or through a local transport such as {@code relay=local} or LMTP) from another domain is inbound, with
 * the sender's domain as the correspondent. Mail between two of our own domains, and bounces (the null sender),
 * belong to no relationship.
 *
 * <p>Our own domains map to an organisation name; several domains may make one organisation
 * ({@code acme.com acme.de=acme}). A domain not mapped is its own organisation. Plain Java, no Kafka.
 */
public final class Organisations {
    /** Postfix/Exim/Sendmail transports that deliver into a local mailbox, not to another domain. */
    private static final Set<String> LOCAL_TRANSPORTS = Set.of("local", "virtual", "lmtp", "dovecot", "maildrop", "procmail",
            "mailbox", "local_delivery", "cyrus", "sympa");

    /** One delivery, seen from a relationship: the organisation, the other domain, and the direction. */
    public record Traffic(String organisation, String correspondent, boolean outbound) {
    }

    private final Map<String, String> organisationOf;

    private Organisations(Map<String, String> organisationOf) {
        this.organisationOf = Map.copyOf(organisationOf);
    }

    /** No own domains configured: local delivery alone tells inbound mail, and each sender domain is its organisation. */
    public static Organisations none() {
        return new Organisations(Map.of());
    }

    /**
     * Parses {@code "acme.com acme.de=acme; globex.com"}: groups separated by ';', each a list of our domains and an
     * optional {@code =name} (default: the group's first domain).
     *
     * @throws ConfigException naming the part that is not a domain
     */
    public static Organisations parse(String spec) {
        Map<String, String> out = new HashMap<>();
        if (spec == null || spec.isBlank()) {
            return none();
        }
        for (String group : spec.split(";")) {
            String g = group.strip();
            if (g.isEmpty()) {
                continue;
            }
            int eq = g.indexOf('=');
            String domains = eq >= 0 ? g.substring(0, eq) : g;
            String[] names = domains.strip().split("[\\s,]+");
            String organisation = eq >= 0 ? g.substring(eq + 1).strip() : null;
            for (String d : names) {
                String ascii = DomainName.tryParse(d).map(DomainName::ascii)
                        .orElseThrow(() -> new ConfigException("organisations: '" + d + "' is not a domain name"));
                out.put(ascii, organisation == null || organisation.isEmpty() ? canonical(names[0]) : organisation);
            }
        }
        return new Organisations(out);
    }

    private static String canonical(String domain) {
        return DomainName.tryParse(domain).map(DomainName::ascii).orElse(domain.toLowerCase(Locale.ROOT));
    }

    /** Whether the domain is one of ours (configured). */
    public boolean isOwn(String domain) {
        return domain != null && organisationOf.containsKey(domain);
    }

    /**
     * The relationship a delivery counts for, or empty: internal mail, a bounce (null or empty sender), or an
     * address without a domain.
     *
     * @param sender          envelope sender address (null or "" for a bounce)
     * @param recipientDomain the recipient's domain, normalised (MailEvent.recipientDomain)
     * @param relay           the next hop the MTA logged (Postfix relay=), may be null
     */
    public Optional<Traffic> classify(String sender, String recipientDomain, String relay) {
        String senderDomain = domainOf(sender);
        if (senderDomain == null || recipientDomain == null || recipientDomain.isEmpty()) {
            return Optional.empty();
        }
        boolean senderOwn = isOwn(senderDomain);
        boolean delivered = isOwn(recipientDomain) || isLocal(relay);
        if (delivered && !senderOwn && !senderDomain.equals(recipientDomain)) {
            return Optional.of(new Traffic(organisation(recipientDomain), senderDomain, false));
        }
        if (delivered || senderDomain.equals(recipientDomain) || (senderOwn && isOwn(recipientDomain))) {
            return Optional.empty(); // internal
        }
        return Optional.of(new Traffic(organisation(senderDomain), recipientDomain, true));
    }

    private String organisation(String domain) {
        return organisationOf.getOrDefault(domain, domain);
    }

    private static String domainOf(String address) {
        if (address == null) {
            return null;
        }
        int at = address.lastIndexOf('@');
        if (at < 0 || at == address.length() - 1) {
            return null;
        }
        String domain = address.substring(at + 1);
        // Most sender domains are already in normal form (lower-case ASCII): no parse needed for those.
        return isNormalAscii(domain) ? domain : DomainName.tryParse(domain).map(DomainName::ascii).orElse(null);
    }

    /** Lower-case letters, digits, hyphens and inner dots only, no empty label: what DomainName.parse would return unchanged. */
    static boolean isNormalAscii(String d) {
        int n = d.length();
        if (n == 0 || n > 253 || d.charAt(0) == '.' || d.charAt(n - 1) == '.' || d.charAt(0) == '-') {
            return false;
        }
        boolean letterInLast = false;
        int labelStart = 0;
        for (int i = 0; i < n; i++) {
            char c = d.charAt(i);
            if (c == '.') {
                if (d.charAt(i - 1) == '.' || d.charAt(i - 1) == '-' || i + 1 < n && d.charAt(i + 1) == '-' || i - labelStart > 63) {
                    return false;
                }
                labelStart = i + 1;
                letterInLast = false;
            } else if (c >= 'a' && c <= 'z') {
                letterInLast = true;
            } else if (!(c >= '0' && c <= '9' || c == '-')) {
                return false;
            }
        }
        return letterInLast && n - labelStart <= 63 && d.charAt(n - 1) != '-' && d.indexOf("xn--") < 0 && d.indexOf('.') > 0;
    }

    /** relay=local, relay=dovecot, relay=private/dovecot-lmtp, relay=mx.example[private/dovecot-lmtp]. */
    static boolean isLocal(String relay) {
        if (relay == null || relay.isEmpty()) {
            return false;
        }
        String r = relay.toLowerCase(Locale.ROOT);
        int bracket = r.indexOf('[');
        String inside = bracket >= 0 && r.endsWith("]") ? r.substring(bracket + 1, r.length() - 1) : r;
        String transport = inside.startsWith("private/") ? inside.substring("private/".length()) : inside;
        return LOCAL_TRANSPORTS.contains(transport) || transport.contains("lmtp") || transport.startsWith("dovecot");
    }
}
