package io.typoguard.connect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * Follows mail-server log files and writes every line to a topic ({@code mail.log.raw}), keyed by MTA host.
 * Positions are Connect source offsets per (path, inode), so a restarted worker continues where it stopped.
 * The globs are dealt out to up to {@code tasks.max} tasks.
 */
public final class MailLogSourceConnector extends SourceConnector {
    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        new MailLogSourceConfig(props); // fail fast on a bad value
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return MailLogSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<String> globs = new MailLogSourceConfig(props).files();
        int tasks = Math.max(1, Math.min(maxTasks, globs.size()));
        List<List<String>> shares = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            shares.add(new ArrayList<>());
        }
        for (int i = 0; i < globs.size(); i++) {
            shares.get(i % tasks).add(globs.get(i));
        }
        List<Map<String, String>> configs = new ArrayList<>();
        for (List<String> share : shares) {
            Map<String, String> c = new HashMap<>(props);
            c.put(MailLogSourceConfig.FILES, String.join(",", share));
            configs.add(c);
        }
        return configs;
    }

    /** Offsets are byte positions that depend only on the file, so transactional (exactly-once) delivery works. */
    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.SUPPORTED;
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return MailLogSourceConfig.CONFIG_DEF;
    }

    @Override
    public String version() {
        return Version.get();
    }
}
