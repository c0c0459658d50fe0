package io.typoguard.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.typoguard.relate.SenderDomains;
import org.junit.jupiter.api.Test;

/** The detection task's sender-domain sets held as objects: bounded by domains, least recently used sender first. */
class SenderDomainsCacheTest {
    private static final long DAY = 86_400_000L;

    private static SenderDomains withDomains(int n) {
        SenderDomains s = SenderDomains.empty();
        for (int i = 0; i < n; i++) {
            s.record("partner" + i + ".example", 20_000 * DAY);
        }
        return s;
    }

    @Test
    void aSetReadOnceIsAnsweredFromTheCacheAsTheSameObject() {
        SenderDomainsCache cache = new SenderDomainsCache(100);
        SenderDomains alice = withDomains(3);
        assertThat(cache.get("alice@typoguard.test")).isNull();
        cache.put("alice@typoguard.test", alice);
        assertThat(cache.get("alice@typoguard.test")).isSameAs(alice);
        assertThat(cache.domains()).isEqualTo(3);
    }

    @Test
    void aSetThatGrewInPlaceIsCountedAgainWhenPutBack() {
        SenderDomainsCache cache = new SenderDomainsCache(100);
        SenderDomains alice = withDomains(3);
        cache.put("alice@typoguard.test", alice);
        alice.record("new-partner.example", 20_001 * DAY);
        cache.put("alice@typoguard.test", alice);
        assertThat(cache.domains()).isEqualTo(4);
        assertThat(cache.senders()).isEqualTo(1);
    }

    @Test
    void whenFullTheLeastRecentlyUsedSenderGoesFirst() {
        SenderDomainsCache cache = new SenderDomainsCache(10);
        cache.put("alice", withDomains(4));
        cache.put("bob", withDomains(4));
        cache.get("alice"); // alice is now the more recent
        cache.put("carol", withDomains(4));
        assertThat(cache.get("bob")).isNull();
        assertThat(cache.get("alice")).isNotNull();
        assertThat(cache.get("carol")).isNotNull();
        assertThat(cache.domains()).isEqualTo(8);
    }

    @Test
    void aSetLargerThanTheBoundIsStillHeldAlone() {
        SenderDomainsCache cache = new SenderDomainsCache(10);
        cache.put("alice", withDomains(4));
        SenderDomains big = withDomains(40);
        cache.put("bob", big);
        assertThat(cache.get("bob")).isSameAs(big);
        assertThat(cache.get("alice")).isNull();
        assertThat(cache.senders()).isEqualTo(1);
    }

    @Test
    void replacingASendersSetWithAnotherObjectCountsOnlyTheNewOne() {
        SenderDomainsCache cache = new SenderDomainsCache(100);
        cache.put("alice", withDomains(5));
        cache.put("alice", withDomains(2));
        assertThat(cache.domains()).isEqualTo(2);
    }

    @Test
    void aBoundBelowOneIsRefused() {
        assertThatThrownBy(() -> new SenderDomainsCache(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxDomains");
    }
}
