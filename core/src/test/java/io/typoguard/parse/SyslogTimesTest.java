package io.typoguard.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Syslog timestamps and the year a BSD date belongs to, read by {@link SyslogTimes} alone. */
class SyslogTimesTest {
    private static SyslogTimes at(String now) {
        return new SyslogTimes(Clock.fixed(Instant.parse(now), ZoneOffset.UTC), ZoneOffset.UTC);
    }

    private static long ms(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @Test
    void aBsdDateTakesTheYearThatPutsItJustBeforeNow() {
        assertThat(at("2027-01-02T00:00:00Z").millis("Dec 31 23:59:00")).isEqualTo(ms("2026-12-31T23:59:00Z"));
        assertThat(at("2026-11-27T12:00:00Z").millis("Nov 27 12:30:00")).isEqualTo(ms("2026-11-27T12:30:00Z"));
        assertThat(at("2026-11-27T12:00:00Z").millis("Nov 27 14:00:00")).isEqualTo(ms("2025-11-27T14:00:00Z"));
    }

    @Test
    void february29thFallsInALeapYear() {
        assertThat(at("2027-03-01T00:00:00Z").millis("Feb 29 10:00:00")).isEqualTo(ms("2024-02-29T10:00:00Z"));
    }

    @Test
    void aFixedYearIsUsedAsIs() {
        SyslogTimes t = at("2026-11-27T12:00:00Z");
        t.useYear(2019);

        assertThat(t.yearFixed()).isTrue();
        assertThat(t.millis("Dec 31 23:59:00")).isEqualTo(ms("2019-12-31T23:59:00Z"));
    }

    @Test
    void rfc3339WithAndWithoutAZone() {
        SyslogTimes t = at("2026-11-27T12:00:00Z");

        assertThat(t.millis("2026-11-27T04:21:12.123456+01:00")).isEqualTo(ms("2026-11-27T03:21:12.123Z"));
        assertThat(t.millis("2026-11-27T04:21:12")).isEqualTo(ms("2026-11-27T04:21:12Z"));
        assertThat(t.millis("2026-11-27T04:21:12+0100")).isEqualTo(ms("2026-11-27T03:21:12Z"));
        assertThatThrownBy(() -> t.millis("Foo 27 04:21:12")).isInstanceOf(DateTimeException.class);
    }
}
