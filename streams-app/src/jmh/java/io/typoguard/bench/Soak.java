package io.typoguard.bench;

import io.typoguard.testkit.EmbeddedKafkaBroker;
import io.typoguard.testkit.DemoTraffic;
import io.typoguard.runtime.TopicSetup;
import io.typoguard.runtime.TypoguardApp;
import io.typoguard.schema.Sensitivity;
import io.typoguard.schema.TrustedDomain;
import io.typoguard.serde.InMemorySchemaRegistry;
import io.typoguard.topology.Topics;
import io.typoguard.topology.TopologyConfig;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Soak (issue 9, item 7): the whole app fed a steady rate of synthetic Postfix lines for a number of minutes. The
 * broker and the feeder run in this JVM; the app runs in a JVM of its own ({@link App}), so the memory sampled is
 * the app's alone. Every minute the app prints its heap after a full GC, its committed heap, its RSS and the
 * JVM's own native memory (Native Memory Tracking); the rest of the RSS is memory the JVM does not track (RocksDB
 * and the C allocator). This JVM prints lines fed and the consumer-group lag. Not a test: a run to read.
 *
 * <p>Run: {@code java -cp ... io.typoguard.bench.Soak [minutes=30] [lines/s=20000] [app JVM options, comma-separated]}
 * The app JVM gets {@code MALLOC_ARENA_MAX=2} (as the image does) unless the environment sets it.
 */
public final class Soak {
    private Soak() {
    }

    public static void main(String[] args) throws Exception {
        int minutes = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        List<String> jvm = List.of((args.length > 2 ? args[2] : "-Xms768m,-Xmx768m,-XX:+AlwaysPreTouch").split(","));
        Topics topics = Topics.defaults();
        Path state = Files.createTempDirectory("typoguard-soak-");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.inTempDir().start()) {
            String bootstrap = broker.bootstrapServers();
            broker.createTopics(TopicSetup.plan(topics, 2, (short) 1));
            try (var trusted = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                         new StringSerializer(), new io.typoguard.serde.AvroSerdes(new InMemorySchemaRegistry()).registerAll(topics).trustedDomain.serializer());
                 var raw = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                         ProducerConfig.LINGER_MS_CONFIG, "20", ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
                         new ByteArraySerializer(), new ByteArraySerializer());
                 Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap))) {
                for (String d : List.of("army.mil", "navy.mil", "af.mil", "state.gov", "gmail.com", "outlook.com", "hotmail.com")) {
                    trusted.send(new ProducerRecord<>(topics.trusted(), d, TrustedDomain.newBuilder().setDomain(d)
                            .setSensitivity(Sensitivity.HIGH).setIncludeSubdomains(true).build()));
                }
                trusted.flush();
                List<String> cmd = new java.util.ArrayList<>();
                cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
                cmd.addAll(jvm);
                cmd.add("-XX:NativeMemoryTracking=summary");
                cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), App.class.getName(), bootstrap, state.toString()));
                ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
                pb.environment().putIfAbsent("MALLOC_ARENA_MAX", "2");
                Process app = pb.start();
                java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(app.getInputStream()));
                String line;
                while ((line = out.readLine()) != null && !line.equals("RUNNING")) {
                    // start-up logs are not shown
                }
                Thread relay = new Thread(() -> out.lines().filter(l -> l.startsWith("app ")).forEach(System.out::println));
                relay.setDaemon(true);
                relay.start();
                System.out.printf("soak: %d minutes at %,d lines/s; app JVM %s, MALLOC_ARENA_MAX=%s%n", minutes, rate, jvm,
                        pb.environment().get("MALLOC_ARENA_MAX"));
                System.out.println("app  minute  heap after GC (MB)  heap committed (MB)  RSS (MB)  JVM native, NMT committed (MB)  RSS - NMT (MB)");
                System.out.println("feed minute  lines fed  group lag");
                DemoTraffic traffic = new DemoTraffic(42);
                AtomicLong lines = new AtomicLong();
                long start = System.nanoTime();
                long end = start + Duration.ofMinutes(minutes).toNanos();
                long nextSample = start;
                try {
                    while (System.nanoTime() < end) {
                        long now = System.nanoTime();
                        if (now >= nextSample) {
                            sample((now - start) / 60_000_000_000L, lines.get(), admin);
                            nextSample += Duration.ofMinutes(1).toNanos();
                        }
                        // Lines are sent in 10 ms slices at the target rate.
                        long due = start + lines.get() * 1_000_000_000L / rate;
                        if (due > System.nanoTime()) {
                            LockSupport.parkNanos(Math.min(due - System.nanoTime(), 10_000_000L));
                            continue;
                        }
                        traffic.nextMessage(Instant.now(), l -> {
                            raw.send(new ProducerRecord<>(topics.raw(), l));
                            lines.incrementAndGet();
                        });
                    }
                    sample(minutes, lines.get(), admin);
                    Thread.sleep(65_000); // the app's last sample
                } finally {
                    app.destroy();
                    app.waitFor();
                }
            }
        }
    }

    /** The app alone, sampling its own memory every minute. */
    public static final class App {
        public static void main(String[] args) throws Exception {
            Map<String, String> settings = Map.of(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, args[0],
                    StreamsConfig.APPLICATION_ID_CONFIG, "typoguard-soak", StreamsConfig.STATE_DIR_CONFIG, args[1],
                    StreamsConfig.REPLICATION_FACTOR_CONFIG, "1", StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "0");
            try (TypoguardApp app = new TypoguardApp(TopologyConfig.defaults(), new InMemorySchemaRegistry(), settings)) {
                app.start();
                app.runner().awaitRunning(Duration.ofSeconds(60));
                System.out.println("RUNNING");
                long start = System.nanoTime();
                for (int minute = 0; ; minute++) {
                    LockSupport.parkNanos(start + minute * 60_000_000_000L - System.nanoTime());
                    System.gc();
                    var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
                    long nmt = nmtCommittedMb();
                    long rss = rssMb();
                    System.out.printf("app  %3d  %6d  %6d  %6d  %6d  %6d%n", minute, heap.getUsed() >> 20, heap.getCommitted() >> 20, rss, nmt, rss - nmt);
                }
            }
        }

        private static long nmtCommittedMb() throws Exception {
            Process p = new ProcessBuilder("jcmd", Long.toString(ProcessHandle.current().pid()), "VM.native_memory", "summary", "scale=MB")
                    .redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            p.waitFor();
            var m = java.util.regex.Pattern.compile("Total: reserved=\\d+MB, committed=(\\d+)MB").matcher(text);
            return m.find() ? Long.parseLong(m.group(1)) : -1;
        }
    }

    private static long rssMb() throws java.io.IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                .map(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024).findFirst().orElse(-1L);
    }

    private static void sample(long minute, long lines, Admin admin) throws Exception {
        long lag = 0;
        var offsets = admin.listConsumerGroupOffsets("typoguard-soak").partitionsToOffsetAndMetadata().get();
        var ends = admin.listOffsets(offsets.keySet().stream().collect(java.util.stream.Collectors.toMap(tp -> tp,
                tp -> org.apache.kafka.clients.admin.OffsetSpec.latest()))).all().get();
        for (var e : offsets.entrySet()) {
            if (e.getValue() != null && ends.containsKey(e.getKey())) {
                lag += Math.max(0, ends.get(e.getKey()).offset() - e.getValue().offset());
            }
        }
        System.out.printf("feed %3d  %,12d  %,10d%n", minute, lines, lag);
    }
}
