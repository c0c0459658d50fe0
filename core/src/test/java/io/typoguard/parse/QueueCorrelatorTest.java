package io.typoguard.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.typoguard.parse.QueueCorrelator.QueueState;
import io.typoguard.parse.QueueCorrelator.Step;
import io.typoguard.schema.DeliveryStatus;
import org.junit.jupiter.api.Test;

class QueueCorrelatorTest {
    private static final long T0 = 1_800_000_000_000L;

    private static QueueFragment from(long t, String sender) {
        return new QueueFragment(QueueFragment.Kind.SENDER, t, "mx1", "ABC123", sender, null, null);
    }

    private static QueueFragment to(long t, String rcpt) {
        return QueueFragment.delivery(t, "mx1", "ABC123", rcpt, rcpt.substring(rcpt.indexOf('@') + 1), null,
                DeliveryStatus.SENT, "relay", "2.0.0");
    }

    @Test
    void aDeliveryAfterTheSenderIsEmittedWithTheSender() {
        Step s1 = QueueCorrelator.apply(null, from(T0, "alice@x.test"));
        Step s2 = QueueCorrelator.apply(s1.state(), to(T0 + 10, "bob@army.ml"));

        assertThat(s1.emitted()).isEmpty();
        assertThat(s2.emitted()).singleElement().satisfies(d -> assertThat(d.sender()).isEqualTo("alice@x.test"));
    }

    @Test
    void recipientLinesLeaveTheEntryUnchangedUntilTheLastSeenTimeMovesAMinute() {
        QueueState open = QueueCorrelator.apply(null, from(T0, "alice@x.test")).state();

        Step soon = QueueCorrelator.apply(open, to(T0 + 59_999, "bob@army.ml"));
        Step later = QueueCorrelator.apply(open, to(T0 + 60_000, "carol@army.ml"));

        assertThat(soon.state()).isSameAs(open); // nothing to write back
        assertThat(soon.emitted()).singleElement().satisfies(d -> assertThat(d.recipient()).isEqualTo("bob@army.ml"));
        assertThat(later.state().lastSeenMs()).isEqualTo(T0 + 60_000);
        // the idle time-to-live still counts from the line that set the time
        assertThat(QueueCorrelator.expire(soon.state(), T0 + 3_600_001, 120_000, 3_600_000).state()).isNull();
        assertThat(QueueCorrelator.expire(later.state(), T0 + 3_600_001, 120_000, 3_600_000).state()).isNotNull();
    }

    @Test
    void aDeliveryBeforeTheSenderWaitsForIt() {
        Step s1 = QueueCorrelator.apply(null, to(T0, "bob@army.ml"));
        Step s2 = QueueCorrelator.apply(s1.state(), from(T0 + 5, "alice@x.test"));

        assertThat(s1.emitted()).isEmpty();
        assertThat(s2.emitted()).singleElement().satisfies(d -> assertThat(d.sender()).isEqualTo("alice@x.test"));
    }

    @Test
    void aWaitingDeliveryBecomesAnOrphanAfterTheWait() {
        QueueState waiting = QueueCorrelator.apply(null, to(T0, "bob@army.ml")).state();

        Step early = QueueCorrelator.expire(waiting, T0 + 60_000, 120_000, 3_600_000);
        Step late = QueueCorrelator.expire(waiting, T0 + 120_001, 120_000, 3_600_000);

        assertThat(early.emitted()).isEmpty();
        assertThat(late.emitted()).singleElement().satisfies(d -> assertThat(d.sender()).isNull());
        assertThat(late.state().pending()).isEmpty();
    }

    @Test
    void removedClosesTheEntryAndReleasesOrphans() {
        QueueState waiting = QueueCorrelator.apply(null, to(T0, "bob@army.ml")).state();
        Step removed = QueueCorrelator.apply(waiting,
                new QueueFragment(QueueFragment.Kind.REMOVED, T0 + 1, "mx1", "ABC123", null, null, null));

        assertThat(removed.state()).isNull();
        assertThat(removed.emitted()).hasSize(1);
    }

    private static QueueFragment removed(long t) {
        return new QueueFragment(QueueFragment.Kind.REMOVED, t, "mx1", "ABC123", null, null, null);
    }

    @Test
    void outOfOrderADeliveryReadAfterTheRemovedLineStillGetsItsSender() {
        // Lines shipped with no key reach the correlation in the order their partitions were read: here from=, removed, to=.
        QueueState s = QueueCorrelator.apply(null, from(T0, "alice@x.test"), true).state();
        Step gone = QueueCorrelator.apply(s, removed(T0 + 2_000), true);
        Step late = QueueCorrelator.apply(gone.state(), to(T0 + 1_000, "bob@army.ml"), true);

        assertThat(gone.emitted()).isEmpty();
        assertThat(gone.state().removed()).isTrue();
        assertThat(late.emitted()).singleElement().satisfies(d -> assertThat(d.sender()).isEqualTo("alice@x.test"));
        // kept for the orphan wait after the removed line, then deleted
        assertThat(QueueCorrelator.expire(late.state(), T0 + 2_000 + 120_000, 120_000, 3_600_000).state()).isNotNull();
        Step expired = QueueCorrelator.expire(late.state(), T0 + 2_000 + 120_001, 120_000, 3_600_000);
        assertThat(expired.state()).isNull();
        assertThat(expired.emitted()).isEmpty();
    }

