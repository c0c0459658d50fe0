package io.typoguard.policy;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Postfix's SMTP access policy delegation protocol over TCP ({@code check_policy_service inet:host:port}):
 * many requests per connection, many connections at once (up to a cap; more are closed at once), an idle
 * timeout, and a clean answer to malformed input ({@code action=DEFER_IF_PERMIT ...}, then the connection is
 * closed) so Postfix never waits on a hung connection. Binds to 127.0.0.1 unless told otherwise.
 */
public final class PolicyServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PolicyServer.class);

    private final ServerSocket socket;
    private final ExecutorService workers;
    private final Semaphore slots;
    private final PolicyDecider decider;
    private final Consumer<PolicyDecider.Decision> decisions;
    private final int idleTimeoutMs;
    private final Thread acceptor;
    private volatile boolean running = true;

    private PolicyServer(ServerSocket socket, int maxConnections, Duration idleTimeout, PolicyDecider decider,
                         Consumer<PolicyDecider.Decision> decisions) {
        this.socket = socket;
        this.workers = Executors.newFixedThreadPool(maxConnections, r -> {
            Thread t = new Thread(r, "policy-connection");
            t.setDaemon(true);
            return t;
        });
        this.slots = new Semaphore(maxConnections);
        this.decider = decider;
        this.decisions = decisions;
        this.idleTimeoutMs = (int) idleTimeout.toMillis();
        this.acceptor = new Thread(this::acceptLoop, "policy-acceptor");
        this.acceptor.setDaemon(true);
    }

    /**
     * @param decisions receives every decision (the app writes them to Kafka); called on connection threads
     */
    public static PolicyServer start(InetAddress bind, int port, int maxConnections, Duration idleTimeout, PolicyDecider decider,
                                     Consumer<PolicyDecider.Decision> decisions) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(bind, port), 256);
        PolicyServer server = new PolicyServer(s, maxConnections, idleTimeout, decider, decisions);
        server.acceptor.start();
        return server;
    }

    public int port() {
        return socket.getLocalPort();
    }

    private void acceptLoop() {
        while (running) {
            Socket c;
            try {
                c = socket.accept();
            } catch (IOException e) {
                if (running) {
                    log.warn("policy service accept failed: {}", e.toString());
                }
                continue;
            }
            if (!slots.tryAcquire()) {
                closeQuietly(c); // over the connection cap: Postfix retries or applies its own default
                continue;
            }
            workers.execute(() -> {
                try {
                    serve(c);
                } finally {
                    slots.release();
                    closeQuietly(c);
                }
            });
        }
    }

    private void serve(Socket c) {
        try {
            c.setSoTimeout(idleTimeoutMs);
            c.setTcpNoDelay(true);
            InputStream in = new java.io.BufferedInputStream(c.getInputStream());
            OutputStream out = new BufferedOutputStream(c.getOutputStream());
            Map<String, String> attributes = new LinkedHashMap<>();
            java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream(128);
            int b;
            while ((b = in.read()) >= 0) {
                if (b == '\n') {
                    String l = line.toString(StandardCharsets.UTF_8); // SMTPUTF8 addresses arrive as UTF-8
                    line.reset();
                    if (l.endsWith("\r")) {
                        l = l.substring(0, l.length() - 1);
                    }
                    if (l.isEmpty()) {
                        if (attributes.isEmpty()) {
                            continue; // stray empty line between requests
                        }
                        PolicyDecider.Decision d = decider.decide(new PolicyRequest(attributes));
                        attributes.clear();
                        decisions.accept(d);
                        out.write((d.line() + "\n\n").getBytes(StandardCharsets.UTF_8));
                        out.flush();
                        continue;
                    }
                    String[] kv = PolicyRequest.attribute(l);
                    if (kv == null || attributes.size() >= PolicyRequest.MAX_ATTRIBUTES) {
                        protocolError(out, kv == null ? "malformed attribute line" : "too many attributes");
                        return;
                    }
                    attributes.put(kv[0], kv[1]);
                } else {
                    if (line.size() >= PolicyRequest.MAX_LINE) {
                        protocolError(out, "attribute line too long");
                        return;
                    }
                    line.write(b);
                }
            }
        } catch (SocketTimeoutException e) {
            // idle: close; Postfix reconnects when it needs us
        } catch (IOException e) {
            log.debug("policy connection ended: {}", e.toString());
        }
    }

    private static void protocolError(OutputStream out, String why) throws IOException {
        out.write(("action=DEFER_IF_PERMIT policy protocol error: " + why + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
