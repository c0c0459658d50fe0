package io.typoguard.parse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.typoguard.detect.InvalidDomainException;
import io.typoguard.schema.DeliveryStatus;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one raw record of {@code mail.log.raw}, detecting the format per record: a JSON line
 * ({@code {"timestamp","host","queue_id","message_id","from","to":[..],"status"}}), a log shipper's JSON
 * envelope around a line, Postfix / Sendmail / Exim syslog lines (BSD prefix, RFC 3339 or RFC 5424), an Exim
 * mainlog line, an Exchange message tracking log line or an Exchange Online message trace line. Plain Java;
 * never throws on any input. Not thread-safe (it remembers the latest Exchange header): one per thread.
 */
public final class MailLogParser {
    /** Longest record accepted; longer ones are dead-lettered (a real log line is under 2 KiB). */
    public static final int DEFAULT_MAX_LINE_BYTES = 64 * 1024;

    /** Exim's mainlog: "2026-11-27 04:21:12 [+0000] [[pid]] message". */
    static final Pattern EXIM_LINE = Pattern.compile(
            "^(?<ts>\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2})(?:\\.\\d{1,6})?(?: (?<zone>[+-]\\d{4}))?(?: \\[\\d+\\])? (?<msg>.*)$");
    /** RFC 5424: "<pri>1 timestamp host app procid msgid structured-data message". */
    private static final Pattern RFC5424 = Pattern.compile(
            "^<\\d{1,3}>1 (?<ts>\\S+) (?<host>\\S+) (?<app>\\S+) \\S+ \\S+ (?:-|(?:\\[(?:[^\\]\\\\]++|\\\\.)*+\\])++)(?: (?<msg>.*))?$");
    // Possessive quantifiers: the structured data is matched in a loop, not by one recursion per character (a
    // greedy alternation inside a repeat overflowed the stack on 2 KB of structured data; found by fuzzing).
    static final Pattern QUEUED = Pattern.compile("^(?<qid>[0-9A-Za-z]{5,20}): (?<rest>.*)$");
    private static final Pattern REJECT = Pattern.compile("^NOQUEUE: (?:reject|discard|milter-reject): RCPT from \\S+: (?<code>\\d{3}) (?<dsn>\\d\\.\\d{1,3}\\.\\d{1,3})? ?.*?; (?<fields>from=.*)$");

    private final ObjectMapper json = new ObjectMapper();
    private final ExchangeLines exchange;
    private final java.nio.charset.CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final LogFormat format;
    private int currentYear;
    private int fixedYear;
    private long yearCheckedAt = Long.MIN_VALUE / 2;
    private final Clock clock;
    private final ZoneId zone;
    private final int maxLineBytes;

    public MailLogParser(Clock clock, ZoneId zoneForSyslogTimes, int maxLineBytes) {
        this(clock, zoneForSyslogTimes, maxLineBytes, LogFormat.AUTO);
    }

    /**
     * @param format AUTO to detect each record's format; any other value accepts only that format (records of
     *               another format fail with a reason saying so)
     */
    public MailLogParser(Clock clock, ZoneId zoneForSyslogTimes, int maxLineBytes, LogFormat format) {
        this.format = format;
        this.clock = clock;
        this.zone = zoneForSyslogTimes;
        this.exchange = new ExchangeLines(zoneForSyslogTimes);
        this.maxLineBytes = maxLineBytes;
    }

    public MailLogParser() {
        this(Clock.systemUTC(), ZoneOffset.UTC, DEFAULT_MAX_LINE_BYTES);
    }

    /** Parses raw bytes (UTF-8 expected). */
    public ParseOutcome parse(byte[] raw) {
        return parse(raw, null);
    }

    /**
     * Parses raw bytes; {@code defaultHost} (the record key, when a shipper sets it) names the MTA host for
     * formats whose lines do not (Exim's mainlog).
     */
    public ParseOutcome parse(byte[] raw, String defaultHost) {
        if (raw == null || raw.length == 0) {
            return new ParseOutcome.Failure("empty record");
        }
        if (raw.length > maxLineBytes) {
            return new ParseOutcome.Failure("record of " + raw.length + " bytes exceeds the limit of " + maxLineBytes);
        }
        String line;
        try {
            // Nearly every mail log line is ASCII: read it as Latin-1 (a plain copy), and decode strictly otherwise.
            line = isAscii(raw) ? new String(raw, java.nio.charset.StandardCharsets.ISO_8859_1)
                    : utf8.reset().decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            return new ParseOutcome.Failure("not valid UTF-8");
        }
        return parse(line, defaultHost);
    }

