package io.typoguard.connect.syslog;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Wraps a message in a syslog header. RFC 5424:
 * {@code <PRI>1 TIMESTAMP HOSTNAME APP-NAME - MSGID - MSG}; RFC 3164 (BSD, what many CEF collectors expect):
 * {@code <PRI>Mmm dd hh:mm:ss HOSTNAME MSG}. PRI = facility * 8 + a syslog severity derived from the OCSF
 * severity_id; the timestamp is the finding's {@code time} (UTC), or now when it has none.
 */
public final class SyslogFormatter {
    private static final DateTimeFormatter RFC5424_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter RFC3164_TIME = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final int facility;
    private final String hostname;
    private final String appName;
    private final String msgId;

    public SyslogFormatter(int facility, String hostname, String appName, String msgId) {
        if (facility < 0 || facility > 23) {
            throw new IllegalArgumentException("facility must be 0-23");
        }
        this.facility = facility;
        this.hostname = field(hostname, 255);
        this.appName = field(appName, 48);
        this.msgId = field(msgId, 32);
    }

    /** Syslog severity (0 emergency .. 7 debug) for an OCSF severity_id. */
    public static int syslogSeverity(int ocsfSeverityId) {
        return switch (ocsfSeverityId) {
            case 1 -> 6;        // Informational -> informational
            case 2 -> 5;        // Low -> notice
            case 3 -> 4;        // Medium -> warning
            case 4 -> 3;        // High -> error
            case 5 -> 2;        // Critical -> critical
            case 6 -> 1;        // Fatal -> alert
            default -> 5;       // Unknown / Other -> notice
        };
    }

    public int pri(JsonNode finding) {
        JsonNode sev = finding.get("severity_id");
        return facility * 8 + syslogSeverity(sev != null && sev.canConvertToInt() ? sev.asInt() : 0);
    }

    public String rfc5424(JsonNode finding, String msg, Instant now) {
        return "<" + pri(finding) + ">1 " + RFC5424_TIME.format(time(finding, now)) + ' ' + hostname + ' ' + appName
                + " - " + msgId + " - " + msg;
    }

    public String rfc3164(JsonNode finding, String msg, Instant now) {
        return "<" + pri(finding) + ">" + RFC3164_TIME.format(time(finding, now)) + ' ' + hostname + ' ' + msg;
    }

    private static Instant time(JsonNode finding, Instant now) {
        JsonNode t = finding.get("time");
        return t != null && t.isIntegralNumber() ? Instant.ofEpochMilli(t.asLong()) : now;
    }

    /** RFC 5424 header fields are printable US-ASCII without spaces, at most {@code max} long; "-" when empty. */
    static String field(String s, int max) {
        if (s == null || s.isEmpty()) {
            return "-";
        }
        StringBuilder b = new StringBuilder(Math.min(s.length(), max));
        for (int i = 0; i < s.length() && b.length() < max; i++) {
            char c = s.charAt(i);
            b.append(c > 32 && c < 127 ? c : '_');
        }
        return b.toString();
    }
}
