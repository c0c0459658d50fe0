package io.typoguard.parse;

import io.typoguard.detect.InvalidDomainException;
import io.typoguard.schema.DeliveryStatus;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Postfix syslog message bodies (after "postfix/smtp[123]: "): the qmgr {@code from=} line (sender), the cleanup
 * {@code message-id=} line, each delivery agent's {@code to=} line with its {@code status=}, {@code removed},
 * the qmgr {@code status=expired} line, and RCPT-time {@code NOQUEUE: reject} lines (complete deliveries: they
 * name sender and recipient together). Everything else Postfix logs is noise.
 */
final class PostfixLines {
    /** "QUEUEID: rest"; {@link #queueIdEnd} decides the same without a regex on every line. */
    static final Pattern QUEUED = Pattern.compile("^(?<qid>[0-9A-Za-z]{5,20}): (?<rest>.*)$");
    private static final Pattern REJECT = Pattern.compile("^NOQUEUE: (?:reject|discard|milter-reject): RCPT from \\S+: (?<code>\\d{3}) (?<dsn>\\d\\.\\d{1,3}\\.\\d{1,3})? ?.*?; (?<fields>from=.*)$");

    private PostfixLines() {
    }

    static ParseOutcome parse(long ts, String host, String msg) {
        Matcher reject = msg.startsWith("NOQUEUE: ") ? REJECT.matcher(msg) : null;
        if (reject != null && reject.matches()) {
            Map<String, String> f = fields(reject.group("fields"));
            String to = Addresses.unbracket(f.get("to"));
            String from = Addresses.unbracket(f.get("from"));
            if (to == null) {
                return new ParseOutcome.Failure("postfix reject line without to=");
            }
            String domain;
            try {
                domain = Addresses.recipientDomain(to);
            } catch (InvalidDomainException e) {
                return new ParseOutcome.Failure(e.getMessage());
            }
            return new ParseOutcome.Deliveries(List.of(new Delivery(ts, host, null, null, from, to, domain, null,
                    DeliveryStatus.REJECTED, null, reject.group("dsn"), "postfix")));
        }
        int colon = queueIdEnd(msg);
        if (colon < 0) {
            return new ParseOutcome.Noise("postfix line without queue id");
        }
        String qid = msg.substring(0, colon);
        String rest = msg.substring(colon + 2);
        if (rest.startsWith("from=<") && rest.indexOf('>') < 0) {
            return new ParseOutcome.Failure("postfix from= without closing '>' (truncated line)");
        }
        if (rest.startsWith("to=<") && rest.indexOf('>') < 0) {
            return new ParseOutcome.Failure("postfix to= without closing '>' (truncated line)");
        }
        if (rest.startsWith("from=<") && rest.contains("status=expired")) {
            String from = Addresses.unbracket(fields(rest).get("from"));
            return new ParseOutcome.Fragment(new QueueFragment(QueueFragment.Kind.EXPIRED, ts, host, qid, from == null ? "" : from, null, null));
        }
        if (rest.startsWith("from=<")) {
            String from = Addresses.unbracket(fields(rest).get("from"));
            return new ParseOutcome.Fragment(new QueueFragment(QueueFragment.Kind.SENDER, ts, host, qid, from == null ? "" : from, null, null));
        }
        if (rest.startsWith("message-id=")) {
            String id = Addresses.unbracket(rest.substring("message-id=".length()));
            return new ParseOutcome.Fragment(new QueueFragment(QueueFragment.Kind.MESSAGE_ID, ts, host, qid, null, id, null));
        }
        if (rest.equals("removed")) {
            return new ParseOutcome.Fragment(new QueueFragment(QueueFragment.Kind.REMOVED, ts, host, qid, null, null, null));
        }
        if (rest.startsWith("to=<")) {
            Map<String, String> f = fields(rest);
            String to = Addresses.unbracket(f.get("to"));
            String status = f.get("status");
            if (status == null) {
                return new ParseOutcome.Failure("postfix delivery line without status=");
            }
            String domain;
            try {
                domain = Addresses.recipientDomain(to);
            } catch (InvalidDomainException e) {
                return new ParseOutcome.Failure(e.getMessage());
            }
            String orig = f.containsKey("orig_to") ? Addresses.unbracket(f.get("orig_to")) : null;
            return new ParseOutcome.Fragment(QueueFragment.delivery(ts, host, qid, to, domain, orig,
                    status(status), f.get("relay"), f.get("dsn")));
        }
        return new ParseOutcome.Noise("postfix queue line");
    }

    /**
     * Where the queue id of "QUEUEID: rest" ends (the colon), or -1: what {@code QUEUED} matches, without a
     * regex on every Postfix line (5 to 20 letters or digits, then ": ", and no line terminator after).
     */
    static int queueIdEnd(String msg) {
        int n = Math.min(msg.length(), 21);
        int i = 0;
        while (i < n && isAsciiAlnum(msg.charAt(i))) {
            i++;
        }
        if (i < 5 || i > 20 || i + 1 >= msg.length() || msg.charAt(i) != ':' || msg.charAt(i + 1) != ' ') {
            return -1;
        }
        // '.' in the pattern stops at these; the control characters among them are refused earlier
        if (msg.indexOf('\u0085', i) >= 0 || msg.indexOf('\u2028', i) >= 0 || msg.indexOf('\u2029', i) >= 0
                || msg.indexOf('\n', i) >= 0 || msg.indexOf('\r', i) >= 0) {
            return -1;
        }
        return i;
    }

    private static boolean isAsciiAlnum(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    /** name=value pairs of a Postfix line ("to=<a@b>, relay=x, dsn=2.0.0, status=sent (...)"); first one wins. */
    static Map<String, String> fields(String text) {
        Map<String, String> out = new java.util.HashMap<>(16);
        int n = text.length();
        int i = 0;
        while (i < n) {
            int eq = text.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            int nameStart = eq;
            while (nameStart > i && isNameChar(text.charAt(nameStart - 1))) {
                nameStart--;
            }
            int valueEnd;
            if (eq + 1 < n && text.charAt(eq + 1) == '<') {
                int close = text.indexOf('>', eq + 1);
                valueEnd = close < 0 ? n : close + 1;
                if (close < 0) {
                    // no closing bracket: like the old pattern, take up to the next blank or comma
                    valueEnd = eq + 1;
                    while (valueEnd < n && text.charAt(valueEnd) != ',' && !Character.isWhitespace(text.charAt(valueEnd))) {
                        valueEnd++;
                    }
                }
            } else {
                valueEnd = eq + 1;
                while (valueEnd < n && text.charAt(valueEnd) != ',' && !Character.isWhitespace(text.charAt(valueEnd))) {
                    valueEnd++;
                }
            }
            if (nameStart < eq) {
                out.putIfAbsent(text.substring(nameStart, eq), text.substring(eq + 1, valueEnd));
            }
            i = Math.max(valueEnd, eq + 1);
        }
        return out;
    }

    private static boolean isNameChar(char c) {
        return (c >= 'a' && c <= 'z') || c == '_';
    }

    /** A Postfix (or JSON) status word as a delivery status; anything unknown is UNKNOWN. */
    static DeliveryStatus status(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "sent", "delivered" -> DeliveryStatus.SENT;
            case "deferred" -> DeliveryStatus.DEFERRED;
            case "bounced" -> DeliveryStatus.BOUNCED;
            case "expired" -> DeliveryStatus.EXPIRED;
            case "rejected", "reject" -> DeliveryStatus.REJECTED;
            default -> DeliveryStatus.UNKNOWN;
        };
    }
}