    private static boolean isAscii(byte[] raw) {
        for (byte b : raw) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    /** Parses one line of text. */
    public ParseOutcome parse(String line) {
        return parse(line, null);
    }

    /** Parses one line of text, with the host to assume when the line names none. */
    public ParseOutcome parse(String line, String defaultHost) {
        try {
            ParseOutcome o = parseUnchecked(line, defaultHost, 0);
            if (fixedYear == 0 && inTheFuture(o)) {
                return new ParseOutcome.Failure("timestamp more than " + MAX_FUTURE_MS / 60_000 + " minutes ahead of this host's clock");
            }
            if (format != LogFormat.AUTO && !(o instanceof ParseOutcome.Failure)) {
                LogFormat seen = formatOf(line, o);
                if (seen != null && seen != format) {
                    return new ParseOutcome.Failure("record is " + seen.id() + ", not " + format.id() + " (format fixed by configuration)");
                }
            }
            if (o instanceof ParseOutcome.Deliveries d && d.deliveries().isEmpty()) {
                return new ParseOutcome.Failure("no recipient in the record");
            }
            if (hasNegativeTime(o)) {
                return new ParseOutcome.Failure("invalid timestamp (before 1970)");
            }
            return o;
        } catch (RuntimeException | StackOverflowError e) {
            // Defensive: a parser bug must not stop the pipeline; the record is dead-lettered instead.
            return new ParseOutcome.Failure("parser error: " + e.getClass().getSimpleName());
        }
    }

    private ParseOutcome parseUnchecked(String line, String defaultHost, int depth) {
        String s = line.strip();
        if (s.isEmpty()) {
            return new ParseOutcome.Failure("blank line");
        }
        if (depth == 0 && (line.charAt(0) == ' ' || line.charAt(0) == '\t') && !s.startsWith("{")) {
            // Exim (and syslog) continue a multi-line entry on lines that start with blanks.
            return new ParseOutcome.Noise("continuation line");
        }
        if (s.length() > maxLineBytes) {
            return new ParseOutcome.Failure("record exceeds the limit of " + maxLineBytes + " bytes");
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 && c != '\t') {
                return new ParseOutcome.Failure("control character in line");
            }
        }
        if (s.charAt(0) == '{') {
            return depth > 0 ? new ParseOutcome.Failure("JSON nested in a shipper envelope") : parseJson(s, defaultHost);
        }
        if (ExchangeLines.isTrackingHeader(s)) {
            return exchange.header(s, defaultHost);
        }
        if (ExchangeLines.isTrackingLine(s)) {
            return exchange.tracking(s, defaultHost);
        }
        if (ExchangeLines.isTraceLine(s)) {
            return exchange.trace(s, defaultHost);
        }
        Matcher exim = startsWithEximTime(s) ? EXIM_LINE.matcher(s) : null;
        if (exim != null && exim.matches()) {
            long ts;
            try {
                String zone = exim.group("zone");
                ts = zone == null ? LocalDateTime.parse(exim.group("ts").replace(' ', 'T')).atZone(this.zone).toInstant().toEpochMilli()
                        : OffsetDateTime.parse(exim.group("ts").replace(' ', 'T') + zone.substring(0, 3) + ":" + zone.substring(3))
                                .toInstant().toEpochMilli();
            } catch (DateTimeParseException e) {
                return new ParseOutcome.Failure("invalid timestamp");
            }
            return EximLines.parse(ts, defaultHost, exim.group("msg"));
        }
        SyslogPrefix m = SyslogPrefix.split(s);
        String ts;
        String host;
        String prog;
        String msg;
        if (m != null) {
            ts = m.timestamp();
            host = m.host();
            prog = m.program();
            msg = m.message();
        } else {
            Matcher r = RFC5424.matcher(s);
            if (!r.matches()) {
                return new ParseOutcome.Failure("unrecognised log format");
            }
            ts = r.group("ts");
            host = "-".equals(r.group("host")) ? defaultHost : r.group("host");
            prog = r.group("app");
            msg = r.group("msg") == null ? "" : r.group("msg");
        }
        long time;
        try {
            time = syslogTime(ts);
        } catch (java.time.DateTimeException | IllegalArgumentException | IndexOutOfBoundsException e) {
            return new ParseOutcome.Failure("invalid timestamp");
        }
        return dispatch(time, host, prog, msg);
    }

