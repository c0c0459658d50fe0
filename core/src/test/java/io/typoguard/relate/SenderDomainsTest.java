package io.typoguard.relate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Each sender's recent domains: asked by name, bounded, the least recently written-to forgotten first. */
class SenderDomainsTest {
    private static final long DAY = 86_400_000L;
    private static final long T0 = 1_765_000_000_000L;

    @Test
    void itSaysWhetherAndWhenTheSenderWroteToADomainBefore() {
        SenderDomains d = SenderDomains.empty();

        assertThat(d.record("northwind-traders.com", T0)).as("first time").isFalse();
        assertThat(d.record("northwind-traders.com", T0 + 3 * DAY)).isTrue();
        assertThat(d.record("Northwind-Traders.COM", T0 + 5 * DAY)).as("names compare without case").isTrue();

        assertThat(d.seen("northwind-traders.com")).hasValueSatisfying(s -> {
            assertThat(s.firstDay()).isEqualTo(Math.floorDiv(T0, DAY));
            assertThat(s.lastDay()).isEqualTo(Math.floorDiv(T0, DAY) + 5);
        });
        assertThat(d.seen("northwind-tradres.com")).isEmpty();
    }

    @Test
    void itKnowsWhenAWriteWouldChangeNothing() {
        SenderDomains d = SenderDomains.empty();
        d.record("northwind-traders.com", T0);
        d.record("northwind-traders.com", T0 + 3 * DAY);

        assertThat(d.covers("northwind-traders.com", T0 + 3 * DAY + 1_000)).as("the same day again").isTrue();
        assertThat(d.covers("Northwind-Traders.com", T0 + DAY)).as("a day between the first and the last").isTrue();
        assertThat(d.covers("northwind-traders.com", T0 + 4 * DAY)).as("a later day moves the last").isFalse();
        assertThat(d.covers("northwind-traders.com", T0 - DAY)).as("an earlier day moves the first").isFalse();
        assertThat(d.covers("northwind-tradres.com", T0)).as("a new domain").isFalse();
    }

    @Test
    void aSenderWritingToMoreDomainsThanTheBoundForgetsTheOneWrittenToLongestAgo() {
        SenderDomains d = SenderDomains.empty();
        d.record("old-partner.com", T0);
        for (int i = 0; i < SenderDomains.MAX - 1; i++) {
            d.record("partner" + i + ".com", T0 + DAY);
        }
        d.record("old-partner.com", T0 + 2 * DAY); // written to again: now the most recent
        d.record("newcomer.com", T0 + 3 * DAY);

        assertThat(d.size()).isEqualTo(SenderDomains.MAX);
        assertThat(d.seen("old-partner.com")).isPresent();
        assertThat(d.seen("newcomer.com")).isPresent();
        assertThat(java.util.stream.IntStream.range(0, SenderDomains.MAX - 1).filter(i -> d.seen("partner" + i + ".com").isEmpty()).count())
                .as("exactly one of the domains last written to on day 1 was forgotten").isEqualTo(1);
    }

    @Test
    void itSurvivesTheStoreAndRefusesBytesItDidNotWrite() {
        SenderDomains d = SenderDomains.empty();
        for (int i = 0; i < 40; i++) {
            d.record("partner" + i + ".com", T0 + i * DAY);
        }
        SenderDomains back = SenderDomains.fromBytes(d.toBytes());

        assertThat(back.toBytes()).isEqualTo(d.toBytes());
        assertThat(back.seen("partner7.com")).isEqualTo(d.seen("partner7.com"));
        assertThat(d.toBytes()).hasSize(8 + 40 * 16);
        assertThatThrownBy(() -> SenderDomains.fromBytes(new byte[] {0, 0, 0, 9, 0, 0, 0, 0})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SenderDomains.fromBytes(new byte[3])).isInstanceOf(IllegalArgumentException.class);
    }
}
