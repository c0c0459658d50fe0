package io.typoguard.cli;

import io.typoguard.testkit.EmbeddedKafkaBroker;
import static org.assertj.core.api.Assertions.assertThat;

import io.typoguard.runtime.TypoguardApp;
import io.typoguard.serde.InMemorySchemaRegistry;
import io.typoguard.topology.TopologyConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code typoguard trusted ...} against a real broker, as an operator runs it with the app's --config. */
class TrustedCommandTest {
    @TempDir
    Path dir;
    private CliOnBroker cli;
    private EmbeddedKafkaBroker broker;
    private Path config;

    @BeforeEach
    void start() throws Exception {
        cli = new CliOnBroker(dir);
        broker = cli.broker;
        config = cli.config;
    }

    @AfterEach
    void stop() {
        cli.close();
    }

    private static CliOnBroker.Result typoguard(String... args) {
        return CliOnBroker.typoguard(args);
    }

    private Path file(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.write(f, text.getBytes(StandardCharsets.UTF_8));
        return f;
    }

    private static final String LIST = """
            domain,organisation,sensitivity,include_subdomains,allowed_lookalikes
            army.mil,"U.S. Army, HQ",critical,true,navy.mil
            gmail.com,,normal,true,
            # a comment
            se.ibm.com,IBM Sweden,high,false,
            """;

    @Test
    void anImportWritesTheListOnceAndASecondImportChangesNothing() throws Exception {
        Path list = file("trusted.csv", LIST);

        CliOnBroker.Result first = typoguard("trusted", "import", "--config", config.toString(), list.toString());
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).contains("add     army.mil (critical, with subdomains, U.S. Army, HQ, allows navy.mil)")
                .contains("3 entries in " + list + "; 3 added, 0 updated, 0 removed, 0 unchanged");

        CliOnBroker.Result again = typoguard("trusted", "import", "--config", config.toString(), list.toString());
        assertThat(again.out()).contains("0 added, 0 updated, 0 removed, 3 unchanged");

        // export gives a CSV that import reads back unchanged
        CliOnBroker.Result export = typoguard("trusted", "export", "--config", config.toString());
        assertThat(export.code()).isZero();
        Path exported = file("exported.csv", export.out());
        assertThat(typoguard("trusted", "import", "--config", config.toString(), exported.toString()).out())
                .contains("0 added, 0 updated, 0 removed, 3 unchanged");

