package io.typoguard.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.typoguard.detect.TrustedEntry;
import io.typoguard.detect.TrustedFile;
import io.typoguard.runtime.AppConfig;
import io.typoguard.runtime.TopicSetup;
import io.typoguard.runtime.TypoguardApp;
import io.typoguard.schema.TrustedDomain;
import io.typoguard.serde.AvroSerdes;
import io.typoguard.serde.InMemorySchemaRegistry;
import io.typoguard.testkit.EmbeddedKafkaBroker;
import io.typoguard.testkit.KafkaServers;
import io.typoguard.topology.Topics;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The whole pipeline, raw lines to alerts, against the pass-through limit, in the shape a site runs it (issue 21).
 *
 * <p>Input: {@link ProductionTraffic} (24 hosts over 6 partitions, BSD, RFC 3339 and JSON lines, real noise share, a
 * backlog of log time hours before the wall clock), loaded before each run into that run's own raw topic, keyed by host
 * or with no key. Each run gets its own topics (a {@code typoguard.topics.prefix}) and application id.
 *
 * <p>Two shapes ({@code shape=}): {@code inprocess}, the broker and the apps in this JVM; {@code process}, the broker as its
 * own JVM ({@code kafka.Kafka} from Kafka's jars in {@code testkit/target/lib}, Kafka's default heap and GC flags), Typoguard
 * started as {@code bin/typoguard run --config <file>} (one process per instance) and the pass-through as its own JVM.
 * Typoguard runs with its shipped defaults (exactly_once_v2, two stream threads, one standby) plus what a one-broker
 * cluster needs (replication factor 1).
 *
 * <p>Clock, the same for every run: from when the run's consumer group has committed 10% of the raw input ({@code clockFrom})
 * to when the
 * last expected output record is readable (read_committed). For Typoguard that is every event, finding, closed sender
 * window, alert and OCSF alert and every dead letter that {@link ProductionTraffic.Truth} says the input must produce;
 * for the pass-through, every copied record. After the last one, 3 s more are read: fewer or more records than expected,
 * or two equal records on one topic, fail the run. CPU seconds of each process (/proc) over the same interval give the
 * cost per record. Each run's JSON also says where the time went: {@code phases} (when the traffic's events were all out
 * and when each closing wave was written) and, in one JVM, {@code streamThreads} (Kafka Streams' poll, process and
 * commit ratios of each stream thread and its producer's flush and transaction times).
 *
 * <p>Run: {@code java -cp <bench classpath> io.typoguard.bench.PipelineBench key=value ...} with {@code shape},
 * {@code messages}, {@code rounds}, {@code runs} (comma-separated, in order; {@code passthrough}, {@code keyed},
 * {@code unkeyed}, each optionally {@code :<instances>x<threads>}), {@code out} (JSON lines appended) and {@code label}.
 * Every round but the last warms the JIT; each round's limit is the mean of its pass-through runs.
 */
public final class PipelineBench {
    private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    private static final int PARTITIONS = 6;
    private static final Map<String, String> overrides = new LinkedHashMap<>();
    /**
     * Where the clock starts, as the share of the raw input the run's group has committed ({@code clockFrom=}, default 0.1).
     * A fresh app JVM compiles about 12,000 methods in its first minute (JFR: a minute of compiler time in a 500,000-message
     * run), so a later start (0.5 on a long input) gives the rate of a warm app, the one a long-running site sees; the same
     * start applies to the pass-through. Every run also records {@code committedAt}: when the group had committed each
     * tenth of the raw input, from which the rate of each part of the run can be read.
     */
    private static double clockFrom = 0.1;

    private PipelineBench() {
    }

    /**
     * One run: {@code kind[:<instances>x<threads>][@<app>]}. {@code @<app>} starts Typoguard from another checkout, named by
     * the argument {@code app.<app>=<its root>} (built there: its {@code bin/typoguard} and {@code cli/target/lib}), so that
     * two commits run on the same input and broker in one set; deployment shape only.
     */
    record RunSpec(String kind, int instances, int threads, String app) {
        static RunSpec parse(String token) {
            String app = null;
            int at = token.indexOf('@');
            if (at >= 0) {
                app = token.substring(at + 1);
                token = token.substring(0, at);
            }
            String[] parts = token.split(":");
            int instances = 1;
            int threads = io.typoguard.runtime.StreamsProps.DEFAULT_STREAM_THREADS; // the shipped default, for the pass-through too
            if (parts.length > 1) {
                String[] it = parts[1].split("x");
                instances = Integer.parseInt(it[0]);
                threads = it.length > 1 ? Integer.parseInt(it[1]) : 1;
            }
            if (!List.of("passthrough", "keyed", "unkeyed").contains(parts[0])) {
                throw new IllegalArgumentException("unknown run " + token + "; known: passthrough, keyed, unkeyed[:<instances>x<threads>][@<app>]");
            }
            if (app != null && parts[0].equals("passthrough")) {
                throw new IllegalArgumentException("@<app> names another Typoguard checkout; the pass-through has none: " + token);
            }
            return new RunSpec(parts[0], instances, threads, app);
        }

        String name() {
            return kind + (instances == 1 && threads == io.typoguard.runtime.StreamsProps.DEFAULT_STREAM_THREADS ? "" : "-" + instances + "x" + threads)
                    + (app == null ? "" : "@" + app);
        }
    }

    /** Checkouts that {@code @<app>} runs name ({@code app.<app>=<root>}). */
    private static final Map<String, Path> APP_ROOTS = new HashMap<>();

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("arguments are key=value: " + arg);
            }
            a.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        String shape = a.getOrDefault("shape", "inprocess");
        if (!shape.equals("inprocess") && !shape.equals("process")) {
            throw new IllegalArgumentException("shape is inprocess or process");
        }
        int messages = Integer.parseInt(a.getOrDefault("messages", "150000"));
        int rounds = Integer.parseInt(a.getOrDefault("rounds", "2"));
        double rate = Double.parseDouble(a.getOrDefault("rate", "100"));
        List<RunSpec> runs = new ArrayList<>();
        for (String t : a.getOrDefault("runs", "passthrough,keyed,unkeyed,passthrough").split(",")) {
            runs.add(RunSpec.parse(t));
        }
        for (RunSpec run : runs) {
            if (run.app() != null) {
                String root = a.get("app." + run.app());
                if (root == null || !Files.isRegularFile(Path.of(root, "bin/typoguard")) || !Files.isDirectory(Path.of(root, "cli/target/lib"))) {
                    throw new IllegalArgumentException("run " + run.name() + " needs app." + run.app()
                            + "=<root of a built checkout> (with bin/typoguard and cli/target/lib); got " + root);
                }
                if (!shape.equals("process")) {
                    throw new IllegalArgumentException("@<app> runs start bin/typoguard, so they need shape=process: " + run.name());
                }
                APP_ROOTS.put(run.app(), Path.of(root).toAbsolutePath());
            }
        }
        Path out = a.containsKey("out") ? Path.of(a.get("out")) : null;
        clockFrom = Double.parseDouble(a.getOrDefault("clockFrom", "0.1"));
        if (!(clockFrom > 0 && clockFrom < 0.95)) {
            throw new IllegalArgumentException("clockFrom is a share of the raw input above 0 and below 0.95: " + clockFrom);
        }
        // set.<setting>=<value>: a Typoguard or Kafka Streams setting that differs from the defaults, for every Typoguard run.
        a.forEach((k, v) -> {
            if (k.startsWith("set.")) {
                overrides.put(k.substring(4), v);
            }
        });
        if ("at_least_once".equals(overrides.get("processing.guarantee")) && !overrides.containsKey("commit.interval.ms")) {
            // The clock starts when the group has committed 10% of the input: with at_least_once's 30 s default the first
            // commit comes late, the clock starts late, and the rate comes out far too high (seen: 184,357 records/s).
            throw new IllegalArgumentException("with set.processing.guarantee=at_least_once also set set.commit.interval.ms=100");
        }
        Path root = repoRoot();
        Path work = Files.createTempDirectory("typoguard-pipeline-bench-");

        ProductionTraffic traffic = new ProductionTraffic(root, PARTITIONS, 4, 0.005, 21);
        ProductionTraffic.Truth truth = new ProductionTraffic.Truth();
        Instant start = Instant.now().minus(Duration.ofHours(6)).truncatedTo(ChronoUnit.HOURS).plusSeconds(1_234);
        List<ProductionTraffic.Line> closing = new ArrayList<>();
        List<ProductionTraffic.Line> lines = traffic.generate(messages, start, rate, truth, closing);
        System.out.printf("input: %,d raw records from %d hosts (%s), %,d messages from %s at %.0f/s of log time; Postfix noise %.1f%% "
                        + "(bundled real Postfix log: %.1f%%); expected %s%n", truth.records, traffic.hosts.size(), truth.recordsByFormat, messages,
                start, rate, 100.0 * truth.postfixNoise / truth.postfixLines, 100 * traffic.fixtureNoiseShare, truth.asMap());

        Map<String, Object> common = new LinkedHashMap<>();
        common.put("benchmark", "PipelineBench");
        common.put("commit", git(root, "rev-parse", "--short", "HEAD") + (git(root, "status", "--porcelain", "--untracked-files=no").isBlank() ? "" : "+dirty"));
        common.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        common.put("machine", machine());
        common.put("command", "PipelineBench " + String.join(" ", args));
        common.put("label", a.getOrDefault("label", ""));
        common.put("shape", shape);
        common.put("partitions", PARTITIONS);
        common.put("hosts", traffic.hosts.size());
        common.put("input", truth.asMap());
        common.put("logTimeStart", start.toString());
        common.put("fixtureNoiseShare", traffic.fixtureNoiseShare);
        common.put("settingsChanged", overrides);
        common.put("clockFrom", clockFrom);

        try (Cluster cluster = shape.equals("process") ? Cluster.process(root, work) : Cluster.inProcess()) {
            loadTrusted(cluster.bootstrap);
            boolean failed = false;
            for (int round = 1; round <= rounds; round++) {
                List<Map<String, Object>> results = new ArrayList<>();
                for (int i = 0; i < runs.size(); i++) {
                    RunSpec run = runs.get(i);
                    String prefix = "r" + round + "-" + i + "-" + run.name().replace('@', '-') + "."; // '@' is no topic name character
                    Map<String, Object> r = new LinkedHashMap<>(common);
                    r.put("round", round);
                    r.put("warmUp", round < rounds);
                    r.put("run", run.name());
                    r.put("kind", run.kind());
                    r.put("instances", run.instances());
                    r.put("threads", run.threads());
                    if (run.app() != null) {
                        Path appRoot = APP_ROOTS.get(run.app());
                        r.put("appRoot", appRoot.toString());
                        r.put("appCommit", git(appRoot, "rev-parse", "--short", "HEAD")
                                + (git(appRoot, "status", "--porcelain", "--untracked-files=no").isBlank() ? "" : "+dirty"));
                    }
                    try {
                        r.putAll(run(cluster, root, work, prefix, run, lines, closing, truth));
                    } catch (RunFailed e) {
                        r.put("failed", e.getMessage());
                        failed = true;
                    }
                    results.add(r);
                    System.out.printf("round %d %s: %s%n", round, run.name(), r.containsKey("failed") ? "FAILED: " + r.get("failed")
                            : String.format(Locale.ROOT, "%,.0f raw records/s, %.2f s, cpu %s", (Double) r.get("recordsPerSecond"),
                            (Double) r.get("seconds"), r.get("cpuSeconds")) + (r.containsKey("threadCpuSeconds")
                            ? String.format(Locale.ROOT, ", threads %s (stream threads %.1f us a raw record)", r.get("threadCpuSeconds"),
                            (Double) r.get("streamThreadCpuMicrosPerRecord")) : "")
                            + (r.containsKey("phases") ? ", phases " + r.get("phases") : "")
                            + (r.containsKey("recordsPerSecondFrom10") && clockFrom != 0.1
                            ? String.format(Locale.ROOT, ", from 10%%: %,.0f raw records/s", (Double) r.get("recordsPerSecondFrom10")) : "")
                            + (r.containsKey("committedAt") ? ", tenths committed at " + r.get("committedAt") : "")
                            + (r.containsKey("streamThreads") ? "\n    stream threads " + r.get("streamThreads") : ""));
                }
                double limit = results.stream().filter(r -> "passthrough".equals(r.get("kind")) && r.containsKey("recordsPerSecond"))
                        .mapToDouble(r -> (Double) r.get("recordsPerSecond")).average().orElse(Double.NaN);
                for (Map<String, Object> r : results) {
                    r.put("limitOfRound", limit);
                    if (r.containsKey("recordsPerSecond")) {
                        r.put("shareOfLimit", (Double) r.get("recordsPerSecond") / limit);
                        if (!"passthrough".equals(r.get("kind"))) {
                            System.out.printf("round %d %s: %.0f%% of the pass-through limit (%,.0f)%n", round, r.get("run"),
                                    100 * (Double) r.get("shareOfLimit"), limit);
                        }
                    }
                    if (out != null) {
                        Files.writeString(out, JSON.writeValueAsString(r) + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    }
                }
            }
            if (failed) {
                System.err.println("at least one run lost, duplicated or did not finish its output (see above)");
                System.exit(1);
            }
        } finally {
            KafkaServers.deleteRecursively(work);
        }
    }

    static final class RunFailed extends Exception {
        RunFailed(String message) {
            super(message);
        }
    }

    /** One run: its topics, its input, its app(s), measured; the app(s) stopped afterwards. */
    private static Map<String, Object> run(Cluster cluster, Path root, Path work, String prefix, RunSpec run,
                                           List<ProductionTraffic.Line> lines, List<ProductionTraffic.Line> closing,
                                           ProductionTraffic.Truth truth) throws Exception {
        Topics topics = Topics.defaults().withPrefix(prefix);
        String copy = prefix + "copy";
        List<NewTopic> plan = new ArrayList<>(TopicSetup.plan(topics, PARTITIONS, (short) 1));
        plan.removeIf(t -> t.name().equals(Topics.TRUSTED) || t.name().equals(Topics.EXCEPTIONS));
        plan.add(new NewTopic(copy, PARTITIONS, (short) 1));
        cluster.createTopics(plan);
        boolean keyed = !run.kind().equals("unkeyed");
        boolean passThrough = run.kind().equals("passthrough");
        List<ProductionTraffic.Line> first = lines;
        if (passThrough) {
            first = new ArrayList<>(lines);
            first.addAll(closing);
        }
        load(cluster.bootstrap, topics.raw(), first, keyed, false, 0);
        String appId = prefix + "app";
        Map<String, Long> expected = new LinkedHashMap<>();
        List<AutoCloseable> apps = new ArrayList<>();
        List<Process> processes = new ArrayList<>();
        try {
            if (run.kind().equals("passthrough")) {
                expected.put(copy, truth.records);
                for (int i = 0; i < run.instances(); i++) {
                    String state = Files.createDirectories(work.resolve(appId + "-" + i)).toString();
                    if (cluster.process) {
                        processes.add(start(work, appId + "-" + i + ".log", List.of("java", "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                                PassThroughApp.class.getName(), cluster.bootstrap, topics.raw(), copy, appId, state, Integer.toString(run.threads()))));
                    } else {
                        KafkaStreams s = PassThroughApp.start(cluster.bootstrap, topics.raw(), copy, appId, state, run.threads());
                        apps.add(s::close);
                    }
                }
            } else {
                expected.put(topics.events(), truth.deliveries);
                expected.put(topics.findings(), truth.findings);
                expected.put(topics.senderStats(), truth.senderWindows);
                expected.put(topics.alerts(), truth.alerts());
                expected.put(topics.alertsOcsf(), truth.alerts());
                expected.put(topics.deadLetter(), truth.malformed);
                for (int i = 0; i < run.instances(); i++) {
                    Map<String, String> settings = new LinkedHashMap<>();
                    settings.put("bootstrap.servers", cluster.bootstrap);
                    settings.put("application.id", appId);
                    settings.put("state.dir", Files.createDirectories(work.resolve(appId + "-" + i)).toString());
                    settings.put("replication.factor", "1");
                    settings.put("num.stream.threads", Integer.toString(run.threads()));
                    settings.put(AppConfig.TOPIC_PREFIX, prefix);
                    settings.put(AppConfig.TOPIC_REPLICATION, "1");
                    settings.put(AppConfig.HTTP_PORT, cluster.process ? "0" : "-1");
                    settings.putAll(overrides);
                    if (cluster.process) {
                        Path config = work.resolve(appId + "-" + i + ".properties");
                        Properties p = new Properties();
                        p.putAll(settings);
                        try (var w = Files.newBufferedWriter(config)) {
                            p.store(w, "PipelineBench instance " + i);
                        }
                        Path appRoot = run.app() == null ? root : APP_ROOTS.get(run.app());
                        processes.add(start(work, appId + "-" + i + ".log", List.of("bash", appRoot.resolve("bin/typoguard").toString(), "run",
                                "--config", config.toString())));
                    } else {
                        AppConfig cfg = AppConfig.from(settings);
                        TypoguardApp app = new TypoguardApp(cfg.topology(), new InMemorySchemaRegistry(), cfg.kafka());
                        app.start();
                        apps.add(app);
                    }
                }
            }
            List<Long> pids = new ArrayList<>();
            processes.forEach(p -> pids.add(p.pid()));
            // Typoguard gets the closing messages once every event of the traffic is out (see ProductionTraffic.generate).
            int half = (int) truth.closingFirstWaveRecords;
            List<Runnable> closeLogTime = passThrough ? List.of() : List.of(
                    () -> load(cluster.bootstrap, topics.raw(), closing.subList(0, half), keyed, true, lines.size()),
                    () -> load(cluster.bootstrap, topics.raw(), closing.subList(half, closing.size()), keyed, true, lines.size() + half));
            return measure(cluster, appId, topics.raw(), truth.records, expected, topics.events(), truth.deliveries - truth.closingDeliveries,
                    (int) (truth.closingDeliveries / 2), closeLogTime, pids, processes, work, truth);
        } finally {
            for (AutoCloseable app : apps) {
                app.close();
            }
            for (Process p : processes) {
                p.destroy();
            }
            for (Process p : processes) {
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor();
                }
            }
        }
    }

    private static Process start(Path work, String log, List<String> command) throws IOException {
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(work.resolve(log).toFile()).start();
    }

    /** The measurement of one run; see the class comment. */
    private static Map<String, Object> measure(Cluster cluster, String group, String raw, long rawCount, Map<String, Long> expected,
                                               String events, long trafficEvents, int wave, List<Runnable> closeLogTime, List<Long> pids,
                                               List<Process> processes, Path work, ProductionTraffic.Truth truth) throws Exception {
        AtomicLong t10 = new AtomicLong();
        long startAt = (long) (rawCount * clockFrom);
        Map<String, long[]> cpuAt10 = new HashMap<>();
        Map<String, Long> threadCpuAt10 = new HashMap<>();
        // When the group had committed each tenth of the raw input (nanoTime), for the rate of each part of the run.
        long[] tenths = new long[11];
        Thread watcher = new Thread(() -> {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrap))) {
                while (tenths[10] == 0) {
                    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                    long done = committed.entrySet().stream().filter(e -> e.getKey().topic().equals(raw) && e.getValue() != null)
                            .mapToLong(e -> e.getValue().offset()).sum();
                    long now = System.nanoTime();
                    synchronized (tenths) {
                        for (int k = 1; k <= 10; k++) {
                            if (tenths[k] == 0 && done >= rawCount * k / 10) {
                                tenths[k] = now;
                            }
                        }
                    }
                    if (t10.get() == 0 && done >= startAt) {
                        synchronized (cpuAt10) {
                            cpuAt10.putAll(cpu(cluster, pids));
                            threadCpuAt10.putAll(appThreadCpu(cluster, group));
                        }
                        t10.set(now);
                    }
                    Thread.sleep(t10.get() == 0 ? 20 : 100); // polling the group's committed offsets
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "committed-offsets-watcher");
        watcher.setDaemon(true);
        watcher.start();

        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrap);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Map<String, Long> counts = new LinkedHashMap<>();
        // Every record's hash, per topic: a primitive set, so that checking a pass-through's millions of copies costs the
        // harness (which shares the machine's two cores with the runs) as little as checking Typoguard's few outputs.
        Map<String, it.unimi.dsi.fastutil.longs.LongOpenHashSet> seen = new HashMap<>();
        Map<String, Long> duplicates = new LinkedHashMap<>();
        Map<String, Long> alertKinds = new java.util.TreeMap<>();
        Map<String, Long> windowSenders = new HashMap<>();
        // Incident alerts by "sender|typo domain", to name the incidents that differ from the ground truth when a run fails.
        Map<String, List<String>> incidentAlerts = new HashMap<>();
        org.apache.avro.specific.SpecificDatumReader<io.typoguard.schema.Alert> alertReader =
                new org.apache.avro.specific.SpecificDatumReader<>(io.typoguard.schema.Alert.class);
        expected.keySet().forEach(t -> {
            counts.put(t, 0L);
            seen.put(t, new it.unimi.dsi.fastutil.longs.LongOpenHashSet());
            duplicates.put(t, 0L);
        });
        long tLast = 0;
        long trafficOut = 0;
        Map<String, Object> threadMetrics = Map.of();
        List<Long> wavesWritten = new ArrayList<>();
        Map<String, long[]> cpuAtLast = null;
        Map<String, Long> threadCpuAtLast = Map.of();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(15);
        Map<String, Long> topicOffsets;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrap))) {
            List<TopicPartition> parts = new ArrayList<>();
            for (String t : expected.keySet()) {
                for (PartitionInfo p : consumer.partitionsFor(t)) {
                    parts.add(new TopicPartition(t, p.partition()));
                }
            }
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            long stopAt = Long.MAX_VALUE;
            long nextReport = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            int closed = 0;
            long waveOut = 0;
            long lastTotal = -1;
            long lastProgress = System.nanoTime();
            while (System.nanoTime() < Math.min(deadline, stopAt)) {
                if (trafficOut == 0 && counts.getOrDefault(events, 0L) >= trafficEvents) {
                    trafficOut = System.nanoTime();
                }
                for (ConsumerRecord<byte[], byte[]> rec : consumer.poll(Duration.ofMillis(50))) {
                    counts.merge(rec.topic(), 1L, Long::sum);
                    if (rec.topic().endsWith(Topics.ALERTS) && rec.value() != null) {
                        String v = new String(rec.value(), StandardCharsets.ISO_8859_1);
                        alertKinds.merge(v.contains("sender-threshold-") ? "threshold" : v.contains("typo-domain-") ? "domain"
                                : v.contains("Closed: ") ? "incidentClose" : "incidentOpenOrUpdate", 1L, Long::sum);
                        if (rec.topic().endsWith("." + Topics.ALERTS)) {
                            recordIncidentAlert(alertReader, rec.value(), incidentAlerts);
                        }
                    }
                    if (rec.topic().endsWith(Topics.SENDER_STATS) && rec.key() != null && rec.key().length >= 8) {
                        // Windowed key: the sender identity, then the window's start (8 bytes).
                        windowSenders.merge(new String(rec.key(), 0, rec.key().length - 8, StandardCharsets.UTF_8), 1L, Long::sum);
                    }
                    if (!seen.get(rec.topic()).add(hash(rec.key(), rec.value()))) {
                        duplicates.merge(rec.topic(), 1L, Long::sum);
                    }
                }
                long total = counts.values().stream().mapToLong(Long::longValue).sum();
                if (total != lastTotal) {
                    lastTotal = total;
                    lastProgress = System.nanoTime();
                } else if (tLast == 0 && System.nanoTime() - lastProgress > TimeUnit.SECONDS.toNanos(90)) {
                    throw new RunFailed("no output for 90 s: written " + counts + " of " + expected + ", alerts " + alertKinds);
                }
                if (System.nanoTime() > nextReport) {
                    System.out.printf("  ... %s: written %s of %s; alerts %s%n", group, counts.values(), expected.values(), alertKinds);
                    nextReport = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
                }
                // The closing messages (ProductionTraffic.generate): the first wave once the traffic's events are out, the second
                // 1.5 s after the first wave's events are out, as Kafka Streams looks for closed windows at most once a second.
                // "Out" for the first wave means processed by the detection: the app's group has committed mail.events past it.
                if (closed < closeLogTime.size() && counts.get(events) >= trafficEvents + (long) closed * wave
                        && (closed == 0 || waveOut != 0 || committed(admin, group, events) >= trafficEvents + (long) closed * wave)) {
                    if (closed == 0 || (waveOut != 0 && System.nanoTime() - waveOut > TimeUnit.MILLISECONDS.toNanos(1_500))) {
                        closeLogTime.get(closed++).run();
                        wavesWritten.add(System.nanoTime());
                        waveOut = 0;
                    } else if (waveOut == 0) {
                        waveOut = System.nanoTime();
                    }
                }
                if (tLast == 0 && expected.entrySet().stream().allMatch(e -> counts.get(e.getKey()) >= e.getValue())) {
                    tLast = System.nanoTime();
                    cpuAtLast = cpu(cluster, pids);
                    threadCpuAtLast = appThreadCpu(cluster, group);
                    threadMetrics = streamThreadMetrics(group);
                    stopAt = tLast + TimeUnit.SECONDS.toNanos(3);
                }
                for (Process p : processes) {
                    if (!p.isAlive()) {
                        throw new RunFailed("a process of the run exited with " + p.exitValue() + " (logs in " + work + ")");
                    }
                }
            }
            topicOffsets = topicOffsets(admin, group.endsWith(".app") ? group.substring(0, group.length() - 3) : group);
        }
        watcher.interrupt();
        Map<String, Object> r = new LinkedHashMap<>();
        // What the run wrote to the broker, per topic of the run (its own, internal ones included): end offsets, which count
        // transaction markers too. Where the broker's work goes.
        r.put("topicOffsets", topicOffsets);
        r.put("expected", expected);
        r.put("written", counts);
        r.put("duplicates", duplicates);
        r.put("alertKinds", alertKinds);
        if (tLast == 0) {
            throw new RunFailed("not every expected output within 15 minutes: expected " + expected + ", written " + counts);
        }
        if (truth != null && !incidentAlerts.isEmpty()) {
            r.put("incidentsDiffering", printIncidentDifferences(truth, incidentAlerts));
        }
        if (!counts.equals(expected) || duplicates.values().stream().anyMatch(d -> d > 0)) {
            // Which sender identities got a closed window beyond the generator's (each of its senders has one per hour):
            // the ones without an '@' or with more windows than the others point at a delivery that lost its sender.
            List<String> odd = windowSenders.entrySet().stream().filter(e -> !e.getKey().contains("@") || e.getValue() > 1)
                    .map(e -> "'" + e.getKey() + "'=" + e.getValue()).sorted().limit(20).toList();
            System.out.println("  windows by sender: " + windowSenders.size() + " senders; odd ones " + odd);

            throw new RunFailed("output differs from the ground truth: expected " + expected + ", written " + counts + ", duplicates " + duplicates
                    + ", alerts " + alertKinds);
        }
        if (t10.get() == 0 || t10.get() > tLast) {
            throw new RunFailed("the group never committed " + Math.round(100 * clockFrom) + "% of the input before the last output");
        }
        double seconds = (tLast - t10.get()) / 1e9;
        r.put("seconds", seconds);
        synchronized (tenths) {
            // Seconds from the clock's start to when the group had committed 10%, 20%, ... 100% of the raw input (null: not
            // seen before the run ended; the watcher polls every 20 ms or so).
            List<Double> at = new ArrayList<>();
            for (int k = 1; k <= 10; k++) {
                at.add(tenths[k] == 0 ? null : (tenths[k] - t10.get()) / 1e9);
            }
            r.put("committedAt", at);
            if (tenths[1] != 0 && tenths[1] < tLast) {
                // The rate with the clock from 10%, as runs before clockFrom measured it, for comparison.
                r.put("recordsPerSecondFrom10", (rawCount - rawCount / 10) / ((tLast - tenths[1]) / 1e9));
            }
        }
        // Where the time went: when the traffic's events were all out, and when each closing wave was written (seconds from
        // the clock's start); what follows the last wave is the latency of closing windows and incidents, not throughput.
        if (trafficOut != 0) { // a Typoguard run (the pass-through writes no events)
            Map<String, Object> phases = new LinkedHashMap<>();
            phases.put("trafficEventsOut", (trafficOut - t10.get()) / 1e9);
            phases.put("closingWavesWritten", wavesWritten.stream().map(w -> (w - t10.get()) / 1e9).toList());
            r.put("phases", phases);
        }
        if (!threadMetrics.isEmpty()) {
            r.put("streamThreads", threadMetrics);
        }
        r.put("recordsPerSecond", (rawCount - startAt) / seconds);
        Map<String, Double> cpuSeconds = new LinkedHashMap<>();
        synchronized (cpuAt10) {
            for (var e : cpuAtLast.entrySet()) {
                long[] before = cpuAt10.get(e.getKey());
                cpuSeconds.put(e.getKey(), (e.getValue()[0] - (before == null ? 0 : before[0])) / 100.0);
            }
        }
        r.put("cpuSeconds", cpuSeconds);
        if (!threadCpuAtLast.isEmpty()) {
            // In one JVM, where cpuSeconds.oneJvm went, by thread (appThreadCpu): the app's stream threads per raw record are
            // what the app's processing costs without the broker, the harness, the JIT and the GC that share the JVM.
            Map<String, Double> threads = new LinkedHashMap<>();
            synchronized (cpuAt10) {
                threadCpuAtLast.forEach((k, v) -> threads.put(k, (v - threadCpuAt10.getOrDefault(k, 0L)) / 1e9));
            }
            r.put("threadCpuSeconds", threads);
            r.put("streamThreadCpuMicrosPerRecord", 1e6 * threads.getOrDefault("streamThreads", 0.0) / (rawCount - startAt));
        }
        double total = cpuSeconds.values().stream().mapToDouble(Double::doubleValue).sum();
        r.put("cpuMicrosPerRecord", 1e6 * total / (rawCount - startAt));
        r.put("coresBusy", total / seconds);
        return r;
    }

    /**
     * Where the stream threads of an app in this JVM spent their time (Kafka Streams' thread metrics over the last
     * sample window: poll, process, punctuate and commit ratios, commit latency) and what their transactional
     * producers waited for (flush, offsets, commit, in seconds since the app started); empty in the process shape,
     * whose apps run in other JVMs.
     */
    private static Map<String, Object> streamThreadMetrics(String group) {
        Map<String, Object> out = new java.util.TreeMap<>();
        javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
        try {
            for (javax.management.ObjectName n : server.queryNames(new javax.management.ObjectName("kafka.streams:type=stream-thread-metrics,*"), null)) {
                String thread = n.getKeyProperty("thread-id");
                if (thread == null || !thread.startsWith(group)) {
                    continue;
                }
                for (String a : List.of("poll-ratio", "process-ratio", "punctuate-ratio", "commit-ratio", "commit-latency-avg",
                        "poll-latency-avg", "process-records-avg", "commit-total", "process-total")) {
                    try {
                        out.put(thread.substring(thread.indexOf("StreamThread")) + " " + a, server.getAttribute(n, a));
                    } catch (javax.management.AttributeNotFoundException e) {
                        // the global stream thread has no such ratio
                    }
                }
            }
            for (javax.management.ObjectName n : server.queryNames(new javax.management.ObjectName("kafka.producer:type=producer-metrics,*"), null)) {
                String client = n.getKeyProperty("client-id");
                if (client == null || !client.startsWith(group)) {
                    continue;
                }
                for (String a : List.of("flush-time-ns-total", "txn-commit-time-ns-total", "txn-send-offsets-time-ns-total",
                        "txn-begin-time-ns-total", "record-send-total", "request-latency-avg")) {
                    Object v = server.getAttribute(n, a);
                    out.put(client.substring(client.indexOf("StreamThread")) + " " + a, a.endsWith("-ns-total") && v instanceof Number x ? x.doubleValue() / 1e9 : v);
                }
            }
        } catch (javax.management.JMException e) {
            out.put("error", e.toString());
        }
        return out;
    }

    /** Records of {@code topic} the group has committed (processed), over all partitions. */
    /** An incident alert (Confluent wire format: magic byte, 4-byte schema id, Avro binary), as "ACTIVITY count @log time". */
    private static void recordIncidentAlert(org.apache.avro.specific.SpecificDatumReader<io.typoguard.schema.Alert> reader, byte[] value,
                                            Map<String, List<String>> out) {
        try {
            io.typoguard.schema.Alert a = reader.read(null, org.apache.avro.io.DecoderFactory.get().binaryDecoder(value, 5, value.length - 5, null));
            if (a.getType() == io.typoguard.schema.AlertType.DELIVERED_TYPO) {
                out.computeIfAbsent(a.getSender() + "|" + a.getTypoDomain(), k -> new ArrayList<>())
                        .add(a.getActivity() + " " + a.getCount() + " @" + a.getTimestamp());
            }
        } catch (IOException | RuntimeException e) {
            out.computeIfAbsent("(unreadable alert)", k -> new ArrayList<>()).add(e.toString());
        }
    }

    /** The incidents whose alerts differ in number from the generator's, with the alerts written and the findings' log times. */
    private static int printIncidentDifferences(ProductionTraffic.Truth truth, Map<String, List<String>> written) {
        Set<String> keys = new java.util.TreeSet<>(truth.incidentAlertsByKey.keySet());
        keys.addAll(written.keySet());
        int differing = 0;
        for (String k : keys) {
            long expected = truth.incidentAlertsByKey.getOrDefault(k, 0L);
            List<String> got = written.getOrDefault(k, List.of());
            if (got.size() != expected && differing++ < 10) {
                System.out.println("  incident " + k + ": expected " + expected + " alerts, written " + got.size() + " " + got
                        + "; delivered findings at " + truth.incidentFindings.getOrDefault(k, List.of()).stream()
                        .map(t -> java.time.Instant.ofEpochMilli(t).toString()).toList());
            }
        }
        System.out.println("  incidents whose alerts differ from the ground truth: " + differing + " of " + keys.size());
        return differing;
    }

    /** The summed end offsets of every topic whose name starts with {@code prefix}, largest first. */
    private static Map<String, Long> topicOffsets(Admin admin, String prefix) throws Exception {
        List<String> names = admin.listTopics(new org.apache.kafka.clients.admin.ListTopicsOptions().listInternal(false)).names().get()
                .stream().filter(n -> n.startsWith(prefix)).toList();
        Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> ends = new HashMap<>();
        admin.describeTopics(names).allTopicNames().get().forEach((n, d) -> d.partitions()
                .forEach(p -> ends.put(new TopicPartition(n, p.partition()), org.apache.kafka.clients.admin.OffsetSpec.latest())));
        Map<String, Long> sums = new HashMap<>();
        admin.listOffsets(ends).all().get().forEach((tp, o) -> sums.merge(tp.topic(), o.offset(), Long::sum));
        Map<String, Long> out = new LinkedHashMap<>();
        sums.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    private static long committed(Admin admin, String group, String topic) throws Exception {
        return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().entrySet().stream()
                .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null).mapToLong(e -> e.getValue().offset()).sum();
    }

    /** CPU ticks (1/100 s, user + system) of each process: "all" in one JVM, or broker, apps and this harness. */
    private static Map<String, long[]> cpu(Cluster cluster, List<Long> pids) {
        Map<String, long[]> m = new LinkedHashMap<>();
        if (!cluster.process) {
            m.put("oneJvm", new long[] {ticks(ProcessHandle.current().pid())});
            return m;
        }
        m.put("broker", new long[] {ticks(cluster.broker.pid())});
        long apps = 0;
        for (long pid : pids) {
            apps += ticks(pid);
        }
        m.put("apps", new long[] {apps});
        m.put("harness", new long[] {ticks(ProcessHandle.current().pid())});
        return m;
    }

    /**
     * In one JVM, CPU nanoseconds so far of the threads of the app {@code appId} by kind: its stream threads, their
     * producers' network threads, and its other threads (global thread, state updater, consumers' heartbeats); empty in
     * the process shape. Threads that ended are not counted, so only long-lived threads are compared.
     */
    private static Map<String, Long> appThreadCpu(Cluster cluster, String appId) {
        if (cluster.process) {
            return Map.of();
        }
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        Map<String, Long> m = new java.util.TreeMap<>(jvmThreadCpu(appId));
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String name = t.getName();
            if (!name.contains(appId)) {
                continue;
            }
            String kind = name.contains("producer-network-thread") ? "producerNetworkThreads"
                    : name.contains("StreamThread-") && !name.contains("producer") ? "streamThreads" : "otherAppThreads";
            long ns = mx.getThreadCpuTime(t.getId());
            if (ns > 0) {
                m.merge(kind, ns, Long::sum);
            }
        }
        return m;
    }

    /**
     * CPU nanoseconds so far of this JVM's threads outside the apps, by what they serve (from /proc/self/task, whose thread
     * names are cut at 15 characters): "jvm:jit", "jvm:gc", "jvm:other" (VM thread, JFR, ...), "jvm:broker" (the
     * in-process broker's threads), "jvm:producerNetworkThreads(all)" (the app's and the harness's, whose names are cut
     * alike) and "jvm:rest" (the harness, its clients and anything else). A thread that ended is
     * missing from the later reading, so compare long-lived kinds only.
     */
    private static Map<String, Long> jvmThreadCpu(String appId) {
        Map<String, Long> m = new java.util.TreeMap<>();
        String appComm = appId.substring(0, Math.min(15, appId.length())); // the app's threads' names start with its id
        long nsPerTick = 10_000_000L; // USER_HZ = 100 on Linux
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String comm = Files.readString(task.resolve("comm")).strip();
                    long ns = statTicks(task.resolve("stat")) * nsPerTick;
                    String kind = comm.contains(".app-") || comm.startsWith(appComm) ? null
                            : comm.startsWith("kafka-producer-") ? "jvm:producerNetworkThreads(all)"
                            : comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler") ? "jvm:jit"
                            : comm.startsWith("GC Thread") || comm.startsWith("G1 ") ? "jvm:gc"
                            : comm.startsWith("VM ") || comm.startsWith("JFR") || comm.startsWith("Sweeper") || comm.startsWith("Service Thread")
                            || comm.startsWith("Monitor Deflati") || comm.startsWith("Common-Cleaner") ? "jvm:other"
                            : comm.startsWith("data-plane") || comm.startsWith("kafka-") && !comm.startsWith("kafka-producer") && !comm.startsWith("kafka-admin")
                            || comm.startsWith("broker-") || comm.startsWith("controller-") || comm.startsWith("quorum-") || comm.startsWith("group-coordin")
                            || comm.startsWith("TxnMarker") || comm.startsWith("AddPartitionsTo") || comm.startsWith("ExpirationReap")
                            || comm.startsWith("LogDirFailure") || comm.startsWith("share-") || comm.startsWith("log-") ? "jvm:broker" : "jvm:rest";
                    if (kind != null) {
                        m.merge(kind, ns, Long::sum);
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        return m;
    }

    /** User plus system CPU ticks of a process or thread from its /proc stat file (fields 14 and 15). */
    private static long statTicks(Path statFile) throws IOException {
        String stat = Files.readString(statFile);
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private static long ticks(long pid) {
        try {
            return statTicks(Path.of("/proc/" + pid + "/stat"));
        } catch (IOException e) {
            return 0;
        }
    }

    /** 64-bit hash of a record (hash4j's XXH3), to find two equal records on one topic. */
    private static long hash(byte[] key, byte[] value) {
        long k = key == null ? 0 : com.dynatrace.hash4j.hashing.Hashing.xxh3_64().hashBytesToLong(key);
        return 31 * k + (value == null ? 0 : com.dynatrace.hash4j.hashing.Hashing.xxh3_64().hashBytesToLong(value));
    }

    /**
     * Writes {@code lines} and checks that the topic then holds {@code before} + their number of records. With
     * {@code hostPartition}, an unkeyed line goes to its host's partition (the closing messages must reach every partition
     * whatever the sticky partitioner picks); a keyed line goes there anyway.
     */
    private static void load(String bootstrap, String topic, List<ProductionTraffic.Line> lines, boolean keyed, boolean hostPartition, long before) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "60000");
        // As rsyslog's omkafka: not idempotent. (The idempotent producer hit OUT_OF_ORDER_SEQUENCE_NUMBER retries without end on
        // freshly created topics of the in-process broker.) One request in flight keeps each host's lines in order; the end
        // offsets are checked below, so a retried duplicate fails the load instead of skewing the ground truth.
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        java.util.concurrent.atomic.AtomicReference<Exception> failure = new java.util.concurrent.atomic.AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (ProductionTraffic.Line l : lines) {
                producer.send(new ProducerRecord<>(topic, hostPartition ? Integer.valueOf(l.host().partition()) : null,
                        keyed ? l.host().name().getBytes(StandardCharsets.UTF_8) : null, l.value()), (m, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("loading " + topic + " failed", failure.get());
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> ends = new HashMap<>();
            for (int i = 0; i < PARTITIONS; i++) {
                ends.put(new TopicPartition(topic, i), org.apache.kafka.clients.admin.OffsetSpec.latest());
            }
            long written = admin.listOffsets(ends).all().get().values().stream().mapToLong(o -> o.offset()).sum();
            if (written != before + lines.size()) {
                throw new IllegalStateException(topic + " holds " + written + " records, not the " + (before + lines.size()) + " loaded");
            }
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The demo's trusted list on trusted.domains, as {@code typoguard trusted import} writes it (same registry ids). */
    private static void loadTrusted(String bootstrap) throws IOException {
        List<TrustedEntry> entries;
        try (var in = PipelineBench.class.getClassLoader().getResourceAsStream("demo/trusted.csv")) {
            entries = TrustedFile.read(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        AvroSerdes serdes = new AvroSerdes(new InMemorySchemaRegistry()).registerAll(Topics.defaults());
        TopicSetup.ensure(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), TopicSetup.plan(Topics.defaults(), 1, (short) 1).stream()
                .filter(t -> t.name().equals(Topics.TRUSTED) || t.name().equals(Topics.EXCEPTIONS)).toList());
        Map<String, Object> p = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, TrustedDomain> producer = new KafkaProducer<>(p, new StringSerializer(), serdes.trustedDomain.serializer())) {
            for (TrustedEntry e : entries) {
                producer.send(new ProducerRecord<>(Topics.TRUSTED, null, 0L, e.name(), TrustedDomain.newBuilder().setDomain(e.name())
                        .setOrganisation(e.organisation()).setSensitivity(e.sensitivity()).setIncludeSubdomains(e.includeSubdomains())
                        .setNote("PipelineBench").build()));
            }
            producer.flush();
        }
    }

    /** The broker: in this JVM, or its own JVM started from Kafka's jars as kafka-server-start.sh would. */
    static final class Cluster implements AutoCloseable {
        final boolean process;
        final String bootstrap;
        final Process broker;
        private final EmbeddedKafkaBroker embedded;

        private Cluster(boolean process, String bootstrap, Process broker, EmbeddedKafkaBroker embedded) {
            this.process = process;
            this.bootstrap = bootstrap;
            this.broker = broker;
            this.embedded = embedded;
        }

        static Cluster inProcess() {
            EmbeddedKafkaBroker b = EmbeddedKafkaBroker.inTempDir().start();
            return new Cluster(false, b.bootstrapServers(), null, b);
        }

        static Cluster process(Path root, Path work) throws Exception {
            Path lib = root.resolve("testkit/target/lib");
            if (!Files.isDirectory(lib)) {
                throw new IllegalStateException(lib + " is missing: run mvn -B -DskipTests package first");
            }
            int port = KafkaServers.freePort();
            int controller = KafkaServers.freePort();
            Path data = work.resolve("kafka-data");
            Properties server = KafkaServers.singleNode("PLAINTEXT", port, "PLAINTEXT", controller, data);
            Path file = work.resolve("server.properties");
            try (var w = Files.newBufferedWriter(file)) {
                server.store(w, "PipelineBench broker");
            }
            String cp = lib + "/*";
            Process format = new ProcessBuilder("java", "-cp", cp, "kafka.tools.StorageTool", "format", "--standalone", "-t",
                    org.apache.kafka.common.Uuid.randomUuid().toString(), "-c", file.toString()).redirectErrorStream(true)
                    .redirectOutput(work.resolve("format.log").toFile()).start();
            if (format.waitFor() != 0) {
                throw new IllegalStateException("kafka-storage format failed: " + Files.readString(work.resolve("format.log")));
            }
            // kafka-server-start.sh's defaults: 1 GB heap, G1 with 20 ms pauses.
            Process broker = new ProcessBuilder("java", "-Xmx1G", "-Xms1G", "-server", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20",
                    "-XX:InitiatingHeapOccupancyPercent=35", "-XX:+ExplicitGCInvokesConcurrent", "-Djava.awt.headless=true", "-cp", cp,
                    "kafka.Kafka", file.toString()).redirectErrorStream(true).redirectOutput(work.resolve("broker.log").toFile()).start();
            String bootstrap = "127.0.0.1:" + port;
            KafkaServers.awaitBrokers(new HashMap<>(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap)), 1, Duration.ofSeconds(90));
            return new Cluster(true, bootstrap, broker, null);
        }

        void createTopics(List<NewTopic> topics) {
            TopicSetup.ensure(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), topics);
        }

        @Override
        public void close() throws Exception {
            if (embedded != null) {
                embedded.close();
            }
            if (broker != null) {
                broker.destroy();
                if (!broker.waitFor(60, TimeUnit.SECONDS)) {
                    broker.destroyForcibly();
                }
            }
        }
    }

    private static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("benchmarks"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("run from inside the repository (no benchmarks/ directory above " + Path.of("").toAbsolutePath() + ")");
        }
        return p;
    }

    static String git(Path root, String... args) {
        try {
            List<String> cmd = new ArrayList<>(List.of("git", "-C", root.toString()));
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor();
            return out;
        } catch (IOException | InterruptedException e) {
            return "unknown";
        }
    }

    static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    m.put("cpu", line.substring(line.indexOf(':') + 1).trim());
                    break;
                }
            }
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal")) {
                    m.put("memory", line.substring(line.indexOf(':') + 1).trim());
                    break;
                }
            }
        } catch (IOException e) {
            m.put("cpu", "unknown");
        }
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        return m;
    }
}
