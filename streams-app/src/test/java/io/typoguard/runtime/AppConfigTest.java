package io.typoguard.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.typoguard.topology.TopologyConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppConfigTest {
    @Test
    void theSampleConfigLoads() {
        AppConfig c = AppConfig.load(Path.of("config/typoguard.properties"));

        assertThat(c.topology().windowSize()).isEqualTo(Duration.ofHours(1));
        assertThat(c.topology().windowGrace()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.kafka()).containsEntry("processing.guarantee", "exactly_once_v2").doesNotContainKey("typoguard.window.size");
    }

    @Test
    void aBadValueIsRejectedNamingTheSettingAndWhatIsAllowed() {
        assertThatThrownBy(() -> AppConfig.from(Map.of("bootstrap.servers", "k:9092", "typoguard.window.size", "an hour")))
                .hasMessage("invalid value 'an hour' for setting typoguard.window.size: expected a duration such as 500ms, 30s, 5m, 1h, 1d or PT1H");
        assertThatThrownBy(() -> AppConfig.from(Map.of("bootstrap.servers", "k:9092", "typoguard.alert.sender.threshold", "0")))
                .hasMessageContaining("typoguard.alert.sender.threshold").hasMessageContaining("from 1 to");
        assertThatThrownBy(() -> AppConfig.from(Map.of("bootstrap.servers", "k:9092", "typoguard.windw.size", "1h")))
                .hasMessageContaining("unknown setting typoguard.windw.size");
        assertThatThrownBy(() -> AppConfig.from(Map.of()))
                .hasMessageContaining("bootstrap.servers");
    }

    @Test
    void timeSettingsReachTheTopicsAndTheAlerts() {
        AppConfig c = AppConfig.from(Map.of("bootstrap.servers", "k:9092", "typoguard.topics.retention", "14d",
                "typoguard.alert.backlog.after", "30m", "typoguard.topics.prefix", "archive."));

        assertThat(c.ownRetention()).isEqualTo(Duration.ofDays(14));
        assertThat(c.topology().alerting().backlogAfter()).isEqualTo(Duration.ofMinutes(30));
        assertThat(c.topology().topics().raw()).isEqualTo("archive.mail.log.raw");
        assertThat(c.topology().topics().alertsOcsf()).isEqualTo("archive.mail.alerts.ocsf");
        assertThat(c.topology().topics().trusted()).as("the trusted list is shared").isEqualTo("trusted.domains");
        var events = TopicSetup.plan(c.topology().topics(), 6, (short) 3, c.ownRetention()).stream()
                .filter(t -> t.name().equals("archive.mail.events")).findFirst().orElseThrow();
        assertThat(events.configs()).containsEntry("retention.ms", Long.toString(Duration.ofDays(14).toMillis()))
                .containsEntry("message.timestamp.type", "LogAppendTime");
        assertThatThrownBy(() -> AppConfig.from(Map.of("bootstrap.servers", "k:9092", "typoguard.topics.prefix", "a b")))
                .hasMessageContaining("typoguard.topics.prefix");
    }

    @Test
    void policySettingsBuildTheActionTableAndBadOnesNameTheSetting() {
        AppConfig c = AppConfig.from(Map.of("bootstrap.servers", "k:9092", "typoguard.policy.port", "10040",
                "typoguard.policy.action.medium", "prepend", "typoguard.policy.action.critical.low", "REJECT",
                "typoguard.policy.fail.closed", "true", "typoguard.policy.reject.code", "5.1.1"));
        var policy = c.policy().policy();
        assertThat(c.policy().enabled()).isTrue();
        assertThat(policy.action(io.typoguard.schema.Sensitivity.NORMAL, io.typoguard.schema.Severity.MEDIUM))
                .isEqualTo(io.typoguard.schema.PolicyAction.PREPEND);
        assertThat(policy.action(io.typoguard.schema.Sensitivity.CRITICAL, io.typoguard.schema.Severity.MEDIUM))
                .as("a per-sensitivity default the all-sensitivity setting changed too").isEqualTo(io.typoguard.schema.PolicyAction.PREPEND);
        assertThat(policy.action(io.typoguard.schema.Sensitivity.CRITICAL, io.typoguard.schema.Severity.LOW))
                .isEqualTo(io.typoguard.schema.PolicyAction.REJECT);
        assertThat(policy.failClosed()).isTrue();
        assertThat(policy.rejectCode()).isEqualTo("5.1.1");
        assertThat(AppConfig.from(Map.of("bootstrap.servers", "k:9092")).policy().enabled()).as("off unless a port is set").isFalse();

        assertThatThrownBy(() -> AppConfig.from(Map.of("bootstrap.servers", "k:9092", "typoguard.policy.action.high", "bounce")))
                .hasMessage("invalid value 'bounce' for setting typoguard.policy.action.high: expected reject, hold, warn, prepend or dunno");
        assertThatThrownBy(() -> AppConfig.from(Map.of("bootstrap.servers", "k:9092", "typoguard.policy.action.secret.high", "reject")))
                .hasMessageContaining("'secret' is not a sensitivity (low, normal, high, critical)");
        assertThatThrownBy(() -> AppConfig.from(Map.of("bootstrap.servers", "k:9092", "typoguard.policy.reject.code", "4.7.1")))
                .hasMessageContaining("typoguard.policy.reject.code");
        assertThatThrownBy(() -> AppConfig.from(Map.of("bootstrap.servers", "k:9092", "typoguard.policy.prot", "1")))
                .hasMessageContaining("unknown setting typoguard.policy.prot");
    }

    @Test
    void everyDefaultIsWrittenOnceAndTheDocumentedTextReadsBackToIt() {
        TopologyConfig d = TopologyConfig.defaults();
        AppConfig c = AppConfig.from(Map.of("bootstrap.servers", "k:9092"));
        assertThat(c.topology().windowSize()).isEqualTo(d.windowSize());
        assertThat(c.topology().alerting()).isEqualTo(d.alerting());
        assertThat(Settings.defaultOf(AppConfig.WINDOW_GRACE)).isEqualTo("5m");
        assertThat(Settings.defaultOf(AppConfig.TOPIC_RETENTION)).isEqualTo("7d");
        assertThat(c.httpPort()).isEqualTo(8080);
        assertThat(c.shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
        for (Duration x : new Duration[] {Duration.ofDays(7), Duration.ofHours(6), Duration.ofMinutes(5), Duration.ofSeconds(30),
                Duration.ofMillis(500), Duration.ofMinutes(90), Duration.ZERO}) {
            assertThat(Durations.parse("x", Durations.text(x))).as(Durations.text(x)).isEqualTo(x);
        }
    }

    @Test
    void theLaunchersJavaOptionsAreNotASettingButAnUnknownTypoguardVariableIs() {
        assertThat(AppConfig.from(AppConfig.sources(null, Map.of("TYPOGUARD_JAVA_OPTS", "-Xmx1g"), Map.of("bootstrap.servers", "k:9092"))).topology().windowSize())
                .isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> AppConfig.sources(null, Map.of("TYPOGUARD_WINDOW_SIZ", "2h"), Map.of()))
                .hasMessageContaining("TYPOGUARD_WINDOW_SIZ names no typoguard setting");
    }

    @Test
    void laterSourcesWinDefaultsThenFileThenEnvironmentThenCommandLine(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("app.properties");
        Files.writeString(file, "bootstrap.servers=file:9092\ntypoguard.window.size=2h\ntypoguard.window.grace=10m\n"
                + "typoguard.alert.sender.threshold=4\n");
        Map<String, String> env = Map.of("TYPOGUARD_WINDOW_GRACE", "7m", "TYPOGUARD_ALERT_SENDER_THRESHOLD", "5",
                "TYPOGUARD_KAFKA_BOOTSTRAP_SERVERS", "env:9092", "TYPOGUARD_KAFKA_SASL_JAAS_CONFIG", "x", "PATH", "/usr/bin",
                "TYPOGUARD_POLICY_ACTION_CRITICAL_LOW", "reject");
        AppConfig c = AppConfig.from(AppConfig.sources(file, env, Map.of("typoguard.alert.sender.threshold", "6")));

        assertThat(c.topology().windowSize()).as("file over default").isEqualTo(Duration.ofHours(2));
        assertThat(c.topology().windowGrace()).as("environment over file").isEqualTo(Duration.ofMinutes(7));
        assertThat(c.topology().senderThreshold()).as("command line over environment").isEqualTo(6);
        assertThat(c.kafka()).containsEntry("bootstrap.servers", "env:9092").containsEntry("sasl.jaas.config", "x");
        assertThat(c.topology().orphanWait()).as("default").isEqualTo(Duration.ofMinutes(2));
        assertThat(c.policy().policy().action(io.typoguard.schema.Sensitivity.CRITICAL, io.typoguard.schema.Severity.LOW))
                .isEqualTo(io.typoguard.schema.PolicyAction.REJECT);
        assertThat(AppConfig.kafkaName("SSL_TRUSTSTORE_LOCATION")).isEqualTo("ssl.truststore.location");
        assertThat(AppConfig.kafkaName("CONFIG___PROVIDERS__X")).isEqualTo("config-providers_x");
    }

    @Test
    void secretsComeFromConfigProvidersAndAMissingOneIsNamed(@TempDir Path dir) throws IOException {
        Path secrets = dir.resolve("secrets.properties");
        Files.writeString(secrets, "password=s3cret\n");
        Map<String, String> env = Map.of("KAFKA_USER", "typoguard");
        Map<String, String> resolved = AppConfig.sources(null, env, Map.of("bootstrap.servers", "k:9092",
                "sasl.jaas.config", "user=\"${env:KAFKA_USER}\" password=\"${file:" + secrets + ":password}\""));
        assertThat(resolved.get("sasl.jaas.config")).isEqualTo("user=\"typoguard\" password=\"s3cret\"");

        assertThatThrownBy(() -> AppConfig.sources(null, env, Map.of("sasl.jaas.config", "${env:NOT_SET}")))
                .hasMessageContaining("sasl.jaas.config").hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> AppConfig.sources(null, Map.of("TYPOGUARD_WINDW_SIZE", "1h"), Map.of()))
                .hasMessageContaining("TYPOGUARD_WINDW_SIZE");
    }

    @Test
    void kafkaSettingsAreValidatedByKafkaBeforeAnythingStarts() {
        assertThatThrownBy(() -> AppConfig.from(Map.of("bootstrap.servers", "k:9092", "processing.guarantee", "twice")))
                .hasMessageContaining("processing.guarantee").hasMessageContaining("twice");
    }
}
