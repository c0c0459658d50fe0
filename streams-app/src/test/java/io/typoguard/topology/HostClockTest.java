package io.typoguard.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.typoguard.topology.QueueCorrelationProcessor.HostClock;
import org.junit.jupiter.api.Test;

/** The correlation's log clock of one host, read from several raw partitions (the repartitioned path). */
class HostClockTest {
    private static final long MINUTE = 60_000;
    private static final long TTL = 360 * MINUTE;
    private static final long GRACE = 30 * MINUTE;
    private static final java.util.BitSet NONE = new java.util.BitSet();
    private static final java.util.BitSet FOUR = java.util.BitSet.valueOf(new long[] {0b1111});
    /** Wall-clock times for the tests of the log-time rules alone: the clock started long before now. */
    private static final long WALL_GRACE_OVER = -1_000_000;
    private static final long NOW = 0;

    @Test
    void withoutPartitionsTheClockIsTheHostsNewestLine() {
        HostClock clock = new HostClock(10 * MINUTE, 0, WALL_GRACE_OVER);
        clock.advance(-1, 25 * MINUTE, 1);
        clock.advance(-1, 20 * MINUTE, 2);
        assertThat(clock.settledMs(TTL, GRACE, NONE, NOW)).isEqualTo(25 * MINUTE);
    }

    @Test
    void theClockIsWhereTheSlowestPartitionCarryingTheHostHasReached() {
        HostClock clock = new HostClock(0, 0, WALL_GRACE_OVER);
        clock.advance(0, 1 * MINUTE, 1);
        clock.advance(3, 12 * MINUTE, 2);
        clock.advance(0, 2 * MINUTE, 3);
        java.util.BitSet read = java.util.BitSet.valueOf(new long[] {0b1001});
        assertThat(clock.logTimeMs).isEqualTo(12 * MINUTE);
        assertThat(clock.settledMs(TTL, GRACE, read, NOW)).as("partition 0 is at minute 2").isEqualTo(2 * MINUTE);
        clock.advance(0, 30 * MINUTE, 4);
        assertThat(clock.settledMs(TTL, GRACE, read, NOW)).as("now partition 3, at minute 12, is the slowest").isEqualTo(12 * MINUTE);
    }

    @Test
    void aPartitionTheTaskReadsThatHasSentNothingOfTheHostYetIsWaitedForDuringTheGrace() {
        HostClock clock = new HostClock(1 * MINUTE, 0, WALL_GRACE_OVER);
        clock.advance(0, 1 * MINUTE, 1);
        clock.advance(1, 20 * MINUTE, 2);
        assertThat(clock.settledMs(TTL, GRACE, FOUR, NOW)).as("partitions 2 and 3 may still bring minute 1").isEqualTo(1 * MINUTE);
        clock.advance(0, 20 * MINUTE, 3);
        assertThat(clock.settledMs(TTL, GRACE, FOUR, NOW)).isEqualTo(1 * MINUTE);
        clock.advance(1, 31 * MINUTE + 1, 4);
        assertThat(clock.settledMs(TTL, GRACE, FOUR, NOW)).as("after the grace only the partitions that carry it count").isEqualTo(20 * MINUTE);
    }

    @Test
    void inACatchUpAnUnheardPartitionIsWaitedForThirtySecondsOfWallClockHoweverFastTheLogTimeFlies() {
        long started = 1_000_000;
        HostClock clock = new HostClock(1 * MINUTE, 0, started);
        clock.advance(0, 1 * MINUTE, 1);
        clock.advance(0, 50 * MINUTE, 2); // 49 minutes of log time read from partition 0 within seconds
        long wallGrace = QueueCorrelationProcessor.NEW_PARTITION_GRACE_WALL.toMillis();
        assertThat(clock.settledMs(TTL, GRACE, FOUR, started + wallGrace - 1))
                .as("past the log-time grace, but partitions 1-3 may still bring minute 1").isEqualTo(1 * MINUTE);
        assertThat(clock.settledMs(TTL, GRACE, FOUR, started + wallGrace))
                .as("after both graces only the partitions that carry it count").isEqualTo(50 * MINUTE);
    }

    @Test
    void aPartitionSilentForTheQueueTtlOfTheHostsLogNoLongerHoldsItBack() {
        HostClock clock = new HostClock(0, 0, WALL_GRACE_OVER);
        clock.advance(1, 5 * MINUTE, 1);
        clock.advance(2, 5 * MINUTE + TTL, 2);
        java.util.BitSet read = java.util.BitSet.valueOf(new long[] {0b110});
        assertThat(clock.settledMs(TTL, GRACE, read, NOW)).isEqualTo(5 * MINUTE);
        clock.advance(2, 5 * MINUTE + TTL + 1, 3);
        assertThat(clock.settledMs(TTL, GRACE, read, NOW)).isEqualTo(5 * MINUTE + TTL + 1);
    }

    @Test
    void afterARestartAPartitionNotHeardFromHoldsTheClockAtTheHostsOldestStoredEntry() {
        // The first line read after a restart is at minute 30; the store holds a delivery of minute 21 whose from= line is
        // in partition 2, read more slowly and not heard from since the restart.
        HostClock clock = new HostClock(30 * MINUTE, 0, WALL_GRACE_OVER);
        clock.advance(0, 30 * MINUTE, 1);
        clock.seedEntry(21 * MINUTE);
        clock.seedEntry(29 * MINUTE);
        clock.advance(0, 40 * MINUTE, 2);
        java.util.BitSet three = java.util.BitSet.valueOf(new long[] {0b111});
        assertThat(clock.settledMs(TTL, GRACE, three, NOW)).as("held at the oldest entry, so its delivery is no orphan yet").isEqualTo(21 * MINUTE);
        clock.advance(1, 40 * MINUTE, 3);
        clock.advance(2, 35 * MINUTE, 4);
        assertThat(clock.settledMs(TTL, GRACE, three, NOW)).as("every partition heard from").isEqualTo(35 * MINUTE);
    }

    @Test
    void aLineOlderThanTheFirstFromASlowerPartitionLowersWhereUnheardPartitionsHoldTheClock() {
        HostClock clock = new HostClock(30 * MINUTE, 0, WALL_GRACE_OVER);
        clock.advance(1, 30 * MINUTE, 1);
        clock.advance(2, 22 * MINUTE, 2);   // its from= line may be in partition 0, not heard from yet
        clock.advance(1, 40 * MINUTE, 3);
        java.util.BitSet three = java.util.BitSet.valueOf(new long[] {0b111});
        assertThat(clock.settledMs(TTL, GRACE, three, NOW)).isEqualTo(22 * MINUTE);
    }
}
