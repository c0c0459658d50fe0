package io.typoguard.topology;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SourceClockTest {
    private static final long IDLE = 30_000;
    private static final long MAX_LAG = 6 * 3_600_000L;
    private static final long MIN = 60_000;

    private static SourceClock clock(int rawPartitions) {
        return new SourceClock(IDLE, MAX_LAG, () -> rawPartitions);
    }

    @Test
    void theClockIsTheLeastOfTheLatestLogTimesOfTheSourcesStillSending() {
        SourceClock c = clock(0);
        c.observe(0, 10 * MIN, 0);
        c.observe(1, 4 * MIN, 0);
        c.observe(0, 70 * MIN, 100);
        assertThat(c.settle(100)).as("partition 1 is at minute 4").isEqualTo(4 * MIN);
        c.observe(1, 30 * MIN, 200);
        assertThat(c.settle(200)).isEqualTo(30 * MIN);
        assertThat(c.newest()).isEqualTo(70 * MIN);
    }

    @Test
    void aSourceThatSendsNothingForTheIdleTimeNoLongerHoldsItBack() {
        SourceClock c = clock(0);
        c.observe(0, 10 * MIN, 0);
        c.observe(1, 4 * MIN, 0);
        c.observe(0, 20 * MIN, 25_000);
        assertThat(c.settle(29_000)).isEqualTo(4 * MIN);
        assertThat(c.settle(31_000)).as("partition 1 idle for more than 30 s").isEqualTo(20 * MIN);
        assertThat(c.settle(60_000)).as("every source idle: the latest log time read").isEqualTo(20 * MIN);
    }

    @Test
    void aSourceFarBehindTheNewestNoLongerHoldsItBack() {
        SourceClock c = clock(0);
        c.observe(0, 10 * 60 * MIN, 0);
        c.observe(1, 3 * 60 * MIN, 0);      // 7 h behind: a host with a wrong clock
        assertThat(c.settle(0)).isEqualTo(10 * 60 * MIN);
        c.observe(2, 5 * 60 * MIN, 0);      // 5 h behind: within the lag, holds it back
        assertThat(c.settle(0)).as("never goes back").isEqualTo(10 * 60 * MIN);
    }

    @Test
    void aRawPartitionNotHeardFromYetHoldsTheClockAtTheFirstLogTimeForTheIdleTime() {
        SourceClock c = clock(2);
        c.observe(0, 10 * MIN, 0);
        c.observe(0, 40 * MIN, 1_000);
        assertThat(c.settle(1_000)).as("partition 1 may still be on its way").isEqualTo(10 * MIN);
        assertThat(c.settle(31_000)).as("it never came").isEqualTo(40 * MIN);
    }

    @Test
    void eventsWithoutASourceAreOneSourceOfTheirOwnAndTheClockStartsAtTheStoredFloor() {
        SourceClock c = clock(0);
        assertThat(c.settled()).isEqualTo(Long.MIN_VALUE);
        c.observe(3, 200 * MIN, 0);
        c.reset(50 * MIN, 200 * MIN, 0);   // the task started again: what it knew of its sources is gone
        assertThat(c.settle(0)).isEqualTo(50 * MIN);
        c.observe(SourceClock.UNKNOWN, 45 * MIN, 0);
        assertThat(c.settle(0)).as("never below the stored floor").isEqualTo(50 * MIN);
        c.observe(SourceClock.UNKNOWN, 55 * MIN, 0);
        assertThat(c.settle(0)).isEqualTo(55 * MIN);
    }

    @Test
    void aTaskStartedAgainWithNothingLeftToReadClosesWhatItsStoredInputClosedOnceTheIdleTimeHasPassed() {
        SourceClock c = clock(6);
        c.reset(50 * MIN, 300 * MIN, 1_000);   // stored: held at 50 by a partition then, the latest log time read 300
        assertThat(c.settle(20_000)).as("events may still come: the stored floor").isEqualTo(50 * MIN);
        assertThat(c.settle(32_000)).as("none came: what was read closes what it closes").isEqualTo(300 * MIN);
    }
}
