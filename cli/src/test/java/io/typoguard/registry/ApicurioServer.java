package io.typoguard.registry;

import io.typoguard.testkit.KafkaServers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Apicurio Registry 2.4.2 (module apicurio/server, in-memory storage) in its own JVM on 127.0.0.1, with HTTP
 * basic auth and Apicurio's role-based authorization: {@code reader} (sr-readonly), {@code writer} (sr-developer),
 * {@code admin} (sr-admin). Its Confluent-compatible API is at {@link #url()}.
 */
final class ApicurioServer implements AutoCloseable {
    static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    static final Path JAR = ROOT.resolve("apicurio/server/target/typoguard-apicurio-registry-0.1.0-SNAPSHOT-runner.jar");
    static final String READER = "reader:reader-pw";
    static final String WRITER = "writer:writer-pw";
    static final String ADMIN = "admin:admin-pw";

    private final Process process;
    private final int port;
    final Path log;

    private ApicurioServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static ApicurioServer start(Path dir) throws IOException, InterruptedException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException("build the Apicurio test server first (mvn install -pl apicurio/standin,apicurio/server): " + JAR);
        }
        int port = KafkaServers.freePort();
        List<String> cmd = new ArrayList<>(List.of("java", "-Xmx384m", "-Dquarkus.http.port=" + port, "-Dquarkus.http.host=127.0.0.1",
                "-Dregistry.auth.enabled=true", "-Dquarkus.oidc.tenant-enabled=false", "-Dregistry.auth.role-based-authorization=true",
                "-Dquarkus.security.users.embedded.plain-text=true"));
        for (String[] user : new String[][] {{READER, "sr-readonly"}, {WRITER, "sr-developer"}, {ADMIN, "sr-admin"}}) {
            String[] np = user[0].split(":");
            cmd.add("-Dquarkus.security.users.embedded.users." + np[0] + "=" + np[1]);
            cmd.add("-Dquarkus.security.users.embedded.roles." + np[0] + "=" + user[1]);
        }
        cmd.addAll(List.of("-jar", JAR.toString()));
        Path log = dir.resolve("apicurio.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ApicurioServer server = new ApicurioServer(p, port, log);
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                    .until(() -> !p.isAlive() || server.call("GET", "/subjects", null, READER).statusCode() == 200);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // reported below with the log
        }
        if (!p.isAlive() || server.call("GET", "/subjects", null, READER).statusCode() != 200) {
            server.close();
            throw new IllegalStateException("Apicurio Registry did not start; its log:\n" + Files.readString(log));
        }
        return server;
    }

    /** The Confluent-compatible API ({@code schema.registry.url}). */
    String url() {
        return "http://127.0.0.1:" + port + "/apis/ccompat/v7";
    }

    HttpResponse<String> call(String method, String path, String body, String userInfo) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (userInfo != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)));
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
