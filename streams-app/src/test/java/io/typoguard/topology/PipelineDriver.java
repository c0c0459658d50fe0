package io.typoguard.topology;

import io.typoguard.detect.TrustedIndex;
import io.typoguard.runtime.StreamsProps;
import io.typoguard.schema.Alert;
import io.typoguard.schema.MailEvent;
import io.typoguard.schema.Sensitivity;
import io.typoguard.schema.SenderWindowStats;
import io.typoguard.schema.TrustedDomain;
import io.typoguard.schema.TypoFinding;
import io.typoguard.serde.AvroSerdes;
import io.typoguard.serde.InMemorySchemaRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.kstream.WindowedSerdes;

/** The whole topology in a {@link TopologyTestDriver}, with every topic as a typed test topic. */
final class PipelineDriver implements AutoCloseable {
    /** A window-aligned start: 2026-11-27 10:00 UTC. */
    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    static final String APPLICATION_ID = "typoguard-test";
    final TopologyConfig config;
    final AvroSerdes serdes;
    /** What the topology handed to the dead-letter sink of the global tables: "table topic/partition/offset key: reason". */
    final List<String> tableDeadLetters = new java.util.concurrent.CopyOnWriteArrayList<>();
    final TrustedIndex index = new TrustedIndex();
    final Topology topology;
    final TopologyTestDriver driver;
    final TestInputTopic<byte[], byte[]> raw;
    final TestInputTopic<String, TrustedDomain> trusted;
    final TestInputTopic<String, byte[]> eventsBytes;
    final TestInputTopic<String, io.typoguard.schema.PolicyDecision> decisions;
    final TestInputTopic<String, io.typoguard.schema.TypoException> exceptionsIn;
    final io.typoguard.policy.PolicyExceptions exceptions = new io.typoguard.policy.PolicyExceptions();
    final TestOutputTopic<String, MailEvent> events;
    final TestOutputTopic<String, TypoFinding> findings;
    final TestOutputTopic<Windowed<String>, SenderWindowStats> stats;
    final TestOutputTopic<String, Alert> alerts;
    final TestOutputTopic<byte[], byte[]> deadLetter;
    final TestOutputTopic<String, io.typoguard.schema.TypoDomainDayStats> domainStats;
    final TestOutputTopic<String, String> alertsOcsf;
    /** What the topology learned and every instance reads back (null when relationships are off). */
    final io.typoguard.relate.Correspondents correspondents;
    final TestOutputTopic<String, io.typoguard.schema.Correspondent> correspondentsOut;
    final TestInputTopic<String, io.typoguard.schema.Correspondent> correspondentsIn;

