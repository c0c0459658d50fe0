package io.typoguard.bench;

import io.typoguard.testkit.EmbeddedKafkaBroker;
import io.typoguard.testkit.DemoTraffic;
import io.typoguard.runtime.StreamsProps;
import io.typoguard.runtime.TopicSetup;
import io.typoguard.runtime.TypoguardApp;
import io.typoguard.serde.InMemorySchemaRegistry;
import io.typoguard.topology.Topics;
import io.typoguard.topology.Colocation;
import io.typoguard.topology.TopologyConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * End-to-end throughput on the in-process broker, in one run: (1) the pass-through limit, a Streams app that
 * copies mail.log.raw to another topic unchanged; (2) Typoguard from mail.log.raw to mail.events (parsing,
 * Postfix correlation with its repartition, event writing). Same pre-loaded input, one stream thread each,
 * same processing guarantee. Rate = records out per second between 10% and 100% of the expected output
 * (start-up excluded).
 *
 * <p>Run: {@code java -cp <test classpath> io.typoguard.bench.EndToEndThroughput [messages] [at_least_once|exactly_once_v2]}
 */
public final class EndToEndThroughput {
    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        String guarantee = args.length > 1 ? args[1] : StreamsConfig.AT_LEAST_ONCE;
        // Optional third argument: which runs, comma-separated, in the order they run; all by default.
        List<String> runs = List.of((args.length > 2 ? args[2] : "auto,auto-unkeyed,repartition,keyed,whole").split(","));
        // Optional fourth argument: rounds. Every round but the last only warms the JIT up; runs later in a
        // JVM were up to 1.5 times faster than the same run done first, which would skew the comparison.
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        Topics topics = Topics.defaults();
        record Run(String name, String label, Colocation colocation, boolean keyedInput) { }
        List<Run> all = List.of(
                new Run("auto", "default (colocation=auto), shippers key by host", Colocation.AUTO, true),
                new Run("auto-unkeyed", "default (colocation=auto), shippers set no key", Colocation.AUTO, false),
                new Run("repartition", "colocation=repartition, every line repartitioned", Colocation.REPARTITION, true),
                new Run("keyed", "colocation=keyed-by-host, no repartition", Colocation.KEYED_BY_HOST, true));
        for (String name : runs) {
            if (!name.equals("whole") && all.stream().noneMatch(r -> r.name().equals(name))) {
                throw new IllegalArgumentException("unknown run " + name + "; known: auto, auto-unkeyed, repartition, keyed, whole");
            }
        }
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.inTempDir().start()) {
            String bootstrap = broker.bootstrapServers();
            List<NewTopic> plan = new java.util.ArrayList<>(TopicSetup.plan(topics, 2, (short) 1));
            plan.add(new NewTopic(topics.raw() + UNKEYED, 2, (short) 1));
            for (int round = 1; round <= rounds; round++) {
                plan.add(new NewTopic("passthrough.out." + round + ".a", 2, (short) 1));
                plan.add(new NewTopic("passthrough.out." + round + ".b", 2, (short) 1));
                plan.add(new NewTopic("bench.whole.events." + round, 2, (short) 1));
                for (Run r : all) {
                    plan.add(new NewTopic("bench.ingest.events." + r.name() + "." + round, 2, (short) 1));
                }
            }
            broker.createTopics(plan);
            long[] counts = load(bootstrap, topics.raw(), messages);
            long lines = counts[0];
            long deliveries = counts[1];
            System.out.printf("input: %,d raw records (%,d messages, %,d deliveries) on %s%n", lines, messages, deliveries, topics.raw());

            for (int round = 1; round <= rounds; round++) {
                String tag = round < rounds ? "warm-up " + round + ": " : "";
                // The limit is measured before and after the runs, and the two averaged.
                double before = passThrough(bootstrap, topics.raw(), "passthrough.out." + round + ".a", guarantee, lines);
                List<String> report = new java.util.ArrayList<>();
                List<Double> rates = new java.util.ArrayList<>();
                for (String name : runs) {
                    Run r = all.stream().filter(x -> x.name().equals(name)).findFirst().orElse(null);
                    if (r != null) {
                        double rate = ingestOnly(bootstrap, topics, guarantee, deliveries, r.colocation(),
                                r.keyedInput() ? topics.raw() : topics.raw() + UNKEYED, "bench.ingest.events." + r.name() + "." + round);
                        report.add("ingest topology, " + r.label());
                        rates.add(rate * lines / deliveries);
                    }
                }
                if (runs.contains("whole")) {
                    double full = typoguard(bootstrap, topics, "bench.whole.events." + round, guarantee, deliveries);
                    report.add("whole app on one thread (ingest + detection + windows + alerts), until its events are complete");
                    rates.add(full * lines / deliveries);
                }
                double after = passThrough(bootstrap, topics.raw(), "passthrough.out." + round + ".b", guarantee, lines);
                double limit = (before + after) / 2;
                System.out.printf("%spass-through limit (raw -> copy): %,.0f records/s (before %,.0f, after %,.0f)%n", tag, limit, before, after);
                for (int i = 0; i < report.size(); i++) {
                    System.out.printf("%s%s: %,.0f raw records/s, %.0f%% of the limit%n", tag, report.get(i), rates.get(i), 100.0 * rates.get(i) / limit);
                }
            }
        }
    }

    /** Suffix of the copy of the input without keys, as from a shipper that sets none. */
    static final String UNKEYED = ".unkeyed";

    static long[] load(String bootstrap, String topic, int messages) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        AtomicLong lines = new AtomicLong();
        AtomicLong deliveries = new AtomicLong();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            DemoTraffic traffic = new DemoTraffic(11);
            io.typoguard.parse.MailLogParser counter = new io.typoguard.parse.MailLogParser();
            Instant t = Instant.now().minus(Duration.ofMinutes(30));
            for (int i = 0; i < messages; i++) {
                traffic.nextMessage(t.plusMillis(i), line -> {
                    lines.incrementAndGet();
                    // Count the events the pipeline must produce with the same parser it uses.
                    var o = counter.parse(line);
                    if (o instanceof io.typoguard.parse.ParseOutcome.Deliveries d) {
                        deliveries.addAndGet(d.deliveries().size());
                    } else {
                        deliveries.addAndGet(io.typoguard.parse.ParseOutcome.fragmentsOf(o).stream()
                                .filter(f -> f.kind() == io.typoguard.parse.QueueFragment.Kind.DELIVERY).count());
                    }
                    producer.send(new ProducerRecord<>(topic, hostOf(o), line));
                    producer.send(new ProducerRecord<>(topic + UNKEYED, null, line));
                });
            }
            producer.flush();
        }
        return new long[] {lines.get(), deliveries.get()};
    }

    /**
     * The host named in the line, as rsyslog's omkafka dynaKey sends it, read with the parser (the line may have
     * a BSD or an RFC 3339 prefix); the gateway's name for JSON lines, which name no syslog host.
     */
    private static byte[] hostOf(io.typoguard.parse.ParseOutcome parsed) {
        String host = io.typoguard.parse.ParseOutcome.fragmentsOf(parsed).stream().map(io.typoguard.parse.QueueFragment::host)
                .filter(java.util.Objects::nonNull).findFirst().orElse("gw1.typoguard.test");
        return host.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    static double passThrough(String bootstrap, String raw, String out, String guarantee, long expected) throws Exception {
        StreamsBuilder b = new StreamsBuilder();
        b.stream(raw, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())).mapValues(v -> v)
                .to(out, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        Properties props = StreamsProps.of(Topics.defaults(), settings(bootstrap, "passthrough", guarantee));
        try (KafkaStreams streams = new KafkaStreams(b.build(), props)) {
            streams.start();
            return rate(bootstrap, out, expected);
        }
    }

    private static double ingestOnly(String bootstrap, Topics topics, String guarantee, long expectedEvents, Colocation colocation,
                                     String raw, String events) throws Exception {
        // A separate events topic per run, so runs' outputs are not mixed.
        Topics t = topics.withRawAndEvents(raw, events);
        TopologyConfig config = TopologyConfig.defaults().withTopics(t).withColocation(colocation);
        var serdes = new io.typoguard.serde.AvroSerdes(new InMemorySchemaRegistry()).registerAll(t);
        try (io.typoguard.runtime.StreamsRunner runner = new io.typoguard.runtime.StreamsRunner(
                io.typoguard.topology.TypoguardTopology.buildIngest(config, serdes),
                StreamsProps.of(t, settings(bootstrap, "typoguard-ingest", guarantee)))) {
            runner.start();
            return rate(bootstrap, t.events(), expectedEvents);
        }
    }

    private static double typoguard(String bootstrap, Topics topics, String events, String guarantee, long expectedEvents) throws Exception {
        Topics t = topics.withRawAndEvents(topics.raw(), events);
        try (TypoguardApp app = new TypoguardApp(TopologyConfig.defaults().withTopics(t), new InMemorySchemaRegistry(),
                settings(bootstrap, "typoguard-bench", guarantee))) {
            app.start();
            return rate(bootstrap, events, expectedEvents);
        }
    }

    static Map<String, String> settings(String bootstrap, String app, String guarantee) throws Exception {
        Path state = Files.createTempDirectory("typoguard-bench-");
        Map<String, String> s = new HashMap<>();
        s.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        s.put(StreamsConfig.APPLICATION_ID_CONFIG, app + "-" + UUID.randomUUID());
        s.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        s.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, "1");
        s.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        s.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "1");
        s.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), "20");
        s.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        return s;
    }

    /** Output records per second between 10% and 100% of the expected count. */
    static double rate(String bootstrap, String topic, long expected) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-counter-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        long seen = 0;
        long t10 = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (seen < expected && System.nanoTime() < deadline) {
                seen += consumer.poll(Duration.ofMillis(100)).count();
                if (t10 == 0 && seen >= expected / 10) {
                    t10 = System.nanoTime();
                }
            }
        }
        if (seen < expected) {
            throw new IllegalStateException("only " + seen + " of " + expected + " records arrived on " + topic);
        }
        double secs = (System.nanoTime() - t10) / 1e9;
        return (expected - expected / 10) / secs;
    }
}
