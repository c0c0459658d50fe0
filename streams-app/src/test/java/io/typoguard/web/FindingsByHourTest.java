package io.typoguard.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Findings by hour of log time, as the live page's chart shows them: the last 24 UTC hours, oldest first. */
class FindingsByHourTest {
    private static final Instant NOW = Instant.parse("2026-03-10T14:25:00Z");

    private static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @Test
    void eachFindingCountsInTheHourItWasLoggedIn() {
        FindingsByHour counts = new FindingsByHour(NOW.minusSeconds(3600 * 30));
        counts.add(at("2026-03-10T14:00:00Z"), NOW.toEpochMilli());
        counts.add(at("2026-03-10T14:24:59Z"), NOW.toEpochMilli());
        counts.add(at("2026-03-10T13:59:59.999Z"), NOW.toEpochMilli());
        counts.add(at("2026-03-09T15:10:00Z"), NOW.toEpochMilli()); // the oldest hour shown

        List<FindingsByHour.Hour> hours = counts.last24Hours(NOW);

        assertThat(hours).hasSize(24);
        assertThat(hours.get(0)).isEqualTo(new FindingsByHour.Hour(Instant.parse("2026-03-09T15:00:00Z"), 1));
        assertThat(hours.get(22)).isEqualTo(new FindingsByHour.Hour(Instant.parse("2026-03-10T13:00:00Z"), 1));
        assertThat(hours.get(23)).isEqualTo(new FindingsByHour.Hour(Instant.parse("2026-03-10T14:00:00Z"), 2));
        assertThat(hours.stream().mapToLong(FindingsByHour.Hour::findings).sum()).isEqualTo(4);
    }

    @Test
    void findingsLoggedBeforeTheLast24HoursAreNotKeptAndOldHoursLeaveAsTimePasses() {
        FindingsByHour counts = new FindingsByHour(NOW);
        counts.add(at("2026-03-09T14:59:59Z"), NOW.toEpochMilli()); // 24 h and more ago: a replayed old log
        counts.add(at("2026-03-10T09:30:00Z"), NOW.toEpochMilli());
        assertThat(counts.last24Hours(NOW)).extracting(FindingsByHour.Hour::findings).containsOnly(0L, 1L)
                .filteredOn(n -> n == 1).hasSize(1);

        Instant dayLater = Instant.parse("2026-03-11T10:05:00Z");
        counts.add(at("2026-03-11T10:01:00Z"), dayLater.toEpochMilli());
        assertThat(counts.last24Hours(dayLater)).extracting(FindingsByHour.Hour::findings).as("09:30 yesterday has left the chart")
                .containsOnly(0L, 1L).filteredOn(n -> n == 1).hasSize(1);
        assertThat(counts.last24Hours(dayLater).get(23)).isEqualTo(new FindingsByHour.Hour(Instant.parse("2026-03-11T10:00:00Z"), 1));
    }
}
