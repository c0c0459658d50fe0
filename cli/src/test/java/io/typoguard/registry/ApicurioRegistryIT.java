package io.typoguard.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.typoguard.cli.TypoguardCli;
import io.typoguard.runtime.TopicSetup;
import io.typoguard.schema.Alert;
import io.typoguard.schema.TrustedDomain;
import io.typoguard.serde.AvroSerdes;
import io.typoguard.testkit.DemoTraffic;
import io.typoguard.testkit.EmbeddedKafkaBroker;
import io.typoguard.testkit.KafkaServers;
import io.typoguard.topology.DeadLetters;
import io.typoguard.topology.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Typoguard against a real registry server: Apicurio Registry 2.4.2's Confluent-compatible API (module
 * apicurio/server) with basic auth and Apicurio's own roles, the app started as {@code bin/typoguard run} as an
 * operator starts it, on a real broker; Confluent's JavaScript client reads and writes through the same registry.
 */
class ApicurioRegistryIT {
    private static final Path ROOT = ApicurioServer.ROOT;
    private static final Path JS = ROOT.resolve("streams-app/src/test/js");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path dir;
    private static ApicurioServer apicurio;
    private static EmbeddedKafkaBroker broker;
    private final List<Process> apps = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("typoguard-apicurio-");
        apicurio = ApicurioServer.start(dir);
        // Apicurio's default compatibility is NONE; Typoguard's schema evolution relies on Confluent's default, BACKWARD.
        assertThat(apicurio.call("PUT", "/config", "{\"compatibility\":\"BACKWARD\"}", ApicurioServer.ADMIN).statusCode()).isEqualTo(200);
        broker = EmbeddedKafkaBroker.inTempDir().start();
        broker.createTopics(TopicSetup.plan(Topics.defaults(), 1, (short) 1));
    }

    @AfterAll
    static void stop() {
        if (apicurio != null) {
            apicurio.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @org.junit.jupiter.api.AfterEach
    void stopApps() {
        apps.forEach(Process::destroyForcibly);
    }

    private static Path config(String name, String prefix, String userInfo, String... extra) throws IOException {
        Path file = dir.resolve(name + ".properties");
        Files.writeString(file, String.join("\n", List.of(
                "bootstrap.servers=" + broker.bootstrapServers(),
                "application.id=" + name,
                "state.dir=" + dir.resolve("state-" + name),
                "replication.factor=1",
                "commit.interval.ms=200",
                "typoguard.topics.prefix=" + prefix,
                "typoguard.http.port=" + KafkaServers.freePort(),
                "schema.registry.url=" + apicurio.url(),
                "basic.auth.credentials.source=USER_INFO",
                "basic.auth.user.info=" + userInfo)) + "\n" + String.join("\n", extra) + "\n");
        return file;
    }

    private record Cli(int code, String out, String err) {
    }

    private static Cli typoguard(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = TypoguardCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Cli(code, out.toString(), err.toString());
    }

    private Process run(Path config, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("bin/typoguard", "run", "--config", config.toString()).directory(ROOT.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("TYPOGUARD_JAVA_OPTS", "-Xmx768m");
        Process p = pb.start();
        apps.add(p);
        return p;
    }

    private static HttpSchemaRegistry client(String userInfo) {
        return new HttpSchemaRegistry(Map.of("schema.registry.url", apicurio.url(), "basic.auth.credentials.source", "USER_INFO",
                "basic.auth.user.info", userInfo));
    }

    private static List<String> subjects() throws Exception {
        List<String> out = new ArrayList<>();
        JSON.readTree(apicurio.call("GET", "/subjects", null, ApicurioServer.READER).body()).forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void aReleasePipelineRegistersTheSchemasAndTheAppRunsWithALoginThatMayOnlyRead() throws Exception {
        Path config = config("typoguard-ro", "", ApicurioServer.READER, "auto.register.schemas=false");

        // Before the release pipeline: run would not start, and check says why, registering nothing
        Cli before = typoguard("registry", "check", "--config", config.toString());
        assertThat(before.code()).isEqualTo(2);
        assertThat(before.err()).contains("subject mail.findings-value: this release's io.typoguard.schema.TypoFinding is not registered")
                .contains("subject typoguard-ro-incident-store-changelog-value");
        assertThat(subjects()).isEmpty();
        // The read-only login may not register: the registry refuses even the compatibility check (403), before any write
        assertThat(typoguard("registry", "register", "--config", config.toString()).err())
                .contains("subject mail.events-value: schema registry: HTTP 403").contains("nothing was registered");

        // The release pipeline registers with a login that may write
        Cli register = typoguard("registry", "register", "--config", config.toString(), "--set", "basic.auth.user.info=" + ApicurioServer.WRITER);
        assertThat(register.code()).as(register.err()).isZero();
        assertThat(register.out().lines()).hasSize(14).allSatisfy(l -> assertThat(l).startsWith("registered"));
        assertThat(typoguard("registry", "check", "--config", config.toString()).code()).isZero();

        // The trusted list, imported with the read-only login (lookups only)
        Path csv = dir.resolve("trusted.csv");
        try (var in = getClass().getClassLoader().getResourceAsStream("demo/trusted.csv")) {
            Files.write(csv, in.readAllBytes());
        }
        Cli imported = typoguard("trusted", "import", "--config", config.toString(), csv.toString());
        assertThat(imported.code()).as(imported.err()).isZero();

        // The app starts and runs with the read-only login
        Path log = dir.resolve("app-ro.log");
        Process app = run(config, log);
        String httpBase = "http://127.0.0.1:" + property(config, "typoguard.http.port");
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().untilAsserted(() -> {
            assertThat(app.isAlive()).as("the app runs; its log:\n" + Files.readString(log)).isTrue();
            assertThat(get(httpBase + "/health/ready")).contains("\"ready\":true");
        });

        // Real Postfix lines, and a TrustedDomain written by Confluent's JavaScript client (usmc.mil is not on the list)
        Path schema = Files.writeString(dir.resolve("trusted.avsc"), TrustedDomain.getClassSchema().toString());
        Path record = Files.writeString(dir.resolve("usmc.json"), "{\"domain\":\"usmc.mil\",\"organisation\":\"U.S. Marine Corps\","
                + "\"sensitivity\":\"CRITICAL\",\"includeSubdomains\":true,\"note\":null,\"allowedLookalikes\":[]}");
        byte[] fromJs = Base64.getDecoder().decode(node(ApicurioServer.WRITER, "serialize", apicurio.url(), "trusted.domains",
                schema.toString(), record.toString()).strip());
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", broker.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            int trustedBefore = JSON.readTree(get(httpBase + "/health/ready")).path("trustedDomains").asInt();
            producer.send(new ProducerRecord<>("trusted.domains", "usmc.mil", fromJs)).get();
            // The global thread reads trusted.domains on its own: the mail to usmc.ml goes in once usmc.mil is trusted
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() ->
                    JSON.readTree(get(httpBase + "/health/ready")).path("trustedDomains").asInt() == trustedBefore + 1);
            Instant now = Instant.now();
            for (String line : DemoTraffic.bundled(now)) {
                producer.send(new ProducerRecord<>("mail.log.raw", "mx1", line.getBytes(StandardCharsets.UTF_8)));
            }
            producer.send(new ProducerRecord<>("mail.log.raw", "gw1", ("{\"timestamp\":\"" + now
                    + "\",\"host\":\"gw1\",\"queue_id\":\"Q1\",\"from\":\"ops@typoguard.test\",\"to\":[\"gunny@usmc.ml\"],\"status\":\"sent\"}")
                    .getBytes(StandardCharsets.UTF_8))).get();
        }

        // Alerts, read with the read-only login by Typoguard's serde and by Confluent's JavaScript client
        AvroSerdes reader = new AvroSerdes(client(ApicurioServer.READER));
        List<ConsumerRecord<String, byte[]>> alerts = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(consumer(), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("mail.alerts"));
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                consumer.poll(Duration.ofMillis(300)).forEach(alerts::add);
                assertThat(alerts.stream().map(r -> reader.alert.deserializer().deserialize("mail.alerts", r.value())))
                        .anySatisfy(a -> assertThat(a.getRecipient()).isEqualTo("colonel.smith@army.ml"))
                        .anySatisfy(a -> assertThat(a.getIntendedDomain()).isEqualTo("usmc.mil"));
            });
        }
        byte[] armyMl = alerts.stream().filter(r -> reader.alert.deserializer().deserialize("mail.alerts", r.value()).getRecipient()
                .equals("colonel.smith@army.ml")).findFirst().orElseThrow().value();
        JsonNode decoded = JSON.readTree(node(ApicurioServer.READER, "deserialize", apicurio.url(), "mail.alerts",
                Base64.getEncoder().encodeToString(armyMl)));
        assertThat(decoded.path("recipient").asText()).isEqualTo("colonel.smith@army.ml");
        assertThat(decoded.path("intendedDomain").asText()).isEqualTo("army.mil");
        assertThat(ByteBuffer.wrap(armyMl, 1, 4).getInt()).as("written with the id the release pipeline registered")
                .isEqualTo(client(ApicurioServer.READER).lookupId("mail.alerts-value", Alert.getClassSchema()));

        // A trusted-domain record written with a newer schema this release cannot read: dead-lettered and counted
        // (registered by another tool while the registry's rule was Apicurio's default, NONE: a per-subject NONE in Apicurio
        // removes the subject's rule and the global BACKWARD applies, so the global rule is lifted for the moment)
        assertThat(apicurio.call("PUT", "/config", "{\"compatibility\":\"NONE\"}", ApicurioServer.ADMIN).statusCode()).isEqualTo(200);
        Schema newer = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"TrustedDomain\",\"namespace\":\"io.typoguard.schema\","
                + "\"fields\":[{\"name\":\"domain\",\"type\":\"string\"},{\"name\":\"sensitivity\",\"type\":\"int\"}]}");
        int newerId = client(ApicurioServer.WRITER).register("trusted.domains-value", newer);
        assertThat(apicurio.call("PUT", "/config", "{\"compatibility\":\"BACKWARD\"}", ApicurioServer.ADMIN).statusCode()).isEqualTo(200);
        var out = new java.io.ByteArrayOutputStream();
        out.write(new byte[] {0, (byte) (newerId >>> 24), (byte) (newerId >>> 16), (byte) (newerId >>> 8), (byte) newerId});
        var encoder = org.apache.avro.io.EncoderFactory.get().binaryEncoder(out, null);
        var value = new org.apache.avro.generic.GenericData.Record(newer);
        value.put("domain", "army.mil");
        value.put("sensitivity", 4);
        new org.apache.avro.generic.GenericDatumWriter<>(newer).write(value, encoder);
        encoder.flush();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", broker.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>("trusted.domains", "army.mil", out.toByteArray())).get();
        }
        try (var consumer = new KafkaConsumer<>(consumer(), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("mail.deadletter"));
            List<ConsumerRecord<byte[], byte[]>> dead = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                consumer.poll(Duration.ofMillis(300)).forEach(dead::add);
                assertThat(dead).anySatisfy(r -> {
                    assertThat(header(r, DeadLetters.SOURCE_TOPIC)).isEqualTo("trusted.domains");
                    assertThat(header(r, DeadLetters.STAGE)).isEqualTo("deserialize");
                    assertThat(header(r, DeadLetters.REASON)).startsWith("trusted-domain record: cannot read io.typoguard.schema.TrustedDomain "
                            + "with schema id " + newerId + ": AvroTypeException");
                    assertThat(r.value()).isEqualTo(out.toByteArray());
                });
            });
        }
        assertThat(get(httpBase + "/metrics")).contains("typoguard_table_records_unreadable_total{table=\"trusted-domain\"} 1.0");
        assertThat(get(httpBase + "/api/trusted")).contains("\"unreadable\":[{").contains("army.mil");

        // Nothing was registered by the app, and it stops cleanly
        assertThat(subjects()).hasSize(14);
        app.destroy();
        assertThat(app.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(app.exitValue()).as(Files.readString(log)).isZero();
        assertThat(Files.readString(log)).doesNotContain("HTTP 403").doesNotContain("HTTP 401");
    }

    @Test
    void aRefusalAtStartIsExitCode2NamingTheSubjectAndNothingIsHalfRegistered() throws Exception {
        broker.createTopics(TopicSetup.plan(Topics.defaults().withPrefix("refused."), 1, (short) 1));
        // An older, incompatible refused.mail.findings-value (BACKWARD: this release could not read what it describes)
        Schema older = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"TypoFinding\",\"namespace\":\"io.typoguard.schema\","
                + "\"fields\":[{\"name\":\"recipient\",\"type\":\"int\"}]}");
        client(ApicurioServer.WRITER).register("refused.mail.findings-value", older);
        // Apicurio answers a refused registration with HTTP 409 and error code 0: the message says 409, not "409 0"
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> client(ApicurioServer.WRITER).register("refused.mail.findings-value",
                        io.typoguard.schema.TypoFinding.getClassSchema()))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(409))
                .hasMessageStartingWith("schema registry: HTTP 409: Incompatible artifact");

        Path log = dir.resolve("app-refused.log");
        Process app = run(config("typoguard-refused", "refused.", ApicurioServer.WRITER), log);

        assertThat(app.waitFor(120, TimeUnit.SECONDS)).as("the app stopped").isTrue();
        assertThat(app.exitValue()).isEqualTo(2);
        assertThat(Files.readString(log)).contains("typoguard: schema registry check failed; nothing was registered:")
                .contains("subject refused.mail.findings-value: the registry would refuse this release's io.typoguard.schema.TypoFinding");
        assertThat(subjects()).filteredOn(s -> s.startsWith("refused.") || s.startsWith("typoguard-refused"))
                .containsExactly("refused.mail.findings-value");

        // A read-only login with auto-registration on, for an app whose subjects are missing: exit 2, naming them
        Path freshLog = dir.resolve("app-fresh.log");
        Process fresh = run(config("typoguard-fresh", "fresh.", ApicurioServer.READER), freshLog);
        assertThat(fresh.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(fresh.exitValue()).isEqualTo(2);
        assertThat(Files.readString(freshLog)).contains("subject fresh.mail.events-value: schema registry: HTTP 403");
        assertThat(subjects()).noneMatch(s -> s.startsWith("fresh.") || s.startsWith("typoguard-fresh"));
    }

    private String node(String userInfo, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("node", "compat.mjs"));
        cmd.addAll(List.of(args));
        Path out = dir.resolve("node-" + UUID.randomUUID() + ".out");
        Path err = dir.resolve("node-" + UUID.randomUUID() + ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(JS.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("SR_USER_INFO", userInfo);
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("node finished").isTrue();
        assertThat(p.exitValue()).as("node " + args[0] + ": " + Files.readString(err)).isZero();
        return Files.readString(out);
    }

    private static Map<String, Object> consumer() {
        return Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static String property(Path config, String key) throws IOException {
        var p = new java.util.Properties();
        try (var in = Files.newBufferedReader(config)) {
            p.load(in);
        }
        return p.getProperty(key);
    }

    private static String get(String url) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
