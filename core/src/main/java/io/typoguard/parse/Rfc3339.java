package io.typoguard.parse;

/**
 * Allocation-free reading of the RFC 3339 timestamps rsyslog and shippers write
 * ({@code 2026-11-27T04:21:12[.fraction](Z|+hh:mm|+hhmm)}); {@link #epochMillis} answers
 * {@code Long.MIN_VALUE} for anything else so the caller falls back to {@code java.time} parsing.
 */
final class Rfc3339 {
    private Rfc3339() {
    }

    static long epochMillis(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return Long.MIN_VALUE;
        }
        int year = num(s, 0, 4);
        int month = num(s, 5, 2);
        int day = num(s, 8, 2);
        int hour = num(s, 11, 2);
        int minute = num(s, 14, 2);
        int second = num(s, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 60) {
            return Long.MIN_VALUE;
        }
        int i = 19;
        int millis = 0;
        if (i < n && s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && Character.isDigit(s.charAt(i))) {
                i++;
            }
            int digits = i - start;
            if (digits == 0) {
                return Long.MIN_VALUE;
            }
            millis = num(s, start, Math.min(3, digits));
            for (int d = digits; d < 3; d++) {
                millis *= 10;
            }
        }
        int offsetSeconds;
        if (i < n && s.charAt(i) == 'Z' && i == n - 1) {
            offsetSeconds = 0;
        } else if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            int sign = s.charAt(i) == '-' ? -1 : 1;
            int oh = num(s, i + 1, 2);
            int om;
            if (n == i + 6 && s.charAt(i + 3) == ':') {
                om = num(s, i + 4, 2);
            } else if (n == i + 5) {
                om = num(s, i + 3, 2);
            } else {
                return Long.MIN_VALUE;
            }
            if (oh < 0 || om < 0 || oh > 18 || om > 59 || (oh == 18 && om > 0)) { // offsets are within +-18:00
                return Long.MIN_VALUE;
            }
            offsetSeconds = sign * (oh * 3600 + om * 60);
        } else {
            return Long.MIN_VALUE;
        }
        if (day > java.time.YearMonth.of(year, month).lengthOfMonth()) {
            return Long.MIN_VALUE;
        }
        long days = java.time.LocalDate.of(year, month, day).toEpochDay();
        long secs = days * 86_400L + hour * 3600L + minute * 60L + Math.min(second, 59) - offsetSeconds;
        return secs * 1000L + millis;
    }

    private static int num(String s, int from, int len) {
        if (from + len > s.length()) {
            return -1;
        }
        int v = 0;
        for (int i = from; i < from + len; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
