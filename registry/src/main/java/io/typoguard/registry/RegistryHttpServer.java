package io.typoguard.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executors;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subset of the Confluent Schema Registry REST API that serializers, deserializers and operators use,
 * served by the app itself for the demo and tests (listening on 127.0.0.1 only). Answers and error codes
 * follow Confluent's: {@code {"id":1}}, {@code {"error_code":40401,"message":"..."}}, content type
 * {@code application/vnd.schemaregistry.v1+json}.
 */
public final class RegistryHttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RegistryHttpServer.class);
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistryState state;
    private final HttpServer server;

    private RegistryHttpServer(RegistryState state, HttpServer server) {
        this.state = state;
        this.server = server;
    }

    /** Starts on 127.0.0.1 at the given port (0: any free port). */
    public static RegistryHttpServer start(RegistryState state, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        RegistryHttpServer r = new RegistryHttpServer(state, server);
        server.createContext("/", r::handle);
        server.setExecutor(Executors.newFixedThreadPool(4, t -> {
            Thread th = new Thread(t, "schema-registry-http");
            th.setDaemon(true);
            return th;
        }));
        server.start();
        return r;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        // (the catch clauses answer on the exchange, so it is closed after them, not by try-with-resources)
        try {
            String method = ex.getRequestMethod();
            String[] p = segments(ex.getRequestURI().getRawPath());
            Object body = route(method, p, ex.getRequestBody(), ex.getRequestURI().getRawQuery());
            send(ex, 200, body);
        } catch (RegistryException e) {
            ObjectNode err = JSON.createObjectNode().put("error_code", e.errorCode()).put("message", e.getMessage());
            send(ex, e.status(), err);
        } catch (RuntimeException | Error e) {
            log.warn("schema registry request failed: {}", e.toString());
            send(ex, 500, JSON.createObjectNode().put("error_code", 50001).put("message", "Error in the backend data store"));
        } finally {
            ex.close();
        }
    }

    private Object route(String method, String[] p, InputStream in, String query) throws IOException {
        if (p.length == 1 && p[0].equals("subjects") && method.equals("GET")) {
            return state.subjects();
        }
        if (p.length >= 2 && p[0].equals("subjects")) {
            String subject = p[1];
            if (p.length == 2 && method.equals("POST")) {
                Schema s = RegistryState.parse(schemaText(in));
                RegistryState.Version v = state.lookup(subject, s)
                        .orElseThrow(() -> new RegistryException(404, state.subjects().contains(subject) ? 40403 : 40401,
                                state.subjects().contains(subject) ? "Schema not found" : "Subject '" + subject + "' not found."));
                return version(v);
            }
            if (p.length == 3 && p[2].equals("versions")) {
                if (method.equals("GET")) {
                    return state.versions(subject);
                }
                if (method.equals("POST")) {
                    return Map.of("id", state.register(subject, RegistryState.parse(schemaText(in))));
                }
            }
            if (p.length >= 4 && p[2].equals("versions") && method.equals("GET")) {
                RegistryState.Version v = state.version(subject, versionNumber(p[3]));
                return p.length == 5 && p[4].equals("schema") ? new RawJson(v.schema().toString()) : version(v);
            }
        }
        if (p.length >= 3 && p[0].equals("schemas") && p[1].equals("ids") && method.equals("GET")) {
            int id = intOf(p[2], 40403, "Schema " + p[2] + " not found");
            Schema s = state.schema(id);
            return p.length == 4 && p[3].equals("schema") ? new RawJson(s.toString()) : Map.of("schema", s.toString());
        }
        if (p.length == 5 && p[0].equals("compatibility") && p[1].equals("subjects") && p[3].equals("versions")
                && method.equals("POST")) {
            Schema s = RegistryState.parse(schemaText(in));
            if (!state.subjects().contains(p[2])) {
                throw new RegistryException(404, 40401, "Subject '" + p[2] + "' not found.");
            }
            return Map.of("is_compatible", state.compatible(p[2], s));
        }
        if (p.length >= 1 && p[0].equals("config")) {
            String subject = p.length == 2 ? p[1] : null;
            if (method.equals("GET")) {
                // As Confluent: a subject without its own setting is 40408 unless defaultToGlobal=true.
                if (subject != null && !state.hasOwnCompatibility(subject)
                        && (query == null || !query.contains("defaultToGlobal=true"))) {
                    throw new RegistryException(404, 40408, "Subject '" + subject + "' does not have subject-level compatibility configured");
                }
                return Map.of("compatibilityLevel", state.compatibility(subject).name());
            }
            if (method.equals("PUT")) {
                JsonNode n = JSON.readTree(in);
                Compatibility level;
                try {
                    level = Compatibility.parse(n.path("compatibility").asText(null));
                } catch (IllegalArgumentException e) {
                    throw new RegistryException(422, 42203, "Invalid compatibility level");
                }
                state.setCompatibility(subject, level);
                return Map.of("compatibility", level.name());
            }
        }
        throw new RegistryException(404, 404, "HTTP 404 Not Found");
    }

    private static Map<String, Object> version(RegistryState.Version v) {
        return Map.of("subject", v.subject(), "version", v.version(), "id", v.id(), "schema", v.schema().toString());
    }

    private static int versionNumber(String s) {
        if (s.equals("latest")) {
            return -1;
        }
        return intOf(s, 42202, "The specified version '" + s + "' is not a valid version id.");
    }

    private static int intOf(String s, int code, String message) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new RegistryException(code == 40403 ? 404 : 422, code, message);
        }
    }

    private static String schemaText(InputStream in) throws IOException {
        JsonNode n;
        try {
            n = JSON.readTree(in);
        } catch (IOException e) {
            throw new RegistryException(422, 42201, "Invalid schema: request body is not JSON");
        }
        String type = n.path("schemaType").asText("AVRO");
        if (!type.equals("AVRO")) {
            throw new RegistryException(422, 42201, "Invalid schema: only AVRO schemas are supported here");
        }
        if (!n.hasNonNull("schema")) {
            throw new RegistryException(422, 42201, "Invalid schema: no schema field");
        }
        return n.get("schema").asText();
    }

    private static String[] segments(String rawPath) {
        String p = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
        if (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.isEmpty()) {
            return new String[0];
        }
        String[] parts = p.split("/");
        for (int i = 0; i < parts.length; i++) {
            // Path segments, not form data: a literal '+' stays a '+'.
            parts[i] = URLDecoder.decode(parts[i].replace("+", "%2B"), StandardCharsets.UTF_8);
        }
        return parts;
    }

    /** A body that is already JSON (a schema), written as is. */
    private record RawJson(String json) {
    }

    private static void send(HttpExchange ex, int status, Object body) throws IOException {
        byte[] bytes = body instanceof RawJson raw ? raw.json().getBytes(StandardCharsets.UTF_8) : JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
