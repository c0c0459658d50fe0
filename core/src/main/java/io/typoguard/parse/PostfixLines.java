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
 * the qmgr {@code status=expired} line, and smtpd/cleanup actions ({@code reject}, {@code milter-reject},
 * {@code proxy-reject}, {@code discard}, with or without a queue id: complete deliveries, since they name sender and
 * recipient together). A local {@code to=user@host} without angle brackets is read like {@code to=<user@host>}.
 * Everything else Postfix logs is noise.
 */
final class PostfixLines {
    /** "QUEUEID: rest"; {@link #queueIdEnd} decides the same without a regex on every line. */
    static final Pattern QUEUED = Pattern.compile("^(?<qid>[0-9A-Za-z]{5,20}): (?<rest>.*)$");
    /** The enhanced status code of an action line ("554 5.7.1 ...", "5.7.1 Spam"), never part of an IP address. */
    private static final Pattern DSN = Pattern.compile("(?<![\\d.])([245]\\.\\d{1,3}\\.\\d{1,3})(?![\\d.])");

    private PostfixLines() {
    }

    /** The host a line names, asked for only when the line becomes a fragment or a delivery (noise needs none). */
    interface LineHost {
        String host();
    }

    static ParseOutcome parse(long ts, String host, String msg) {
        return parse(ts, () -> host, msg, 0);
    }

    /**
     * As {@link #parse(long, String, String)} of {@code text.substring(base)}, read in place: a syslog line's body is
     * not copied out of it, and the host becomes a string only for a line that yields a fragment or a delivery.
     */
    static ParseOutcome parse(long ts, LineHost hostOf, String text, int base) {
        boolean noQueue = text.startsWith("NOQUEUE: ", base);
        int colon = noQueue ? base + 7 : queueIdEnd(text, base, 5);
        if (colon < 0) {
            // "proxy-reject: END-OF-MESSAGE: ..." is logged without a queue id too
            ParseOutcome bare = action(ts, hostOf, null, text, base, base);
            return bare != null ? bare : new ParseOutcome.Noise("postfix line without queue id");
        }
        String qid = noQueue ? null : text.substring(base, colon);
        ParseOutcome action = action(ts, hostOf, qid, text, base, colon + 2);
        if (action != null) {
            return action;
        }
        if (noQueue) {
            return new ParseOutcome.Noise("postfix NOQUEUE line");
        }
        int r = colon + 2; // what follows "QUEUEID: ", read in place
        if (text.startsWith("from=<", r) && text.indexOf('>', r) < 0) {
            return new ParseOutcome.Failure("postfix from= without closing '>' (truncated line)");
        }
        if (text.startsWith("to=<", r) && text.indexOf('>', r) < 0) {
            return new ParseOutcome.Failure("postfix to= without closing '>' (truncated line)");
        }
        if (text.startsWith("from=<", r) && text.indexOf("status=expired", r) >= 0) {
            String from = Addresses.unbracket(pick(text, r, FROM)[0]);
            return new ParseOutcome.Fragment(new QueueFragment(QueueFragment.Kind.EXPIRED, ts, hostOf.host(), qid, from == null ? "" : from, null, null));
        }
        if (text.startsWith("from=<", r)) {
            String from = Addresses.unbracket(pick(text, r, FROM)[0]);
            return new ParseOutcome.Fragment(new QueueFragment(QueueFragment.Kind.SENDER, ts, hostOf.host(), qid, from == null ? "" : from, null, null));
        }
        if (text.startsWith("message-id=", r)) {
            String id = Addresses.unbracket(text.substring(r + "message-id=".length()));
            return new ParseOutcome.Fragment(new QueueFragment(QueueFragment.Kind.MESSAGE_ID, ts, hostOf.host(), qid, null, id, null));
        }
        if (text.length() - r == "removed".length() && text.startsWith("removed", r)) {
            return new ParseOutcome.Fragment(new QueueFragment(QueueFragment.Kind.REMOVED, ts, hostOf.host(), qid, null, null, null));
        }
        if (text.startsWith("to=", r)) {
            String[] f = pick(text, r, DELIVERY);
            String to = Addresses.unbracket(f[0]);
            String status = f[4];
            if (status == null) {
                return new ParseOutcome.Failure("postfix delivery line without status=");
            }
            String domain;
            try {
                domain = Addresses.recipientDomain(to);
            } catch (InvalidDomainException e) {
                return new ParseOutcome.Failure(e.getMessage());
            }
            String orig = f[1] != null ? Addresses.unbracket(f[1]) : null;
            return new ParseOutcome.Fragment(QueueFragment.delivery(ts, hostOf.host(), qid, to, domain, orig,
                    status(status), f[2], f[3]));
        }
        return new ParseOutcome.Noise("postfix queue line");
    }