        assertThat(typoguard("trusted", "list", "--config", config.toString()).out())
                .contains("army.mil  critical, with subdomains, U.S. Army, HQ, allows navy.mil")
                .contains("se.ibm.com  high, this name only, IBM Sweden")
                .contains("3 trusted domains on trusted.domains");
    }

    @Test
    void aDryRunPrintsTheChangesAndPruneWithdrawsWhatTheFileLacks() throws Exception {
        assertThat(typoguard("trusted", "import", "--config", config.toString(), file("trusted.csv", LIST).toString()).code()).isZero();
        Path smaller = file("smaller.csv", "army.mil,\"U.S. Army, HQ\",critical,true,navy.mil\ngmail.com,,high\n");

        CliOnBroker.Result dry = typoguard("trusted", "import", "--dry-run", "--prune", "--config", config.toString(), smaller.toString());
        assertThat(dry.out()).contains("would update  gmail.com (high, with subdomains)").contains("would remove  se.ibm.com")
                .contains("dry run: 2 entries in " + smaller + "; 0 added, 1 updated, 1 removed, 1 unchanged (nothing written)");
        assertThat(typoguard("trusted", "list", "--config", config.toString()).out()).as("nothing written")
                .contains("gmail.com  normal").contains("3 trusted domains");

        CliOnBroker.Result pruned = typoguard("trusted", "import", "--prune", "--config", config.toString(), smaller.toString());
        assertThat(pruned.code()).isZero();
        assertThat(typoguard("trusted", "list", "--config", config.toString()).out()).contains("gmail.com  high")
                .doesNotContain("se.ibm.com").contains("2 trusted domains");

        CliOnBroker.Result removed = typoguard("trusted", "remove", "--config", config.toString(), "GMAIL.com", "nosuch.example");
        assertThat(removed.code()).as("one name was not on the list").isEqualTo(1);
        assertThat(removed.err()).contains("nosuch.example is not on the list");
        assertThat(typoguard("trusted", "list", "--config", config.toString()).out()).contains("1 trusted domains");
    }

    @Test
    void aBadFileIsRefusedWholeNamingFileAndLineAndNothingIsWritten() throws Exception {
        Map<String, String> bad = Map.of(
                "baddomain.csv", "army.mil,,critical\nnot a domain!,,high\n",
                "suffix.csv", "army.mil\nco.uk,,normal\n",
                "sensitivity.csv", "army.mil,,critical\ngmail.com,,urgent\n",
                "duplicate.csv", "army.mil,,critical\ngmail.com\narmy.mil,,low\n",
                "bom.csv", "\uFEFFarmy.mil,,critical\n",
                "crlf.csv", "army.mil,,critical\r\ngmail.com\r\n",
                "ip.csv", "army.mil\n10.1.2.3,,high\n");
        Map<String, String> expected = Map.of(
                "baddomain.csv", "baddomain.csv:2: ",
                "suffix.csv", "suffix.csv:2: co.uk is a public suffix",
                "sensitivity.csv", "sensitivity.csv:2: sensitivity must be LOW, NORMAL, HIGH or CRITICAL, not 'urgent'",
                "duplicate.csv", "duplicate.csv:3: army.mil is also on line 1 with other values",
                "bom.csv", "bom.csv:1: the file starts with a byte-order mark",
                "crlf.csv", "crlf.csv:1: Windows line ends (CRLF)",
                "ip.csv", "ip.csv:2: address literal, not a domain name");
        for (var e : bad.entrySet()) {
            Path f = file(e.getKey(), e.getValue());
            CliOnBroker.Result r = typoguard("trusted", "import", "--config", config.toString(), f.toString());
            assertThat(r.code()).as(e.getKey()).isEqualTo(2);
            assertThat(r.err()).as(e.getKey()).contains(dir.resolve(expected.get(e.getKey())).toString()).contains("nothing written");
        }
        assertThat(typoguard("trusted", "list", "--config", config.toString()).out()).contains("0 trusted domains");
    }

    @Test
    void aBrokerThatIsDownEndsWithExitCode2WithinThirtySeconds() throws Exception {
        Path down = dir.resolve("down.properties");
        Files.writeString(down, "bootstrap.servers=127.0.0.1:" + io.typoguard.testkit.KafkaServers.freePort() + "\n");
        long started = System.nanoTime();
        CliOnBroker.Result r = typoguard("trusted", "list", "--config", down.toString());
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("did not answer within 20 s");
    }

    @Test
    void suggestPrintsTheCorrespondentsTheAppLearnedAsAListThatImportReads() throws Exception {
        Map<String, String> settings = Map.of(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                StreamsConfig.APPLICATION_ID_CONFIG, "typoguard-suggest-cli", StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state").toString(),
                StreamsConfig.REPLICATION_FACTOR_CONFIG, "1", StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "0",
                StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
        TopologyConfig topology = TopologyConfig.defaults().withRelationships(new TopologyConfig.Relationships(true,
                io.typoguard.relate.Organisations.parse("acme.example"), io.typoguard.relate.EstablishedRule.DEFAULT));
        try (TypoguardApp app = new TypoguardApp(topology, new InMemorySchemaRegistry(), settings)) {
            app.start();
            assertThat(app.runner().awaitRunning(Duration.ofSeconds(60))).isTrue();
            // three days of mail both ways: globex with two of our senders, initech with one; a one-way look-alike
            java.time.Instant start = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS).minus(Duration.ofDays(5));
            java.util.List<String> lines = new java.util.ArrayList<>();
            for (int day = 0; day < 3; day++) {
                java.time.Instant t = start.plus(Duration.ofDays(day));
                lines.add(mail(t, "ann@acme.example", "sales@globex.com"));
                lines.add(mail(t.plusSeconds(10), "bob@acme.example", "sales@globex.com"));
                lines.add(mail(t.plusSeconds(20), "ann@acme.example", "hr@initech.com"));
                lines.add(mail(t.plusSeconds(30), "ann@acme.example", "desk@army.ml"));
                lines.add(mail(t.plusSeconds(3600), "sales@globex.com", "ann@acme.example"));
                lines.add(mail(t.plusSeconds(3700), "hr@initech.com", "ann@acme.example"));
            }
            try (var raw = new org.apache.kafka.clients.producer.KafkaProducer<>(Map.<String, Object>of("bootstrap.servers",
                    broker.bootstrapServers()), new org.apache.kafka.common.serialization.ByteArraySerializer(),
                    new org.apache.kafka.common.serialization.ByteArraySerializer())) {
                for (String l : lines) {
                    raw.send(new org.apache.kafka.clients.producer.ProducerRecord<>(io.typoguard.topology.Topics.RAW, "gw1".getBytes(StandardCharsets.UTF_8),
                            l.getBytes(StandardCharsets.UTF_8))).get();
                }
            }
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                    typoguard("trusted", "suggest", "--config", config.toString(), "--organisation", "acme.example").out())
                    .contains("globex.com,", "initech.com,"));
        }

        CliOnBroker.Result suggested = typoguard("trusted", "suggest", "--config", config.toString(), "--organisation", "acme.example");
        assertThat(suggested.code()).as(suggested.err()).isZero();
        List<String> rows = suggested.out().lines().filter(l -> !l.startsWith("#")).toList();
        assertThat(rows).containsExactly("domain,organisation,sensitivity,include_subdomains,allowed_lookalikes",
                "globex.com,,normal,true,", "initech.com,,normal,true,");
        assertThat(suggested.out()).contains("# 2 senders of acme.example wrote to it; ").doesNotContain("army.ml");
        assertThat(suggested.err()).contains("2 suggested of 2 established correspondents on typoguard.correspondents");

        Path file = file("suggested.csv", suggested.out());
        assertThat(typoguard("trusted", "import", "--config", config.toString(), file.toString()).out()).contains("2 added");
        CliOnBroker.Result again = typoguard("trusted", "suggest", "--config", config.toString());
        assertThat(again.out().lines().filter(l -> !l.startsWith("#"))).containsExactly("domain,organisation,sensitivity,include_subdomains,allowed_lookalikes");
        assertThat(again.err()).contains("0 suggested", "2 domains already trusted");
    }

    private static String mail(java.time.Instant at, String from, String to) {
        return "{\"timestamp\":\"" + at + "\",\"host\":\"gw1\",\"queue_id\":\"Q" + at.toEpochMilli() + "\",\"from\":\"" + from
                + "\",\"to\":[\"" + to + "\"],\"status\":\"sent\"}";
    }

    @Test
    void theAppReadsTheImportedListWithItsOwnSerdes() throws Exception {
        assertThat(typoguard("trusted", "import", "--config", config.toString(), file("trusted.csv", LIST).toString()).code()).isZero();
        Map<String, String> settings = Map.of(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                StreamsConfig.APPLICATION_ID_CONFIG, "typoguard-trusted-cli", StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state").toString(),
                StreamsConfig.REPLICATION_FACTOR_CONFIG, "1", StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "0");
        try (TypoguardApp app = new TypoguardApp(TopologyConfig.defaults(), new InMemorySchemaRegistry(), settings)) {
            app.start();
            assertThat(app.runner().awaitRunning(Duration.ofSeconds(60))).isTrue();
            assertThat(app.index().size()).isEqualTo(3);
        }
    }
}
