package io.typoguard.reliability;

import io.typoguard.testkit.EmbeddedKafkaBroker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.typoguard.runtime.TopicSetup;
import io.typoguard.schema.Alert;
import io.typoguard.schema.Sensitivity;
import io.typoguard.schema.SenderWindowStats;
import io.typoguard.schema.TrustedDomain;
import io.typoguard.schema.TypoFinding;
import io.typoguard.serde.AvroSerdes;
import io.typoguard.serde.InMemorySchemaRegistry;
import io.typoguard.topology.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, item 1: with exactly_once_v2, the app runs in its own JVM against the broker while 1,000,000 log lines
 * with a known set of typos are fed in; it is killed with SIGKILL twice at random points and restarted. A
 * read_committed consumer then finds every expected finding exactly once, the same alerts (each incident step once)
 * as an undisturbed run, and the same closed-window counts per sender.
 */
class ExactlyOnceCrashTest {
    private static final int LINES = Integer.getInteger("typoguard.eos.lines", 1_000_000);
    private static final int TYPO_EVERY = 500;             // 2,000 findings
    private static final int SENDERS = 1_000;

    @TempDir
    Path tmp;

    @Test
    void twoCrashesLoseNothingAndDoubleCountNothing() throws Exception {
        Topics base = Topics.defaults();
        // The same schema ids as the app's own in-process registry: registered in the same order.
        AvroSerdes serdes = new AvroSerdes(new InMemorySchemaRegistry()).registerAll(base);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.inTempDir().start()) {
            List<NewTopic> plan = new ArrayList<>(TopicSetup.plan(base, 2, (short) 1));
            for (String suffix : List.of(".calm", ".crash")) {
                for (NewTopic t : TopicSetup.plan(ReliabilityApp.topics(suffix), 2, (short) 1)) {
                    if (plan.stream().noneMatch(p -> p.name().equals(t.name()))) {
                        plan.add(t);
                    }
                }
            }
            broker.createTopics(plan);
            String bootstrap = broker.bootstrapServers();
            int[] expected = feed(bootstrap, base, serdes);
            int expectedFindings = expected[0];
            int expectedWindows = expected[1];

            // The undisturbed run and the crashed run side by side (separate application ids, state and output
            // topics, the same input): the calm one uses the CPU while the crashed one restarts.
            Process calm = start(bootstrap, "calm", tmp.resolve("calm"));
            // The crashed run: SIGKILL twice at random points, restart each time with the same state directory.
            Random random = new Random();
            Path crashState = tmp.resolve("crash");
            Topics crash = ReliabilityApp.topics(".crash");
            Process p = start(bootstrap, "crash", crashState);
            try {
                for (int kill = 0; kill < 2; kill++) {
                    long atFindings = (long) (expectedFindings * (0.15 + 0.35 * kill + random.nextDouble() * 0.2));
                    awaitCount(bootstrap, crash.findings(), atFindings, 300);
                    p.destroyForcibly();  // SIGKILL: no shutdown hook, no commit, open transactions abort
                    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
                    p = start(bootstrap, "crash", crashState);
                }
                awaitCount(bootstrap, crash.findings(), expectedFindings, 300);
                awaitCount(bootstrap, crash.senderStats(), expectedWindows, 300);
                awaitCount(bootstrap, ReliabilityApp.topics(".calm").findings(), expectedFindings, 300);
                awaitCount(bootstrap, ReliabilityApp.topics(".calm").senderStats(), expectedWindows, 300);
            } finally {
                p.destroyForcibly().waitFor();
                calm.destroyForcibly().waitFor();
            }

            Topics calmTopics = ReliabilityApp.topics(".calm");
            List<TypoFinding> findings = read(bootstrap, crash.findings(), serdes.finding.deserializer());
            assertThat(findings).hasSize(expectedFindings);
            assertThat(findings.stream().map(TypoFinding::getFindingId).distinct().count()).as("no finding twice").isEqualTo(expectedFindings);

            Function<Alert, String> step = a -> a.getAlertId() + "#" + a.getRevision() + "/" + a.getActivity() + "/" + a.getCount();
            List<String> calmAlerts = read(bootstrap, calmTopics.alerts(), serdes.alert.deserializer()).stream().map(step).sorted().toList();
            List<String> crashAlerts = read(bootstrap, crash.alerts(), serdes.alert.deserializer()).stream().map(step).sorted().toList();
            assertThat(crashAlerts).as("every incident step exactly once, as in the undisturbed run").isNotEmpty().isEqualTo(calmAlerts);

            Map<String, String> calmWindows = windows(bootstrap, calmTopics.senderStats(), serdes);
            Map<String, String> crashWindows = windows(bootstrap, crash.senderStats(), serdes);
            assertThat(calmWindows).as("closed windows of the undisturbed run").hasSize(expectedWindows);
            java.util.Set<String> differing = new java.util.TreeSet<>();
            calmWindows.forEach((k, v) -> {
                if (!v.equals(crashWindows.get(k))) {
                    differing.add(k + ": calm " + v + ", crashed " + crashWindows.get(k));
                }
            });
            crashWindows.keySet().stream().filter(k -> !calmWindows.containsKey(k)).forEach(k -> differing.add(k + ": only in the crashed run"));
            assertThat(differing).as("closed-window counts per sender that differ from the undisturbed run").isEmpty();
        }
    }

    /**
     * 1,000,000 JSON lines 10 ms of log time apart, every 500th to army.ml; then a late line per partition that closes
     * every window. Returns the findings and the (sender, hour) windows to expect.
     */
    static int[] feed(String bootstrap, Topics topics, AvroSerdes serdes) throws Exception {
        return feed(bootstrap, topics, serdes, LINES);
    }

    static int[] feed(String bootstrap, Topics topics, AvroSerdes serdes, int lines) throws Exception {
        Map<String, Object> p = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, "20",
                ProducerConfig.BATCH_SIZE_CONFIG, "262144", ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        try (var trusted = new KafkaProducer<>(p, new StringSerializer(), serdes.trustedDomain.serializer())) {
            trusted.send(new ProducerRecord<>(topics.trusted(), 0, 0L, "army.mil", TrustedDomain.newBuilder().setDomain("army.mil")
                    .setSensitivity(Sensitivity.CRITICAL).setIncludeSubdomains(true).build())).get();
        }
        Instant t0 = Instant.now().minus(Duration.ofHours(8)).truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        int typos = 0;
        java.util.Set<String> windows = new java.util.HashSet<>();
        try (var raw = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < lines; i++) {
                boolean typo = i % TYPO_EVERY == 0;
                typos += typo ? 1 : 0;
                Instant at = t0.plusMillis(i * 10L);    // 10 ms apart: 10,000 s of log time for 1,000,000 lines
                windows.add((i % SENDERS) + "@" + at.truncatedTo(java.time.temporal.ChronoUnit.HOURS));
                String to = typo ? "desk" + (i % 7) + "@army.ml" : "user" + (i % 5000) + "@example" + (i % 50) + ".org";
                String line = "{\"timestamp\":\"" + at + "\",\"host\":\"gw1\",\"queue_id\":\"Q" + i + "\",\"from\":\"sender" + (i % SENDERS)
                        + "@typoguard.test\",\"to\":[\"" + to + "\"],\"status\":\"sent\"}";
                // One raw partition: events then reach each mail.events partition in log-time order, so no record is
                // "late" in one run and on time in another (with two, the ingest tasks' relative progress decides
                // which records fall beyond the 5-minute grace, and that differs between any two runs, crash or not).
                raw.send(new ProducerRecord<>(topics.raw(), 0, null, line.getBytes(StandardCharsets.UTF_8)));
            }
            // Stream time past every window's end + grace in every task: late lines from 50 senders, which land on
            // every partition of mail.events (keyed by sender) and of the repartition topics.
            for (int c = 0; c < 50; c++) {
                String late = "{\"timestamp\":\"" + t0.plus(Duration.ofHours(5)) + "\",\"host\":\"gw1\",\"queue_id\":\"END" + c
                        + "\",\"from\":\"closer" + c + "@typoguard.test\",\"to\":[\"x" + c + "@army.ml\"],\"status\":\"sent\"}";
                raw.send(new ProducerRecord<>(topics.raw(), 0, null, late.getBytes(StandardCharsets.UTF_8)));
            }
            raw.flush();
        }
        return new int[] {typos + 50, windows.size()};
    }

    private Process start(String bootstrap, String name, Path state) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"), ReliabilityApp.class.getName(),
                bootstrap, "typoguard-eos-" + name, "." + name, state.toString())
                .redirectErrorStream(true).redirectOutput(logDir().resolve(name + "-" + UUID.randomUUID() + ".log").toFile()).start();
    }

    /** The child JVMs' output, kept for a look after a failure. */
    private static Path logDir() throws java.io.IOException {
        return java.nio.file.Files.createDirectories(Path.of("target", "eos-crash-test"));
    }

    private static Map<String, Object> readCommitted(String bootstrap) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "check-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        return c;
    }

    static void awaitCount(String bootstrap, String topic, long count, int seconds) {
        try (var consumer = new KafkaConsumer<>(readCommitted(bootstrap), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long[] seen = {0};
            await().atMost(Duration.ofSeconds(seconds)).pollInterval(Duration.ofMillis(10)).until(() -> {
                seen[0] += consumer.poll(Duration.ofMillis(500)).count();
                return seen[0] >= count;
            });
        }
    }

    static <T> List<T> read(String bootstrap, String topic, Deserializer<T> values) {
        List<T> out = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(readCommitted(bootstrap), new ByteArrayDeserializer(), values)) {
            consumer.subscribe(List.of(topic));
            long quietSince = System.nanoTime();
            while (System.nanoTime() - quietSince < TimeUnit.SECONDS.toNanos(4)) {
                var records = consumer.poll(Duration.ofMillis(500));
                records.forEach(r -> out.add(r.value()));
                if (!records.isEmpty()) {
                    quietSince = System.nanoTime();
                }
            }
        }
        return out;
    }

    static Map<String, String> windows(String bootstrap, String topic, AvroSerdes serdes) {
        Map<String, String> out = new HashMap<>();
        try (var consumer = new KafkaConsumer<>(readCommitted(bootstrap), new ByteArrayDeserializer(), serdes.senderStats.deserializer())) {
            consumer.subscribe(List.of(topic));
            long quietSince = System.nanoTime();
            while (System.nanoTime() - quietSince < TimeUnit.SECONDS.toNanos(4)) {
                var records = consumer.poll(Duration.ofMillis(500));
                for (var r : records) {
                    SenderWindowStats s = r.value();
                    String key = s.getSender() + "@" + s.getWindowStart();
                    String value = s.getMessages() + "/" + s.getFindings() + "/" + s.getDeliveredFindings() + "/" + s.getTypoDomains();
                    assertThat(out.put(key, value)).as("window " + key + " emitted once").isNull();
                }
                if (!records.isEmpty()) {
                    quietSince = System.nanoTime();
                }
            }
        }
        return out;
    }
}