    /**
     * An smtpd/cleanup access or content action ("QID: reject: RCPT from ...; from=&lt;a&gt; to=&lt;b&gt; proto=...",
     * also NOQUEUE, BDAT/DATA/END-OF-MESSAGE, header and body checks, milter-reject, proxy-reject, discard): a
     * complete REJECTED delivery to the recipient it names. Actions that do not stop the message (reject_warning,
     * warning, hold, info, filter, redirect) are noise of their own kind, since the message's own delivery lines
     * follow. Null when the text after the queue id is no action.
     */
    private static ParseOutcome action(long ts, LineHost hostOf, String qid, String msg, int base, int from) {
        int n = msg.length();
        int end = from;
        while (end < n && end - from <= 24 && (msg.charAt(end) >= 'a' && msg.charAt(end) <= 'z' || msg.charAt(end) == '-' || msg.charAt(end) == '_')) {
            end++;
        }
        if (end == from || end + 1 >= n || msg.charAt(end) != ':' || msg.charAt(end + 1) != ' ') {
            return null;
        }
        String action = msg.substring(from, end);
        boolean stops = switch (action) {
            case "reject", "milter-reject", "proxy-reject", "discard", "milter-discard" -> true;
            default -> false;
        };
        if (!stops && !isNonStopping(action)) {
            return null; // not an action
        }
        int fieldsAt = msg.lastIndexOf("; from=<");
        if (fieldsAt < base) {
            fieldsAt = msg.lastIndexOf("; to=<"); // VRFY names no sender
        }
        if (fieldsAt < base) {
            fieldsAt = -1; // nothing before the body counts (a syslog prefix holds no "; ", but say so)
        }
        Map<String, String> f = fieldsAt < 0 ? Map.of() : fields(msg.substring(fieldsAt + 2));
        String to = Addresses.unbracket(f.get("to"));
        if (!stops) {
            return new ParseOutcome.Noise("postfix " + action + " (message not stopped)");
        }
        if (to == null || to.isEmpty()) {
            return new ParseOutcome.Noise("postfix " + action + " without a recipient");
        }
        String domain;
        try {
            domain = Addresses.recipientDomain(to);
        } catch (InvalidDomainException e) {
            return new ParseOutcome.Failure(e.getMessage());
        }
        String sender = f.containsKey("from") ? Addresses.unbracket(f.get("from")) : null;
        // the code comes before the fields ("550 5.1.1 ...; from=") or, for header and body checks, after them
        Matcher dsn = DSN.matcher(msg.substring(end, fieldsAt));
        Matcher after = DSN.matcher(msg.substring(fieldsAt));
        String code = dsn.find() ? dsn.group(1) : after.find() ? after.group(1) : null;
        return new ParseOutcome.Deliveries(List.of(new Delivery(ts, hostOf.host(), qid, null, sender, to, domain, null,
                DeliveryStatus.REJECTED, null, code, "postfix")));
    }

    private static boolean isNonStopping(String action) {
        return switch (action) {
            case "reject_warning", "warning", "hold", "milter-hold", "info", "filter", "redirect", "prepend", "replace",
                 "milter-header-redirect", "milter-redirect", "proxy-accept" -> true;
            default -> false;
        };
    }

    /** True when {@code word} is an smtpd/cleanup action Postfix logs before "from=&lt;..&gt; to=&lt;..&gt;". */
    static boolean isAction(String word) {
        return isNonStopping(word) || switch (word) {
            case "reject", "milter-reject", "proxy-reject", "discard", "milter-discard" -> true;
            default -> false;
        };
    }

    /**
     * Where the queue id of "QUEUEID: rest" ends (the colon), or -1: what {@code QUEUED} matches, without a
     * regex on every Postfix line (5 to 20 letters or digits, then ": ", and no line terminator after).
     */
    static int queueIdEnd(String msg) {
        return queueIdEnd(msg, 5);
    }

