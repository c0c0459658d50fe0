package io.typoguard.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kafka.tools.StorageTool$;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pieces every in-process KRaft server here is built from: the in-process single-node broker
 * ({@link EmbeddedKafkaBroker}) and the test-only SASL_SSL broker and three-node cluster. Kafka's internal
 * storage tool is called from this class only.
 */
public final class KafkaServers {
    private static final Logger log = LoggerFactory.getLogger(KafkaServers.class);

    private KafkaServers() {
    }

    /**
     * Settings shared by every node: internal topics with {@code replication} and {@code minIsr}, no automatic
     * topic creation, no rebalance delay, and the OS (not a message count) deciding when to flush.
     */
    public static Properties commonSettings(int replication, int minIsr) {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("num.partitions", "1");
        props.put("offsets.topic.replication.factor", String.valueOf(replication));
        props.put("offsets.topic.num.partitions", "4");
        props.put("transaction.state.log.replication.factor", String.valueOf(replication));
        props.put("transaction.state.log.min.isr", String.valueOf(minIsr));
        props.put("transaction.state.log.num.partitions", "4");
        props.put("share.coordinator.state.topic.replication.factor", String.valueOf(replication));
        props.put("share.coordinator.state.topic.min.isr", String.valueOf(minIsr));
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("auto.create.topics.enable", "false");
        props.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
        return props;
    }

    /**
     * A single combined broker + controller (node 1) on 127.0.0.1: clients and the broker itself use
     * {@code protocol} on {@code brokerPort}, the controller uses {@code controllerProtocol} on
     * {@code controllerPort}, with a dynamic single-voter quorum (format it with {@code --standalone}).
     */
    public static Properties singleNode(String protocol, int brokerPort, String controllerProtocol, int controllerPort, Path logDir) {
        Properties props = commonSettings(1, 1);
        props.put("node.id", "1");
        props.put("listeners", protocol + "://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", protocol + "://127.0.0.1:" + brokerPort);
        props.put("listener.security.protocol.map", protocol + ":" + protocol + ",CONTROLLER:" + controllerProtocol);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
        props.put("inter.broker.listener.name", protocol);
        props.put("log.dirs", logDir.toAbsolutePath().toString());
        return props;
    }

    /**
     * {@code kafka-storage format -t clusterId -c <props> [extra...]} on {@code logDir}, unless it is formatted
     * already (a restart). {@code extra}: {@code --standalone} for a single dynamic-quorum controller,
     * {@code --add-scram ...} for users, nothing for a static quorum.
     */
    public static void format(Path logDir, Properties props, String clusterId, List<String> extra) {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        try {
            Files.createDirectories(logDir);
            Path configFile = Files.createTempFile("typoguard-kafka-", ".properties");
            try {
                try (var out = Files.newBufferedWriter(configFile)) {
                    props.store(out, "typoguard in-process Kafka node");
                }
                List<String> args = new ArrayList<>(List.of("format", "-t", clusterId, "-c", configFile.toString()));
                args.addAll(extra);
                ByteArrayOutputStream buffer = new ByteArrayOutputStream();
                int rc;
                try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
                    rc = StorageTool$.MODULE$.execute(args.toArray(String[]::new), out);
                }
                if (rc != 0) {
                    throw new IllegalStateException("kafka storage format failed (" + rc + "): " + buffer.toString(StandardCharsets.UTF_8));
                }
            } finally {
                Files.deleteIfExists(configFile); // it may hold secrets (SCRAM, TLS store passwords)
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns once the cluster reached through {@code client} lists at least {@code count} brokers. */
    public static void awaitBrokers(Map<String, Object> client, int count, Duration timeout) {
        Map<String, Object> c = new HashMap<>(client);
        c.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        c.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        int seen = -1;
        try (Admin admin = Admin.create(c)) {
            while (System.nanoTime() < deadline) {
                try {
                    seen = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size();
                    if (seen >= count) {
                        return;
                    }
                    // Registered brokers change only with heartbeats; ask again shortly.
                    TimeUnit.MILLISECONDS.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the broker", e);
                } catch (Exception e) {
                    last = e;
                }
            }
        }
        throw new IllegalStateException("Kafka did not show " + count + " broker(s) within " + timeout + " (last saw " + seen + ")", last);
    }

    /** A free port on the loopback interface. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes a directory tree, logging (not throwing) when it cannot; used for temporary state. */
    public static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.warn("could not delete {}: {}", dir, e.toString());
        }
    }
}
