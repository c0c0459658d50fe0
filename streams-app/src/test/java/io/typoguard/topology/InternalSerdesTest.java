package io.typoguard.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.typoguard.parse.Delivery;
import io.typoguard.parse.QueueFragment;
import io.typoguard.parse.QueueCorrelator.QueueState;
import io.typoguard.schema.DeliveryStatus;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class InternalSerdesTest {
    private static final Delivery TO_ARMY_ML = new Delivery(1_700_000_000_123L, "mx1", "4Xyz1K2abcdEF", "m1@example.mil",
            "\"j. doe\"+tag@example.mil", "general@army.ml", "army.ml", "général@army.ml", DeliveryStatus.SENT,
            "mx.army.ml[203.0.113.5]:25", "2.0.0", "postfix");
    private static final Delivery ORPHAN = new Delivery(5L, null, null, null, null, "x@y.z", "y.z", null,
            DeliveryStatus.DEFERRED, null, null, "postfix");

    private static <T> T roundTrip(Serde<T> serde, T value) {
        return serde.deserializer().deserialize("t", serde.serializer().serialize("t", value));
    }

    @Test
    void everyFragmentKindSurvivesTheRepartitionTopic() {
        Serde<QueueFragment> serde = InternalSerdes.postfixFragment();
        List<QueueFragment> fragments = List.of(
                new QueueFragment(QueueFragment.Kind.SENDER, 1L, "mx1", "ABC", "", null, null),
                new QueueFragment(QueueFragment.Kind.MESSAGE_ID, 2L, null, "ABC", null, "id@host", null),
                new QueueFragment(QueueFragment.Kind.DELIVERY, 3L, "mx1", "ABC", null, null, TO_ARMY_ML),
                new QueueFragment(QueueFragment.Kind.REMOVED, -4L, "mx1", "ABC", null, null, null),
                new QueueFragment(QueueFragment.Kind.EXPIRED, Long.MAX_VALUE, "mx1", "ABC", "a@b.c", null, ORPHAN));
        for (QueueFragment f : fragments) {
            assertThat(roundTrip(serde, f)).isEqualTo(f);
        }
    }

    @Test
    void queueStateKeepsPendingAndDeferredRecipientsInOrder() {
        Serde<QueueState> serde = InternalSerdes.queueState();
        QueueState state = new QueueState("sender@example.mil", "m1@example.mil", Long.MIN_VALUE,
                List.of(TO_ARMY_ML, ORPHAN), List.of(ORPHAN));
        assertThat(roundTrip(serde, state)).isEqualTo(state);
        assertThat(roundTrip(serde, QueueState.empty())).isEqualTo(QueueState.empty());
        QueueState removed = new QueueState("sender@example.mil", null, 5L, List.of(), List.of(), 1_800_000_000_000L);
        assertThat(roundTrip(serde, removed)).isEqualTo(removed);
        // an entry not removed is written exactly as before the removed field existed
        QueueState open = new QueueState("s@a.b", null, 7L, List.of(TO_ARMY_ML));
        byte[] bytes = serde.serializer().serialize("t", open);
        assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(open);
        assertThat(serde.serializer().serialize("t", removed).length).isGreaterThan(
                serde.serializer().serialize("t", new QueueState("sender@example.mil", null, 5L, List.of(), List.of())).length);
        assertThat(serde.serializer().serialize("t", null)).isNull();
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
    }

    @Test
    void bytesFromAnotherFormatOrTruncatedAreRefusedWithAReason() {
        Serde<QueueState> serde = InternalSerdes.queueState();
        byte[] good = serde.serializer().serialize("t", new QueueState("s@a.b", null, 7L, List.of(TO_ARMY_ML)));
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", "{\"sender\":\"s@a.b\"}".getBytes()))
                .isInstanceOf(SerializationException.class).hasMessageContaining("QueueState");
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", Arrays.copyOf(good, good.length - 3)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("QueueState");
        byte[] longer = Arrays.copyOf(good, good.length + 1);
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", longer))
                .isInstanceOf(SerializationException.class).hasMessageContaining("trailing");
    }
}
