package io.typoguard.parse;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;

/**
 * Syslog timestamps: RFC 3339 / RFC 5424 ("2026-11-27T04:21:12.123+00:00"), the same without a zone (read in
 * the configured zone), and BSD syslog ("Nov 27 04:21:12"), which carries no year: the year is the most recent
 * one that does not put the line further ahead of the clock than {@link MailLogParser#MAX_FUTURE_MS}, unless
 * {@link #useYear} fixes it (for scanning an archive of one year). Not thread-safe (it caches the current year).
 */
final class SyslogTimes {
    private final Clock clock;
    private final ZoneId zone;
    private int currentYear;
    private int fixedYear;
    private long yearCheckedAt = Long.MIN_VALUE / 2;
    private String lastBsd;
    private long lastBsdMs;
    private int lastBsdYear;
    private long lastBsdAt = Long.MIN_VALUE / 2;

    SyslogTimes(Clock clock, ZoneId zone) {
        this.clock = clock;
        this.zone = zone;
    }

    /** Reads BSD dates as dates of {@code year}; 0 restores the inference from the clock. */
    void useYear(int year) {
        this.fixedYear = year;
    }

    /** True when {@link #useYear} fixed the year (an archive scan: lines may then be "in the future"). */
    boolean yearFixed() {
        return fixedYear != 0;
    }

    long now() {
        return clock.millis();
    }

    ZoneId zone() {
        return zone;
    }

    /**
     * Epoch milliseconds of a syslog timestamp.
     *
     * @throws DateTimeException        (or a subclass) when the text is not a timestamp
     * @throws IllegalArgumentException  when a number in it is not one
     * @throws IndexOutOfBoundsException when it is too short
     */
    long millis(String ts) {
        if (Character.isDigit(ts.charAt(0))) {
            if (ts.length() < 11 || ts.charAt(4) != '-') {
                return epochSeconds(ts);
            }
            long fast = Rfc3339.epochMillis(ts);
            if (fast != Long.MIN_VALUE) {
                return fast;
            }
            if (ts.length() == 19) {
                return LocalDateTime.parse(ts).atZone(zone).toInstant().toEpochMilli();
            }
            return OffsetDateTime.parse(ts.replaceFirst("([+-]\\d{2})(\\d{2})$", "$1:$2")).toInstant().toEpochMilli();
        }
        // "Nov 27 04:30:01", "Mar 7 04:30:01", "Mar  7 04:30:01.123456": BSD syslog has no year; take the one that
        // puts the time closest before now. Lines of one second share their time: the last one is kept.
        if (ts.equals(lastBsd) && fixedYear == lastBsdYear && clock.millis() - lastBsdAt < 60_000) {
            return lastBsdMs;
        }
        long t = bsdMillis(ts);
        lastBsd = ts;
        lastBsdMs = t;
        lastBsdYear = fixedYear;
        lastBsdAt = clock.millis();
        return t;
    }

    /**
     * {@link #millis(String)} of {@code line.substring(start, end)}: a BSD time of the same second as the line
     * before it is answered without copying it out of the line (the common case: a log holds many lines a second).
     */
    long millis(String line, int start, int end) {
        char c = line.charAt(start);
        if (c < '0' || c > '9') {
            String last = lastBsd;
            if (last != null && last.length() == end - start && line.startsWith(last, start)
                    && fixedYear == lastBsdYear && clock.millis() - lastBsdAt < 60_000) {
                return lastBsdMs;
            }
        }
        return millis(line.substring(start, end));
    }

    private long bsdMillis(String ts) {
        Month month = month(ts);
        int i = ts.charAt(4) == ' ' ? 5 : 4;
        int dayEnd = ts.indexOf(' ', i);
        int day = Integer.parseInt(ts, i, dayEnd, 10);
        int h = Integer.parseInt(ts, dayEnd + 1, dayEnd + 3, 10);
        int min = Integer.parseInt(ts, dayEnd + 4, dayEnd + 6, 10);
        int sec = Integer.parseInt(ts, dayEnd + 7, dayEnd + 9, 10);
        int fractionMs = fractionMillis(ts, dayEnd + 9);
        if (ts.charAt(dayEnd + 3) != ':' || ts.charAt(dayEnd + 6) != ':') {
            throw new DateTimeParseException("not a BSD syslog time", ts, 0);
        }
        return bsd(month, day, h, min, sec) + fractionMs;
    }

    /** "1764217272" or "1764217272.123456": seconds since the epoch (journalctl -o short-unix). */
    private static long epochSeconds(String ts) {
        int dot = ts.indexOf('.');
        long seconds = Long.parseLong(dot < 0 ? ts : ts.substring(0, dot));
        if (seconds > 99_999_999_999L) {
            throw new DateTimeParseException("epoch seconds out of range", ts, 0);
        }
        return seconds * 1000 + (dot < 0 ? 0 : fractionMillis(ts, dot));
    }

    /** Milliseconds of ".ddd..." at {@code i} (0 when there is none); throws on anything else after the seconds. */
    private static int fractionMillis(String ts, int i) {
        if (i >= ts.length()) {
            return 0;
        }
        if (ts.charAt(i) != '.' || i + 1 >= ts.length()) {
            throw new DateTimeParseException("unexpected text after the seconds", ts, i);
        }
        int ms = 0;
        for (int k = 0; k < 3; k++) {
            int j = i + 1 + k;
            ms *= 10;
            if (j < ts.length()) {
                char c = ts.charAt(j);
                if (c < '0' || c > '9') {
                    throw new DateTimeParseException("not a fraction of a second", ts, j);
                }
                ms += c - '0';
            }
        }
        for (int j = i + 4; j < ts.length(); j++) {
            if (ts.charAt(j) < '0' || ts.charAt(j) > '9') {
                throw new DateTimeParseException("not a fraction of a second", ts, j);
            }
        }
        return ms;
    }

    private long bsd(Month month, int day, int h, int min, int sec) {
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
        int year = leapIfNeeded(currentYear, month, day);
        long t = LocalDateTime.of(year, month.getValue(), day, h, min, sec).atZone(zone).toInstant().toEpochMilli();
        if (t > nowMs + MailLogParser.MAX_FUTURE_MS) {
            year = leapIfNeeded(year - 1, month, day);
            t = LocalDateTime.of(year, month.getValue(), day, h, min, sec).atZone(zone).toInstant().toEpochMilli();
        }
        return t;
    }

    private static int leapIfNeeded(int year, Month month, int day) {
        int y = year;
        if (month == Month.FEBRUARY && day == 29) {
            while (!Year.isLeap(y)) {
                y--;
            }
        }
        return y;
    }

    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

    /** The month of "Nov 27 ...", read in place (this runs for every new second of a log). */
    private static Month month(String ts) {
        for (int m = 0; m < MONTHS.length; m++) {
            if (ts.startsWith(MONTHS[m])) {
                return Month.of(m + 1);
            }
        }
        return Month.valueOf(monthName(ts.substring(0, 3)));
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
