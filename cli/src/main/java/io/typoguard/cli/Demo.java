package io.typoguard.cli;

import io.typoguard.runtime.TypoguardApp;
import io.typoguard.runtime.TopicSetup;
import io.typoguard.runtime.Lifecycle;
import io.typoguard.runtime.AppHost;
import io.typoguard.testkit.DemoTraffic;
import io.typoguard.testkit.EmbeddedKafkaBroker;
import io.typoguard.detect.TrustedEntry;
import io.typoguard.detect.TrustedFile;
import io.typoguard.schema.Alert;
import io.typoguard.schema.TrustedDomain;
import io.typoguard.serde.AvroSerdes;
import io.typoguard.topology.Topics;
import io.typoguard.topology.TopologyConfig;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The embedded default: a real in-process Kafka broker, the app on it, a seeded trusted list, and mail-log
 * traffic (bundled real Postfix lines, then synthetic) flowing through; alerts are printed as they happen.
 */
public final class Demo {
    /** What the demo does; all have defaults. */
    /** @param httpPort the live page's port (8080 from the CLI; taken: any free port; 0: any; -1: none) */
    public record Options(Duration duration, int messagesPerSecond, boolean redact, PrintStream out, AlertFormat.Style style,
                          int httpPort) {
        public Options(Duration duration, int messagesPerSecond, boolean redact, PrintStream out) {
            this(duration, messagesPerSecond, redact, out, AlertFormat.Style.TEXT, 0);
        }
    }

    private volatile String url;

    /** The live page's address once the demo runs, else null. */
    public String url() {
        return url;
    }

    private final Options options;
    private final Lifecycle life;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong findings = new AtomicLong();
    private final AtomicLong alerts = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong linesSent = new AtomicLong();

    public Demo(Options options) {
        this(options, Lifecycle.inProcess());
    }

    /** @param life the process's (signals stop the demo) or an in-process one */
    public Demo(Options options, Lifecycle life) {
        this.options = options;
        this.life = life;
    }

    /** Asks a running demo to stop (Ctrl-C and SIGTERM do this under {@link Lifecycle#forProcess}). */
    public void requestStop() {
        life.requestStop();
    }

