package io.typoguard.parse;

/**
 * Fast split of a traditional syslog line: "Nov 27 04:21:12 host prog[pid]: message" or
 * "2026-11-27T04:21:12.123456+00:00 host prog[pid]: message" (rsyslog's RFC 3339 file format). Hand-written
 * because this is the hot path of every Postfix line and the equivalent regular expression cost more than
 * all the rest of a parse; {@code MailLogParserTest} and the jqwik round trip pin its behaviour.
 *
 * @param timestamp the timestamp text
 * @param host      the host field
 * @param program   the program name without [pid]
 * @param message   everything after "prog[pid]: "
 */
record SyslogPrefix(String timestamp, String host, String program, String message) {

    /** The parts, or null when the line does not have this shape. */
    static SyslogPrefix split(String s) {
        int n = s.length();
        int tsEnd;
        int p = 0;
        if (n > 0 && s.charAt(0) == '<') { // optional <PRI>
            int close = s.indexOf('>');
            if (close < 2 || close > 4) {
                return null;
            }
            p = close + 1;
        }
        if (n - p < 16) {
            return null;
        }
        char c0 = s.charAt(p);
        if (c0 >= 'A' && c0 <= 'Z') {
            // "Mmm dd hh:mm:ss"
            tsEnd = p + 15;
            if (s.charAt(p + 3) != ' ' || s.charAt(p + 6) != ' ' || s.charAt(p + 9) != ':' || s.charAt(p + 12) != ':') {
                return null;
            }
        } else if (c0 >= '0' && c0 <= '9') {
            tsEnd = s.indexOf(' ', p);
            if (tsEnd < p + 19 || s.charAt(p + 4) != '-' || s.charAt(p + 10) != 'T') {
                return null;
            }
        } else {
            return null;
        }
        if (tsEnd >= n || s.charAt(tsEnd) != ' ') {
            return null;
        }
        int hostStart = tsEnd + 1;
        while (hostStart < n && s.charAt(hostStart) == ' ') {
            hostStart++;
        }
        int hostEnd = s.indexOf(' ', hostStart);
        if (hostEnd <= hostStart) {
            return null;
        }
        int progStart = hostEnd + 1;
        while (progStart < n && s.charAt(progStart) == ' ') {
            progStart++;
        }
        int colon = s.indexOf(": ", progStart);
        if (colon <= progStart) {
            return null;
        }
        int progEnd = colon;
        if (s.charAt(colon - 1) == ']') {
            int open = s.lastIndexOf('[', colon);
            if (open <= progStart) {
                return null;
            }
            for (int i = open + 1; i < colon - 1; i++) {
                if (!Character.isDigit(s.charAt(i))) {
                    return null;
                }
            }
            progEnd = open;
        }
        for (int i = progStart; i < progEnd; i++) {
            char c = s.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '/' || c == '.' || c == '-' || c == '_')) {
                return null;
            }
        }
        return new SyslogPrefix(s.substring(p, tsEnd), s.substring(hostStart, hostEnd), s.substring(progStart, progEnd),
                s.substring(colon + 2));
    }
}
