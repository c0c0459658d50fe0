package io.typoguard.parse;

import io.typoguard.detect.InvalidDomainException;
import io.typoguard.schema.DeliveryStatus;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Exim mainlog message bodies (after the timestamp): {@code <=} arrival (sender), {@code =>} delivery,
 * {@code ->} further address of the same delivery, {@code *>} delivery suppressed, {@code ==} deferred,
 * {@code **} failed (bounced), and RCPT-time {@code rejected RCPT} lines. When Exim rewrote an address
 * the original follows in angle brackets ({@code => new@x <orig@y>}) and is kept as the original recipient.
 * The bodies come either from syslog ("exim[123]: ...") or from Exim's own mainlog, whose lines start with a
 * local time instead ({@link #isMainlogLine}, {@link #mainlog}).
 */
final class EximLines {
    /** Exim's mainlog: "2026-11-27 04:21:12 [+0000] [[pid]] message". */
    static final Pattern EXIM_LINE = Pattern.compile(
            "^(?<ts>\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2})(?:\\.\\d{1,6})?(?: (?<zone>[+-]\\d{4}))?(?: \\[\\d+\\])? (?<msg>.*)$");
    /** Exim message ids: 1vABCd-000123-Ab (before 4.97) and 1vABCd-000000005vi-0000 (4.97+). */
    private static final Pattern MESSAGE = Pattern.compile(
            "^(?<id>[0-9A-Za-z]{6}-[0-9A-Za-z]{6,11}-[0-9A-Za-z]{2,4}) (?<flag><=|=>|->|\\*>|==|\\*\\*) (?<addr>\"[^\"]*\"@\\S+|\\S+)(?: <(?<orig>[^>]*)>)?(?<rest>.*)$");
    private static final Pattern REJECTED_RCPT = Pattern.compile(
            "^.*?F=(?:<(?<from>[^>]*)>|(?<bareFrom>[^\\s<>]+)) (?:temporarily )?rejected RCPT (?:<(?<rcpt>[^>]*)>|(?<bareRcpt>[^\\s<>]+?):?(?=\\s|$)).*$");
    private static final Pattern MESSAGE_ID = Pattern.compile("\\bid=(\\S+)");
    /** An enhanced status code right after an SMTP reply code ("250 2.0.0", "550-5.1.1"), never an IP address. */
    private static final Pattern DSN = Pattern.compile("\\b[245]\\d\\d[ -]([245]\\.\\d{1,3}\\.\\d{1,3})\\b");

    private EximLines() {
    }

    /** True when {@code s} is a whole mainlog line (timestamp, optional zone and pid, message). */
    static boolean isMainlogLine(String s) {
        return startsWithEximTime(s) && EXIM_LINE.matcher(s).matches();
    }

    /**
     * A mainlog line: its time is local time in {@code zone} unless the line carries its own offset (Exim's
     * {@code log_timezone}); the line names no host, so the record's ({@code defaultHost}) is used. Null when
     * {@code line} is not a mainlog line.
     */
    static ParseOutcome mainlog(String line, ZoneId zone, String defaultHost) {
        Matcher exim = startsWithEximTime(line) ? EXIM_LINE.matcher(line) : null;
        if (exim == null || !exim.matches()) {
            return null;
        }
        long ts;
        try {
            String offset = exim.group("zone");
            String local = exim.group("ts").replace(' ', 'T');
            ts = offset == null ? LocalDateTime.parse(local).atZone(zone).toInstant().toEpochMilli()
                    : OffsetDateTime.parse(local + offset.substring(0, 3) + ":" + offset.substring(3)).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            return new ParseOutcome.Failure("invalid timestamp");
        }
        return parse(ts, defaultHost, exim.group("msg"));
    }

    /** "YYYY-MM-DD HH:MM:SS" at the start: a line {@code EXIM_LINE} cannot match without it skips the regex. */
    static boolean startsWithEximTime(String s) {
        if (s.length() < 19) {
            return false;
        }
        for (int i = 0; i < 19; i++) {
            char c = s.charAt(i);
            boolean ok = switch (i) {
                case 4, 7 -> c == '-';
                case 10 -> c == ' ';
                case 13, 16 -> c == ':';
                default -> c >= '0' && c <= '9';
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** A message body (after the timestamp, or after "exim[123]: " in syslog). */
    static ParseOutcome parse(long ts, String host, String msg) {
        Matcher rejected = msg.contains("rejected RCPT") ? REJECTED_RCPT.matcher(msg) : null;
        if (rejected != null && !msg.contains(" <= ") && rejected.matches()) {
            // with angle brackets, or without them ("F=a@b rejected RCPT c@d: relay not permitted")
            String rcpt = rejected.group("rcpt") != null ? rejected.group("rcpt") : rejected.group("bareRcpt");
            String from = rejected.group("from") != null ? rejected.group("from") : rejected.group("bareFrom");
            try {
                String domain = Addresses.recipientDomain(rcpt);
                return new ParseOutcome.Deliveries(List.of(new Delivery(ts, host, null, null, from, rcpt,
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
            // a final "address" that is no address (a pipe, a file, a rewritten local part with quotes in it): the
            // original one is what was addressed
            String orig = m.group("orig");
            try {
                domain = orig == null ? null : Addresses.recipientDomain(orig);
            } catch (InvalidDomainException again) {
                domain = null;
            }
            if (domain == null) {
                return new ParseOutcome.Failure(e.getMessage());
            }
            addr = orig;
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
