package io.typoguard.runtime;

import io.typoguard.testkit.KafkaServers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Day one as an operator lives it (issue 16, items 4 and 5), every step a block of docs/operations.md run with bash:
 * a Kafka broker as its own JVM started from Kafka's jars by Kafka's launchers, with SASL and the standard
 * authorizer; topics and ACLs from {@code typoguard topics} and {@code typoguard acls}; the trusted list from
 * {@code typoguard trusted import}; the app as its own process through {@code bin/typoguard run --config}; four mail
 * hosts, each with its own rsyslogd shipping its Postfix log with omkafka, keyed by host; the SIEM side read with
 * kcat from {@code mail.alerts.ocsf}; an exception approved with {@code typoguard exceptions approve} honoured by
 * the policy service within 5 s; then {@code kill -TERM} and a restart under exactly-once with no corrupted task,
 * no error in the log, and no alert lost or repeated.
 *
 * <p>Runs in {@code mvn verify} after {@code package} (failsafe), since it starts the packaged jar. The Postfix
 * lines are {@link HostLogs}' (the shape real Postfix writes; real Postfix logs are {@code RsyslogOmkafkaTest}'s).
 */
class OperatorDayOneIT {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    /** Kafka's broker and tools jars, as Maven resolved them for the test brokers: the stand-in for a Kafka distribution. */
    private static final Path BROKER_LIB = ROOT.resolve("testkit/target/lib");
    private static final Path RSYSLOGD = Path.of("/usr/sbin/rsyslogd");
    private static final int HOSTS = 4;
    private static final String ADMIN_PASSWORD = "admin-" + UUID.randomUUID();
    private static final String APP_PASSWORD = "app-" + UUID.randomUUID();
    private static final String SHIPPER_PASSWORD = "shipper-" + UUID.randomUUID();
    private static final String SIEM_PASSWORD = "siem-" + UUID.randomUUID();
    private static final String HTTP_TOKEN = "token-" + UUID.randomUUID();
    private static final Pattern FROM = Pattern.compile(" ([0-9A-F]{10}): from=<([^>]*)>");
    private static final Pattern TO = Pattern.compile(" ([0-9A-F]{10}): to=<[^@>]+@([^>]+)>");

    @TempDir
    Path work;

    private final List<Process> processes = new ArrayList<>();
    private Path kafkaBin;
    private Path etc;
    private Runbook runbook;
    private String bootstrap;

