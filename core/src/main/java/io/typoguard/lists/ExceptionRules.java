package io.typoguard.lists;

import io.typoguard.detect.DomainName;
import io.typoguard.detect.InvalidDomainException;
import io.typoguard.parse.Addresses;
import io.typoguard.schema.TypoException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The rules for an approved exception on {@code typo.exceptions}, shared by {@code typoguard exceptions} and the HTTP
 * API, as the app applies them to the topic: key {@code sender|recipient} in lower case, the sender an address, a
 * domain or {@code *}, the recipient an address or a domain, the expiry in the future, and someone who approved it.
 * Messages name the field as the caller spells it ({@link Fields#CLI}: {@code --sender}; {@link Fields#JSON}:
 * {@code sender}).
 */
public final class ExceptionRules {
    private ExceptionRules() {
    }

    /** An exception that cannot be written; the message says which field and why. */
    public static final class Refused extends IllegalArgumentException {
        Refused(String message) {
            super(message);
        }
    }

    /** How the caller names the fields, for messages. */
    public record Fields(String sender, String recipient, String expires, String approvedBy) {
        public static final Fields CLI = new Fields("--sender", "--recipient", "--expires", "--approved-by");
        public static final Fields JSON = new Fields("sender", "recipient", "expires", "approvedBy");
    }

    /**
     * An approval checked and normalised; {@code reason} may be null or blank.
     *
     * @param now the expiry must be after it
     */
    public static TypoException approval(String sender, String recipient, String expires, String approvedBy, String reason,
                                         Instant now, Fields fields) {
        String s = sender(sender, fields);
        String r = recipient(recipient, fields);
        if (expires == null || expires.isBlank()) {
            throw new Refused(fields.expires() + " is required: a date (2027-01-31) or an instant (2027-01-31T17:00:00Z)");
        }
        Instant until = expires(expires.strip(), now, fields);
        if (approvedBy == null || approvedBy.isBlank()) {
            throw new Refused(fields.approvedBy() + " must name who approved it");
        }
        return TypoException.newBuilder().setSender(s).setRecipient(r).setExpires(until).setApprovedBy(approvedBy.strip())
                .setReason(reason == null || reason.isBlank() ? null : reason.strip()).build();
    }

    /** The table key of an exception: {@code sender|recipient}, both normalised. */
    public static String key(String sender, String recipient, Fields fields) {
        return sender(sender, fields) + "|" + recipient(recipient, fields);
    }

    /** The table key of an approval made by {@link #approval}. */
    public static String key(TypoException approved) {
        return approved.getSender() + "|" + approved.getRecipient();
    }

    /** The sender as the table keys it: an address, a domain, or "*". */
    public static String sender(String s, Fields fields) {
        if (s == null || s.isBlank()) {
            throw new Refused(fields.sender() + " is required: an address, a domain, or '*' for any sender");
        }
        String v = s.strip();
        return v.equals("*") ? v : address(v, fields.sender());
    }

    /** The recipient as the table keys it: an address or a domain. */
    public static String recipient(String r, Fields fields) {
        if (r == null || r.isBlank()) {
            throw new Refused(fields.recipient() + " is required: an address or a domain");
        }
        return address(r.strip(), fields.recipient());
    }

    /** An ISO-8601 instant (2027-01-31T17:00:00Z) or a date (2027-01-31: the end of that day, UTC); after {@code now}. */
    public static Instant expires(String text, Instant now, Fields fields) {
        Instant at;
        try {
            at = text.contains("T") ? Instant.parse(text) : LocalDate.parse(text).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new Refused(fields.expires() + " '" + text + "' is neither a date (2027-01-31) nor an instant (2027-01-31T17:00:00Z)");
        }
        if (!at.isAfter(now)) {
            throw new Refused(fields.expires() + " " + text + " is in the past");
        }
        return at;
    }

    private static String address(String v, String field) {
        try {
            if (v.contains("@")) {
                String domain = Addresses.recipientDomain(v);
                return (v.substring(0, v.lastIndexOf('@')) + "@" + domain).toLowerCase(Locale.ROOT);
            }
            return DomainName.parse(v).ascii();
        } catch (InvalidDomainException e) {
            throw new Refused(field + " '" + v + "' cannot be read: " + e.getMessage());
        }
    }
}
