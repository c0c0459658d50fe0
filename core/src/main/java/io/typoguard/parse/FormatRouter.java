package io.typoguard.parse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides the format of one line, once, hands the line to that format's parser, and stamps the format on the
 * outcome. JSON objects are mail events ({@link JsonEvents}) or shipper envelopes ({@link ShipperEnvelopes},
 * whose line is routed in turn); Exchange tracking and Exchange Online trace lines are recognised by shape;
 * Exim's mainlog by its leading time; syslog lines (BSD prefix, RFC 3339 or RFC 5424) by the program that
 * logged them: Postfix, Sendmail or Exim. With a fixed format (not AUTO), a record of another format fails
 * with a reason naming both. Not thread-safe (the Exchange parsers remember headers): one per thread.
 */
final class FormatRouter {
    /** RFC 5424: "<pri>1 timestamp host app procid msgid structured-data message". */
    private static final Pattern RFC5424 = Pattern.compile(
            "^<\\d{1,3}>1 (?<ts>\\S+) (?<host>\\S+) (?<app>\\S+) \\S+ \\S+ (?:-|(?:\\[(?:[^\\]\\\\]++|\\\\.)*+\\])++)(?: (?<msg>.*))?$");
    // Possessive quantifiers: the structured data is matched in a loop, not by one recursion per character (a
    // greedy alternation inside a repeat overflowed the stack on 2 KB of structured data; found by fuzzing).

    private final ObjectMapper json = new ObjectMapper();
    private final ExchangeTrackingLines exchange = new ExchangeTrackingLines();
    private final ExchangeOnlineLines exchangeOnline;
    private final SyslogTimes times;
    private final LogFormat fixed;
    private final int maxLineChars;

    FormatRouter(SyslogTimes times, LogFormat fixed, int maxLineChars) {
        this.times = times;
        this.fixed = fixed;
        this.maxLineChars = maxLineChars;
        this.exchangeOnline = new ExchangeOnlineLines(times.zone());
    }

