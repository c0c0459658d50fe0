package io.typoguard.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/configuration.md is generated from {@link Settings}; this fails when they differ. */
class ConfigurationDocTest {
    private static final Path DOC = Path.of("../docs/configuration.md");

    @Test
    void theConfigurationDocumentIsGeneratedFromTheSettingsDefinitions() throws Exception {
        String generated = Settings.markdown();
        if (Boolean.getBoolean("typoguard.updateDocs")) {
            Files.writeString(DOC, generated);
        }
        assertThat(Files.readString(DOC)).as("docs/configuration.md is stale: regenerate with -Dtypoguard.updateDocs=true")
                .isEqualTo(generated);
    }

    @Test
    void everySettingTheCodeReadsIsDefinedAndDocumented() {
        for (String name : new String[] {AppConfig.WINDOW_SIZE, AppConfig.WINDOW_GRACE, AppConfig.SENDER_THRESHOLD, AppConfig.ORPHAN_WAIT,
                AppConfig.QUEUE_TTL, AppConfig.MAX_LINE_BYTES, AppConfig.SYSLOG_ZONE, AppConfig.CREATE_TOPICS, AppConfig.TOPIC_PARTITIONS,
                AppConfig.TOPIC_REPLICATION, AppConfig.TOPIC_RETENTION, AppConfig.TOPIC_PREFIX, AppConfig.BACKLOG_AFTER,
                AppConfig.ALLOWLIST_FILE, AppConfig.RAW_FORMAT, AppConfig.COLOCATION, AppConfig.HTTP_PORT,
                AppConfig.HTTP_BIND, AppConfig.SHUTDOWN_TIMEOUT, AppConfig.LOG_FORMAT, AppConfig.INCIDENT_IDLE, AppConfig.DOMAIN_MESSAGES,
                AppConfig.DOMAIN_SENDERS, PolicyConfig.PORT, PolicyConfig.BIND, PolicyConfig.MAX_CONNECTIONS, PolicyConfig.IDLE_TIMEOUT,
                PolicyConfig.FAIL_CLOSED, PolicyConfig.REJECT_CODE}) {
            assertThat(Settings.DEF.names()).contains(name);
            assertThat(Settings.markdown()).contains("| `" + name + "` | `" + Settings.envName(name) + "` |");
        }
    }
}
