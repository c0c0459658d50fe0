package io.typoguard.parse;

import io.typoguard.detect.InvalidDomainException;
import io.typoguard.schema.DeliveryStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sendmail syslog message bodies: {@code QID: from=<...>, ..., msgid=<...>} and
 * {@code QID: to=<a>,<b>, ..., dsn=..., stat=Sent (...)} joined by queue id; {@code ruleset=check_rcpt}
 * rejections (with a queue id or {@code NOQUEUE}) and failed RCPT replies ({@code QID: <a@b>... User unknown}) are
 * complete REJECTED events.
 */
final class SendmailLines {
    private static final Pattern RCPT_REJECT = Pattern.compile(
            "ruleset=check_rcpt, arg1=<?(?<rcpt>[^>,\\s]*)>?,.*?reject=(?:\\d{3}[ -])?(?<dsn>\\d\\.\\d{1,3}\\.\\d{1,3})?");
    /** The reply to a RCPT command that failed: "&lt;nobody@example.com&gt;... User unknown". */
    private static final Pattern RECIPIENT_REPLY = Pattern.compile("^<(?<rcpt>[^<>\\s]+@[^<>\\s]+)>\\.\\.\\. (?<text>.*)$");

    private SendmailLines() {
    }

    static ParseOutcome parse(long ts, String host, String msg) {
        int qidEnd = queueIdEnd(msg);
        String qid = qidEnd > 0 ? msg.substring(0, qidEnd) : null;
        Matcher reject = msg.contains("ruleset=check_rcpt") ? RCPT_REJECT.matcher(msg) : null;
        if (reject != null && reject.find()) {
            // with or without a queue id ("NOQUEUE: ruleset=check_rcpt, ..." when the envelope was not started)
            String rcpt = reject.group("rcpt");
            return rejected(ts, host, qid, rcpt, reject.group("dsn"), DeliveryStatus.REJECTED);
        }
        if (qid == null) {
            return new ParseOutcome.Noise("sendmail line without queue id");
        }
        String rest = msg.substring(qidEnd + 2);
        Matcher recipientReply = rest.startsWith("<") ? RECIPIENT_REPLY.matcher(rest) : null;
        if (recipientReply != null && recipientReply.matches()) {
            String text = recipientReply.group("text");
            if (text.regionMatches(true, 0, "Sender", 0, 6) || text.contains("sender")) {
                return new ParseOutcome.Noise("sendmail sender reply");
            }
            return rejected(ts, host, qid, recipientReply.group("rcpt"), null,
                    text.startsWith("Deferred") ? DeliveryStatus.DEFERRED : DeliveryStatus.REJECTED);
        }
        if (rest.startsWith("from=")) {
            String[] f = pick(rest, FROM);
            String from = Addresses.unbracket(f[0] == null ? "" : f[0]);
            return new ParseOutcome.Fragment(new QueueFragment(QueueFragment.Kind.SENDER, ts, host, qid, from,
                    f[1] != null ? Addresses.unbracket(f[1]) : null, null));
        }
        if (rest.startsWith("to=")) {
            String[] f = pick(rest, DELIVERY);
            String list = recipientList(rest, f[0]);
            String stat = f[1];
            String dsn = f[2];
            if (list == null || (stat == null && dsn == null)) {
                return new ParseOutcome.Failure("sendmail delivery line without to= or stat=");
            }
            if (stat == null) {
                stat = ""; // some mailers log dsn= and no stat=: the class of the code decides
            }
            DeliveryStatus status = status(stat, dsn);
            List<String> recipients = new ArrayList<>();
            boolean local = false;
            for (String r : list.split(",")) {
                String a = Addresses.unbracket(r.strip());
                if (a.indexOf('@') < 0 && !a.isEmpty()) {
                    local = true; // "to=root": delivered on this host, no domain to check
                } else if (!a.isEmpty()) {
                    recipients.add(a);
                }
            }
            if (recipients.isEmpty() && local) {
                return new ParseOutcome.Noise("sendmail local recipient without a domain");
            }
            if (recipients.size() != 1) {
                // Several recipients on one line: each becomes its own fragment through a Deliveries outcome
                // once the sender is known; here they are emitted as separate fragments one by one.
                return multi(ts, host, qid, recipients, status, f[3], dsn);
            }
            String rcpt = recipients.get(0);
            try {
                return new ParseOutcome.Fragment(QueueFragment.delivery(ts, host, qid, rcpt, Addresses.recipientDomain(rcpt),
                        null, status, f[3], dsn, "sendmail"));
            } catch (InvalidDomainException e) {
                return new ParseOutcome.Failure(e.getMessage());
            }
        }
        return new ParseOutcome.Noise("sendmail queue line");
    }

    /**
     * A recipient refused at RCPT time. Sendmail logs the message's {@code from=} line only later (when the
     * envelope is complete), so with a queue id it is a fragment joined with that sender (or released without one
     * after the orphan wait); without one ({@code NOQUEUE}) it is complete, sender unknown.
     */
    private static ParseOutcome rejected(long ts, String host, String qid, String rcpt, String dsn, DeliveryStatus status) {
        try {
            String domain = Addresses.recipientDomain(rcpt);
            if (qid != null) {
                return new ParseOutcome.Fragment(QueueFragment.delivery(ts, host, qid, rcpt, domain, null, status, null, dsn, "sendmail"));
            }
            return new ParseOutcome.Deliveries(List.of(new Delivery(ts, host, null, null, null, rcpt, domain, null, status, null, dsn, "sendmail")));
        } catch (InvalidDomainException e) {
            return new ParseOutcome.Failure(e.getMessage());
        }
    }

