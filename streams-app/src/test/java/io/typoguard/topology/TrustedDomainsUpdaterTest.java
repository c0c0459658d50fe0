package io.typoguard.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.typoguard.detect.TrustedIndex;
import io.typoguard.detect.TypoDetector;
import io.typoguard.detect.Verdict;
import io.typoguard.schema.Sensitivity;
import io.typoguard.schema.TrustedDomain;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/** The global-store processor on its own: index rebuilt from a restored store, then kept in step. */
class TrustedDomainsUpdaterTest {
    private static TrustedDomain trusted(String domain, List<String> allowed) {
        return TrustedDomain.newBuilder().setDomain(domain).setSensitivity(Sensitivity.CRITICAL).setAllowedLookalikes(allowed).build();
    }

    private static final io.typoguard.serde.InMemorySchemaRegistry REGISTRY = new io.typoguard.serde.InMemorySchemaRegistry();
    private static final io.typoguard.serde.AvroSerdes AVRO = new io.typoguard.serde.AvroSerdes(REGISTRY);
    private final UnreadableAsMarker<TrustedDomain> reader = new UnreadableAsMarker<>(AVRO.trustedDomain, TrustedDomainsUpdater.UNREADABLE);
    private final List<String> deadLetters = new java.util.ArrayList<>();
    private final TableDeadLetters sink = (table, topic, partition, offset, key, value, reason) ->
            deadLetters.add(table + " " + topic + "/" + partition + "/" + offset + " " + new String(key, java.nio.charset.StandardCharsets.UTF_8)
                    + " " + value.length + " bytes: " + reason);

    private TrustedDomainsUpdater updater(TrustedIndex index) {
        return new TrustedDomainsUpdater(index, reader, sink);
    }

