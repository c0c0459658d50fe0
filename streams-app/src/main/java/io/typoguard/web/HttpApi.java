package io.typoguard.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.typoguard.config.ConfigException;
import io.typoguard.web.FindingsByHour;
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
import java.util.Map;
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
 * The app's HTTP side (JDK {@link HttpServer}: a handful of endpoints need no web framework):
 * <ul>
 *   <li>{@code /metrics}: Prometheus text format;</li>
 *   <li>{@code /health/live} and {@code /health/ready} (ready = Streams RUNNING, so the trusted table is loaded);</li>
 *   <li>interactive queries, answered by whichever instance owns the data ({@code application.server} and Streams
 *       metadata): {@code /api/senders/<sender>/windows}, {@code /api/typo-domains/top}, {@code /api/alerts/recent},
 *       {@code /api/findings/hourly}, and {@code /api/topology};</li>
 *   <li>the trusted list and the approved exceptions ({@link ListsApi}): {@code GET /api/trusted} (JSON, or
 *       {@code ?format=csv}), {@code POST /api/trusted/import}, {@code DELETE /api/trusted/<domain>},
 *       {@code GET|POST|DELETE /api/exceptions}. Changes need the bearer token, and are refused (403) when none is
 *       configured;</li>
 *   <li>{@code /}: the live page.</li>
 * </ul>
 * Any other method on a path gives 405 with {@code Allow}. Addresses are personal data: responses carry them (that
 * is their purpose), logs never do.
 */