    /** As {@link #queueIdEnd(String)}, with at least {@code minLength} characters (Sendmail's ids have 8 or more). */
    static int queueIdEnd(String msg, int minLength) {
        return queueIdEnd(msg, 0, minLength);
    }

    /** As {@link #queueIdEnd(String, int)} of {@code msg.substring(base)}, as a position in {@code msg}. */
    static int queueIdEnd(String msg, int base, int minLength) {
        int n = Math.min(msg.length(), base + 21);
        int i = base;
        while (i < n && isAsciiAlnum(msg.charAt(i))) {
            i++;
        }
        if (i - base < minLength || i - base > 20 || i + 1 >= msg.length() || msg.charAt(i) != ':' || msg.charAt(i + 1) != ' ') {
            return -1;
        }
        // '.' in the pattern stops at these; the control characters among them are refused earlier
        for (int k = i, len = msg.length(); k < len; k++) {
            char c = msg.charAt(k);
            if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                return -1;
            }
        }
        return i;
    }

    private static boolean isAsciiAlnum(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    private static final String[] FROM = {"from"};
    private static final String[] DELIVERY = {"to", "orig_to", "relay", "dsn", "status"};

    /**
     * The values of {@code names} in a Postfix line, as {@link #fields} would give them (first one wins), without
     * building the whole map: only the wanted values become strings. {@code FastPathPropertiesTest} pins the two.
     */
    static String[] pick(String text, String[] names) {
        return pick(text, 0, names);
    }

    /** {@link #pick(String, String[])} of {@code text.substring(from)}, without the copy. */
    static String[] pick(String text, int from, String[] names) {
        String[] out = new String[names.length];
        int[] found = {0};
        scan(text, from, (nameStart, eq, valueEnd) -> {
            for (int k = 0; k < names.length; k++) {
                if (out[k] == null && eq - nameStart == names[k].length() && text.startsWith(names[k], nameStart)) {
                    out[k] = text.substring(eq + 1, valueEnd);
                    return ++found[0] < names.length;
                }
            }
            return true;
        });
        return out;
    }

    /**
     * Where the value after the '=' at {@code eq} ends: "&lt;...&gt;" through its '&gt;', otherwise (or without a
     * closing bracket, like the old pattern) up to the next blank or comma.
     */
    private static int valueEnd(String text, int eq) {
        int n = text.length();
        if (eq + 1 < n && text.charAt(eq + 1) == '<') {
            int close = text.indexOf('>', eq + 1);
            if (close >= 0) {
                return close + 1;
            }
        }
        int valueEnd = eq + 1;
        while (valueEnd < n && text.charAt(valueEnd) != ',' && !Character.isWhitespace(text.charAt(valueEnd))) {
            valueEnd++;
        }
        return valueEnd;
    }

    /** name=value pairs of a Postfix line ("to=<a@b>, relay=x, dsn=2.0.0, status=sent (...)"); first one wins. */
    static Map<String, String> fields(String text) {
        Map<String, String> out = new java.util.HashMap<>(16);
        scan(text, (nameStart, eq, valueEnd) -> {
            out.putIfAbsent(text.substring(nameStart, eq), text.substring(eq + 1, valueEnd));
            return true;
        });
        return out;
    }

    /** One field found by {@link #scan}; returns whether to go on. */
    private interface Field {
        boolean at(int nameStart, int eq, int valueEnd);
    }

    /** Finds each name=value field (name: lower-case letters and '_'), handing over its positions. */
    private static void scan(String text, Field field) {
        scan(text, 0, field);
    }

    /** {@link #scan(String, Field)} from {@code from}: no name reaches back before it, as if the text began there. */
    private static void scan(String text, int from, Field field) {
        int n = text.length();
        int i = from;
        while (i < n) {
            int eq = text.indexOf('=', i);
            if (eq < 0) {
                return;
            }
            int nameStart = eq;
            while (nameStart > i && isNameChar(text.charAt(nameStart - 1))) {
                nameStart--;
            }
            int valueEnd = valueEnd(text, eq);
            if (nameStart < eq && !field.at(nameStart, eq, valueEnd)) {
                return;
            }
            i = Math.max(valueEnd, eq + 1);
        }
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
