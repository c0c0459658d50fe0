package io.typoguard.bench;

import io.typoguard.runtime.StreamsProps;
import io.typoguard.runtime.TopicSetup;
import io.typoguard.runtime.TypoguardApp;
import io.typoguard.schema.Correspondent;
import io.typoguard.serde.AvroSerdes;
import io.typoguard.serde.InMemorySchemaRegistry;
import io.typoguard.testkit.EmbeddedKafkaBroker;
import io.typoguard.topology.Topics;
import io.typoguard.topology.TopologyConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The whole app (ingest, detection, windows, incidents, and with relationships on the relationship table) against the
 * pass-through limit, in one run on the in-process broker (issue 19's target: >= 50% of the limit with the table on).
 * Every run is timed the same way: from when its consumer group has committed 10% of the raw input until it has
 * committed the end of every topic it reads (the raw topic, mail.events, mail.policy.decisions and each repartition
 * topic), so a run counts as done only when every record went through every sub-topology. One stream thread each,
 * at_least_once, commit every 100 ms. Input: the demo's traffic (Postfix and JSON lines from several hosts, one
 * message in 40 to a typo domain). With relationships on, the sender organisation has {@code correspondents}
 * established correspondents loaded first, so every clean message is also checked against them.
 *
 * <p>Run: {@code java -cp <test classpath> io.typoguard.bench.WholePipelineThroughput [messages] [rounds] [correspondents] [results.jsonl]}
 */
