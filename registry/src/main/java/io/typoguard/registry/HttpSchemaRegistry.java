package io.typoguard.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.typoguard.serde.SchemaRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.avro.Schema;

/**
 * A client of the Confluent Schema Registry REST API over {@code java.net.http}, configured with Confluent's
 * own setting names so an existing serde configuration works unchanged:
 * {@code schema.registry.url} (comma-separated: failover in order), {@code basic.auth.credentials.source}
 * (USER_INFO or URL) with {@code basic.auth.user.info}, {@code bearer.auth.credentials.source=STATIC_TOKEN}
 * with {@code bearer.auth.token}, {@code schema.registry.ssl.truststore.*} / {@code keystore.*},
 * {@code http.connect.timeout.ms}, {@code http.read.timeout.ms}, {@code max.retries},
 * {@code retries.wait.ms}, {@code retries.max.wait.ms}. 5xx answers and connection failures are retried
 * with exponential backoff across the URLs; 4xx answers are not. Lookups are cached (bounded), so the
 * serde's hot path makes no HTTP call after the first use of a schema.
 */
public final class HttpSchemaRegistry implements SchemaRegistry {
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CACHE = 1000;

    private final List<URI> urls;
    private final HttpClient http;
    private final String authorization;
    private final Duration readTimeout;
    private final int maxRetries;
    private final long retryWaitMs;
    private final long retryMaxWaitMs;
    private final Map<Integer, Schema> schemaById = lru();
    private final Map<String, Integer> idBySubjectSchema = lru();
    private final AtomicInteger preferred = new AtomicInteger();
    private final AtomicLong requests = new AtomicLong();

