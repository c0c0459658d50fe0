package io.typoguard.parse;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A log shipper's JSON around one log line: Filebeat ({@code message}, {@code host.name}), rsyslog JSON
 * templates ({@code msg}, {@code programname}, {@code hostname}), Vector's syslog source
 * ({@code message}, {@code appname}, {@code hostname}, {@code timestamp}), Fluent Bit's syslog parser
 * ({@code message}, {@code ident}, {@code host}, {@code time}), journald ({@code MESSAGE},
 * {@code SYSLOG_IDENTIFIER}). The message is either a whole log line or just its body; {@link #open} only
 * takes the envelope apart, and the router reads what is inside.
 */
final class ShipperEnvelopes {

    private ShipperEnvelopes() {
    }

    /**
     * What an envelope holds.
     *
     * @param host    the MTA host it names, else the record's
     * @param program the program that logged the line ("postfix/smtp"; pid and ':' removed), or null when it
     *                names none (then the message must be a whole log line)
     * @param message the line or its body, stripped
     * @param time    the envelope's own time field, or null
     */
    record Envelope(String host, String program, String message, String time) {
    }

    /** The envelope's parts, or null when the object has no message field (it is then no envelope at all). */
    static Envelope open(JsonNode node, String defaultHost) {
        String message = firstText(node, "message", "msg", "MESSAGE", "log");
        if (message == null && node.path("MESSAGE").isArray()) {
            message = bytes(node.path("MESSAGE")); // journald exports a message that is not clean UTF-8 as its bytes
        }
        if (message == null) {
            return null;
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
        if (prog != null) {
            prog = prog.endsWith(":") ? prog.substring(0, prog.length() - 1) : prog;
            int bracket = prog.indexOf('[');
            prog = bracket > 0 ? prog.substring(0, bracket) : prog;
        }
        String time = firstText(node, "timestamp", "@timestamp", "time", "date", "__REALTIME_TIMESTAMP");
        return new Envelope(host, prog, message.strip(), time);
    }

    /** The text of a JSON array of byte values (undecodable bytes become U+FFFD), or null if it is not one. */
    private static String bytes(JsonNode array) {
        byte[] b = new byte[array.size()];
        for (int i = 0; i < b.length; i++) {
            JsonNode v = array.get(i);
            if (!v.canConvertToInt() || v.intValue() < 0 || v.intValue() > 255) {
                return null;
            }
            b[i] = (byte) v.intValue();
        }
        return b.length == 0 ? null : new String(b, java.nio.charset.StandardCharsets.UTF_8);
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
}