    private static ParseOutcome multi(long ts, String host, String qid, List<String> rcpts, DeliveryStatus status,
                                      String relay, String dsn) {
        if (rcpts.isEmpty()) {
            return new ParseOutcome.Failure("sendmail delivery line without recipients");
        }
        List<QueueFragment> out = new ArrayList<>();
        for (String r : rcpts) {
            try {
                out.add(QueueFragment.delivery(ts, host, qid, r, Addresses.recipientDomain(r), null, status, relay, dsn, "sendmail"));
            } catch (InvalidDomainException e) {
                return new ParseOutcome.Failure(e.getMessage());
            }
        }
        return new ParseOutcome.Fragments(out);
    }

    static DeliveryStatus status(String stat, String dsn) {
        String s = stat.toLowerCase(Locale.ROOT);
        if (s.startsWith("sent") || (s.isEmpty() && dsn != null && dsn.startsWith("2"))) {
            return DeliveryStatus.SENT;
        }
        if (s.startsWith("deferred") || (dsn != null && dsn.startsWith("4"))) {
            return DeliveryStatus.DEFERRED;
        }
        if (dsn != null && dsn.startsWith("5") || s.contains("unknown") || s.contains("unavailable") || s.contains("refused")) {
            return DeliveryStatus.BOUNCED;
        }
        return DeliveryStatus.UNKNOWN;
    }

    /** Where Sendmail's queue id ends: "^([0-9A-Za-z]{8,20}): (.*)$" ({@code FastPathPropertiesTest} pins it), or -1. */
    static int queueIdEnd(String msg) {
        return PostfixLines.queueIdEnd(msg, 8);
    }

    /** The recipient list of a "to=" line: up to the first field Sendmail writes after it (what "^to=(.*?), (?:ctladdr|delay|orcpt|mailer|pri|relay)=" finds). */
    private static String recipientList(String rest, String toField) {
        int end = -1;
        for (String next : TO_FOLLOWERS) {
            int i = rest.indexOf(next, 3);
            if (i >= 0 && (end < 0 || i < end)) {
                end = i;
            }
        }
        return end >= 0 ? rest.substring(3, end) : toField;
    }

    private static final String[] TO_FOLLOWERS = {", ctladdr=", ", delay=", ", orcpt=", ", mailer=", ", pri=", ", relay="};

    private static final String[] FROM = {"from", "msgid"};
    private static final String[] DELIVERY = {"to", "stat", "dsn", "relay"};

    /**
     * The values of {@code names}, as {@link #fields} gives them (first one wins), without building the whole map.
     * {@code FastPathPropertiesTest} pins the two.
     */
    static String[] pick(String text, String[] names) {
        String[] out = new String[names.length];
        int[] found = {0};
        scan(text, (nameStart, eq, valueEnd) -> {
            for (int k = 0; k < names.length; k++) {
                if (out[k] == null && eq - nameStart == names[k].length() && text.startsWith(names[k], nameStart)) {
                    out[k] = text.substring(eq + 1, valueEnd).strip();
                    return ++found[0] < names.length;
                }
            }
            return true;
        });
        return out;
    }

    /**
     * The name=value fields, first one of a name wins: what "([a-z]+)=(&lt;[^&gt;]*&gt;|[^,]*)" finds (a name of
     * lower-case letters, then a value in angle brackets or up to the next comma, stripped), scanned by hand since
     * it runs on every line.
     */
    static java.util.Map<String, String> fields(String text) {
        java.util.Map<String, String> out = new java.util.HashMap<>(16);
        scan(text, (nameStart, eq, valueEnd) -> {
            out.putIfAbsent(text.substring(nameStart, eq), text.substring(eq + 1, valueEnd).strip());
            return true;
        });
        return out;
    }

    /** One field found by {@link #scan}; returns whether to go on. */
    private interface Field {
        boolean at(int nameStart, int eq, int valueEnd);
    }

    /** Finds each field as the pattern of {@link #fields} would, handing over its positions. */
    private static void scan(String text, Field field) {
        int n = text.length();
        int from = 0;
        while (from < n) {
            int eq = text.indexOf('=', from);
            if (eq < 0) {
                return;
            }
            int nameStart = eq;
            while (nameStart > from && text.charAt(nameStart - 1) >= 'a' && text.charAt(nameStart - 1) <= 'z') {
                nameStart--;
            }
            if (nameStart == eq) {
                from = eq + 1;
                continue;
            }
            int close = eq + 1 < n && text.charAt(eq + 1) == '<' ? text.indexOf('>', eq + 1) : -1;
            int valueEnd;
            if (close >= 0) {
                valueEnd = close + 1; // "<[^>]*>", commas inside included
            } else {
                int comma = text.indexOf(',', eq + 1);
                valueEnd = comma < 0 ? n : comma;
            }
            if (!field.at(nameStart, eq, valueEnd)) {
                return;
            }
            from = valueEnd;
        }
    }
}