    /**
     * How far ahead of this host's clock a log time may be. A line from the future would move stream time
     * forward and close every open window early (and brokers refuse such records); it is dead-lettered.
     */
    public static final long MAX_FUTURE_MS = 60 * 60_000L;

    private static boolean hasNegativeTime(ParseOutcome o) {
        return !allTimesWithin(o, 0, Long.MAX_VALUE);
    }

    private boolean inTheFuture(ParseOutcome o) {
        return !allTimesWithin(o, Long.MIN_VALUE, clock.millis() + MAX_FUTURE_MS);
    }

    /** True when every time in the outcome is in [min, max] (loops, not streams: this runs for every line). */
    private static boolean allTimesWithin(ParseOutcome o, long min, long max) {
        if (o instanceof ParseOutcome.Deliveries d) {
            for (Delivery x : d.deliveries()) {
                if (x.timestampMs() < min || x.timestampMs() > max) {
                    return false;
                }
            }
            return true;
        }
        for (QueueFragment f : ParseOutcome.fragmentsOf(o)) {
            if (f.timestampMs() < min || f.timestampMs() > max) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads BSD syslog dates (which carry no year) as dates of {@code year}, for scanning an archive of one
     * year; 0 restores the default inference from the clock.
     */
    public MailLogParser useYear(int year) {
        this.fixedYear = year;
        return this;
    }

    /** The format a successfully read record had (null for noise that names none). */
    private static LogFormat formatOf(String line, ParseOutcome o) {
        String s = line.strip();
        if (s.startsWith("{")) {
            return o instanceof ParseOutcome.Deliveries d && !d.deliveries().isEmpty() && d.deliveries().get(0).format().equals("json")
                    ? LogFormat.JSON : LogFormat.ENVELOPE;
        }
        String f = null;
        if (o instanceof ParseOutcome.Deliveries d && !d.deliveries().isEmpty()) {
            f = d.deliveries().get(0).format();
        } else {
            List<QueueFragment> fs = ParseOutcome.fragmentsOf(o);
            if (!fs.isEmpty()) {
                QueueFragment first = fs.get(0);
                f = first.delivery() != null ? first.delivery().format()
                        : EXIM_LINE.matcher(s).matches() || s.contains(" exim") ? "exim"
                        : s.contains("sendmail[") || s.contains("sm-mta[") ? "sendmail" : "postfix";
            } else if (ExchangeLines.isTrackingHeader(s)) {
                f = "exchange";
            }
        }
        return f == null ? null : LogFormat.parse(f);
    }

    /** Routes a syslog message body by the program that logged it. */
    private ParseOutcome dispatch(long ts, String host, String prog, String msg) {
        String p = prog.toLowerCase(Locale.ROOT);
        if (p.startsWith("postfix")) {
            return parsePostfix(ts, host, msg);
        }
        if (p.startsWith("sendmail") || p.startsWith("sm-mta")) {
            return SendmailLines.parse(ts, host, msg);
        }
        if (p.startsWith("exim")) {
            return EximLines.parse(ts, host, msg);
        }
        return new ParseOutcome.Noise("syslog line of another program");
    }

    private ParseOutcome parsePostfix(long ts, String host, String msg) {
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

    private ParseOutcome parseJson(String s, String defaultHost) {
        JsonNode node;
        try {
            node = json.readTree(s);
        } catch (JsonProcessingException e) {
            return new ParseOutcome.Failure("invalid JSON");
        }
        if (node == null || !node.isObject()) {
            return new ParseOutcome.Failure("JSON line is not an object");
        }
        if (!node.has("to") && !node.has("from")) {
            return parseEnvelope(node, defaultHost);
        }
        for (String required : List.of("timestamp", "from", "to")) {
            if (!node.hasNonNull(required)) {
                return new ParseOutcome.Failure("JSON line missing field '" + required + "'");
            }
        }
        long ts;
        JsonNode t = node.get("timestamp");
        try {
            if (t.isNumber() && !(t.isIntegralNumber() && t.canConvertToLong())) {
                return new ParseOutcome.Failure("JSON field 'timestamp' is not ISO-8601 or epoch milliseconds");
            }
            long fast = t.isNumber() ? Long.MIN_VALUE : Rfc3339.epochMillis(t.asText());
            ts = t.isNumber() ? t.asLong() : fast != Long.MIN_VALUE ? fast : Instant.from(OffsetDateTime.parse(t.asText())).toEpochMilli();
        } catch (DateTimeParseException e) {
            return new ParseOutcome.Failure("JSON field 'timestamp' is not ISO-8601 or epoch milliseconds");
        }
        if (!node.get("from").isTextual()) {
            return new ParseOutcome.Failure("JSON field 'from' is not a string");
        }
        String from = Addresses.unbracket(node.get("from").asText());
        JsonNode toNode = node.get("to");
        List<String> to = new ArrayList<>();
        if (toNode.isArray()) {
            for (JsonNode n : toNode) {
                if (!n.isTextual()) {
                    return new ParseOutcome.Failure("JSON field 'to' holds a non-string");
                }
                to.add(Addresses.unbracket(n.asText()));
            }
        } else if (toNode.isTextual()) {
            to.add(Addresses.unbracket(toNode.asText()));
        } else {
            return new ParseOutcome.Failure("JSON field 'to' is neither a string nor an array");
        }
        if (to.isEmpty()) {
            return new ParseOutcome.Failure("JSON field 'to' is empty");
        }
        DeliveryStatus status = node.hasNonNull("status") ? status(node.get("status").asText()) : DeliveryStatus.UNKNOWN;
        String host = text(node, "host");
        String queueId = text(node, "queue_id");
        String messageId = Addresses.unbracket(text(node, "message_id"));
        List<Delivery> out = new ArrayList<>(to.size());
        for (int i = 0; i < to.size(); i++) {
            String domain;
            try {
                domain = Addresses.recipientDomain(to.get(i));
            } catch (InvalidDomainException e) {
                return new ParseOutcome.Failure("JSON recipient #" + (i + 1) + ": " + e.getMessage());
            }
            out.add(new Delivery(ts, host, queueId, messageId, from, to.get(i), domain, null, status,
                    text(node, "relay"), text(node, "dsn"), "json"));
        }
        return new ParseOutcome.Deliveries(List.copyOf(out));
    }

    /**
     * A log shipper's JSON around one log line: Filebeat ({@code message}, {@code host.name}), rsyslog JSON
     * templates ({@code msg}, {@code programname}, {@code hostname}), Vector's syslog source
     * ({@code message}, {@code appname}, {@code hostname}, {@code timestamp}), Fluent Bit's syslog parser
     * ({@code message}, {@code ident}, {@code host}, {@code time}), journald ({@code MESSAGE},
     * {@code SYSLOG_IDENTIFIER}). The message is either a whole log line or just its body.
     */
    private ParseOutcome parseEnvelope(JsonNode node, String defaultHost) {
        String message = firstText(node, "message", "msg", "MESSAGE", "log");
        if (message == null) {
            return new ParseOutcome.Failure("JSON line is neither a mail event (from/to) nor a shipper envelope (message)");
        }
        String host = firstText(node, "hostname", "host", "HOSTNAME", "_HOSTNAME");
        if (host == null && node.path("host").isObject()) {
            host = firstText(node.path("host"), "name", "hostname");
        }
        if (host == null) {
            host = defaultHost;
        }
        String prog = firstText(node, "appname", "app_name", "programname", "ident", "SYSLOG_IDENTIFIER", "program", "tag");
        if (prog == null && node.path("process").isObject()) {
            prog = firstText(node.path("process"), "name");
        }
        String body = message.strip();
        if (prog == null || SyslogPrefix.split(body) != null || EXIM_LINE.matcher(body).matches()) {
            return parseUnchecked(body, host, 1);
        }
        String when = firstText(node, "timestamp", "@timestamp", "time", "date", "__REALTIME_TIMESTAMP");
        long ts;
        try {
            ts = when == null ? clock.millis() : when.chars().allMatch(Character::isDigit)
                    ? (when.length() > 13 ? Long.parseLong(when) / 1000 : Long.parseLong(when))
                    : syslogTime(when);
        } catch (java.time.DateTimeException | IllegalArgumentException | IndexOutOfBoundsException e) {
            return new ParseOutcome.Failure("invalid timestamp in shipper envelope");
        }
        String program = prog.endsWith(":") ? prog.substring(0, prog.length() - 1) : prog;
        int bracket = program.indexOf('[');
        return dispatch(ts, host, bracket > 0 ? program.substring(0, bracket) : program, body);
    }

    private static String firstText(JsonNode node, String... fields) {
        for (String f : fields) {
            JsonNode n = node.get(f);
            if (n != null && n.isValueNode() && !n.isNull() && !n.asText().isEmpty()) {
                return n.asText();
            }
        }
        return null;
    }

    private static String text(JsonNode node, String field) {
        JsonNode n = node.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    public static DeliveryStatus status(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "sent", "delivered" -> DeliveryStatus.SENT;
            case "deferred" -> DeliveryStatus.DEFERRED;
            case "bounced" -> DeliveryStatus.BOUNCED;
            case "expired" -> DeliveryStatus.EXPIRED;
            case "rejected", "reject" -> DeliveryStatus.REJECTED;
            default -> DeliveryStatus.UNKNOWN;
        };
    }

    long syslogTime(String ts) {
        if (Character.isDigit(ts.charAt(0))) {
            long fast = Rfc3339.epochMillis(ts);
            if (fast != Long.MIN_VALUE) {
                return fast;
            }
            if (ts.length() == 19) {
                return LocalDateTime.parse(ts).atZone(zone).toInstant().toEpochMilli();
            }
            return OffsetDateTime.parse(ts.replaceFirst("([+-]\\d{2})(\\d{2})$", "$1:$2")).toInstant().toEpochMilli();
        }
        // "Nov 27 04:30:01": BSD syslog has no year; take the one that puts the time closest before now.
        Month month = month(ts);
        int day = Integer.parseInt(ts.substring(4, 6).strip());
        int h = Integer.parseInt(ts.substring(7, 9));
        int min = Integer.parseInt(ts.substring(10, 12));
        int sec = Integer.parseInt(ts.substring(13, 15));
        long nowMs = clock.millis();
        if (nowMs - yearCheckedAt > 60_000 || nowMs < yearCheckedAt) {
            currentYear = ZonedDateTime.ofInstant(Instant.ofEpochMilli(nowMs), zone).getYear();
            yearCheckedAt = nowMs;
        }
        if (fixedYear != 0) {
            return LocalDateTime.of(fixedYear, month.getValue(), day, h, min, sec).atZone(zone).toInstant().toEpochMilli();
        }
        // The most recent year that does not put the line further ahead than MAX_FUTURE_MS (the same bound the
        // future check uses, so a fresh line never falls between the two rules); Feb 29 only in leap years.
        int year = currentYear;
        if (month == Month.FEBRUARY && day == 29) {
            while (!java.time.Year.isLeap(year)) {
                year--;
            }
        }
        long t = LocalDateTime.of(year, month.getValue(), day, h, min, sec).atZone(zone).toInstant().toEpochMilli();
        if (t > nowMs + MAX_FUTURE_MS) {
            year--;
            if (month == Month.FEBRUARY && day == 29) {
                while (!java.time.Year.isLeap(year)) {
                    year--;
                }
            }
            t = LocalDateTime.of(year, month.getValue(), day, h, min, sec).atZone(zone).toInstant().toEpochMilli();
        }
        return t;
    }

    private static Month month(String ts) {
        switch (ts.substring(0, 3)) {
            case "Jan": return Month.JANUARY;
            case "Feb": return Month.FEBRUARY;
            case "Mar": return Month.MARCH;
            case "Apr": return Month.APRIL;
            case "May": return Month.MAY;
            case "Jun": return Month.JUNE;
            case "Jul": return Month.JULY;
            case "Aug": return Month.AUGUST;
            case "Sep": return Month.SEPTEMBER;
            case "Oct": return Month.OCTOBER;
            case "Nov": return Month.NOVEMBER;
            case "Dec": return Month.DECEMBER;
            default: return Month.valueOf(monthName(ts.substring(0, 3)));
        }
    }

    private static String monthName(String abbrev) {
        for (Month m : Month.values()) {
            if (m.name().substring(0, 3).equalsIgnoreCase(abbrev)) {
                return m.name();
            }
        }
        throw new DateTimeParseException("unknown month", abbrev, 0);
    }
}
