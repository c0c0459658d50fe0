package io.typoguard.bench;

import io.typoguard.runtime.DemoTraffic;
import io.typoguard.runtime.EmbeddedKafkaBroker;
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
 * Soak (issue 9, item 7): the whole app on the in-process broker fed a steady rate of synthetic Postfix lines for
 * a number of minutes; every minute it prints the heap after a full GC, the process RSS, lines fed and the
 * consumer-group lag. Not a test: a run to read.
 *
 * <p>Run: {@code java -Xmx2g -cp ... io.typoguard.bench.Soak [minutes=30] [lines/s=20000]}
 */
public final class Soak {
    private Soak() {
    }

    public static void main(String[] args) throws Exception {
        int minutes = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        Topics topics = Topics.defaults();
        Path state = Files.createTempDirectory("typoguard-soak-");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.inTempDir().start()) {
            String bootstrap = broker.bootstrapServers();
            broker.createTopics(TopicSetup.plan(topics, 2, (short) 1));
            Map<String, String> settings = Map.of(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    StreamsConfig.APPLICATION_ID_CONFIG, "typoguard-soak", StreamsConfig.STATE_DIR_CONFIG, state.toString(),
                    StreamsConfig.REPLICATION_FACTOR_CONFIG, "1");
            try (TypoguardApp app = new TypoguardApp(TopologyConfig.defaults(), new InMemorySchemaRegistry(), settings);
                 var trusted = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                         new StringSerializer(), app.serdes().trustedDomain.serializer());
                 var raw = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                         ProducerConfig.LINGER_MS_CONFIG, "20", ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
                         new ByteArraySerializer(), new ByteArraySerializer());
                 Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap))) {
                for (String d : List.of("army.mil", "navy.mil", "af.mil", "state.gov", "gmail.com", "outlook.com", "hotmail.com")) {
                    trusted.send(new ProducerRecord<>(topics.trusted(), d, TrustedDomain.newBuilder().setDomain(d)
                            .setSensitivity(Sensitivity.HIGH).setIncludeSubdomains(true).build()));
                }
                trusted.flush();
                app.start();
                app.runner().awaitRunning(Duration.ofSeconds(60));
                DemoTraffic traffic = new DemoTraffic(42);
                AtomicLong lines = new AtomicLong();
                long start = System.nanoTime();
                long end = start + Duration.ofMinutes(minutes).toNanos();
                long nextSample = start;
                System.out.printf("soak: %d minutes at %,d lines/s; minute, lines fed, heap after GC (MB), RSS (MB), group lag%n", minutes, rate);
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
                    traffic.nextMessage(Instant.now(), line -> {
                        raw.send(new ProducerRecord<>(topics.raw(), line));
                        lines.incrementAndGet();
                    });
                }
                sample(minutes, lines.get(), admin);
            }
        }
    }

    private static void sample(long minute, long lines, Admin admin) throws Exception {
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024);
        long rss = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                .map(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024).findFirst().orElse(-1L);
        long lag = 0;
        var offsets = admin.listConsumerGroupOffsets("typoguard-soak").partitionsToOffsetAndMetadata().get();
        var ends = admin.listOffsets(offsets.keySet().stream().collect(java.util.stream.Collectors.toMap(tp -> tp,
                tp -> org.apache.kafka.clients.admin.OffsetSpec.latest()))).all().get();
        for (var e : offsets.entrySet()) {
            if (e.getValue() != null && ends.containsKey(e.getKey())) {
                lag += Math.max(0, ends.get(e.getKey()).offset() - e.getValue().offset());
            }
        }
        System.out.printf("%3d  %,12d  %6d  %6d  %,10d%n", minute, lines, heap, rss, lag);
    }
}