    @AfterEach
    void stopEverything() throws InterruptedException {
        List<Process> newestFirst = new ArrayList<>(processes);
        java.util.Collections.reverse(newestFirst);
        for (Process p : newestFirst) {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void fromAnEmptyClusterToAlertsInTheSiemAndThroughARestart() throws Exception {
        assertThat(ROOT.resolve("cli/target/typoguard.jar")).as("the packaged app (mvn package runs before this test)").exists();
        assertThat(RSYSLOGD).as("rsyslogd not installed: apt-get install rsyslog rsyslog-kafka (as .ci/run does)").isExecutable();
        int httpPort = KafkaServers.freePort();
        int policyPort = KafkaServers.freePort();
        etc = Files.createDirectories(work.resolve("etc"));
        startBrokerProcess();
        Map<String, String> site = new LinkedHashMap<>();
        site.put("kafka1:9092", bootstrap);
        site.put("/etc/typoguard", etc.toString());
        site.put("/var/lib/typoguard", work.resolve("var").toString());
        site.put("8080", Integer.toString(httpPort));
        site.put("10040", Integer.toString(policyPort));
        site.put("CHANGE-ME", SHIPPER_PASSWORD);
        runbook = Runbook.read(ROOT.resolve("docs/operations.md"), site);
        writeSiteFiles();

        // 2-4: topics, ACLs, the trusted list, each as the runbook says.
        run("topics");
        assertThat(run("acls").out()).doesNotContain("Error");
        Result trusted = run("trusted");
        assertThat(trusted.out()).contains("army.mil").contains("navy.mil").contains("gmail.com");

        // 5: the app as its own process; ready with the trusted list loaded.
        Process app = startApp("app-1.log");
        awaitReady(app, "app-1.log");

        // 6: four mail hosts, each shipping its own Postfix log with rsyslog.
        Instant now = Instant.now();
        HostLogs before = new HostLogs(HOSTS, now.minus(Duration.ofHours(3)), Duration.ofMinutes(30), 15, 1);
        List<Path> hostLogs = startShippers();
        append(hostLogs, before);
        Set<String> expectedBefore = expectedIncidents(before);
        assertThat(expectedBefore).as("the logs hold mail to typo domains").hasSizeGreaterThan(5);

        // 7: the SIEM sees one incident per (sender, typo domain) the logs hold, and nothing else.
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                assertThat(incidents(siemRecords())).isEqualTo(expectedBefore));
        assertThat(rawKeys()).as("each host's lines keyed by its own name").isEqualTo(Set.of("mx00", "mx01", "mx02", "mx03"));

        // 8: the metrics count what happened.
        String metrics = run("check").out();
        assertThat(counter(metrics, "typoguard_records_parsed_total")).isGreaterThan(0);
        assertThat(counter(metrics, "typoguard_findings_total")).isGreaterThan(0);
        assertThat(counter(metrics, "typoguard_alerts_total")).isGreaterThan(0);

        // 9: the policy service refuses the typo until the exception is approved, then lets it through within 5 s.
        assertThat(run("policy").out()).startsWith("action=REJECT").contains("army.mil");
        Result approved = run("approve");
        assertThat(approved.out()).contains("colonel.smith@army.ml").contains("j.doe (SOC)");
        long approvedAt = System.nanoTime();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(run("policy").out()).startsWith("action=DUNNO"));
        System.out.printf("exception honoured %d ms after typoguard exceptions approve returned%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - approvedAt));

        // 10: SIGTERM, then a restart under exactly-once, while the hosts keep logging.
        run("stop");
        assertThat(app.waitFor(60, TimeUnit.SECONDS)).as("the app stopped within 60 s of SIGTERM").isTrue();
        assertThat(app.exitValue()).as("exit code after SIGTERM: a clean stop").isZero();
        assertCleanLog("app-1.log");
        HostLogs after = new HostLogs(HOSTS, now.minus(Duration.ofHours(2)), Duration.ofMinutes(30), 15, 2);
        append(hostLogs, after);
        Process restarted = startApp("app-2.log");
        awaitReady(restarted, "app-2.log");
        Set<String> expectedAll = new TreeSet<>(expectedBefore);
        expectedAll.addAll(expectedIncidents(after));
        assertThat(expectedAll).as("the second batch adds incidents").hasSizeGreaterThan(expectedBefore.size());
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                assertThat(incidents(siemRecords())).as("no incident lost across the restart").isEqualTo(expectedAll));
        List<JsonNode> records = siemRecords();
        List<String> ids = records.stream().map(r -> r.path("metadata").path("uid").asText()).toList();
        assertThat(new HashSet<>(ids)).as("no alert repeated (metadata.uid = alertId#revision)").hasSize(ids.size());
        System.out.printf("%d incidents, %d OCSF records from %d + %d log lines of %d hosts%n", expectedAll.size(), records.size(),
                before.lines().size(), after.lines().size(), HOSTS);
        assertCleanLog("app-2.log");
        assertThat(Files.readString(work.resolve("app-2.log"))).contains("Typoguard running");

        // 11: the packaged app's reset (Kafka's StreamsResetter on lib/, which leaves out the broker and Connect jars
        // kafka-tools brings) reaches the stopped app's group and input topics.
        run("stop");
        assertThat(restarted.waitFor(60, TimeUnit.SECONDS)).as("the restarted app stopped within 60 s of SIGTERM").isTrue();
        Result reset = bash("bin/typoguard reset --config " + etc.resolve("typoguard.properties") + " --dry-run", Map.of());
        assertThat(reset.exit()).as("typoguard reset --dry-run; output:\n" + reset.out()).isZero();
        assertThat(reset.out()).contains("mail.log.raw");
    }

