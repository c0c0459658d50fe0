package io.typoguard.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, combined broker + controller) running inside this JVM, built
 * from Kafka's own server jars. Used by {@code typoguard demo} and by the integration tests.
 *
 * <p>It wraps Kafka's internal classes ({@link KafkaRaftServer}, the storage formatter) in one place so
 * the rest of the code never touches them. Listens on 127.0.0.1 only.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    private final Path logDir;
    private final boolean deleteOnClose;
    private final Map<String, String> overrides;
    private KafkaRaftServer server;
    private String bootstrapServers;

    private EmbeddedKafkaBroker(Path logDir, boolean deleteOnClose, Map<String, String> overrides) {
        this.logDir = logDir;
        this.deleteOnClose = deleteOnClose;
        this.overrides = Map.copyOf(overrides);
    }

    /** A broker in a fresh temporary directory that is deleted on {@link #close()}. */
    public static EmbeddedKafkaBroker inTempDir() {
        try {
            return new EmbeddedKafkaBroker(Files.createTempDirectory("typoguard-kafka-"), true, Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A broker whose data lives in {@code logDir} (kept on close), with extra broker settings. */
    public static EmbeddedKafkaBroker inDir(Path logDir, Map<String, String> overrides) {
        return new EmbeddedKafkaBroker(logDir, false, overrides);
    }

    /** Formats the log directory (first start only) and starts the broker; returns when it is serving. */
    public synchronized EmbeddedKafkaBroker start() {
        if (server != null) {
            return this;
        }
        int brokerPort = KafkaServers.freePort();
        int controllerPort = KafkaServers.freePort();
        Properties props = KafkaServers.singleNode("PLAINTEXT", brokerPort, "PLAINTEXT", controllerPort, logDir);
        props.putAll(overrides);
        KafkaServers.format(logDir, props, Uuid.randomUuid().toString(), List.of("--standalone"));
        KafkaConfig config = KafkaConfig.fromProps(props, false);
        long started = System.nanoTime();
        server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        bootstrapServers = "127.0.0.1:" + brokerPort;
        KafkaServers.awaitBrokers(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), 1, Duration.ofSeconds(60));
        log.info("Embedded Kafka broker serving on {} after {} ms (log dir {})", bootstrapServers,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), logDir);
        return this;
    }

    public String bootstrapServers() {
        if (bootstrapServers == null) {
            throw new IllegalStateException("broker not started");
        }
        return bootstrapServers;
    }

    /** Creates topics that do not exist yet (existing ones are left alone). */
    public void createTopics(Collection<NewTopic> topics) {
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            java.util.Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t.name())).toList();
            admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("could not create topics on the test broker: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
        if (deleteOnClose) {
            deleteRecursively(logDir);
        }
    }

    /** Deletes a directory tree, logging (not throwing) when it cannot; used for temporary state. */
    public static void deleteRecursively(Path dir) {
        KafkaServers.deleteRecursively(dir);
    }
}
