package io.typoguard.cli;

import io.typoguard.testkit.EmbeddedKafkaBroker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.typoguard.runtime.TypoguardApp;
import io.typoguard.serde.InMemorySchemaRegistry;
import io.typoguard.topology.TopologyConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code typoguard exceptions ...} against a real broker, with the running app picking the exceptions up. */
class ExceptionsCommandTest {
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

    @Test
    void anApprovedExceptionReachesTheRunningAppAndAWithdrawalRemovesIt() throws Exception {
        Map<String, String> settings = Map.of(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                StreamsConfig.APPLICATION_ID_CONFIG, "typoguard-exceptions-cli", StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state").toString(),
                StreamsConfig.REPLICATION_FACTOR_CONFIG, "1", StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "0");
        try (TypoguardApp app = new TypoguardApp(TopologyConfig.defaults(), new InMemorySchemaRegistry(), settings)) {
            app.start();
            assertThat(app.runner().awaitRunning(Duration.ofSeconds(60))).isTrue();

            CliOnBroker.Result approved = typoguard("exceptions", "approve", "--config", config.toString(), "--sender", "Liaison@Typoguard.test",
                    "--recipient", "mali-office@ARMY.ml", "--expires", "2099-01-31", "--approved-by", "j.doe", "--reason", "TICKET-42");
            assertThat(approved.code()).as(approved.err()).isZero();
            assertThat(approved.out()).contains("approved liaison@typoguard.test -> mali-office@army.ml until 2099-02-01T00:00:00Z (by j.doe)");
            await().atMost(Duration.ofSeconds(5)).until(() ->
                    app.exceptions().find("liaison@typoguard.test", "mali-office@army.ml", Instant.now()) != null);

            assertThat(typoguard("exceptions", "list", "--config", config.toString()).out())
                    .contains("liaison@typoguard.test -> mali-office@army.ml  until 2099-02-01T00:00:00Z  approved by j.doe  (TICKET-42)")
                    .contains("1 exceptions on typo.exceptions");

            assertThat(typoguard("exceptions", "withdraw", "--config", config.toString(), "--sender", "liaison@typoguard.test",
                    "--recipient", "mali-office@army.ml").code()).isZero();
            await().atMost(Duration.ofSeconds(5)).until(() ->
                    app.exceptions().find("liaison@typoguard.test", "mali-office@army.ml", Instant.now()) == null);
        }
    }

    @Test
    void anExpiryInThePastOrAnUnreadableAddressIsRefusedAndNothingIsWritten() {
        CliOnBroker.Result past = typoguard("exceptions", "approve", "--config", config.toString(), "--sender", "*", "--recipient", "army.ml",
                "--expires", "2020-01-01", "--approved-by", "j.doe");
        assertThat(past.code()).isEqualTo(2);
        assertThat(past.err()).contains("--expires 2020-01-01 is in the past");

        CliOnBroker.Result unreadable = typoguard("exceptions", "approve", "--config", config.toString(), "--sender", "a@b@", "--recipient", "army.ml",
                "--expires", "2099-01-01", "--approved-by", "j.doe");
        assertThat(unreadable.code()).isEqualTo(2);
        assertThat(unreadable.err()).contains("--sender 'a@b@' cannot be read");

        CliOnBroker.Result badDate = typoguard("exceptions", "approve", "--config", config.toString(), "--sender", "*", "--recipient", "army.ml",
                "--expires", "next week", "--approved-by", "j.doe");
        assertThat(badDate.code()).isEqualTo(2);

        assertThat(typoguard("exceptions", "list", "--config", config.toString()).out()).contains("0 exceptions");
    }
}
