package io.typoguard.connect;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * Forwards Typoguard's OCSF alerts ({@code mail.alerts.ocsf}, String values) to a syslog receiver or SIEM as CEF
 * or RFC 5424 messages over TCP, TLS or UDP. Failed sends are redelivered by Connect; offsets of unsent records
 * are never committed.
 */
public final class SyslogSinkConnector extends SinkConnector {
    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        new SyslogSinkConfig(props); // fail fast on a bad value
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return SyslogSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return Collections.nCopies(Math.max(1, maxTasks), props);
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return SyslogSinkConfig.CONFIG_DEF;
    }

    @Override
    public String version() {
        return Version.get();
    }
}
