package io.typoguard.connect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The shipped configs in connectors/config are accepted by the connectors' own validation. */
class ReadyConfigsTest {
    private static final Path CONFIG = Path.of("config");

    private static Map<String, String> load(String name) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(CONFIG.resolve(name))) {
            p.load(r);
        }
        Map<String, String> m = new HashMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
        return m;
    }

    @Test
    void sourceAndSinkConfigsValidate() throws IOException {
        new MailLogSourceConfig(load("mail-log-source.properties"));
        SyslogSinkConfig cef = new SyslogSinkConfig(load("syslog-sink-cef.properties"));
        assertThat(cef.cef()).isTrue();
        SyslogSinkConfig rfc = new SyslogSinkConfig(load("syslog-sink-rfc5424.properties"));
        assertThat(rfc.transport().name()).isEqualTo("TLS");
        assertThat(load("mail-log-source.properties")).containsEntry("connector.class", MailLogSourceConnector.class.getName());
        assertThat(load("connect-standalone.properties")).containsEntry("plugin.path", "connectors/target/plugin");
    }

    @Test
    void thirdPartySinkConfigsAreWellFormedJson() throws IOException {
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(CONFIG.resolve("splunk-sink.json").toFile()).path("config").path("connector.class").asText())
                .isEqualTo("com.splunk.kafka.connect.SplunkSinkConnector");
        assertThat(json.readTree(CONFIG.resolve("elasticsearch-sink.json").toFile()).path("config").path("schema.ignore").asText())
                .isEqualTo("true");
    }
}
