package io.typoguard.parse;

import io.typoguard.detect.InvalidDomainException;
import io.typoguard.schema.DeliveryStatus;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Exim mainlog message bodies (after the timestamp): {@code <=} arrival (sender), {@code =>} delivery,
 * {@code ->} further address of the same delivery, {@code *>} delivery suppressed, {@code ==} deferred,
 * {@code **} failed (bounced), and RCPT-time {@code rejected RCPT} lines. When Exim rewrote an address
 * the original follows in angle brackets ({@code => new@x <orig@y>}) and is kept as the original recipient.
 */
final class EximLines {
    /** Exim message ids: 1vABCd-000123-Ab (before 4.97) and 1vABCd-000000005vi-0000 (4.97+). */
    private static final Pattern MESSAGE = Pattern.compile(
            "^(?<id>[0-9A-Za-z]{6}-[0-9A-Za-z]{6,11}-[0-9A-Za-z]{2,4}) (?<flag><=|=>|->|\\*>|==|\\*\\*) (?<addr>\\S+)(?: <(?<orig>[^>]*)>)?(?<rest>.*)$");
    private static final Pattern REJECTED_RCPT = Pattern.compile(
            "^.*?F=<(?<from>[^>]*)> (?:temporarily )?rejected RCPT <(?<rcpt>[^>]*)>.*$");
    private static final Pattern MESSAGE_ID = Pattern.compile("\\bid=(\\S+)");
    /** An enhanced status code right after an SMTP reply code ("250 2.0.0", "550-5.1.1"), never an IP address. */
    private static final Pattern DSN = Pattern.compile("\\b[245]\\d\\d[ -]([245]\\.\\d{1,3}\\.\\d{1,3})\\b");

    private EximLines() {
    }

    static ParseOutcome parse(long ts, String host, String msg) {
        Matcher rejected = REJECTED_RCPT.matcher(msg);
        if (!msg.contains(" <= ") && rejected.matches()) {
            String rcpt = rejected.group("rcpt");
            try {
                String domain = Addresses.recipientDomain(rcpt);
                return new ParseOutcome.Deliveries(List.of(new Delivery(ts, host, null, null, rejected.group("from"), rcpt,
                        domain, null, DeliveryStatus.REJECTED, null, dsn(msg), "exim")));
            } catch (InvalidDomainException e) {
                return new ParseOutcome.Failure(e.getMessage());
            }
        }
        Matcher m = MESSAGE.matcher(msg);
        if (!m.matches()) {
            return new ParseOutcome.Noise("exim line without an address");
        }
        String id = m.group("id");
        String flag = m.group("flag");
        String addr = m.group("addr");
        if (addr.endsWith(":")) {
            addr = addr.substring(0, addr.length() - 1); // "** user@host: Unrouteable address"
        }
        if (addr.indexOf('@') < 0 && m.group("orig") != null && m.group("orig").indexOf('@') > 0) {
            addr = m.group("orig"); // local delivery: "=> bob <bob@x.test>" or "=> /var/mail/bob <bob@x.test>"
        }
        String rest = m.group("rest");
        if (flag.equals("<=")) {
            Matcher mid = MESSAGE_ID.matcher(rest);
            String sender = addr.equals("<>") ? "" : addr;
            return new ParseOutcome.Fragment(new QueueFragment(QueueFragment.Kind.SENDER, ts, host, id, sender,
                    mid.find() ? Addresses.unbracket(mid.group(1)) : null, null));
        }
        DeliveryStatus status = switch (flag) {
            case "=>", "->" -> DeliveryStatus.SENT;
            case "==" -> DeliveryStatus.DEFERRED;
            case "**" -> DeliveryStatus.BOUNCED;
            default -> DeliveryStatus.UNKNOWN;
        };
        String domain;
        try {
            domain = Addresses.recipientDomain(addr);
        } catch (InvalidDomainException e) {
            return new ParseOutcome.Failure(e.getMessage());
        }
        String relay = field(rest, " H=");
        return new ParseOutcome.Fragment(QueueFragment.delivery(ts, host, id, addr, domain, m.group("orig"), status,
                relay, dsn(rest), "exim"));
    }

    private static String field(String rest, String key) {
        int i = rest.indexOf(key);
        if (i < 0) {
            return null;
        }
        int start = i + key.length();
        int end = rest.indexOf(' ', start);
        return rest.substring(start, end < 0 ? rest.length() : end);
    }

    private static String dsn(String text) {
        Matcher d = DSN.matcher(text);
        return d.find() ? d.group(1) : null;
    }
}
