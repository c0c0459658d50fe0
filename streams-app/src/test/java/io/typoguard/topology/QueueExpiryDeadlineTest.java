package io.typoguard.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.typoguard.parse.Delivery;
import io.typoguard.parse.QueueCorrelator;
import io.typoguard.parse.QueueCorrelator.QueueState;
import io.typoguard.schema.DeliveryStatus;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The correlation's looks skip their scan while no host's clock is past the earliest {@link QueueCorrelationProcessor#deadline}
 * of the open entries; that is right only if the deadline is exactly when {@link QueueCorrelator#expire} starts to change an entry.
 */
class QueueExpiryDeadlineTest {
    private static final long ORPHAN_WAIT = 120_000;
    private static final long TTL = 6 * 3_600_000L;

    @Property(tries = 3000)
    void anEntryChangesExactlyWhenTheClockIsPastItsDeadline(@ForAll("entries") QueueState s, @ForAll("offsets") long offset) {
        long deadline = QueueCorrelationProcessor.deadline(s, ORPHAN_WAIT, TTL);
        long now = deadline + offset;
        boolean changed = QueueCorrelator.expire(s, now, ORPHAN_WAIT, TTL).state() != s;
        assertThat(changed).as("at %d ms from the deadline", offset).isEqualTo(now > deadline);
    }

    @Provide
    Arbitrary<Long> offsets() {
        return Arbitraries.oneOf(Arbitraries.longs().between(-3, 3), Arbitraries.longs().between(-TTL, TTL));
    }

    @Provide
    Arbitrary<QueueState> entries() {
        Arbitrary<Long> times = Arbitraries.longs().between(1_700_000_000_000L, 1_700_000_000_000L + 2 * TTL);
        Arbitrary<List<Delivery>> pending = times.map(t -> new Delivery(t, "mx1", "Q1", null, null, "a@b.test", "b.test", null,
                DeliveryStatus.SENT, null, null, "postfix")).list().ofMaxSize(3);
        Arbitrary<Long> removed = Arbitraries.oneOf(Arbitraries.just(QueueCorrelator.NOT_REMOVED), times);
        return Combinators.combine(times, pending, removed, Arbitraries.of("x@typoguard.test", null))
                .as((lastSeen, p, r, sender) -> new QueueState(sender, null, lastSeen, p, List.of(), r));
    }
}
