package io.typoguard.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.typoguard.schema.DeliveryStatus;
import io.typoguard.schema.MailEvent;
import io.typoguard.serde.ConfluentAvroSerde;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Our registry client against our registry endpoint, both speaking Confluent's REST API over real HTTP. */
class HttpSchemaRegistryTest {
    private static final Schema V1 = new Schema.Parser().parse(
            "{\"type\":\"record\",\"name\":\"R\",\"namespace\":\"t\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}");
    private static final Schema V2_OPTIONAL = new Schema.Parser().parse(
            "{\"type\":\"record\",\"name\":\"R\",\"namespace\":\"t\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"},"
                    + "{\"name\":\"b\",\"type\":[\"null\",\"string\"],\"default\":null}]}");
    private static final Schema V2_REQUIRED = new Schema.Parser().parse(
            "{\"type\":\"record\",\"name\":\"R\",\"namespace\":\"t\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"},"
                    + "{\"name\":\"c\",\"type\":\"int\"}]}");

    private RegistryHttpServer server;
    private HttpSchemaRegistry client;

    @BeforeEach
    void start() throws IOException {
        server = RegistryHttpServer.start(new RegistryState(), 0);
        client = new HttpSchemaRegistry(Map.of("schema.registry.url", server.url()));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void registersLooksUpAndListsLikeConfluent() {
        int id = client.register("orders-value", V1);
        HttpSchemaRegistry fresh = new HttpSchemaRegistry(Map.of("schema.registry.url", server.url()));

        assertThat(id).isEqualTo(1);
        assertThat(client.register("orders-value", V1)).as("idempotent").isEqualTo(1);
        assertThat(fresh.getById(1)).isEqualTo(V1);
        assertThat(fresh.subjects()).containsExactly("orders-value");
        assertThat(fresh.versions("orders-value")).containsExactly(1);
        assertThat(fresh.version("orders-value", -1).id()).isEqualTo(1);
        assertThatThrownBy(() -> fresh.getById(99)).isInstanceOfSatisfying(RegistryException.class,
                e -> assertThat(e.errorCode()).isEqualTo(40403));
        assertThatThrownBy(() -> fresh.versions("nope-value")).isInstanceOfSatisfying(RegistryException.class,
                e -> assertThat(e.errorCode()).isEqualTo(40401));
    }

    @Test
    void backwardCompatibilityIsEnforcedAndCanBeChanged() {
        client.register("orders-value", V1);

        assertThat(client.compatibility(null)).isEqualTo(Compatibility.BACKWARD);
        assertThat(client.isCompatible("orders-value", V2_REQUIRED)).isFalse();
        assertThat(client.isCompatible("orders-value", V2_OPTIONAL)).isTrue();
        assertThatThrownBy(() -> client.register("orders-value", V2_REQUIRED)).isInstanceOfSatisfying(RegistryException.class,
                e -> assertThat(e.status()).isEqualTo(409));
        assertThat(client.register("orders-value", V2_OPTIONAL)).isEqualTo(2);
        assertThat(client.versions("orders-value")).containsExactly(1, 2);

        client.setCompatibility("orders-value", Compatibility.NONE);
        assertThat(client.compatibility("orders-value")).isEqualTo(Compatibility.NONE);
        assertThat(client.register("orders-value", V2_REQUIRED)).isEqualTo(3);
    }

    @Test
    void theSerdeHotPathMakesNoHttpCallAfterWarmUp() {
        ConfluentAvroSerde<MailEvent> serde = ConfluentAvroSerde.forValues(client, MailEvent.class);
        ConfluentAvroSerde<MailEvent> reader = ConfluentAvroSerde.forValues(
                new HttpSchemaRegistry(Map.of("schema.registry.url", server.url())), MailEvent.class);
        MailEvent e = MailEvent.newBuilder().setEventId("e").setTimestamp(Instant.parse("2026-11-27T04:21:12Z"))
                .setRecipient("a@army.ml").setRecipientDomain("army.ml").setStatus(DeliveryStatus.SENT).setSourceFormat("postfix").build();
        reader.deserializer().deserialize("mail.events", serde.serializer().serialize("mail.events", e)); // warm-up
        long before = client.requestCount();

        for (int i = 0; i < 1000; i++) {
            assertThat(reader.deserializer().deserialize("mail.events", serde.serializer().serialize("mail.events", e))).isEqualTo(e);
        }

        assertThat(client.requestCount() - before).isZero();
    }

    @Test
    void failsOverToTheNextUrlAndRetries5xxButNot4xx() throws IOException {
        int dead;
        try (ServerSocket s = new ServerSocket(0)) {
            dead = s.getLocalPort();
        }
        AtomicInteger calls = new AtomicInteger();
        List<String> auth = new CopyOnWriteArrayList<>();
        HttpServer flaky = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        flaky.createContext("/", ex -> {
            auth.add(ex.getRequestHeaders().getFirst("Authorization"));
            int n = calls.incrementAndGet();
            byte[] body = ex.getRequestURI().getPath().contains("/ids/7")
                    ? (n < 3 ? "{\"error_code\":50001,\"message\":\"store\"}" : "{\"schema\":" + quote(V1.toString()) + "}").getBytes()
                    : "{\"error_code\":40403,\"message\":\"Schema not found\"}".getBytes();
            ex.sendResponseHeaders(ex.getRequestURI().getPath().contains("/ids/7") ? (n < 3 ? 500 : 200) : 404, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        flaky.start();
        try {
            HttpSchemaRegistry c = new HttpSchemaRegistry(Map.of(
                    "schema.registry.url", "http://127.0.0.1:" + dead + ",http://127.0.0.1:" + flaky.getAddress().getPort(),
                    "basic.auth.credentials.source", "USER_INFO", "basic.auth.user.info", "typoguard:s3cret",
                    "retries.wait.ms", "10", "max.retries", "3"));

            assertThat(c.getById(7)).isEqualTo(V1);
            assertThat(calls.get()).as("two 500s retried, then the answer").isEqualTo(3);
            calls.set(10);
            assertThatThrownBy(() -> c.getById(8)).isInstanceOf(RegistryException.class);
            assertThat(calls.get()).as("a 404 is not retried").isEqualTo(11);
            assertThat(auth).allSatisfy(h -> assertThat(h).isEqualTo("Basic "
                    + java.util.Base64.getEncoder().encodeToString("typoguard:s3cret".getBytes(StandardCharsets.UTF_8))));
        } finally {
            flaky.stop(0);
        }
    }

    @Test
    void anUnreachableRegistrySaysSo() {
        HttpSchemaRegistry c = new HttpSchemaRegistry(Map.of("schema.registry.url", "http://127.0.0.1:1", "max.retries", "0"));
        assertThatThrownBy(() -> c.getById(1)).isInstanceOfSatisfying(RegistryException.class, e -> {
            assertThat(e.retriable()).isTrue();
            assertThat(e.getMessage()).contains("unreachable");
        });
        assertThatThrownBy(() -> new HttpSchemaRegistry(Map.of("schema.registry.url", "ftp://x"))).hasMessageContaining("not an http(s) URL");
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
