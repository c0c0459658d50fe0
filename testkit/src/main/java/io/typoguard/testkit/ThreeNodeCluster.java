package io.typoguard.testkit;


import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Test-only: a real three-node Kafka cluster inside this JVM, built from {@link KafkaServers} like
 * {@link io.typoguard.runtime.EmbeddedKafkaBroker}. Each node is a combined broker + controller; the three
 * controllers form a static 3-voter KRaft quorum ({@code controller.quorum.voters}), so one node can be stopped
 * and restarted while the other two keep the quorum and serve. Ports are fixed for the cluster's lifetime so a
 * restarted node comes back at the same addresses. Internal topics use replication 3, min ISR 2.
 */
public final class ThreeNodeCluster implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ThreeNodeCluster.class);
    static final int NODES = 3;

    private final Path root;
    private final int[] brokerPorts = new int[NODES];
    private final int[] controllerPorts = new int[NODES];
    private final KafkaConfig[] configs = new KafkaConfig[NODES];
    private final KafkaRaftServer[] servers = new KafkaRaftServer[NODES];

    public ThreeNodeCluster() {
        try {
            root = Files.createTempDirectory("typoguard-cluster-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < NODES; i++) {
                brokerPorts[i] = hold(held);
                controllerPorts[i] = hold(held);
            }
        } finally {
            held.forEach(s -> {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // best effort
                }
            });
        }
    }

    /** Formats every node with one cluster id and starts all three together; returns when all three brokers are registered. */
    public ThreeNodeCluster start() {
        String clusterId = Uuid.randomUuid().toString();
        String voters = IntStream.range(0, NODES).mapToObj(i -> nodeId(i) + "@127.0.0.1:" + controllerPorts[i])
                .collect(Collectors.joining(","));
        for (int i = 0; i < NODES; i++) {
            Properties props = props(i, voters);
            // Static quorum (controller.quorum.voters): no --standalone / --initial-controllers.
            KafkaServers.format(logDir(i), props, clusterId, List.of());
            configs[i] = KafkaConfig.fromProps(props, false);
        }
        long started = System.nanoTime();
        // KafkaRaftServer.startup() may wait for the quorum, which needs the other nodes: start them in parallel.
        CompletableFuture.allOf(IntStream.range(0, NODES).mapToObj(i -> CompletableFuture.runAsync(() -> startNode(i), ThreeNodeCluster::ownThread))
                .toArray(CompletableFuture[]::new)).join();
        awaitBrokers(NODES, Duration.ofSeconds(60));
        log.info("3-node cluster serving on {} after {} ms", bootstrapServers(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return this;
    }

    public String bootstrapServers() {
        return IntStream.range(0, NODES).mapToObj(i -> "127.0.0.1:" + brokerPorts[i]).collect(Collectors.joining(","));
    }

    public static int nodeId(int index) {
        return index + 1;
    }

    /** Shuts a node down (controlled shutdown) and waits until it has stopped. */
    public synchronized void stopNode(int nodeId) {
        int i = nodeId - 1;
        KafkaRaftServer s = servers[i];
        if (s == null) {
            return;
        }
        long t = System.nanoTime();
        s.shutdown();
        s.awaitShutdown();
        servers[i] = null;
        log.info("node {} stopped in {} ms", nodeId, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t));
    }

    /** Starts a stopped node again on its old ports and log dir; returns when all three brokers are registered. */
    public void restartNode(int nodeId) {
        startNode(nodeId - 1);
        awaitBrokers(NODES, Duration.ofSeconds(60));
    }

    private void startNode(int i) {
        KafkaRaftServer s = new KafkaRaftServer(configs[i], Time.SYSTEM);
        s.startup();
        synchronized (this) {
            servers[i] = s;
        }
    }

    private Properties props(int i, String voters) {
        Properties props = KafkaServers.commonSettings(3, 2);
        props.put("node.id", String.valueOf(nodeId(i)));
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPorts[i] + ",CONTROLLER://127.0.0.1:" + controllerPorts[i]);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPorts[i]);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("controller.quorum.voters", voters);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("log.dirs", logDir(i).toAbsolutePath().toString());
        props.put("default.replication.factor", "3");
        props.put("min.insync.replicas", "2");
        props.put("unclean.leader.election.enable", "false");
        props.put("broker.heartbeat.interval.ms", "500");
        props.put("broker.session.timeout.ms", "6000");
        props.put("controlled.shutdown.enable", "true");
        return props;
    }

    private Path logDir(int i) {
        return root.resolve("node-" + nodeId(i));
    }

    public void awaitBrokers(int count, Duration timeout) {
        KafkaServers.awaitBrokers(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()), count, timeout);
    }

    @Override
    public synchronized void close() {
        // Shut the nodes down together: a controlled shutdown needs a live quorum, so one by one the last would stall.
        CompletableFuture<?>[] stops = IntStream.range(0, NODES).filter(i -> servers[i] != null).mapToObj(i -> {
            KafkaRaftServer s = servers[i];
            servers[i] = null;
            return CompletableFuture.runAsync(() -> {
                s.shutdown();
                s.awaitShutdown();
            }, ThreeNodeCluster::ownThread);
        }).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(stops).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("cluster shutdown incomplete: {}", e.toString());
        }
        KafkaServers.deleteRecursively(root);
    }

    private static void ownThread(Runnable r) {
        Thread t = new Thread(r, "three-node-cluster");
        t.setDaemon(true);
        t.start();
    }

    private static int hold(List<ServerSocket> held) {
        try {
            ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress());
            socket.setReuseAddress(true);
            held.add(socket);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
