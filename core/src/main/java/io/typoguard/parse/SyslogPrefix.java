package io.typoguard.parse;

/**
 * Fast split of a traditional syslog line: "Nov 27 04:21:12 host prog[pid]: message" or
 * "2026-11-27T04:21:12.123456+00:00 host prog[pid]: message" (rsyslog's RFC 3339 file format). Hand-written
 * because this is the hot path of every Postfix line and the equivalent regular expression cost more than
 * all the rest of a parse; {@code MailLogParserTest} and the jqwik round trip pin its behaviour.
 *
 * <p>It keeps the positions of the parts in the line and copies none of them until asked: the message of a
 * Postfix line is read in place ({@link PostfixLines#parse(long, PostfixLines.LineHost, String, int)}), and a noise
 * line never needs its host as a string.
 */
final class SyslogPrefix implements PostfixLines.LineHost {
    private final String line;
    private final int tsStart;
    private final int tsEnd;
    private final int hostStart;
    private final int hostEnd;
    private final int progStart;
    private final int progEnd;
    private final int messageStart;
    private String host;

    private SyslogPrefix(String line, int tsStart, int tsEnd, int hostStart, int hostEnd, int progStart, int progEnd, int messageStart) {
        this.line = line;
        this.tsStart = tsStart;
        this.tsEnd = tsEnd;
        this.hostStart = hostStart;
        this.hostEnd = hostEnd;
        this.progStart = progStart;
        this.progEnd = progEnd;
        this.messageStart = messageStart;
    }

    /** The line the parts are positions in. */
    String line() {
        return line;
    }

    /** The timestamp text, or null for a line with only a program ({@link #programOnly}). */
    String timestamp() {
        return tsStart < 0 ? null : line.substring(tsStart, tsEnd);
    }

    int timestampStart() {
        return tsStart;
    }

    int timestampEnd() {
        return tsEnd;
    }

    /** The host field, or null for a line with only a program. */
    @Override
    public String host() {
        if (host == null && hostStart >= 0) {
            host = line.substring(hostStart, hostEnd);
        }
        return host;
    }

    /** The program name without [pid]. */
    String program() {
        return line.substring(progStart, progEnd);
    }

