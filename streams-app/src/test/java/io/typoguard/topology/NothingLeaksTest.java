package io.typoguard.topology;

import static io.typoguard.topology.PipelineDriver.T0;
import static io.typoguard.topology.PipelineDriver.at;
import static java.time.Duration.ofHours;
import static java.time.Duration.ofMinutes;
import static org.assertj.core.api.Assertions.assertThat;

import io.typoguard.privacy.AddressPrivacy;
import io.typoguard.runtime.AppConfig;
import io.typoguard.schema.Sensitivity;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Personal data and secrets stay out of places they do not belong: every log line written while the app loads a
 * configuration with a secret and processes mail (our code at DEBUG, Kafka's at INFO) is captured and searched
 * for the secret, the addresses and the message lines; and with address privacy on, the alert topics carry no
 * local part.
 */
class NothingLeaksTest {
    private static final String SECRET = "Sup3r-S3cret-Pa55word";

    @TempDir
    Path tmp;

    @Test
    void noSecretAddressOrLogLineReachesTheLogsAndAlertsCarryOnlyKeyedHashes() throws Exception {
        StringWriter captured = new StringWriter();
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Configuration config = ctx.getConfiguration();
        WriterAppender appender = WriterAppender.newBuilder().setName("leak-check").setTarget(captured)
                .setLayout(PatternLayout.newBuilder().withPattern("%p %c %m %ex%n").build()).build();
        appender.start();
        LoggerConfig root = config.getRootLogger();
        Level rootLevel = root.getLevel();
        LoggerConfig ours = config.getLoggerConfig("io.typoguard");
        Level ourLevel = ours.getLevel();
        root.addAppender(appender, Level.ALL, null);
        root.setLevel(Level.INFO);
        ours.setLevel(Level.DEBUG);
        if (ours != root) {
            ours.addAppender(appender, Level.ALL, null);
        }
        ctx.updateLoggers();
        try {
            Path secrets = tmp.resolve("secrets.properties");
            Files.writeString(secrets, "password=" + SECRET + "\nhmac=" + SECRET + "-hmac-key\n");
            AppConfig.from(AppConfig.sources(null, Map.of(), Map.of(
                    "bootstrap.servers", "127.0.0.1:9092",
                    "security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512",
                    "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"typoguard\" "
                            + "password=\"${file:" + secrets + ":password}\";",
                    "ssl.truststore.password", "${file:" + secrets + ":password}",
                    "typoguard.privacy.addresses", "hmac",
                    "typoguard.privacy.hmac.key", "${file:" + secrets + ":hmac}")));

            try (PipelineDriver p = new PipelineDriver(TopologyConfig.defaults()
                    .withClock(java.time.Clock.fixed(java.time.Instant.parse("2026-11-27T12:00:00Z"), java.time.ZoneOffset.UTC))
                    .withPrivacy(AddressPrivacy.hmac(SECRET + "-hmac-key")))) {
                p.trust("army.mil", Sensitivity.CRITICAL, T0.minus(ofHours(1)));
                p.mail("alice.private@typoguard.test", "colonel.private@army.ml", "sent", at(ofMinutes(1)));
                for (int i = 0; i < 3; i++) {
                    p.mail("alice.private@typoguard.test", "colonel.private@army.ml", "sent", at(ofMinutes(2 + i)));
                }
                p.line("2026-11-27T10:01:00Z mx1 postfix/smtp[9]: 4AAAA: to=<broken.private@army.ml, relay=x, status=sent", at(ofMinutes(6)));
                p.line("{\"timestamp\":\"2026-11-27T10:01:00Z\",\"from\":\"alice.private@typoguard.test\",\"to\":[\"nobody\"]}", at(ofMinutes(7)));

                var alerts = p.alerts.readValuesToList();
                var ocsf = p.alertsOcsf.readValuesToList();
                assertThat(alerts).isNotEmpty();
                assertThat(alerts.toString()).doesNotContain("alice.private").doesNotContain("colonel.private").contains("@army.ml");
                assertThat(ocsf).isNotEmpty().allSatisfy(json -> assertThat(json).doesNotContain("alice.private").doesNotContain("colonel.private"));
            }
        } finally {
            root.removeAppender("leak-check");
            ours.removeAppender("leak-check");
            root.setLevel(rootLevel);
            ours.setLevel(ourLevel);
            ctx.updateLoggers();
            appender.stop();
        }
        String logs = captured.toString();
        assertThat(logs).as("something was logged, so the check means something").isNotBlank();
        assertThat(logs).doesNotContain(SECRET).doesNotContain("alice.private").doesNotContain("colonel.private")
                .doesNotContain("broken.private").doesNotContain("postfix/smtp[9]");
    }
}
