package io.typoguard.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.typoguard.runtime.AppMetrics;
import io.typoguard.runtime.TypoguardApp;
import io.typoguard.schema.Alert;
import io.typoguard.schema.SenderWindowStats;
import io.typoguard.schema.TypoDomainDayStats;
import io.typoguard.topology.Names;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executors;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app's HTTP side (JDK {@link HttpServer}: a handful of GET endpoints need no web framework):
 * <ul>
 *   <li>{@code /metrics}: Prometheus text format;</li>
 *   <li>{@code /health/live} and {@code /health/ready} (ready = Streams RUNNING, so the trusted table is loaded);</li>
 *   <li>interactive queries, answered by whichever instance owns the data ({@code application.server} and Streams
 *       metadata): {@code /api/senders/<sender>/windows}, {@code /api/typo-domains/top}, {@code /api/alerts/recent},
 *       and {@code /api/topology};</li>
 *   <li>{@code /}: the live page.</li>
 * </ul>
 * Addresses are personal data: responses carry them (that is their purpose), logs never do.
 */
public final class HttpApi implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile TypoguardApp app;
    private volatile AppMetrics metrics;
    private volatile HostInfo self;
    private volatile String token;

    private HttpApi(HttpServer server) {
        this.server = server;
    }

    /** Binds first, so the port is known for {@code application.server} before the app is built. */
    public static HttpApi bind(String address, int port) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(address, port), 64);
        HttpApi api = new HttpApi(s);
        s.createContext("/", api::handle);
        s.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "typoguard-http");
            t.setDaemon(true);
            return t;
        }));
        s.start();
        return api;
    }

    /** @param applicationServer this instance's {@code application.server} (host:port), or null when alone */
    public void attach(TypoguardApp application, AppMetrics appMetrics, String applicationServer) {
        attach(application, appMetrics, applicationServer, null);
    }

    /** @param bearerToken required on every request but /health/* (and sent to other instances), or null */
    public void attach(TypoguardApp application, AppMetrics appMetrics, String applicationServer, String bearerToken) {
        this.token = bearerToken;
        this.app = application;
        this.metrics = appMetrics;
        this.self = applicationServer == null ? null : HostInfo.buildFromEndpoint(applicationServer);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!"GET".equals(ex.getRequestMethod())) {
                send(ex, 405, "text/plain", "GET only");
                return;
            }
            String path = ex.getRequestURI().getPath();
            if (token != null && !path.startsWith("/health/") && !path.equals("/") && !path.equals("/index.html")
                    && !java.security.MessageDigest.isEqual(("Bearer " + token).getBytes(StandardCharsets.UTF_8),
                            String.valueOf(ex.getRequestHeaders().getFirst("Authorization")).getBytes(StandardCharsets.UTF_8))) {
                ex.getResponseHeaders().set("WWW-Authenticate", "Bearer");
                send(ex, 401, "application/json", "{\"error\":\"a bearer token is required\"}");
                return;
            }
            boolean local = "local=true".equals(ex.getRequestURI().getQuery());
            TypoguardApp a = app;
            if (path.equals("/") || path.equals("/index.html")) {
                send(ex, 200, "text/html; charset=utf-8", resource("web/index.html"));
            } else if (path.equals("/health/live")) {
                boolean live = a == null || !a.runner().endedInError();
                send(ex, live ? 200 : 503, "application/json", "{\"live\":" + live + "}");
            } else if (path.equals("/health/ready")) {
                boolean ready = a != null && a.runner().state() == KafkaStreams.State.RUNNING;
                ObjectNode n = JSON.createObjectNode().put("ready", ready)
                        .put("streams", a == null ? "NOT_STARTED" : a.runner().state().name())
                        .put("trustedDomains", a == null ? 0 : a.index().size());
                send(ex, ready ? 200 : 503, "application/json", n.toString());
            } else if (path.equals("/metrics")) {
                send(ex, 200, "text/plain; version=0.0.4; charset=utf-8", metrics == null ? "" : metrics.scrape());
            } else if (a == null || a.runner().state() != KafkaStreams.State.RUNNING) {
                send(ex, 503, "application/json", "{\"error\":\"not ready: Kafka Streams is not RUNNING yet\"}");
            } else if (path.equals("/api/topology")) {
                send(ex, 200, "text/plain; charset=utf-8", a.topology().describe().toString());
            } else if (path.startsWith("/api/senders/") && path.endsWith("/windows")) {
                String sender = URLDecoder.decode(path.substring("/api/senders/".length(), path.length() - "/windows".length()),
                        StandardCharsets.UTF_8);
                send(ex, 200, "application/json", senderWindows(a, sender, local));
            } else if (path.equals("/api/typo-domains/top")) {
                send(ex, 200, "application/json", local ? localTopDomains(a).toString() : merged(a, Names.TYPO_DOMAIN_DAY_STORE,
                        path, localTopDomains(a), "messages", 20));
            } else if (path.equals("/api/alerts/recent")) {
                send(ex, 200, "application/json", local ? localOpenIncidents(a).toString() : merged(a, Names.INCIDENT_STORE,
                        path, localOpenIncidents(a), "lastSeen", 50));
            } else {
                send(ex, 404, "application/json", "{\"error\":\"no such endpoint\"}");
            }
        } catch (RuntimeException e) {
            log.warn("HTTP request failed: {}", e.getClass().getSimpleName());
            send(ex, 500, "application/json", "{\"error\":\"" + e.getClass().getSimpleName() + "\"}");
        }
    }

    /** A sender's window counts for the last 24 h, from the instance that owns the sender's partition. */
    private String senderWindows(TypoguardApp a, String sender, boolean local) {
        KafkaStreams streams = a.runner().streams();
        KeyQueryMetadata owner = streams.queryMetadataForKey(Names.SENDER_WINDOW_STORE, sender, Serdes.String().serializer());
        if (!local && owner != null && owner.activeHost() != null && !owner.activeHost().equals(HostInfo.unavailable())
                && self != null && !owner.activeHost().equals(self)) {
            return get(owner.activeHost(), "/api/senders/" + URLEncoder.encode(sender, StandardCharsets.UTF_8).replace("+", "%20")
                    + "/windows?local=true");
        }
        ReadOnlyWindowStore<String, SenderWindowStats> store = streams.store(StoreQueryParameters.fromNameAndType(
                Names.SENDER_WINDOW_STORE, QueryableStoreTypes.<String, SenderWindowStats>windowStore()));
        ArrayNode out = JSON.createArrayNode();
        Instant now = Instant.now();
        try (WindowStoreIterator<SenderWindowStats> it = store.fetch(sender, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(1)))) {
            it.forEachRemaining(kv -> out.addObject()
                    .put("sender", privacy(a).apply(sender))
                    .put("windowStart", Instant.ofEpochMilli(kv.key).toString())
                    .put("messages", kv.value.getMessages())
                    .put("findings", kv.value.getFindings())
                    .put("deliveredFindings", kv.value.getDeliveredFindings())
                    .put("blockedAttempts", kv.value.getBlockedAttempts())
                    .put("servedBy", self == null ? "this instance" : self.host() + ":" + self.port())
                    .set("typoDomains", JSON.valueToTree(kv.value.getTypoDomains())));
        }
        return out.toString();
    }

    private ArrayNode localTopDomains(TypoguardApp a) {
        ReadOnlyKeyValueStore<String, TypoDomainDayStats> store = a.runner().streams().store(StoreQueryParameters.fromNameAndType(
                Names.TYPO_DOMAIN_DAY_STORE, QueryableStoreTypes.<String, TypoDomainDayStats>keyValueStore()));
        ArrayNode out = JSON.createArrayNode();
        try (KeyValueIterator<String, TypoDomainDayStats> it = store.all()) {
            it.forEachRemaining(kv -> out.addObject()
                    .put("typoDomain", kv.value.getTypoDomain())
                    .put("intendedDomain", kv.value.getIntendedDomain())
                    .put("day", kv.value.getDayStart().toString().substring(0, 10))
                    .put("messages", kv.value.getMessages())
                    .put("delivered", kv.value.getDelivered())
                    .put("distinctSenders", kv.value.getDistinctSenders()));
        }
        return out;
    }

    private ArrayNode localOpenIncidents(TypoguardApp a) {
        ReadOnlyKeyValueStore<String, Alert> store = a.runner().streams().store(StoreQueryParameters.fromNameAndType(
                Names.INCIDENT_STORE, QueryableStoreTypes.<String, Alert>keyValueStore()));
        ArrayNode out = JSON.createArrayNode();
        try (KeyValueIterator<String, Alert> it = store.all()) {
            it.forEachRemaining(kv -> out.addObject()
                    .put("alertId", kv.value.getAlertId())
                    .put("severity", kv.value.getSeverity().name())
                    .put("type", kv.value.getType().name())
                    .put("sender", privacy(a).apply(kv.value.getSender()))
                    .put("recipient", privacy(a).apply(kv.value.getRecipient()))
                    .put("typoDomain", kv.value.getTypoDomain())
                    .put("intendedDomain", kv.value.getIntendedDomain())
                    .put("count", kv.value.getCount())
                    .put("lastSeen", kv.value.getLastSeen().toString())
                    .put("summary", privacy(a).applyIn(kv.value.getSummary(), kv.value.getSender(), kv.value.getRecipient())));
        }
        return out;
    }

    /** This instance's rows plus every other instance's ({@code ?local=true}), sorted by {@code field}, descending. */
    private String merged(TypoguardApp a, String store, String path, ArrayNode mine, String field, int limit) {
        KafkaStreams streams = a.runner().streams();
        List<com.fasterxml.jackson.databind.JsonNode> rows = new ArrayList<>();
        mine.forEach(rows::add);
        for (StreamsMetadata m : streams.streamsMetadataForStore(store)) {
            if (self != null && !m.hostInfo().equals(self)) {
                try {
                    JSON.readTree(get(m.hostInfo(), path + "?local=true")).forEach(rows::add);
                } catch (IOException | RuntimeException e) {
                    log.warn("Instance {}:{} did not answer a query: {}", m.hostInfo().host(), m.hostInfo().port(), e.getClass().getSimpleName());
                }
            }
        }
        Comparator<com.fasterxml.jackson.databind.JsonNode> order = field.equals("lastSeen")
                ? Comparator.comparing(n -> n.path(field).asText())
                : Comparator.comparingLong(n -> n.path(field).asLong());
        rows.sort(order.reversed());
        ArrayNode out = JSON.createArrayNode();
        rows.stream().limit(limit).forEach(out::add);
        return out.toString();
    }

    private static io.typoguard.privacy.AddressPrivacy privacy(TypoguardApp a) {
        return a.config().privacy();
    }

    private String get(HostInfo host, String pathAndQuery) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + host.host() + ":" + host.port() + pathAndQuery))
                    .timeout(Duration.ofSeconds(5)).GET();
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> r = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("instance " + host + " answered " + r.statusCode());
            }
            return r.body();
        } catch (IOException e) {
            throw new IllegalStateException("instance " + host + " unreachable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = HttpApi.class.getClassLoader().getResourceAsStream(name)) {
            return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            ex.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
