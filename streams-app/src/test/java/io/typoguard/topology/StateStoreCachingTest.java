package io.typoguard.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.typoguard.serde.InMemorySchemaRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.internals.WrappedStateStore;
import org.junit.jupiter.api.Test;

/**
 * The stores written for every outbound delivery (each sender's domains, the relationship table) have Kafka Streams'
 * record cache, so a key updated several times between two commits reaches RocksDB and its changelog once. A store
 * added through a {@code StoreBuilder} has none unless asked; without it every delivery wrote both at once, and the
 * whole pipeline ran at about 60% of its speed (docs/benchmarks.md, "RocksDB's write budget").
 *
 * <p>Checked on the layers of the built stores: the test driver commits after every record it processes, so it cannot
 * show two updates of one key being combined.
 */
class StateStoreCachingTest {

    @Test
    void theStoresWrittenForEveryOutboundDeliveryHaveARecordCache() {
        TopologyConfig config = TopologyConfig.defaults().withClock(Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC));
        try (PipelineDriver p = new PipelineDriver(config, new InMemorySchemaRegistry(), 10 * 1024 * 1024)) {
            assertThat(layers(p.driver.getKeyValueStore(Names.SENDER_DOMAINS_STORE))).as("sender-domains-store")
                    .anyMatch(StateStoreCachingTest::isCache);
            assertThat(layers(p.driver.getKeyValueStore(Names.RELATIONSHIP_STORE))).as("relationship-store")
                    .anyMatch(StateStoreCachingTest::isCache);
        }
    }

    @Test
    void aSenderWritingAgainToADomainOnTheSameDayWritesNothingNewToItsDomains() {
        TopologyConfig config = TopologyConfig.defaults().withClock(Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC));
        try (PipelineDriver p = new PipelineDriver(config, new InMemorySchemaRegistry(), 10 * 1024 * 1024)) {
            Instant morning = Instant.parse("2026-11-26T09:00:00Z"); // the day before the clock's
            p.mail("alice@typoguard.test", "bob@northwind-traders.com", "sent", morning);
            p.mail("alice@typoguard.test", "carol@northwind-traders.com", "sent", morning.plusSeconds(3_600));
            p.mail("alice@typoguard.test", "dave@contoso-partners.com", "sent", morning.plusSeconds(7_200));
            p.mail("alice@typoguard.test", "bob@northwind-traders.com", "sent", morning.plus(java.time.Duration.ofDays(1)));

            List<String> written = p.driver.createOutputTopic("typoguard-test-" + Names.SENDER_DOMAINS_STORE + "-changelog",
                            new org.apache.kafka.common.serialization.StringDeserializer(), InternalSerdes.senderDomains().deserializer())
                    .readValuesToList().stream().map(d -> d.size() + " domains").toList();
            // The driver commits after every record: the second message (same domain, same day) is no write at all; the
            // next day's is (it moves the domain's last day).
            assertThat(written).containsExactly("1 domains", "2 domains", "2 domains");
        }
    }

    /** Kafka Streams' caching layer ({@code CachingKeyValueStore}; every layer implements {@code CachedStateStore}). */
    private static boolean isCache(StateStore layer) {
        return layer.getClass().getSimpleName().startsWith("Caching");
    }

    /** The store and every store it wraps, outermost first. */
    private static List<StateStore> layers(StateStore store) {
        List<StateStore> out = new ArrayList<>();
        StateStore s = store;
        while (s != null) {
            out.add(s);
            s = s instanceof WrappedStateStore<?, ?, ?> w ? w.wrapped() : null;
        }
        return out;
    }
}