    /**
     * True when the program name starts with {@code lowerAscii}, ASCII letters compared without case: what
     * {@code program().toLowerCase(Locale.ROOT).startsWith(lowerAscii)} answers for the router's prefixes, without
     * the two copies. Outside ASCII only the Kelvin sign lowers to one ASCII letter ('k'); the dotted capital I lowers
     * to 'i' and a combining dot, which no letter of these prefixes follows ({@code FastPathPropertiesTest}).
     */
    boolean programStartsWith(String lowerAscii) {
        int len = lowerAscii.length();
        if (progEnd - progStart < len) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            char c = line.charAt(progStart + i);
            if (c >= 'A' && c <= 'Z') {
                c = (char) (c + ('a' - 'A'));
            } else if (c == '\u212A') {
                c = 'k';
            }
            if (c != lowerAscii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Where everything after "prog[pid]: " starts. */
    int messageStart() {
        return messageStart;
    }

    /** Everything after "prog[pid]: ". */
    String message() {
        return line.substring(messageStart);
    }

    /** The parts, or null when the line does not have this shape. */
    static SyslogPrefix split(String s) {
        int n = s.length();
        int tsEnd;
        int p = tagEnd(s);
        if (p < 0 || n - p < 14) {
            return null;
        }
        char c0 = s.charAt(p);
        if (c0 >= 'A' && c0 <= 'Z') {
            // "Mmm dd hh:mm:ss", "Mmm d hh:mm:ss" (single-space day), with ".uuuuuu" in Postfix's own maillog_file
            if (s.charAt(p + 3) != ' ') {
                return null;
            }
            int i = p + 4;
            if (s.charAt(i) == ' ') {
                i++;
            }
            int dayStart = i;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
            }
            if (i - dayStart < 1 || i - dayStart > 2 || i + 9 > n || s.charAt(i) != ' ' || s.charAt(i + 3) != ':' || s.charAt(i + 6) != ':') {
                return null;
            }
            tsEnd = fractionEnd(s, i + 9);
        } else if (c0 >= '0' && c0 <= '9') {
            tsEnd = s.indexOf(' ', p);
            if (tsEnd < 0) {
                return null;
            }
            if (s.charAt(p + 4) != '-' || s.charAt(p + 10) != 'T' || tsEnd < p + 19) {
                // "1764217272.123456": seconds since the epoch (journalctl -o short-unix)
                int i = p;
                while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                    i++;
                }
                if (i - p < 9 || i - p > 11 || fractionEnd(s, i) != tsEnd) {
                    return null;
                }
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
        if (hostStart < n && s.charAt(hostStart) == '<') {
            // "Jun 17 14:37:39 <mail.notice> host prog[pid]: ..." (an rsyslog template with the facility after the time)
            int after = tagEnd(s.substring(hostStart));
            if (after <= 0) {
                return null;
            }
            hostStart += after;
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
        return programAt(s, p, tsEnd, hostStart, hostEnd, progStart, progEnd, colon);
    }

    /**
     * A line with no time and no host, only "prog[pid]: message" (a container's or a journal's output without
     * metadata), for an MTA program name only; null otherwise. The router gives it the time it was read.
     */
    static SyslogPrefix programOnly(String s) {
        int colon = s.indexOf(": ");
        if (colon < 4 || colon > 64) {
            return null;
        }
        int progEnd = colon;
        if (s.charAt(colon - 1) == ']') {
            int open = s.lastIndexOf('[', colon);
            if (open <= 0) {
                return null;
            }
            for (int i = open + 1; i < colon - 1; i++) {
                if (!Character.isDigit(s.charAt(i))) {
                    return null;
                }
            }
            progEnd = open;
        }
        String prog = s.substring(0, progEnd);
        if (!(prog.startsWith("postfix") || prog.startsWith("sendmail") || prog.startsWith("sm-") || prog.startsWith("exim"))) {
            return null;
        }
        for (int i = 0; i < progEnd; i++) {
            char c = s.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '/' || c == '.' || c == '-' || c == '_')) {
                return null;
            }
        }
        return new SyslogPrefix(s, -1, -1, -1, -1, 0, progEnd, colon + 2);
    }

    /**
     * Where an optional leading tag ends, blanks after it skipped: "&lt;22&gt;" (PRI) or "&lt;mail.info&gt;"
     * (facility.level, as some rsyslog templates write it); 0 without a tag, -1 for a malformed one.
     */
    private static int tagEnd(String s) {
        if (s.isEmpty() || s.charAt(0) != '<') {
            return 0;
        }
        int close = s.indexOf('>');
        if (close < 2 || close > 24) {
            return -1;
        }
        boolean digits = true;
        int dots = 0;
        for (int i = 1; i < close; i++) {
            char c = s.charAt(i);
            if (c == '.') {
                dots++;
                digits = false;
            } else if (c >= '0' && c <= '9') {
                continue;
            } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
                digits = false;
            } else {
                return -1;
            }
        }
        if (digits ? close > 4 : dots != 1) {
            return -1;
        }
        int p = close + 1;
        while (p < s.length() && s.charAt(p) == ' ') {
            p++;
        }
        return p;
    }

    /** After optional ".digits" at {@code i}. */
    private static int fractionEnd(String s, int i) {
        if (i < s.length() && s.charAt(i) == '.') {
            int j = i + 1;
            while (j < s.length() && s.charAt(j) >= '0' && s.charAt(j) <= '9') {
                j++;
            }
            return j > i + 1 ? j : i;
        }
        return i;
    }

    private static SyslogPrefix programAt(String s, int p, int tsEnd, int hostStart, int hostEnd, int progStart, int progEnd, int colon) {
        for (int i = progStart; i < progEnd; i++) {
            char c = s.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '/' || c == '.' || c == '-' || c == '_')) {
                return null;
            }
        }
        return new SyslogPrefix(s, p, tsEnd, hostStart, hostEnd, progStart, progEnd, colon + 2);
    }
}