    public HttpSchemaRegistry(Map<String, ?> config) {
        String url = string(config, "schema.registry.url", null);
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("missing setting schema.registry.url");
        }
        List<URI> list = new ArrayList<>();
        String userInfoFromUrl = null;
        for (String u : url.split(",")) {
            URI uri = URI.create(u.strip());
            if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw new IllegalArgumentException("schema.registry.url: '" + u.strip() + "' is not an http(s) URL");
            }
            if (uri.getUserInfo() != null) {
                userInfoFromUrl = uri.getUserInfo();
            }
            list.add(URI.create(uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                    + (uri.getPath() == null ? "" : uri.getPath().replaceAll("/$", ""))));
        }
        this.urls = List.copyOf(list);
        this.authorization = authorization(config, userInfoFromUrl);
        this.readTimeout = Duration.ofMillis(longOf(config, "http.read.timeout.ms", 30_000));
        this.maxRetries = (int) longOf(config, "max.retries", 3);
        this.retryWaitMs = longOf(config, "retries.wait.ms", 200);
        this.retryMaxWaitMs = longOf(config, "retries.max.wait.ms", 5_000);
        HttpClient.Builder b = HttpClient.newBuilder()
                .connectTimeout(Duration.ofMillis(longOf(config, "http.connect.timeout.ms", 10_000)));
        if (urls.stream().anyMatch(u -> u.getScheme().equals("https"))) {
            b.sslContext(sslContext(config));
        }
        this.http = b.build();
    }

    /** HTTP requests sent so far (tests assert the hot path sends none). */
    public long requestCount() {
        return requests.get();
    }

    @Override
    public int register(String subject, Schema schema) {
        return cachedId(subject, schema, "/subjects/" + enc(subject) + "/versions");
    }

    /** The id of (subject, schema) from the cache, else from POSTing the schema to {@code path}. */
    private int cachedId(String subject, Schema schema, String path) {
        String key = subject + '\u0000' + schema;
        Integer cached = idBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        int id = call("POST", path, body(schema)).get("id").asInt();
        idBySubjectSchema.put(key, id);
        schemaById.putIfAbsent(id, schema);
        return id;
    }

    @Override
    public Schema getById(int id) {
        Schema cached = schemaById.get(id);
        if (cached != null) {
            return cached;
        }
        JsonNode n = call("GET", "/schemas/ids/" + id, null);
        Schema s = RegistryState.parse(n.get("schema").asText());
        schemaById.put(id, s);
        return s;
    }

    @Override
    public int lookupId(String subject, Schema schema) {
        return cachedId(subject, schema, "/subjects/" + enc(subject));
    }

    @Override
    public java.util.OptionalInt find(String subject, Schema schema) {
        try {
            return java.util.OptionalInt.of(lookupId(subject, schema));
        } catch (RegistryException e) {
            if (e.status() == 404) {
                return java.util.OptionalInt.empty();
            }
            throw e;
        }
    }

    @Override
    public java.util.Optional<Latest> findLatest(String subject) {
        try {
            return java.util.Optional.of(latest(subject));
        } catch (RegistryException e) {
            if (e.status() == 404) {
                return java.util.Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public String incompatibility(String subject, Schema schema) {
        JsonNode n;
        try {
            n = call("POST", "/compatibility/subjects/" + enc(subject) + "/versions/latest?verbose=true", body(schema));
        } catch (RegistryException e) {
            if (e.status() == 404) {
                return null; // no version yet: anything is accepted as the first
            }
            throw e;
        }
        if (n.path("is_compatible").asBoolean(true)) {
            return null;
        }
        StringBuilder why = new StringBuilder("incompatible with the latest version under its compatibility rule");
        JsonNode messages = n.path("messages");
        if (messages.isArray() && !messages.isEmpty()) {
            why.append(": ").append(messages.get(0).asText());
        }
        return why.toString();
    }

    @Override
    public Latest latest(String subject) {
        RegistryState.Version v = version(subject, -1);
        return new Latest(v.id(), v.schema());
    }

    public List<String> subjects() {
        List<String> out = new ArrayList<>();
        call("GET", "/subjects", null).forEach(n -> out.add(n.asText()));
        return out;
    }

    public List<Integer> versions(String subject) {
        List<Integer> out = new ArrayList<>();
        call("GET", "/subjects/" + enc(subject) + "/versions", null).forEach(n -> out.add(n.asInt()));
        return out;
    }

    /** Version number, or -1 for the latest. */
    public RegistryState.Version version(String subject, int version) {
        JsonNode n = call("GET", "/subjects/" + enc(subject) + "/versions/" + (version < 0 ? "latest" : version), null);
        Schema s = RegistryState.parse(n.get("schema").asText());
        schemaById.putIfAbsent(n.get("id").asInt(), s);
        return new RegistryState.Version(n.get("subject").asText(), n.get("version").asInt(), n.get("id").asInt(), s);
    }

    public boolean isCompatible(String subject, Schema schema) {
        return call("POST", "/compatibility/subjects/" + enc(subject) + "/versions/latest", body(schema)).get("is_compatible").asBoolean();
    }

    /** Global (subject null) or per-subject compatibility level. */
    public Compatibility compatibility(String subject) {
        return Compatibility.parse(call("GET", subject == null ? "/config" : "/config/" + enc(subject) + "?defaultToGlobal=true", null)
                .get("compatibilityLevel").asText());
    }

    public void setCompatibility(String subject, Compatibility level) {
        call("PUT", subject == null ? "/config" : "/config/" + enc(subject), "{\"compatibility\":\"" + level.name() + "\"}");
    }

    private JsonNode call(String method, String path, String body) {
        RegistryException last = null;
        long wait = retryWaitMs;
        for (int attempt = 0; attempt <= maxRetries; attempt++) {
            for (int i = 0; i < urls.size(); i++) {
                int index = (preferred.get() + i) % urls.size();
                URI uri = URI.create(urls.get(index) + path);
                try {
                    JsonNode n = send(method, uri, body);
                    preferred.set(index);
                    return n;
                } catch (RegistryException e) {
                    if (!e.retriable()) {
                        throw e;
                    }
                    last = e;
                }
            }
            if (attempt < maxRetries) {
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new RegistryException("interrupted while waiting to retry the schema registry", e);
                }
                wait = Math.min(retryMaxWaitMs, wait * 2);
            }
        }
        throw last;
    }

    private JsonNode send(String method, URI uri, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(readTimeout)
                .header("Accept", CONTENT_TYPE + ", application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", CONTENT_TYPE);
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        requests.incrementAndGet();
        HttpResponse<InputStream> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new RegistryException("schema registry unreachable at " + uri.getScheme() + "://" + uri.getAuthority()
                    + ": " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("interrupted while calling the schema registry", e);
        }
        JsonNode n;
        try (InputStream in = r.body()) {
            n = JSON.readTree(in);
        } catch (IOException e) {
            if (r.statusCode() >= 300) {
                // A proxy or a login page in front of the registry: the status is the answer.
                throw new RegistryException(r.statusCode(), r.statusCode(), "schema registry: HTTP " + r.statusCode() + " (answer not JSON)");
            }
            throw new RegistryException(502, 50001, "unreadable schema registry answer");
        }
        if (r.statusCode() >= 300) {
            // Confluent answers an error code of its own (40401, 409, ...); Apicurio's compatibility API answers 0.
            int code = n == null ? 0 : n.path("error_code").asInt(0);
            if (code <= 0) {
                code = r.statusCode();
            }
            String message = n == null ? "" : n.path("message").asText("").strip();
            throw new RegistryException(r.statusCode(), code, "schema registry: HTTP " + r.statusCode()
                    + (code == r.statusCode() ? "" : " (error " + code + ")") + (message.isEmpty() ? "" : ": " + message));
        }
        return n;
    }

    private static String body(Schema schema) {
        try {
            return JSON.writeValueAsString(Map.of("schema", schema.toString()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String authorization(Map<String, ?> config, String userInfoFromUrl) {
        String bearerSource = string(config, "bearer.auth.credentials.source", null);
        if (bearerSource != null) {
            if (!bearerSource.equals("STATIC_TOKEN")) {
                throw new IllegalArgumentException("bearer.auth.credentials.source: only STATIC_TOKEN is supported");
            }
            String token = string(config, "bearer.auth.token", null);
            if (token == null) {
                throw new IllegalArgumentException("missing setting bearer.auth.token");
            }
            return "Bearer " + token;
        }
        String source = string(config, "basic.auth.credentials.source", null);
        if (source == null) {
            return null;
        }
        String userInfo = switch (source) {
            // Confluent's client reads either name.
            case "USER_INFO" -> string(config, "basic.auth.user.info", string(config, "schema.registry.basic.auth.user.info", null));
            case "URL" -> userInfoFromUrl;
            default -> throw new IllegalArgumentException("basic.auth.credentials.source: expected USER_INFO or URL, not " + source);
        };
        if (userInfo == null || !userInfo.contains(":")) {
            throw new IllegalArgumentException("basic auth needs user:password (basic.auth.user.info or the URL)");
        }
        return "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    }

    private static SSLContext sslContext(Map<String, ?> config) {
        try {
            TrustManagerFactory tmf = null;
            String trust = string(config, "schema.registry.ssl.truststore.location", null);
            if (trust != null) {
                KeyStore ts = load(trust, string(config, "schema.registry.ssl.truststore.password", ""),
                        string(config, "schema.registry.ssl.truststore.type", "PKCS12"));
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(ts);
            }
            KeyManagerFactory kmf = null;
            String key = string(config, "schema.registry.ssl.keystore.location", null);
            if (key != null) {
                String password = string(config, "schema.registry.ssl.keystore.password", "");
                KeyStore ks = load(key, password, string(config, "schema.registry.ssl.keystore.type", "PKCS12"));
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, string(config, "schema.registry.ssl.key.password", password).toCharArray());
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return ctx;
        } catch (Exception e) {
            throw new IllegalArgumentException("schema registry TLS settings: " + e.getMessage(), e);
        }
    }

    private static KeyStore load(String location, String password, String type) throws Exception {
        KeyStore ks = KeyStore.getInstance(type);
        try (InputStream in = Files.newInputStream(Path.of(location))) {
            ks.load(in, password.toCharArray());
        }
        return ks;
    }

    private static String string(Map<String, ?> config, String key, String def) {
        Object v = config.get(key);
        return v == null ? def : v.toString();
    }

    private static long longOf(Map<String, ?> config, String key, long def) {
        Object v = config.get(key);
        if (v == null) {
            return def;
        }
        try {
            return Long.parseLong(v.toString().strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting " + key + ": expected a whole number, not '" + v + "'");
        }
    }

    private static <K, V> Map<K, V> lru() {
        return Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > CACHE;
            }
        });
    }
}