    /** Runs until the duration passes or {@link #requestStop()}; returns the process exit code. */
    public int run() throws Exception {
        closeLater = null;
        PrintStream out = options.out();
        long t0 = System.nanoTime();
        out.println("Typoguard demo: starting an in-process Kafka broker (KRaft) ...");
        Path stateDir = Files.createTempDirectory("typoguard-demo-state-");
        Topics topics = Topics.defaults();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.inTempDir().start()) {
            String bootstrap = broker.bootstrapServers();
            broker.createTopics(TopicSetup.plan(topics, 2, (short) 1));
            out.printf("Broker at %s; topics: %s%n", bootstrap, String.join(", ", topics.all()));

            // The app serves the Confluent-compatible registry API itself, state in the _schemas topic.
            io.typoguard.registry.EmbeddedRegistry embeddedRegistry = io.typoguard.registry.EmbeddedRegistry.start(bootstrap, 0);
            closeLater = embeddedRegistry;
            out.printf("Schema registry API at %s (Confluent-compatible)%n", embeddedRegistry.url());
            io.typoguard.serde.SchemaRegistry registry = new io.typoguard.registry.HttpSchemaRegistry(
                    Map.of("schema.registry.url", embeddedRegistry.url()));
            Map<String, String> settings = Map.of(
                    StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    StreamsConfig.APPLICATION_ID_CONFIG, "typoguard-demo",
                    StreamsConfig.STATE_DIR_CONFIG, stateDir.toString(),
                    StreamsConfig.REPLICATION_FACTOR_CONFIG, "1",
                    StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "200");
            try (AppHost host = AppHost.create(TopologyConfig.defaults(), registry, settings, "127.0.0.1", options.httpPort(), true)) {
                TypoguardApp app = host.app();
                url = host.url();
                int seeded = seedTrusted(bootstrap, topics, app.serdes());
                out.printf("Seeded %d trusted domains (army.mil, navy.mil, af.mil, state.gov, gmail.com, ...)%n", seeded);
                app.start();
                Thread monitor = thread("demo-monitor", () -> monitor(bootstrap, topics, app.serdes()));
                Thread traffic = thread("demo-traffic", () -> traffic(bootstrap, topics));
                if (!app.runner().awaitRunning(Duration.ofSeconds(60))) {
                    out.println("Kafka Streams did not reach RUNNING; stopping.");
                    requestStop();
                } else {
                    out.printf("Typoguard is RUNNING after %.1f s; replaying real Postfix lines, then %d synthetic messages/s."
                            + " Ctrl-C to stop.%n", (System.nanoTime() - t0) / 1e9, options.messagesPerSecond());
                    if (url != null) {
                        out.printf("Live page: %s/  (metrics %s/metrics, health %s/health/ready)%n", url, url, url);
                    }
                }
                long[] last = {0, System.nanoTime()}; // events and time of the last progress line
                life.await(options.duration().isZero() ? null : options.duration().minusNanos(System.nanoTime() - t0),
                        () -> app.runner().state().hasCompletedShutdown(), () -> {
                            long now = System.nanoTime();
                            if (now - last[1] >= 4_900_000_000L) {
                                long e = events.get();
                                out.printf("[%5.0fs] lines in %d | events %d (%.0f/s) | findings %d | alerts %d | dead-lettered %d%n",
                                        (now - t0) / 1e9, linesSent.get(), e, (e - last[0]) / ((now - last[1]) / 1e9),
                                        findings.get(), alerts.get(), deadLettered.get());
                                last[0] = e;
                                last[1] = now;
                            }
                        });
                stopping.set(true);
                out.println("Stopping ...");
                traffic.join(10_000);
                monitor.join(10_000);
                app.runner().close(Duration.ofSeconds(30));
                out.printf("Stopped. lines in %d, events %d, findings %d, alerts %d, dead-lettered %d%n",
                        linesSent.get(), events.get(), findings.get(), alerts.get(), deadLettered.get());
                return app.runner().endedInError() ? 1 : 0;
            }
        } finally {
            if (closeLater != null) {
                closeLater.close();
            }
            EmbeddedKafkaBroker.deleteRecursively(stateDir);
        }
    }

    private AutoCloseable closeLater;

    private int seedTrusted(String bootstrap, Topics topics, AvroSerdes serdes) throws IOException {
        List<TrustedEntry> entries;
        try (var in = getClass().getClassLoader().getResourceAsStream("demo/trusted.csv")) {
            entries = TrustedFile.read(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, TrustedDomain> producer = new KafkaProducer<>(p, new StringSerializer(),
                serdes.trustedDomain.serializer())) {
            for (TrustedEntry e : entries) {
                producer.send(new ProducerRecord<>(topics.trusted(), null, 0L, e.name(), TrustedDomain.newBuilder()
                        .setDomain(e.name()).setOrganisation(e.organisation()).setSensitivity(e.sensitivity())
                        .setIncludeSubdomains(e.includeSubdomains()).setNote("seeded by typoguard demo").build()));
            }
            producer.flush();
        }
        return entries.size();
    }

    private void traffic(String bootstrap, Topics topics) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            byte[] host = "mail.typoguard.test".getBytes(StandardCharsets.UTF_8);
            for (String line : DemoTraffic.bundled(Instant.now())) {
                producer.send(new ProducerRecord<>(topics.raw(), host, line.getBytes(StandardCharsets.UTF_8)));
                linesSent.incrementAndGet();
            }
            producer.flush();
            DemoTraffic traffic = new DemoTraffic(42);
            long intervalNanos = 1_000_000_000L / Math.max(1, options.messagesPerSecond());
            long next = System.nanoTime();
            while (!stopping.get()) {
                traffic.nextMessage(Instant.now(), line -> {
                    producer.send(new ProducerRecord<>(topics.raw(), null, line));
                    linesSent.incrementAndGet();
                });
                next += intervalNanos;
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    TimeUnit.NANOSECONDS.sleep(sleep);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void monitor(String bootstrap, Topics topics, AvroSerdes serdes) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "typoguard-demo-monitor");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        var alertReader = serdes.alert.deserializer();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topics.events(), topics.findings(), topics.alerts(), topics.deadLetter()));
            while (!stopping.get()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    String t = r.topic();
                    if (t.equals(topics.events())) {
                        events.incrementAndGet();
                    } else if (t.equals(topics.findings())) {
                        findings.incrementAndGet();
                    } else if (t.equals(topics.deadLetter())) {
                        deadLettered.incrementAndGet();
                    } else {
                        alerts.incrementAndGet();
                        options.out().println(AlertFormat.render(alertReader.deserialize(t, r.value()), options.style(), options.redact()));
                    }
                }
            }
        }
    }

    private static Thread thread(String name, ThrowingRunnable body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Exception e) {
                if (!(e instanceof InterruptedException)) {
                    org.slf4j.LoggerFactory.getLogger(Demo.class).error("{} failed: {}", name, e.toString());
                }
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