    /** Kafka's launchers as its bin/ scripts are: a JVM on Kafka's jars (here testkit's: the broker and its tools). */
    private void startBrokerProcess() throws Exception {
        kafkaBin = Files.createDirectories(work.resolve("kafka/bin"));
        Map<String, String> launchers = Map.of("kafka-storage.sh", "kafka.tools.StorageTool", "kafka-server-start.sh", "kafka.Kafka",
                "kafka-topics.sh", "org.apache.kafka.tools.TopicCommand", "kafka-acls.sh", "org.apache.kafka.tools.AclCommand");
        for (var l : launchers.entrySet()) {
            Path script = kafkaBin.resolve(l.getKey());
            Files.writeString(script, "#!/usr/bin/env bash\nexec java ${KAFKA_HEAP_OPTS:--Xmx256m} -cp '" + BROKER_LIB + "/*' " + l.getValue() + " \"$@\"\n");
            script.toFile().setExecutable(true);
        }
        int port = KafkaServers.freePort();
        int controllerPort = KafkaServers.freePort();
        Properties server = KafkaServers.singleNode("SASL_PLAINTEXT", port, "PLAINTEXT", controllerPort, work.resolve("kafka-data"));
        server.put("sasl.enabled.mechanisms", "PLAIN");
        server.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
        server.put("listener.name.sasl_plaintext.plain.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required "
                + "username=\"admin\" password=\"" + ADMIN_PASSWORD + "\" user_admin=\"" + ADMIN_PASSWORD + "\" user_typoguard=\"" + APP_PASSWORD
                + "\" user_shipper=\"" + SHIPPER_PASSWORD + "\" user_siem=\"" + SIEM_PASSWORD + "\";");
        server.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        // The controller listener is PLAINTEXT on loopback; its (anonymous) peer is the node itself.
        server.put("super.users", "User:admin;User:ANONYMOUS");
        Path serverProperties = work.resolve("kafka/server.properties");
        try (var out = Files.newBufferedWriter(serverProperties)) {
            server.store(out, "one broker+controller, SASL/PLAIN for clients, StandardAuthorizer");
        }
        Result format = bash("kafka-storage.sh format --standalone -t " + org.apache.kafka.common.Uuid.randomUuid() + " -c " + serverProperties, Map.of());
        assertThat(format.exit()).as("kafka-storage.sh format: " + format.out()).isZero();
        ProcessBuilder broker = new ProcessBuilder("bash", "-c", "exec kafka-server-start.sh " + serverProperties)
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(work.resolve("broker.log").toFile());
        environment(broker);
        processes.add(broker.start());
        bootstrap = "127.0.0.1:" + port;
        KafkaServers.awaitBrokers(new HashMap<>(adminClient()), 1, Duration.ofSeconds(90));
    }

    private void writeSiteFiles() throws IOException {
        Files.writeString(etc.resolve("admin.properties"), "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\n"
                + "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=\"admin\" password=\""
                + ADMIN_PASSWORD + "\";\n");
        Files.writeString(etc.resolve("secrets.properties"), "kafka.password=" + APP_PASSWORD + "\nhttp.token=" + HTTP_TOKEN + "\n");
        Files.writeString(etc.resolve("http.token"), HTTP_TOKEN + "\n");
        Files.writeString(etc.resolve("siem.password"), SIEM_PASSWORD + "\n");
        // The runbook's settings, then what one test broker needs instead of a production cluster's three.
        Files.writeString(etc.resolve("typoguard.properties"), runbook.block("properties") + "\n"
                + "# one test broker\ntypoguard.topics.replication.factor=1\nreplication.factor=1\nnum.standby.replicas=0\n"
                + "typoguard.topics.partitions=4\ncommit.interval.ms=200\n");
        try (var in = getClass().getClassLoader().getResourceAsStream("demo/trusted.csv")) {
            Files.write(etc.resolve("trusted.csv"), in.readAllBytes());
        }
    }

