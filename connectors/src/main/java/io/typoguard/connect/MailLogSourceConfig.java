package io.typoguard.connect;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;

/** Settings of {@link MailLogSourceConnector}; defaults and docs in one place (also shown by the worker's REST API). */
public final class MailLogSourceConfig extends AbstractConfig {
    public static final String FILES = "files";
    public static final String TOPIC = "topic";
    public static final String HOST_KEY = "host.key";
    public static final String READ_GZIP = "read.gzip";
    public static final String MAX_LINE_BYTES = "max.line.bytes";
    public static final String MAX_LINE_HARD_BYTES = "max.line.hard.bytes";
    public static final String VALUE_TYPE = "value.type";
    public static final String BATCH_MAX_LINES = "batch.max.lines";
    public static final String BATCH_MAX_BYTES = "batch.max.bytes";
    public static final String POLL_INTERVAL_MS = "poll.interval.ms";
    public static final String SCAN_INTERVAL_MS = "scan.interval.ms";
    public static final String ROTATED_IDLE_MS = "rotated.idle.ms";

    public static final String DEFAULT_TOPIC = "mail.log.raw";
    public static final String TRUNCATED_HEADER = "typoguard.truncated";
    public static final String LINE_BYTES_HEADER = "typoguard.line.bytes";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(FILES, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH,
                    "Comma-separated globs of the log files to follow, e.g. /var/log/mail.log,/var/log/exim4/mainlog. "
                            + "Match live files only, not their rotated names: rotated files are followed by inode.")
            .define(TOPIC, Type.STRING, DEFAULT_TOPIC, new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Topic every line is written to.")
            .define(HOST_KEY, Type.STRING, null, Importance.MEDIUM,
                    "Record key of every line: the MTA host these logs come from. Unset: this machine's host name. "
                            + "Empty: no key (null).")
            .define(READ_GZIP, Type.BOOLEAN, false, Importance.MEDIUM,
                    "Read .gz files matched by the globs, once each, start to end (backfill of compressed archives).")
            .define(MAX_LINE_BYTES, Type.INT, 1 << 20, Range.atLeast(1), Importance.LOW,
                    "Lines longer than this are still sent whole, and logged as unusually long.")
            .define(MAX_LINE_HARD_BYTES, Type.INT, 8 << 20, Range.atLeast(1), Importance.LOW,
                    "Hard cap: a line longer than this is sent as its first max.line.hard.bytes bytes with headers "
                            + TRUNCATED_HEADER + "=true and " + LINE_BYTES_HEADER + "=<full length>. The producer's "
                            + "max.request.size and the topic's max.message.bytes must allow records this large.")
            .define(VALUE_TYPE, Type.STRING, "string", ValidString.in("string", "bytes"), Importance.LOW,
                    "string: UTF-8 string values (use StringConverter); bytes: the raw bytes (ByteArrayConverter).")
            .define(BATCH_MAX_LINES, Type.INT, 10_000, Range.atLeast(1), Importance.LOW,
                    "Most lines returned by one poll.")
            .define(BATCH_MAX_BYTES, Type.LONG, 16L << 20, Range.atLeast(1), Importance.LOW,
                    "Most bytes read by one poll (checked between 256 KiB reads).")
            .define(POLL_INTERVAL_MS, Type.LONG, 100L, Range.atLeast(1), Importance.LOW,
                    "How long a poll waits when no file has new data.")
            .define(SCAN_INTERVAL_MS, Type.LONG, 1_000L, Range.atLeast(1), Importance.LOW,
                    "How often the globs are expanded again to find new files.")
            .define(ROTATED_IDLE_MS, Type.LONG, 1_000L, Range.atLeast(0), Importance.LOW,
                    "A file rotated away is read until it has had no new data for this long, then finished.");

    public MailLogSourceConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
        if (getInt(MAX_LINE_HARD_BYTES) < getInt(MAX_LINE_BYTES)) {
            throw new ConfigException(MAX_LINE_HARD_BYTES, getInt(MAX_LINE_HARD_BYTES), "must be >= " + MAX_LINE_BYTES);
        }
        if (files().isEmpty()) {
            throw new ConfigException(FILES, "", "at least one glob is needed");
        }
    }

    public List<String> files() {
        return getList(FILES).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** The record key: the configured host, this machine's name when unset, null when set empty. */
    public String hostKey() {
        String configured = getString(HOST_KEY);
        if (configured == null) {
            return localHostName();
        }
        return configured.isBlank() ? null : configured.trim();
    }

    public boolean bytesValues() {
        return "bytes".equals(getString(VALUE_TYPE));
    }

    static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            String env = System.getenv("HOSTNAME");
            return env == null || env.isBlank() ? "localhost" : env;
        }
    }
}