    /** The global store as Streams hands it to the processor, in memory. */
    private static KeyValueStore<String, TrustedDomain> trustedStore(MockProcessorContext<Void, Void> context) {
        KeyValueStore<String, TrustedDomain> store = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(Names.TRUSTED_STORE), Serdes.String(),
                new io.typoguard.serde.AvroSerdes(new io.typoguard.serde.InMemorySchemaRegistry()).trustedDomain)
                .withLoggingDisabled().withCachingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }

    @Test
    void anInstanceThatStartsWithARestoredStoreRebuildsTheIndexThenFollowsUpdates() {
        MockProcessorContext<Void, Void> context = new MockProcessorContext<>();
        KeyValueStore<String, TrustedDomain> store = trustedStore(context);
        // Given what Streams restored from trusted.domains before the processor starts
        store.put("army.mil", trusted("army.mil", List.of("army.com")));
        store.put("state.gov", trusted("state.gov", List.of()));
        TrustedIndex index = new TrustedIndex();
        TrustedDomainsUpdater updater = updater(index);
        TypoDetector detector = new TypoDetector(index);

        updater.init(context);

        assertThat(index.size()).isEqualTo(2);
        assertThat(detector.check("army.ml")).isInstanceOf(Verdict.Typo.class);
        assertThat(detector.check("army.com")).as("per-entry allowed look-alike").isInstanceOf(Verdict.Allowlisted.class);

        // When a domain is added and another removed by a tombstone
        updater.process(new Record<>("navy.mil", trusted("navy.mil", List.of()), 1L));
        updater.process(new Record<>("army.mil", null, 2L));

        assertThat(detector.check("navy.ml")).isInstanceOf(Verdict.Typo.class);
        assertThat(detector.check("army.ml")).isInstanceOf(Verdict.Clean.class);
        assertThat(store.get("army.mil")).isNull();
        assertThat(store.get("navy.mil")).isNotNull();
    }

    @Test
    void aPublicSuffixWrittenToTheTopicByAnotherToolIsNotTrusted() {
        MockProcessorContext<Void, Void> context = new MockProcessorContext<>();
        KeyValueStore<String, TrustedDomain> store = trustedStore(context);
        store.put("com.au", trusted("com.au", List.of())); // restored from before this check existed
        TrustedIndex index = new TrustedIndex();
        TrustedDomainsUpdater updater = updater(index);
        TypoDetector detector = new TypoDetector(index);
        updater.init(context);

        updater.process(new Record<>("co.uk", TrustedDomain.newBuilder(trusted("co.uk", List.of())).setIncludeSubdomains(true).build(), 1L));
        updater.process(new Record<>("bbc.co.uk", trusted("bbc.co.uk", List.of()), 2L));

        assertThat(index.size()).isEqualTo(1);
        assertThat(store.get("co.uk")).isNull();
        assertThat(detector.check("anything.co.uk")).isNotInstanceOf(Verdict.Trusted.class);
        assertThat(detector.check("bbc.co.uk")).isInstanceOf(Verdict.Trusted.class);
    }

    @Test
    void aRecordThatCannotBeReadLeavesTheEntryAsItWasAndGoesToTheDeadLetterSinkWithItsReason() {
        MockProcessorContext<Void, Void> context = new MockProcessorContext<>();
        KeyValueStore<String, TrustedDomain> store = trustedStore(context);
        store.put("army.mil", trusted("army.mil", List.of()));
        TrustedIndex index = new TrustedIndex();
        TrustedDomainsUpdater updater = updater(index);
        updater.init(context);
        byte[] garbage = {0, 0, 0, 0, 99, 1, 2, 3}; // Confluent framing, a schema id the registry never gave

        // As the global thread does: deserialize, then process the record at its position
        TrustedDomain value = reader.serde().deserializer().deserialize("trusted.domains", garbage);
        context.setRecordMetadata("trusted.domains", 0, 41L);
        updater.process(new Record<>("army.mil", value, 3L));

        assertThat(store.get("army.mil")).isEqualTo(trusted("army.mil", List.of()));
        assertThat(new TypoDetector(index).check("army.ml")).isInstanceOf(Verdict.Typo.class);
        assertThat(deadLetters).singleElement().satisfies(d -> assertThat(d)
                .startsWith("trusted-domain trusted.domains/0/41 army.mil 8 bytes: ")
                .contains("unknown schema id 99"));
    }

    @Test
    void aRecordWrittenWithANewerIncompatibleSchemaIsReportedWithTheCause() throws Exception {
        MockProcessorContext<Void, Void> context = new MockProcessorContext<>();
        trustedStore(context);
        TrustedDomainsUpdater updater = updater(new TrustedIndex());
        updater.init(context);
        // Another tool's newer TrustedDomain: "sensitivity" became a number, with no way for this release to read it
        org.apache.avro.Schema newer = new org.apache.avro.Schema.Parser().parse("{\"type\":\"record\",\"name\":\"TrustedDomain\","
                + "\"namespace\":\"io.typoguard.schema\",\"fields\":[{\"name\":\"domain\",\"type\":\"string\"},"
                + "{\"name\":\"sensitivity\",\"type\":\"int\"}]}");
        int id = REGISTRY.register("trusted.domains-value", newer);
        var record = new org.apache.avro.generic.GenericData.Record(newer);
        record.put("domain", "army.mil");
        record.put("sensitivity", 3);
        var out = new java.io.ByteArrayOutputStream();
        out.write(new byte[] {0, (byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id});
        var encoder = org.apache.avro.io.EncoderFactory.get().binaryEncoder(out, null);
        new org.apache.avro.generic.GenericDatumWriter<>(newer).write(record, encoder);
        encoder.flush();

        TrustedDomain value = reader.serde().deserializer().deserialize("trusted.domains", out.toByteArray());
        context.setRecordMetadata("trusted.domains", 2, 7L);
        updater.process(new Record<>("army.mil", value, 1L));

        assertThat(deadLetters).singleElement().satisfies(d -> assertThat(d)
                .startsWith("trusted-domain trusted.domains/2/7 army.mil ")
                .contains("cannot read io.typoguard.schema.TrustedDomain with schema id " + id + ": AvroTypeException: "));
    }
}