    private Process startApp(String log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "exec " + runbook.block("run"))
                .directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(work.resolve(log).toFile());
        environment(pb);
        // Kafka's warnings too (the app's default shows only errors): a task called corrupted is a WARN first.
        pb.environment().put("TYPOGUARD_JAVA_OPTS", "-Xmx1g -Dkafka.log.level=WARN");
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    private void awaitReady(Process app, String log) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            assertThat(app.isAlive()).as("the app is running; its log:\n" + Files.readString(work.resolve(log))).isTrue();
            Result ready = run("ready", false);
            assertThat(ready.exit()).as("GET /health/ready").isZero();
            assertThat(ready.out()).contains("\"ready\":true").doesNotContain("\"trustedDomains\":0");
        });
    }

    /** One rsyslogd per mail host, with the runbook's rsyslog.d file, tailing that host's own mail.log. */
    private List<Path> startShippers() throws IOException {
        List<Path> logs = new ArrayList<>();
        for (int h = 0; h < HOSTS; h++) {
            Path host = Files.createDirectories(work.resolve("host" + h));
            Path mailLog = Files.createFile(host.resolve("mail.log"));
            Path conf = host.resolve("rsyslog.conf");
            Files.writeString(conf, "global(workDirectory=\"" + Files.createDirectories(host.resolve("spool")) + "\")\n"
                    + runbook.block("rsyslog").replace("/var/log/mail.log", mailLog.toString()) + "\n");
            processes.add(new ProcessBuilder(RSYSLOGD.toString(), "-n", "-iNONE", "-f", conf.toString())
                    .redirectErrorStream(true).redirectOutput(host.resolve("rsyslogd.out").toFile()).start());
            logs.add(mailLog);
        }
        return logs;
    }

    /** Each host appends its own lines to its own log, in its own order, as Postfix does. */
    private static void append(List<Path> hostLogs, HostLogs logs) throws IOException {
        for (int h = 0; h < hostLogs.size(); h++) {
            String host = String.format("mx%02d", h);
            StringBuilder text = new StringBuilder();
            logs.lines().stream().filter(l -> l.host().equals(host)).forEach(l -> text.append(l.text()).append('\n'));
            Files.writeString(hostLogs.get(h), text, StandardOpenOption.APPEND);
        }
    }

    /** (sender, typo domain) of every delivery attempt to a typo domain: one incident each. */
    private static Set<String> expectedIncidents(HostLogs logs) {
        Map<String, String> senders = new HashMap<>();
        Set<String> out = new TreeSet<>();
        for (HostLogs.Line l : logs.lines()) {
            Matcher from = FROM.matcher(l.text());
            if (from.find()) {
                senders.put(l.host() + from.group(1), from.group(2));
            }
            Matcher to = TO.matcher(l.text());
            if (to.find() && HostLogs.TYPO_DOMAINS.contains(to.group(2))) {
                out.add(senders.get(l.host() + to.group(1)) + " -> " + to.group(2));
            }
        }
        return out;
    }

    private static Set<String> incidents(List<JsonNode> records) {
        Set<String> out = new TreeSet<>();
        for (JsonNode r : records) {
            JsonNode t = r.path("unmapped").path("typoguard");
            if (t.hasNonNull("sender") && t.hasNonNull("typo_domain")) {
                out.add(t.get("sender").asText() + " -> " + t.get("typo_domain").asText());
            }
        }
        return out;
    }

    private List<JsonNode> siemRecords() throws Exception {
        Result kcat = run("siem");
        assertThat(kcat.exit()).as("kcat: " + kcat.out()).isZero();
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> records = new ArrayList<>();
        for (String line : kcat.out().split("\n")) {
            if (!line.isBlank()) {
                records.add(json.readTree(line));
            }
        }
        return records;
    }

    private Set<String> rawKeys() {
        Map<String, Object> c = adminClient();
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Set<String> keys = new TreeSet<>();
        try (var consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor("mail.log.raw").stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> keys.add(r.key()));
            }
        }
        return keys;
    }

    private static double counter(String prometheus, String name) {
        return prometheus.lines().filter(l -> l.startsWith(name)).mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private void assertCleanLog(String log) throws IOException {
        String text = Files.readString(work.resolve(log));
        assertThat(text).as(log).doesNotContain("corrupted").doesNotContain("TaskCorruptedException").doesNotContain(" ERROR ")
                .doesNotContain("Exception in thread");
    }

    private Map<String, Object> adminClient() {
        Map<String, Object> c = new HashMap<>();
        c.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        c.put(SaslConfigs.SASL_MECHANISM, "PLAIN");
        c.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"admin\" password=\""
                + ADMIN_PASSWORD + "\";");
        return c;
    }

    record Result(int exit, String out) {
    }

    private Result run(String step) throws Exception {
        return run(step, true);
    }

    /** Runs a runbook block with bash from the Typoguard directory, as the operator would. */
    private Result run(String step, boolean mustSucceed) throws Exception {
        Result r = bash(runbook.block(step), Map.of());
        System.out.printf("[day-one:%s] exit %d%n", step, r.exit());
        if (mustSucceed) {
            assertThat(r.exit()).as("day-one:" + step + " exit code; output:\n" + r.out()).isZero();
        }
        return r;
    }

    private Result bash(String script, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script).directory(ROOT.toFile()).redirectErrorStream(true);
        environment(pb);
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + script);
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private void environment(ProcessBuilder pb) {
        pb.environment().put("PATH", kafkaBin + ":" + System.getenv("PATH"));
        pb.environment().put("TYPOGUARD_JAVA_OPTS", "-Xmx384m");
        pb.environment().put("KAFKA_HEAP_OPTS", "-Xmx512m");
    }
}
