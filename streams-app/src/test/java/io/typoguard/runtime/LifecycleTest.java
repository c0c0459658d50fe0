package io.typoguard.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** How run, demo and policy wait and stop (the process-level signals: OperatorDayOneIT, SIGTERM then exit code 0). */
class LifecycleTest {
    @Test
    void aStopRequestedFromAnotherThreadEndsTheWaitAndRunsTheStopActionsOnce() throws Exception {
        AtomicInteger stops = new AtomicInteger();
        try (Lifecycle life = Lifecycle.inProcess().onStop(stops::incrementAndGet)) {
            Thread stopper = new Thread(() -> {
                life.requestStop();
                life.requestStop();
            });
            stopper.start();
            assertThat(life.await(null, () -> false, () -> { })).as("ended by the stop request").isTrue();
            stopper.join();
            assertThat(stops).hasValue(1);
            AtomicInteger late = new AtomicInteger();
            life.onStop(late::incrementAndGet);
            assertThat(late).as("an action added after the stop runs at once").hasValue(1);
        }
    }

    @Test
    void theWaitEndsAtTheLimitOrWhenTheWorkEndsOnItsOwnAndTicksMeanwhile() throws Exception {
        try (Lifecycle life = Lifecycle.inProcess()) {
            long t0 = System.nanoTime();
            assertThat(life.await(Duration.ofMillis(300), () -> false, () -> { })).isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isBetween(Duration.ofMillis(250), Duration.ofSeconds(5));

            AtomicInteger ticks = new AtomicInteger();
            assertThat(life.await(null, () -> ticks.get() >= 2, ticks::incrementAndGet)).as("the work ended").isFalse();
            assertThat(ticks).hasValue(2);
            assertThat(life.stopRequested()).isFalse();
        }
    }
}