    /** The outcome of one line, with its format (null when no format recognised it). */
    ParseOutcome route(String line, String defaultHost) {
        String s = line.strip();
        if (s.isEmpty()) {
            return new ParseOutcome.Failure("blank line");
        }
        if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && !s.startsWith("{")) {
            // Exim (and syslog) continue a multi-line entry on lines that start with blanks.
            return new ParseOutcome.Noise("continuation line");
        }
        if (s.charAt(0) == '{') {
            return routeJson(s, defaultHost);
        }
        return routeLine(s, defaultHost, false);
    }

    private ParseOutcome routeJson(String s, String defaultHost) {
        String refused = refuse(s);
        if (refused != null) {
            return new ParseOutcome.Failure(refused);
        }
        JsonNode node;
        try {
            node = json.readTree(s);
        } catch (JsonProcessingException e) {
            return new ParseOutcome.Failure("invalid JSON");
        }
        if (node == null || !node.isObject()) {
            return new ParseOutcome.Failure("JSON line is not an object");
        }
        if (JsonEvents.isEvent(node)) {
            return checked(LogFormat.JSON, JsonEvents.parse(node));
        }
        if (ExchangeOnlineLines.isTraceObject(node)) {
            return checked(LogFormat.EXCHANGE_ONLINE, exchangeOnline.parse(node, defaultHost));
        }
        ShipperEnvelopes.Envelope e = ShipperEnvelopes.open(node, defaultHost);
        if (e == null) {
            return new ParseOutcome.Failure("JSON line is neither a mail event (from/to) nor a shipper envelope (message)");
        }
        if (e.program() == null || SyslogPrefix.split(e.message()) != null || EximLines.isMainlogLine(e.message())) {
            return routeLine(e.message(), e.host(), true);
        }
        long ts;
        try {
            String when = e.time();
            ts = when == null ? times.now() : when.chars().allMatch(Character::isDigit)
                    ? (when.length() > 13 ? Long.parseLong(when) / 1000 : Long.parseLong(when))
                    : times.millis(when);
        } catch (java.time.DateTimeException | IllegalArgumentException | IndexOutOfBoundsException x) {
            return new ParseOutcome.Failure("invalid timestamp in shipper envelope");
        }
        return byProgram(ts, e.host(), e.program(), e.message(), true);
    }

    /** A line that is not JSON: Exchange, Exim mainlog or syslog; {@code enveloped} when a shipper wrapped it. */
    private ParseOutcome routeLine(String s, String defaultHost, boolean enveloped) {
        String refused = refuse(s);
        if (refused != null) {
            return new ParseOutcome.Failure(refused);
        }
        if (s.isEmpty()) {
            return new ParseOutcome.Failure("blank line");
        }
        if (enveloped && s.charAt(0) == '{') {
            return new ParseOutcome.Failure("JSON nested in a shipper envelope");
        }
        if (ExchangeTrackingLines.isTrackingHeader(s)) {
            return checked(LogFormat.EXCHANGE, enveloped, exchange.header(s, defaultHost));
        }
        if (ExchangeTrackingLines.isTrackingLine(s)) {
            return checked(LogFormat.EXCHANGE, enveloped, exchange.tracking(s, defaultHost));
        }
        if (ExchangeOnlineLines.isTraceLine(s)) {
            return checked(LogFormat.EXCHANGE_ONLINE, enveloped, exchangeOnline.parse(s, defaultHost));
        }
        ParseOutcome exim = EximLines.mainlog(s, times.zone(), defaultHost);
        if (exim != null) {
            return checked(LogFormat.EXIM, enveloped, exim);
        }
        SyslogPrefix m = SyslogPrefix.split(s);
        if (m != null) {
            long time;
            try {
                time = times.millis(s, m.timestampStart(), m.timestampEnd());
            } catch (java.time.DateTimeException | IllegalArgumentException | IndexOutOfBoundsException e) {
                return new ParseOutcome.Failure("invalid timestamp");
            }
            return byProgram(time, m, enveloped);
        }
        String ts;
        String host;
        String prog;
        String msg;
        Matcher r = s.charAt(0) == '<' ? RFC5424.matcher(s) : null;
        if (r != null && r.matches()) {
            ts = r.group("ts");
            host = "-".equals(r.group("host")) ? defaultHost : r.group("host");
            prog = r.group("app");
            msg = r.group("msg") == null ? "" : r.group("msg");
            if (!msg.isEmpty() && msg.charAt(0) == '\uFEFF') {
                msg = msg.substring(1); // RFC 5424 allows a BOM before a UTF-8 message
            }
        } else {
            SyslogPrefix bare = SyslogPrefix.programOnly(s);
            if (bare == null) {
                String program = bodyProgram(s);
                if (program == null) {
                    return new ParseOutcome.Failure("unrecognised log format");
                }
                // only the message, as "journalctl -o cat" prints it: no time, host or program
                return byProgram(times.now(), defaultHost, program, s, enveloped);
            }
            // "postfix/smtp[123]: ..." with no time and no host: the line was just read, so it is now
            return byProgram(times.now(), defaultHost, bare.program(), bare.message(), enveloped);
        }
        long time;
        try {
            time = times.millis(ts);
        } catch (java.time.DateTimeException | IllegalArgumentException | IndexOutOfBoundsException e) {
            return new ParseOutcome.Failure("invalid timestamp");
        }
        return byProgram(time, host, prog, msg, enveloped);
    }

    /**
     * {@link #byProgram(long, String, String, String, boolean)} of a split syslog line, read in place: a Postfix
     * body is not copied out of the line (most lines of a mail log are Postfix's, and half of them noise).
     */
    private ParseOutcome byProgram(long ts, SyslogPrefix m, boolean enveloped) {
        if (m.programStartsWith("postfix")) {
            String line = m.line();
            return checked(LogFormat.POSTFIX, enveloped, PostfixLines.parse(ts, m, line, afterSolarisTag(line, m.messageStart())));
        }
        if (m.programStartsWith("sendmail") || m.programStartsWith("sm-") || m.programStartsWith("exim")) {
            return byProgram(ts, m.host(), m.program(), m.message(), enveloped);
        }
        return new ParseOutcome.Noise("syslog line of another program");
    }

    /** Routes a syslog message body by the program that logged it. */
    private ParseOutcome byProgram(long ts, String host, String prog, String body, boolean enveloped) {
        String p = prog.toLowerCase(Locale.ROOT);
        String msg = withoutSolarisTag(body);
        if (p.startsWith("postfix")) {
            return checked(LogFormat.POSTFIX, enveloped, PostfixLines.parse(ts, host, msg));
        }
        if (p.startsWith("sendmail") || p.startsWith("sm-")) {
            // sm-mta (Debian's daemon), sm-msp-queue, sm-acceptingconnections (the process title Sendmail logs under)
            return checked(LogFormat.SENDMAIL, enveloped, SendmailLines.parse(ts, host, msg));
        }
        if (p.startsWith("exim")) {
            return checked(LogFormat.EXIM, enveloped, EximLines.parse(ts, host, msg));
        }
        return new ParseOutcome.Noise("syslog line of another program");
    }

    /**
     * The MTA whose message body {@code s} is, when the line is only a body ("4F9D195432C: to=&lt;..&gt;, ...",
     * "NOQUEUE: reject: ..."), or null: a queue id or NOQUEUE first, then Sendmail's fields (stat=, ruleset=,
     * class=, msgid=, "&lt;a&gt;... reply") or Postfix's (to=, from=, message-id=, removed, an action).
     */
    static String bodyProgram(String s) {
        int colon = s.startsWith("NOQUEUE: ") ? 7 : PostfixLines.queueIdEnd(s);
        if (colon < 0) {
            int end = s.indexOf(": ");
            return end > 0 && end <= 24 && PostfixLines.isAction(s.substring(0, end)) ? "postfix" : null;
        }
        String rest = s.substring(colon + 2);
        if (rest.contains(", stat=") || rest.startsWith("ruleset=") || rest.contains(", class=") || rest.contains(", msgid=")
                || (rest.startsWith("<") && rest.contains(">... "))) {
            return "sendmail";
        }
        if (rest.startsWith("to=") || rest.startsWith("from=") || rest.startsWith("message-id=") || rest.equals("removed")
                || rest.startsWith("client=") || rest.startsWith("uid=") || rest.startsWith("sender non-delivery notification")
                || (rest.indexOf(": ") > 0 && PostfixLines.isAction(rest.substring(0, rest.indexOf(": "))))) {
            return "postfix";
        }
        return null;
    }

    /** The body without Solaris syslog's "[ID 197553 mail.info] " message tag. */
    private static String withoutSolarisTag(String msg) {
        int from = afterSolarisTag(msg, 0);
        return from == 0 ? msg : msg.substring(from);
    }

    /** Where the body at {@code from} starts once a Solaris "[ID 123456 mail.info] " tag is skipped. */
    private static int afterSolarisTag(String line, int from) {
        if (line.startsWith("[ID ", from)) {
            int close = line.indexOf("] ", from);
            if (close > from + 4 && close < from + 40) {
                return close + 2;
            }
        }
        return from;
    }

    /** Why a line is refused before any format reads it (too long, control characters), or null. */
    private String refuse(String s) {
        if (s.length() > maxLineChars) {
            return "record exceeds the limit of " + maxLineChars + " bytes";
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 && c != '\t') {
                return "control character in line";
            }
        }
        return null;
    }

    private ParseOutcome checked(LogFormat format, boolean enveloped, ParseOutcome o) {
        ParseOutcome stamped = o.in(format);
        LogFormat seen = enveloped ? LogFormat.ENVELOPE : format;
        if (fixed == LogFormat.AUTO || seen == fixed || stamped instanceof ParseOutcome.Failure) {
            return stamped;
        }
        return new ParseOutcome.Failure("record is " + seen.id() + ", not " + fixed.id() + " (format fixed by configuration)", format);
    }

    private ParseOutcome checked(LogFormat format, ParseOutcome o) {
        return checked(format, false, o);
    }
}