public final class WholePipelineThroughput {
    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int correspondents = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        Path results = args.length > 3 ? Path.of(args[3]) : null;
        Topics topics = Topics.defaults();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.inTempDir().start()) {
            String bootstrap = broker.bootstrapServers();
            List<NewTopic> plan = new ArrayList<>(TopicSetup.plan(topics, 2, (short) 1));
            plan.add(new NewTopic(topics.raw() + EndToEndThroughput.UNKEYED, 2, (short) 1)); // load() also writes an unkeyed copy
            for (int round = 1; round <= rounds; round++) {
                plan.add(new NewTopic("passthrough.out." + round + ".a", 2, (short) 1));
                plan.add(new NewTopic("passthrough.out." + round + ".b", 2, (short) 1));
                for (String run : List.of("off", "on", "onlean")) {
                    for (String t : List.of("events", "findings", "stats", "alerts", "ocsf", "domains", "deadletter", "decisions")) {
                        plan.add(new NewTopic("bench." + run + "." + round + "." + t, 2, (short) 1));
                    }
                }
            }
            broker.createTopics(plan);
            long lines = EndToEndThroughput.load(bootstrap, topics.raw(), messages)[0];
            loadCorrespondents(bootstrap, topics, correspondents);
            System.out.printf("input: %,d raw records (%,d messages); %,d established correspondents of typoguard.test%n", lines, messages,
                    correspondents);
            for (int round = 1; round <= rounds; round++) {
                double before = passThrough(bootstrap, topics.raw(), "passthrough.out." + round + ".a", lines);
                double off = whole(bootstrap, topics, round, false, lines);
                double on = whole(bootstrap, topics, round, true, lines);
                double lean = wholeLean(bootstrap, topics, round, lines);
                double after = passThrough(bootstrap, topics.raw(), "passthrough.out." + round + ".b", lines);
                double limit = (before + after) / 2;
                System.out.printf("round %d: pass-through %,.0f records/s (before %,.0f, after %,.0f); whole app, relationships off %,.0f (%.0f%%);"
                        + " relationships on %,.0f (%.0f%%); on without sender domains %,.0f (%.0f%%)%n", round, limit, before, after, off,
                        100 * off / limit, on, 100 * on / limit, lean, 100 * lean / limit);
                if (results != null) {
                    Files.writeString(results, String.format(java.util.Locale.ROOT, "{\"benchmark\":\"WholePipelineThroughput\",\"round\":%d,"
                                    + "\"messages\":%d,\"rawRecords\":%d,\"correspondents\":%d,\"passThroughBefore\":%.0f,\"passThroughAfter\":%.0f,"
                                    + "\"wholeRelationshipsOff\":%.0f,\"wholeRelationshipsOn\":%.0f,\"wholeOnWithoutSenderDomains\":%.0f,\"onShareOfLimit\":%.3f,"
                                    + "\"offShareOfLimit\":%.3f,\"unit\":\"raw records/s\"}%n", round, messages, lines, correspondents, before, after, off,
                                    on, lean, on / limit, off / limit),
                            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                }
            }
        }
    }

    /** {@code n} established correspondents of the demo's sender organisation, on the correspondents topic. */
    private static void loadCorrespondents(String bootstrap, Topics topics, int n) {
        AvroSerdes serdes = new AvroSerdes(new InMemorySchemaRegistry()).registerAll(topics);
        Map<String, Object> p = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 20);
        Random random = new Random(19);
        Instant since = Instant.now().minus(Duration.ofDays(30));
        try (var producer = new KafkaProducer<>(p, new StringSerializer(), serdes.correspondent.serializer())) {
            // every domain the demo's senders write to legitimately, then made-up ones up to n
            List<String> domains = new ArrayList<>(io.typoguard.testkit.DemoTraffic.goodDomains());
            while (domains.size() < n) {
                StringBuilder b = new StringBuilder();
                for (int i = 0, len = 5 + random.nextInt(9); i < len; i++) {
                    b.append((char) ('a' + random.nextInt(26)));
                }
                domains.add(b + (random.nextBoolean() ? ".com" : ".de"));
            }
            for (String d : domains.subList(0, Math.min(n, domains.size()))) {
                producer.send(new ProducerRecord<>(topics.correspondents(), "typoguard.test " + d, Correspondent.newBuilder()
                        .setOrganisation("typoguard.test").setDomain(d).setEstablished(true).setEstablishedSince(since)
                        .setSent(10).setDelivered(10).setReceived(3).setDistinctSenders(2).setActiveDays(5).setFirstSeen(since)
                        .setLastSeen(since).build()));
            }
        }
    }

    private static double passThrough(String bootstrap, String raw, String out, long lines) throws Exception {
        StreamsBuilder b = new StreamsBuilder();
        b.stream(raw, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())).mapValues(v -> v)
                .to(out, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        Map<String, String> s = settings(bootstrap, "passthrough");
        try (KafkaStreams streams = new KafkaStreams(b.build(), StreamsProps.of(Topics.defaults(), s))) {
            streams.start();
            return drainRate(bootstrap, s.get(StreamsConfig.APPLICATION_ID_CONFIG), raw, lines);
        }
    }

    private static double wholeLean(String bootstrap, Topics topics, int round, long lines) throws Exception {
        return whole(bootstrap, topics, round, "onlean", TopologyConfig.Relationships.defaults().withSenderDomains(false), lines);
    }

    private static double whole(String bootstrap, Topics topics, int round, boolean relationships, long lines) throws Exception {
        return whole(bootstrap, topics, round, relationships ? "on" : "off",
                relationships ? TopologyConfig.Relationships.defaults() : TopologyConfig.Relationships.off(), lines);
    }

    private static double whole(String bootstrap, Topics topics, int round, String run, TopologyConfig.Relationships relationships, long lines)
            throws Exception {
        String p = "bench." + run + "." + round + ".";
        // Own output topics per run; the lists' topics (trusted, exceptions, correspondents) are shared.
        Topics t = new Topics(topics.raw(), p + "events", topics.trusted(), p + "findings", p + "stats", p + "alerts", p + "deadletter",
                topics.exceptions(), p + "decisions", p + "domains", p + "ocsf", topics.correspondents());
        TopologyConfig config = TopologyConfig.defaults().withTopics(t).withRelationships(relationships);
        Map<String, String> s = settings(bootstrap, "typoguard-whole-" + run);
        try (TypoguardApp app = new TypoguardApp(config, new InMemorySchemaRegistry(), s)) {
            app.start();
            return drainRate(bootstrap, s.get(StreamsConfig.APPLICATION_ID_CONFIG), topics.raw(), lines);
        }
    }

    private static Map<String, String> settings(String bootstrap, String app) throws Exception {
        Map<String, String> s = EndToEndThroughput.settings(bootstrap, app, StreamsConfig.AT_LEAST_ONCE);
        s.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
        return s;
    }

    /**
     * Raw records per second: from when the group has committed 10% of the raw topic until it has committed the end
     * of every partition of every topic it reads (its repartition topics found by the application id prefix).
     */
    private static double drainRate(String bootstrap, String group, String raw, long lines) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            long t10 = 0;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(15);
            while (System.nanoTime() < deadline) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                long rawDone = committed.entrySet().stream().filter(e -> e.getKey().topic().equals(raw) && e.getValue() != null)
                        .mapToLong(e -> e.getValue().offset()).sum();
                if (t10 == 0 && rawDone >= lines / 10) {
                    t10 = System.nanoTime();
                }
                if (rawDone >= lines && drained(admin, group, committed)) {
                    return (lines - lines / 10) / ((System.nanoTime() - t10) / 1e9);
                }
                Thread.sleep(50); // polling the group's offsets, not pacing the work
            }
            throw new IllegalStateException(group + " did not drain its input within 15 minutes");
        }
    }

    private static boolean drained(Admin admin, String group, Map<TopicPartition, OffsetAndMetadata> committed) throws Exception {
        Set<String> all = admin.listTopics().names().get();
        Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
        for (TopicPartition tp : committed.keySet()) {
            ends.put(tp, OffsetSpec.latest());
        }
        for (String topic : all) {
            if (topic.startsWith(group) && topic.endsWith("-repartition")) {
                for (int partition = 0; partition < 2; partition++) {
                    ends.put(new TopicPartition(topic, partition), OffsetSpec.latest());
                }
            }
        }
        var latest = admin.listOffsets(ends).all().get();
        for (var e : latest.entrySet()) {
            OffsetAndMetadata c = committed.get(e.getKey());
            if ((c == null ? 0 : c.offset()) < e.getValue().offset()) {
                return false;
            }
        }
        return true;
    }

    private WholePipelineThroughput() {
    }
}