public final class HttpApi implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile AppView app;
    private volatile MetricsView metrics;
    private volatile HostInfo self;
    private volatile String token;
    private volatile ListsApi lists;

    /** Request bodies larger than this are refused with 413 (a trusted list of 100,000 domains is about 5 MB). */
    static final int MAX_BODY_BYTES = 10 * 1024 * 1024;

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
    public void attach(AppView application, MetricsView appMetrics, String applicationServer) {
        attach(application, appMetrics, applicationServer, null);
    }

    /**
     * @param bearerToken required on every request but /health/* and the page (and sent to other instances), or null:
     *                    then reads are open and every change (POST, DELETE) is refused with 403
     */
    public void attach(AppView application, MetricsView appMetrics, String applicationServer, String bearerToken) {
        this.token = bearerToken;
        this.app = application;
        this.lists = application == null ? null : new ListsApi(application);
        this.metrics = appMetrics;
        this.self = applicationServer == null ? null : HostInfo.buildFromEndpoint(applicationServer);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        // The catch clauses sit inside the try-with-resources: an answer sent after the exchange is closed never arrives.
        try (ex) {
            try {
                answer(ex);
            } catch (BadRequest e) {
                send(ex, e.status, "application/json", error(e.getMessage()));
            } catch (ConfigException e) {
                // The cluster did not answer or refused the app's credentials (ListTopic): try again later.
                log.warn("HTTP request could not reach Kafka: {}", e.getMessage());
                send(ex, 503, "application/json", error(e.getMessage()));
            } catch (RuntimeException e) {
                log.warn("HTTP request failed: {}", e.getClass().getSimpleName());
                send(ex, 500, "application/json", error(e.getClass().getSimpleName()));
            }
        }
    }

    private void answer(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String method = ex.getRequestMethod();
        List<String> allowed = methods(path);
        if (!allowed.contains(method)) {
            ex.getResponseHeaders().set("Allow", String.join(", ", allowed));
            send(ex, 405, "application/json", error(method + " is not allowed on " + path + "; allowed: " + String.join(", ", allowed)));
            return;
        }
        boolean write = !method.equals("GET");
        if (write && token == null) {
            send(ex, 403, "application/json", error("changes over HTTP are refused because no typoguard.http.token is configured: "
                    + "set typoguard.http.token (16+ characters; docs/configuration.md) and send Authorization: Bearer <token>, "
                    + "or use the typoguard trusted / typoguard exceptions commands"));
            return;
        }
        if (token != null && (write || !(path.startsWith("/health/") || path.equals("/") || path.equals("/index.html")))
                && !java.security.MessageDigest.isEqual(("Bearer " + token).getBytes(StandardCharsets.UTF_8),
                        String.valueOf(ex.getRequestHeaders().getFirst("Authorization")).getBytes(StandardCharsets.UTF_8))) {
            ex.getResponseHeaders().set("WWW-Authenticate", "Bearer");
            send(ex, 401, "application/json", "{\"error\":\"a bearer token is required\"}");
            return;
        }
        Map<String, String> query = query(ex.getRequestURI());
        boolean local = "true".equals(query.get("local"));
        AppView a = app;
        if (path.equals("/") || path.equals("/index.html")) {
            send(ex, 200, "text/html; charset=utf-8", resource("web/index.html"));
        } else if (path.equals("/health/live")) {
            boolean live = a == null || !a.endedInError();
            send(ex, live ? 200 : 503, "application/json", "{\"live\":" + live + "}");
        } else if (path.equals("/health/ready")) {
            boolean ready = a != null && a.streams().state() == KafkaStreams.State.RUNNING;
            ObjectNode n = JSON.createObjectNode().put("ready", ready)
                    .put("streams", a == null ? "NOT_STARTED" : a.streams().state().name())
                    .put("trustedDomains", a == null ? 0 : a.trustedDomains());
            send(ex, ready ? 200 : 503, "application/json", n.toString());
        } else if (path.equals("/metrics")) {
            send(ex, 200, "text/plain; version=0.0.4; charset=utf-8", metrics == null ? "" : metrics.scrape());
        } else if (path.equals("/api/trusted") || path.startsWith("/api/trusted/") || path.equals("/api/exceptions")) {
            // The lists live on their topics: they need the app's settings and serdes, not a RUNNING Streams.
            ListsApi.Reply r = lists == null ? ListsApi.Reply.error(503, "not ready: the app is not attached yet")
                    : lists(ex, path, method, query);
            send(ex, r.status(), r.type(), r.body());
        } else if (a == null || a.streams().state() != KafkaStreams.State.RUNNING) {
            send(ex, 503, "application/json", "{\"error\":\"not ready: Kafka Streams is not RUNNING yet\"}");
        } else if (path.equals("/api/topology")) {
            send(ex, 200, "text/plain; charset=utf-8", a.topologyDescription());
        } else if (path.startsWith("/api/senders/") && path.endsWith("/windows")) {
            String sender = URLDecoder.decode(path.substring("/api/senders/".length(), path.length() - "/windows".length()),
                    StandardCharsets.UTF_8);
            send(ex, 200, "application/json", senderWindows(a, sender, local));
        } else if (path.startsWith("/api/senders/") && path.endsWith("/domains")) {
            String sender = URLDecoder.decode(path.substring("/api/senders/".length(), path.length() - "/domains".length()),
                    StandardCharsets.UTF_8);
            String domain = query.get("domain");
            if (domain == null || domain.isBlank()) {
                send(ex, 400, "application/json", "{\"error\":\"domain is required: the set keeps hashes, it can be asked, not listed\"}");
            } else {
                send(ex, 200, "application/json", senderDomain(a, sender, domain.strip().toLowerCase(java.util.Locale.ROOT), local));
            }
        } else if (path.equals("/api/typo-domains/top")) {
            send(ex, 200, "application/json", local ? localTopDomains(a).toString() : merged(a, Names.TYPO_DOMAIN_DAY_STORE,
                    path, localTopDomains(a), "messages", 20));
        } else if (path.equals("/api/alerts/recent")) {
            send(ex, 200, "application/json", local ? localOpenIncidents(a).toString() : merged(a, Names.INCIDENT_STORE,
                    path, localOpenIncidents(a), "lastSeen", 50));
        } else if (path.equals("/api/correspondents/suggested")) {
            send(ex, 200, "application/json", suggested(a, query.get("organisation"), intParam(query, "top", 50)));
        } else if (path.equals("/api/relationships")) {
            String org = query.get("organisation");
            String domain = query.get("domain");
            if (org == null || org.isBlank() || domain == null || domain.isBlank()) {
                send(ex, 400, "application/json", "{\"error\":\"organisation and domain are required\"}");
            } else {
                String body = relationship(a, org.strip(), domain.strip().toLowerCase(java.util.Locale.ROOT), local);
                send(ex, body == null ? 404 : 200, "application/json", body == null
                        ? "{\"error\":\"no mail between " + esc(org) + " and " + esc(domain) + " in the relationship table\"}" : body);
            }
        } else if (path.equals("/api/parse/unreadable")) {
            send(ex, 200, "application/json", local ? localUnreadable().toString() : mergedUnreadable(a, path));
        } else if (path.equals("/api/findings/hourly")) {
            send(ex, 200, "application/json", local ? localFindingsByHour().toString() : mergedFindingsByHour(a, path));
        } else {
            send(ex, 404, "application/json", "{\"error\":\"no such endpoint\"}");
        }
    }

    /** The methods a path answers: the lists can be changed, everything else is read-only. */
    private static List<String> methods(String path) {
        if (path.equals("/api/trusted/import")) {
            return List.of("POST");
        }
        if (path.startsWith("/api/trusted/")) {
            return List.of("DELETE");
        }
        if (path.equals("/api/exceptions")) {
            return List.of("GET", "POST", "DELETE");
        }
        return List.of("GET");
    }

    private ListsApi.Reply lists(HttpExchange ex, String path, String method, Map<String, String> query) throws IOException {
        if (path.equals("/api/trusted")) {
            String format = query.getOrDefault("format", "json");
            if (!format.equals("json") && !format.equals("csv")) {
                throw new BadRequest(400, "format must be json or csv, not '" + format + "'");
            }
            return lists.trustedList(format.equals("csv"));
        }
        if (path.equals("/api/trusted/import")) {
            boolean dryRun = flag(query, "dry-run");
            boolean prune = flag(query, "prune");
            return lists.trustedImport(body(ex), dryRun, prune);
        }
        if (path.startsWith("/api/trusted/")) {
            return lists.trustedRemove(URLDecoder.decode(path.substring("/api/trusted/".length()), StandardCharsets.UTF_8));
        }
        return switch (method) {
            case "POST" -> lists.exceptionApprove(body(ex));
            case "DELETE" -> lists.exceptionWithdraw(query.get("sender"), query.get("recipient"));
            default -> lists.exceptionsList();
        };
    }

    /** This instance's findings per hour of log time, last 24 h ({@link FindingsByHour}). */
    private ObjectNode localFindingsByHour() {
        FindingsByHour counts = metrics == null ? new FindingsByHour(Instant.now()) : metrics.findingsByHour();
        ObjectNode out = JSON.createObjectNode().put("countingSince", counts.countingSince().toString()).put("instances", 1);
        ArrayNode hours = out.putArray("hours");
        counts.last24Hours(Instant.now()).forEach(h -> hours.addObject().put("hour", h.start().toString()).put("findings", h.findings()));
        return out;
    }

    /** The most common shapes of records this instance could not read (addresses masked), 20 at most. */
    private ObjectNode localUnreadable() {
        ObjectNode out = JSON.createObjectNode().put("instances", 1);
        ArrayNode shapes = out.putArray("shapes");
        if (metrics != null) {
            metrics.unreadableShapes(20).forEach(u -> shapes.addObject().put("shape", u.shape()).put("reason", u.reason()).put("count", u.count()));
        }
        return out;
    }

    /** Every instance's unreadable shapes added up, most common first. */
    private String mergedUnreadable(AppView a, String path) {
        ObjectNode out = localUnreadable();
        Map<String, ObjectNode> byShape = new java.util.LinkedHashMap<>();
        out.path("shapes").forEach(s -> byShape.put(s.path("shape").asText(), (ObjectNode) s));
        for (StreamsMetadata m : a == null ? List.<StreamsMetadata>of() : a.streams().metadataForAllStreamsClients()) {
            if (self == null || m.hostInfo().equals(self)) {
                continue;
            }
            try {
                JsonNode other = JSON.readTree(get(m.hostInfo(), path + "?local=true"));
                for (JsonNode s : other.path("shapes")) {
                    ObjectNode mine = byShape.get(s.path("shape").asText());
                    if (mine == null) {
                        byShape.put(s.path("shape").asText(), ((ObjectNode) s).deepCopy());
                    } else {
                        mine.put("count", mine.path("count").asLong() + s.path("count").asLong());
                    }
                }
                out.put("instances", out.path("instances").asInt() + 1);
            } catch (IOException | RuntimeException e) {
                log.warn("Instance {}:{} did not answer a query: {}", m.hostInfo().host(), m.hostInfo().port(), e.getClass().getSimpleName());
            }
        }
        List<ObjectNode> sorted = new ArrayList<>(byShape.values());
        sorted.sort((x, y) -> Long.compare(y.path("count").asLong(), x.path("count").asLong()));
        ArrayNode shapes = out.putArray("shapes");
        sorted.stream().limit(20).forEach(shapes::add);
        return out.toString();
    }

    /**
     * Every instance's hourly findings added up (each counts the partitions it processed). {@code countingSince} is the
     * latest start among them: from then on every instance was counting.
     */
    private String mergedFindingsByHour(AppView a, String path) {
        ObjectNode out = localFindingsByHour();
        for (StreamsMetadata m : a.streams().metadataForAllStreamsClients()) {
            if (self == null || m.hostInfo().equals(self)) {
                continue;
            }
            try {
                JsonNode other = JSON.readTree(get(m.hostInfo(), path + "?local=true"));
                Map<String, Long> byHour = new java.util.HashMap<>();
                other.path("hours").forEach(h -> byHour.put(h.path("hour").asText(), h.path("findings").asLong()));
                for (JsonNode h : out.path("hours")) {
                    ((ObjectNode) h).put("findings", h.path("findings").asLong() + byHour.getOrDefault(h.path("hour").asText(), 0L));
                }
                String since = other.path("countingSince").asText();
                if (since.compareTo(out.path("countingSince").asText()) > 0) {
                    out.put("countingSince", since);
                }
                out.put("instances", out.path("instances").asInt() + 1);
            } catch (IOException | RuntimeException e) {
                log.warn("Instance {}:{} did not answer a query: {}", m.hostInfo().host(), m.hostInfo().port(), e.getClass().getSimpleName());
            }
        }
        return out.toString();
    }

    /** A request the API refuses before doing anything: its status and why. */
    private static final class BadRequest extends RuntimeException {
        private final int status;

        BadRequest(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    /** The request body, at most {@link #MAX_BODY_BYTES}; larger: 413 before anything is read into memory beyond it. */
    private static byte[] body(HttpExchange ex) throws IOException {
        String declared = ex.getRequestHeaders().getFirst("Content-Length");
        String tooLarge = "the request body is larger than " + MAX_BODY_BYTES / (1024 * 1024) + " MB; nothing written";
        if (declared != null) {
            try {
                if (Long.parseLong(declared.strip()) > MAX_BODY_BYTES) {
                    throw new BadRequest(413, tooLarge);
                }
            } catch (NumberFormatException e) {
                throw new BadRequest(400, "Content-Length '" + declared + "' is not a number");
            }
        }
        byte[] bytes = ex.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
            throw new BadRequest(413, tooLarge);
        }
        return bytes;
    }

    private static boolean flag(Map<String, String> query, String name) {
        String v = query.getOrDefault(name, "false");
        if (!v.equals("true") && !v.equals("false")) {
            throw new BadRequest(400, name + " must be true or false, not '" + v + "'");
        }
        return v.equals("true");
    }

    /** The query parameters, decoded (a {@code +} in an address must be sent as {@code %2B}). */
    private static Map<String, String> query(URI uri) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.putIfAbsent(k, v);
        }
        return out;
    }

    private static String error(String message) {
        return JSON.createObjectNode().put("error", message).toString();
    }

    /** A sender's window counts for the last 24 h, from the instance that owns the sender's partition. */
    private String senderWindows(AppView a, String sender, boolean local) {
        KafkaStreams streams = a.streams();
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

    private static int intParam(Map<String, String> query, String name, int def) {
        try {
            return query.containsKey(name) ? Math.max(1, Math.min(10_000, Integer.parseInt(query.get(name)))) : def;
        } catch (NumberFormatException e) {
            return def;
        }
    }

    private static String esc(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /**
     * Established correspondents worth trusting (issue 19), from the global correspondents store every instance holds,
     * without those already on the trusted list; each with its one-line reason. Empty with relationships off.
     */
    private String suggested(AppView a, String organisation, int top) {
        ArrayNode out = JSON.createArrayNode();
        if (!a.topics().correspondents().isEmpty() && hasStore(a, Names.CORRESPONDENTS_STORE)) {
            List<io.typoguard.schema.Correspondent> all = new ArrayList<>();
            ReadOnlyKeyValueStore<String, io.typoguard.schema.Correspondent> store = a.streams().store(StoreQueryParameters.fromNameAndType(
                    Names.CORRESPONDENTS_STORE, QueryableStoreTypes.<String, io.typoguard.schema.Correspondent>keyValueStore()));
            try (KeyValueIterator<String, io.typoguard.schema.Correspondent> it = store.all()) {
                it.forEachRemaining(kv -> all.add(kv.value));
            }
            java.util.Set<String> trusted = new java.util.HashSet<>();
            ReadOnlyKeyValueStore<String, ?> t = a.streams().store(StoreQueryParameters.fromNameAndType(Names.TRUSTED_STORE,
                    QueryableStoreTypes.keyValueStore()));
            try (KeyValueIterator<String, ?> it = t.all()) {
                it.forEachRemaining(kv -> trusted.add(kv.key));
            }
            for (io.typoguard.schema.Correspondent c : io.typoguard.relate.Suggestions.rank(all, organisation, trusted, top)) {
                out.addObject().put("organisation", c.getOrganisation()).put("domain", c.getDomain())
                        .put("distinctSenders", c.getDistinctSenders()).put("sent", c.getSent()).put("received", c.getReceived())
                        .put("establishedSince", c.getEstablishedSince() == null ? null : c.getEstablishedSince().toString())
                        .put("reason", io.typoguard.relate.Suggestions.reason(c));
            }
        }
        return out.toString();
    }

    private static boolean hasStore(AppView a, String store) {
        return a.topologyDescription().contains("stores: [" + store + "]");
    }

    /**
     * One (organisation, domain) row of the relationship table, from the instance that holds it: what explains a
     * finding (first seen, counts, two-way or not, established since). Null when the table has no such row.
     */
    private String relationship(AppView a, String organisation, String domain, boolean local) {
        if (!hasStore(a, Names.RELATIONSHIP_STORE)) {
            return null;
        }
        KafkaStreams streams = a.streams();
        String key = io.typoguard.topology.RelationshipState.key(organisation, domain);
        KeyQueryMetadata owner = streams.queryMetadataForKey(Names.RELATIONSHIP_STORE, key, Serdes.String().serializer());
        if (!local && owner != null && owner.activeHost() != null && !owner.activeHost().equals(HostInfo.unavailable())
                && self != null && !owner.activeHost().equals(self)) {
            return getOrNull(owner.activeHost(), "/api/relationships?local=true&organisation=" + URLEncoder.encode(organisation, StandardCharsets.UTF_8)
                    + "&domain=" + URLEncoder.encode(domain, StandardCharsets.UTF_8));
        }
        ReadOnlyKeyValueStore<String, io.typoguard.topology.RelationshipState> store = streams.store(StoreQueryParameters.fromNameAndType(
                Names.RELATIONSHIP_STORE, QueryableStoreTypes.<String, io.typoguard.topology.RelationshipState>keyValueStore()));
        io.typoguard.topology.RelationshipState st = store.get(key);
        if (st == null) {
            return null;
        }
        io.typoguard.relate.Relationship r = st.relationship();
        ObjectNode n = JSON.createObjectNode().put("organisation", r.organisation()).put("domain", r.domain())
                .put("sent", r.sent()).put("delivered", r.delivered()).put("failed", r.failed()).put("received", r.received())
                .put("twoWay", r.twoWay()).put("established", st.established())
                .put("establishedSince", st.established() ? Instant.ofEpochMilli(st.establishedSince()).toString() : null)
                .put("distinctSenders", r.distinctSenders()).put("activeDays", r.activeDays())
                .put("firstSent", time(r.firstSent())).put("lastSent", time(r.lastSent()))
                .put("firstReceived", time(r.firstReceived())).put("lastReceived", time(r.lastReceived()))
                .put("servedBy", self == null ? "this instance" : self.host() + ":" + self.port());
        return n.toString();
    }

    /** Whether the sender had written to the domain, from the instance that owns the sender (issue 19, item 1). */
    private String senderDomain(AppView a, String sender, String domain, boolean local) {
        ObjectNode n = JSON.createObjectNode().put("sender", privacy(a).apply(sender)).put("domain", domain);
        if (!hasStore(a, Names.SENDER_DOMAINS_STORE)) {
            return n.put("error", "relationships are off (typoguard.relationships.enabled)").toString();
        }
        KafkaStreams streams = a.streams();
        KeyQueryMetadata owner = streams.queryMetadataForKey(Names.SENDER_DOMAINS_STORE, sender, Serdes.String().serializer());
        if (!local && owner != null && owner.activeHost() != null && !owner.activeHost().equals(HostInfo.unavailable())
                && self != null && !owner.activeHost().equals(self)) {
            return get(owner.activeHost(), "/api/senders/" + URLEncoder.encode(sender, StandardCharsets.UTF_8).replace("+", "%20")
                    + "/domains?local=true&domain=" + URLEncoder.encode(domain, StandardCharsets.UTF_8));
        }
        ReadOnlyKeyValueStore<String, io.typoguard.relate.SenderDomains> store = streams.store(StoreQueryParameters.fromNameAndType(
                Names.SENDER_DOMAINS_STORE, QueryableStoreTypes.<String, io.typoguard.relate.SenderDomains>keyValueStore()));
        io.typoguard.relate.SenderDomains domains = store.get(sender);
        var seen = domains == null ? java.util.Optional.<io.typoguard.relate.SenderDomains.Seen>empty() : domains.seen(domain);
        n.put("wroteBefore", seen.isPresent())
                .put("firstDay", seen.map(x -> java.time.LocalDate.ofEpochDay(x.firstDay()).toString()).orElse(null))
                .put("lastDay", seen.map(x -> java.time.LocalDate.ofEpochDay(x.lastDay()).toString()).orElse(null))
                .put("domainsKept", domains == null ? 0 : domains.size())
                .put("servedBy", self == null ? "this instance" : self.host() + ":" + self.port());
        return n.toString();
    }

    private static String time(long epochMillis) {
        return epochMillis == io.typoguard.relate.Relationship.NEVER ? null : Instant.ofEpochMilli(epochMillis).toString();
    }

    private ArrayNode localTopDomains(AppView a) {
        ReadOnlyKeyValueStore<String, TypoDomainDayStats> store = a.streams().store(StoreQueryParameters.fromNameAndType(
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

    private ArrayNode localOpenIncidents(AppView a) {
        ReadOnlyKeyValueStore<String, Alert> store = a.streams().store(StoreQueryParameters.fromNameAndType(
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
    private String merged(AppView a, String store, String path, ArrayNode mine, String field, int limit) {
        KafkaStreams streams = a.streams();
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

    private static io.typoguard.privacy.AddressPrivacy privacy(AppView a) {
        return a.privacy();
    }

    private String get(HostInfo host, String pathAndQuery) {
        String body = getOrNull(host, pathAndQuery);
        if (body == null) {
            throw new IllegalStateException("instance " + host + " answered 404");
        }
        return body;
    }

    /** The owner's answer, or null when it answered 404 (it has no such row). */
    private String getOrNull(HostInfo host, String pathAndQuery) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + host.host() + ":" + host.port() + pathAndQuery))
                    .timeout(Duration.ofSeconds(5)).GET();
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> r = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 404) {
                return null;
            }
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
