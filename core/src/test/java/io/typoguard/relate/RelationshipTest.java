package io.typoguard.relate;

import static org.assertj.core.api.Assertions.assertThat;

import io.typoguard.schema.DeliveryStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class RelationshipTest {
    private static final long DAY = 86_400_000L;
    private static final long T0 = 1_764_979_200_000L; // 2025-12-06T00:00Z

    /** One event: a message sent by {@code sender} (or, when null, one received) at {@code time}. */
    record Event(String sender, DeliveryStatus status, long time) {
        Relationship applyTo(Relationship r) {
            return sender == null ? r.withReceived(time) : r.withSent(sender, status, time);
        }
    }

    private static List<Event> events(long seed, int n) {
        Random r = new Random(seed);
        List<Event> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long time = T0 + (long) (r.nextDouble() * 60 * DAY);
            out.add(r.nextInt(4) == 0 ? new Event(null, null, time)
                    : new Event("user" + r.nextInt(200) + "@acme.example", DeliveryStatus.values()[r.nextInt(6)], time));
        }
        return out;
    }

    private static Relationship replay(List<Event> events) {
        Relationship r = Relationship.empty("acme.example", "partner.example");
        for (Event e : events) {
            r = e.applyTo(r);
        }
        return r;
    }

    @Property(tries = 200)
    void replayingTheSameEventsInAnyOrderGivesTheSameRelationship(@ForAll long seed, @ForAll @IntRange(min = 0, max = 400) int n) {
        List<Event> events = events(seed, n);
        List<Event> shuffled = new ArrayList<>(events);
        Collections.shuffle(shuffled, new Random(seed + 1));

        assertThat(replay(shuffled)).isEqualTo(replay(events));
    }

    @Property(tries = 100)
    void mergingTwoHalvesGivesWhatOnePassGives(@ForAll long seed, @ForAll @IntRange(min = 0, max = 300) int n, @ForAll @IntRange(min = 0, max = 300) int cut) {
        List<Event> events = events(seed, n);
        int at = Math.min(cut, n);

        assertThat(replay(events.subList(0, at)).merge(replay(events.subList(at, n)))).isEqualTo(replay(events));
    }

    @Test
    void countsEachDirectionItsOutcomesItsTimesAndItsDays() {
        Relationship r = Relationship.empty("acme.example", "partner.example")
                .withSent("alice@acme.example", DeliveryStatus.SENT, T0 + DAY)
                .withSent("bob@acme.example", DeliveryStatus.BOUNCED, T0)
                .withSent("alice@acme.example", DeliveryStatus.DEFERRED, T0 + 2 * DAY)
                .withReceived(T0 + 5 * DAY);

        assertThat(r.sent()).isEqualTo(3);
        assertThat(r.delivered()).isEqualTo(1);
        assertThat(r.failed()).isEqualTo(1);
        assertThat(r.received()).isEqualTo(1);
        assertThat(r.firstSent()).isEqualTo(T0);
        assertThat(r.lastSent()).isEqualTo(T0 + 2 * DAY);
        assertThat(r.firstReceived()).isEqualTo(T0 + 5 * DAY);
        assertThat(r.activeDays()).isEqualTo(4);
        assertThat(r.distinctSenders()).isEqualTo(2);
        assertThat(r.twoWay()).isTrue();
        assertThat(Relationship.empty("a", "b").firstSent()).isEqualTo(Relationship.NEVER);
    }

    @Test
    void distinctSendersAreExactUpToTheSketchSizeThenEstimated() {
        Relationship r = Relationship.empty("acme.example", "partner.example");
        for (int i = 0; i < Relationship.TRACKED_SENDERS - 1; i++) {
            r = r.withSent("user" + i + "@acme.example", DeliveryStatus.SENT, T0);
        }
        assertThat(r.distinctSenders()).isEqualTo(Relationship.TRACKED_SENDERS - 1);

        for (int i = 0; i < 20_000; i++) {
            r = r.withSent("user" + i + "@acme.example", DeliveryStatus.SENT, T0);
        }
        // bottom-64 sketch: standard error about 1/sqrt(62), 13%; 3 of those either side
        assertThat(r.distinctSenders()).isBetween(12_000L, 28_000L);
    }

    @Test
    void daysAreCountedUpToWhatARuleCanAskFor() {
        Relationship r = Relationship.empty("acme.example", "partner.example");
        for (int d = 0; d < 100; d++) {
            r = r.withReceived(T0 + d * DAY);
        }
        assertThat(r.activeDays()).isEqualTo(Relationship.TRACKED_DAYS);
    }

    @Test
    void itsTextShowsCountsButNoAddress() {
        Relationship r = Relationship.empty("acme.example", "partner.example").withSent("alice@acme.example", DeliveryStatus.SENT, T0);

        assertThat(r.toString()).contains("sent 1").doesNotContain("alice");
    }
}