    PipelineDriver() {
        this(TopologyConfig.defaults().withClock(Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC)));
    }

    private final java.nio.file.Path stateDir;

    PipelineDriver(TopologyConfig config) {
        this(config, new InMemorySchemaRegistry());
    }

    PipelineDriver(TopologyConfig config, io.typoguard.serde.SchemaRegistry registry) {
        this(config, registry, 0);
    }

    /**
     * @param cacheBytes Kafka Streams' record cache ({@code statestore.cache.max.bytes}); 0, as the other constructors set
     *                   it, writes every store update through at once
     */
    PipelineDriver(TopologyConfig config, io.typoguard.serde.SchemaRegistry registry, long cacheBytes) {
        this.config = config;
        this.serdes = new AvroSerdes(registry);
        try {
            this.stateDir = java.nio.file.Files.createTempDirectory("typoguard-ttd-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Topics t = config.topics();
        correspondents = TypoguardTopology.correspondentsFor(config);
        TableDeadLetters sink = (table, topic, partition, offset, key, value, reason) -> tableDeadLetters.add(table + " " + topic + "/"
                + partition + "/" + offset + " " + (key == null ? null : new String(key, StandardCharsets.UTF_8)) + ": " + reason);
        topology = TypoguardTopology.build(config, serdes, index, exceptions, correspondents, sink);
        Properties props = StreamsProps.of(t, Map.of(
                StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID,
                StreamsConfig.STATE_DIR_CONFIG, stateDir.toString(),
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092",
                StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE,
                StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, Long.toString(cacheBytes)));
        driver = new TopologyTestDriver(topology, props, T0);
        raw = driver.createInputTopic(t.raw(), new ByteArraySerializer(), new ByteArraySerializer());
        trusted = driver.createInputTopic(t.trusted(), new StringSerializer(), serdes.trustedDomain.serializer());
        eventsBytes = driver.createInputTopic(t.events(), new StringSerializer(), new ByteArraySerializer());
        decisions = driver.createInputTopic(t.decisions(), new StringSerializer(), serdes.policyDecision.serializer());
        exceptionsIn = driver.createInputTopic(t.exceptions(), new StringSerializer(), serdes.typoException.serializer());
        events = driver.createOutputTopic(t.events(), new StringDeserializer(), serdes.mailEvent.deserializer());
        findings = driver.createOutputTopic(t.findings(), new StringDeserializer(), serdes.finding.deserializer());
        stats = driver.createOutputTopic(t.senderStats(),
                WindowedSerdes.timeWindowedSerdeFrom(String.class, config.windowSize().toMillis()).deserializer(),
                serdes.senderStats.deserializer());
        alerts = driver.createOutputTopic(t.alerts(), new StringDeserializer(), serdes.alert.deserializer());
        deadLetter = driver.createOutputTopic(t.deadLetter(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        domainStats = driver.createOutputTopic(t.domainStats(), new StringDeserializer(), serdes.typoDomainDayStats.deserializer());
        alertsOcsf = driver.createOutputTopic(t.alertsOcsf(), new StringDeserializer(), new StringDeserializer());
        correspondentsOut = driver.createOutputTopic(t.correspondents(), new StringDeserializer(), serdes.correspondent.deserializer());
        correspondentsIn = driver.createInputTopic(t.correspondents(), new StringSerializer(), serdes.correspondent.serializer());
    }

    void trust(String domain, Sensitivity sensitivity, Instant at) {
        trusted.pipeInput(domain, TrustedDomain.newBuilder().setDomain(domain).setSensitivity(sensitivity).build(), at);
    }

    void untrust(String domain, Instant at) {
        trusted.pipeInput(domain, null, at);
    }

    /** A JSON mail-log line: one message from {@code from} to {@code to}, logged at {@code at}. */
    void mail(String from, String to, String status, Instant at) {
        line("{\"timestamp\":\"" + at + "\",\"host\":\"gw1\",\"queue_id\":\"Q" + at.toEpochMilli() + "\",\"from\":\"" + from
                + "\",\"to\":[\"" + to + "\"],\"status\":\"" + status + "\"}", at);
    }

    /**
     * A delivery as the ingest task of raw partition {@code rawPartition} writes it to mail.events (with its source
     * header), for scenarios where raw partitions are read at different speeds: this driver has one partition per topic.
     */
    void eventFromRawPartition(int rawPartition, String from, String to, String status, Instant at) {
        MailEvent e = MailEvent.newBuilder().setEventId("E" + at.toEpochMilli() + to).setTimestamp(at).setHost("mx" + rawPartition)
                .setQueueId("Q" + at.toEpochMilli()).setSender(from).setRecipient(to).setRecipientDomain(to.substring(to.indexOf('@') + 1))
                .setStatus(io.typoguard.schema.DeliveryStatus.valueOf(status.toUpperCase(java.util.Locale.ROOT))).setSourceFormat("postfix").build();
        org.apache.kafka.common.header.internals.RecordHeaders headers = new org.apache.kafka.common.header.internals.RecordHeaders();
        SourceHeader.stamp(headers, rawPartition);
        eventsBytes.pipeInput(new org.apache.kafka.streams.test.TestRecord<>(from,
                serdes.mailEvent.serializer().serialize(config.topics().events(), e), headers, at));
    }

    void line(String text, Instant at) {
        raw.pipeInput(null, text.getBytes(StandardCharsets.UTF_8), at);
    }

    /** The open correlation entry for (host|queue id) in one of the two Postfix stores, or null. */
    io.typoguard.parse.QueueCorrelator.QueueState queueEntry(String store, String key) {
        return ((QueueStateStore) driver.getStateStore(store)).get(key);
    }

    /** What the store wrote to its changelog so far (the driver commits after every input record). */
    List<KeyValue<String, io.typoguard.parse.QueueCorrelator.QueueState>> changelog(String store) {
        return driver.createOutputTopic("typoguard-test-" + store + "-changelog", new StringDeserializer(),
                InternalSerdes.queueState().deserializer()).readKeyValuesToList();
    }

    /** Lets wall-clock time pass, so buffered contacts reach the relationship table (ContactBatcher flushes every second). */
    void flushContacts() {
        driver.advanceWallClockTime(ContactBatcher.FLUSH_EVERY.plusMillis(1));
    }

    /** The relationship table as it is now, pair by pair. */
    java.util.Map<String, RelationshipState> relationships() {
        java.util.Map<String, RelationshipState> out = new java.util.TreeMap<>();
        org.apache.kafka.streams.state.KeyValueStore<String, RelationshipState> store = driver.getKeyValueStore(Names.RELATIONSHIP_STORE);
        try (var it = store.all()) {
            it.forEachRemaining(kv -> out.put(kv.key, kv.value));
        }
        return out;
    }

    static Instant at(Duration sinceT0) {
        return T0.plus(sinceT0);
    }

    @Override
    public void close() {
        driver.close();
        try (var paths = java.nio.file.Files.walk(stateDir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (java.io.IOException ignored) {
            // a temp dir
        }
    }
}