    @Test
    void outOfOrderDeliveriesWaitingForTheSenderKeepWaitingAfterTheRemovedLine() {
        // to=, removed, from=: in order, removed would have released the delivery with no sender
        QueueState waiting = QueueCorrelator.apply(null, to(T0 + 1_000, "bob@army.ml"), true).state();
        Step gone = QueueCorrelator.apply(waiting, removed(T0 + 2_000), true);
        Step sender = QueueCorrelator.apply(gone.state(), from(T0, "alice@x.test"), true);

        assertThat(gone.emitted()).isEmpty();
        assertThat(sender.emitted()).singleElement().satisfies(d -> assertThat(d.sender()).isEqualTo("alice@x.test"));
        // a sender that never comes: the delivery is released as an orphan by the wait, as without the removed line
        Step orphan = QueueCorrelator.expire(gone.state(), T0 + 2_000 + 120_001, 120_000, 3_600_000);
        assertThat(orphan.state()).isNull();
        assertThat(orphan.emitted()).singleElement().satisfies(d -> assertThat(d.sender()).isNull());
    }

    @Test
    void outOfOrderTheRemovedLineFirstOpensAnEntryTheOtherLinesComplete() {
        QueueState s = QueueCorrelator.apply(null, removed(T0 + 2_000), true).state();
        s = QueueCorrelator.apply(s, from(T0, "alice@x.test"), true).state();
        Step delivered = QueueCorrelator.apply(s, to(T0 + 1_000, "bob@army.ml"), true);

        assertThat(delivered.emitted()).singleElement().satisfies(d -> assertThat(d.sender()).isEqualTo("alice@x.test"));
    }

    @Test
    void expiredTakesTheRecipientsThatWereStillDeferred() {
        QueueState s = QueueCorrelator.apply(null, from(T0, "alice@x.test")).state();
        s = QueueCorrelator.apply(s, QueueFragment.delivery(T0 + 1, "mx1", "ABC123", "a@army.ml", "army.ml", null,
                DeliveryStatus.DEFERRED, "relay", "4.4.1")).state();
        s = QueueCorrelator.apply(s, QueueFragment.delivery(T0 + 2, "mx1", "ABC123", "b@army.mil", "army.mil", null,
                DeliveryStatus.DEFERRED, "relay", "4.4.1")).state();
        s = QueueCorrelator.apply(s, QueueFragment.delivery(T0 + 3, "mx1", "ABC123", "b@army.mil", "army.mil", null,
                DeliveryStatus.SENT, "relay", "2.0.0")).state();

        Step expired = QueueCorrelator.apply(s, new QueueFragment(QueueFragment.Kind.EXPIRED, T0 + 5, "mx1", "ABC123",
                "alice@x.test", null, null));

        assertThat(expired.emitted()).singleElement().satisfies(d -> {
            assertThat(d.recipient()).isEqualTo("a@army.ml");
            assertThat(d.status()).isEqualTo(DeliveryStatus.EXPIRED);
            assertThat(d.sender()).isEqualTo("alice@x.test");
            assertThat(d.timestampMs()).isEqualTo(T0 + 5);
        });
    }

    @Test
    void aDeferredDeliveryWhoseSenderLineWasRotatedAwayGetsTheSenderTheExpiredLineNames() {
        // gomaillex-rhl058 (core/eval/logs), lines 305-306: the from= line was logged five days before the file starts
        QueueState s = QueueCorrelator.apply(null, QueueFragment.delivery(T0, "mx1", "DC45E7C3131", "l@outllook.com", "outllook.com",
                null, DeliveryStatus.DEFERRED, "none", "4.4.1")).state();

        Step expired = QueueCorrelator.apply(s, new QueueFragment(QueueFragment.Kind.EXPIRED, T0 + 1, "mx1", "DC45E7C3131",
                "no-reply@grooveshark.com", null, null));

        assertThat(expired.emitted()).extracting(Delivery::status).containsExactly(DeliveryStatus.DEFERRED, DeliveryStatus.EXPIRED);
        assertThat(expired.emitted()).extracting(Delivery::sender).containsOnly("no-reply@grooveshark.com");
        assertThat(expired.state().pending()).isEmpty();
    }

    @Test
    void anIdleEntryIsForgotten() {
        QueueState known = QueueCorrelator.apply(null, from(T0, "alice@x.test")).state();

        assertThat(QueueCorrelator.expire(known, T0 + 3_600_001, 120_000, 3_600_000).state()).isNull();
    }
}
