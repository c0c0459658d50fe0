package io.typoguard.runtime;

import io.typoguard.topology.Topics;
import io.typoguard.topology.TopologyConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The app's configuration: {@code typoguard.*} settings for the app itself, everything else passed to Kafka
 * Streams (and its clients) unchanged. Validated when loaded, before anything starts.
 */
public final class AppConfig {
    public static final String PREFIX = "typoguard.";
    public static final String WINDOW_SIZE = "typoguard.window.size";
    public static final String WINDOW_GRACE = "typoguard.window.grace";
    public static final String SENDER_THRESHOLD = "typoguard.alert.sender.threshold";
    public static final String ORPHAN_WAIT = "typoguard.correlation.orphan.wait";
    public static final String QUEUE_TTL = "typoguard.correlation.queue.ttl";
    public static final String MAX_LINE_BYTES = "typoguard.parse.max.line.bytes";
    public static final String SYSLOG_ZONE = "typoguard.parse.syslog.zone";
    public static final String CREATE_TOPICS = "typoguard.topics.create";
    public static final String TOPIC_PARTITIONS = "typoguard.topics.partitions";
    public static final String TOPIC_REPLICATION = "typoguard.topics.replication.factor";
    public static final String ALLOWLIST_FILE = "typoguard.detect.allowlist.file";
    public static final String RAW_FORMAT = "typoguard.parse.format";
    public static final String COLOCATION = "typoguard.correlation.colocation";
    public static final String INCIDENT_IDLE = "typoguard.alert.incident.idle";
    public static final String DOMAIN_MESSAGES = "typoguard.alert.domain.messages";
    public static final String DOMAIN_SENDERS = "typoguard.alert.domain.senders";

    private static final Set<String> KNOWN = Set.of(WINDOW_SIZE, WINDOW_GRACE, SENDER_THRESHOLD, ORPHAN_WAIT, QUEUE_TTL,
            MAX_LINE_BYTES, SYSLOG_ZONE, CREATE_TOPICS, TOPIC_PARTITIONS, TOPIC_REPLICATION, ALLOWLIST_FILE, RAW_FORMAT, COLOCATION,
            INCIDENT_IDLE, DOMAIN_MESSAGES, DOMAIN_SENDERS);

    private final TopologyConfig topology;
    private final Map<String, String> kafka;
    private final boolean createTopics;
    private final int partitions;
    private final short replication;

    private AppConfig(TopologyConfig topology, Map<String, String> kafka, boolean createTopics, int partitions, short replication) {
        this.topology = topology;
        this.kafka = Map.copyOf(kafka);
        this.createTopics = createTopics;
        this.partitions = partitions;
        this.replication = replication;
    }

    public static AppConfig load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("config file not found: " + file);
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
        }
        Map<String, String> m = new LinkedHashMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k).strip()));
        return from(m);
    }

    public static AppConfig from(Map<String, String> settings) {
        Map<String, String> kafka = new LinkedHashMap<>();
        Map<String, String> registry = new LinkedHashMap<>();
        for (var e : settings.entrySet()) {
            if (isRegistrySetting(e.getKey())) {
                registry.put(e.getKey(), e.getValue());
            } else if (e.getKey().startsWith(PREFIX)) {
                if (!KNOWN.contains(e.getKey()) && !e.getKey().startsWith(PolicyConfig.PREFIX)) {
                    throw new ConfigException("unknown setting " + e.getKey() + "; known: " + new java.util.TreeSet<>(KNOWN));
                }
            } else {
                kafka.put(e.getKey(), e.getValue());
            }
        }
        if (!kafka.containsKey(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG)) {
            throw new ConfigException("missing setting bootstrap.servers (host:port of the Kafka cluster)");
        }
        TopologyConfig d = TopologyConfig.defaults();
        Duration size = duration(settings, WINDOW_SIZE, d.windowSize());
        Duration grace = duration(settings, WINDOW_GRACE, d.windowGrace());
        int threshold = integer(settings, SENDER_THRESHOLD, d.senderThreshold(), 1, 1_000_000);
        Duration orphan = duration(settings, ORPHAN_WAIT, d.orphanWait());
        Duration ttl = duration(settings, QUEUE_TTL, d.queueTtl());
        int maxLine = integer(settings, MAX_LINE_BYTES, d.maxLineBytes(), 256, 16 * 1024 * 1024);
        ZoneId zone;
        try {
            zone = settings.containsKey(SYSLOG_ZONE) ? ZoneId.of(settings.get(SYSLOG_ZONE)) : d.syslogZone();
        } catch (RuntimeException e) {
            throw new ConfigException(SYSLOG_ZONE, settings.get(SYSLOG_ZONE), "a time zone id such as UTC or Europe/Berlin");
        }
        String create = settings.getOrDefault(CREATE_TOPICS, "false");
        if (!create.equals("true") && !create.equals("false")) {
            throw new ConfigException(CREATE_TOPICS, create, "true or false");
        }
        int partitions = integer(settings, TOPIC_PARTITIONS, 6, 1, 10_000);
        int replication = integer(settings, TOPIC_REPLICATION, 3, 1, 32);
        io.typoguard.detect.Allowlist allowlist = d.allowlist();
        if (settings.containsKey(ALLOWLIST_FILE)) {
            Path file = Path.of(settings.get(ALLOWLIST_FILE));
            try (Reader r = Files.newBufferedReader(file)) {
                allowlist = allowlist.plus(io.typoguard.detect.Allowlist.read(r));
            } catch (IOException e) {
                throw new ConfigException(ALLOWLIST_FILE, settings.get(ALLOWLIST_FILE), "a readable file of domains, one a line");
            } catch (IllegalArgumentException e) {
                throw new ConfigException("setting " + ALLOWLIST_FILE + ": " + e.getMessage());
            }
        }
        io.typoguard.parse.LogFormat rawFormat;
        try {
            rawFormat = io.typoguard.parse.LogFormat.parse(settings.getOrDefault(RAW_FORMAT, "auto"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(RAW_FORMAT, settings.get(RAW_FORMAT), "auto, json, envelope, postfix, sendmail, exim, exchange or exchange-online");
        }
        io.typoguard.topology.Colocation colocation;
        try {
            colocation = io.typoguard.topology.Colocation.parse(settings.getOrDefault(COLOCATION, "auto"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(COLOCATION, settings.get(COLOCATION), "auto, keyed-by-host or repartition");
        }
        TopologyConfig topology = new TopologyConfig(Topics.defaults(), size, grace, threshold, orphan, ttl, maxLine, zone,
                d.clock(), allowlist, rawFormat, colocation, new TopologyConfig.Alerting(
                        duration(settings, INCIDENT_IDLE, d.alerting().incidentIdle()),
                        integer(settings, DOMAIN_MESSAGES, d.alerting().domainMessages(), 1, 100_000_000),
                        integer(settings, DOMAIN_SENDERS, d.alerting().domainSenders(), 1, 1_000)));
        AppConfig c = new AppConfig(topology, kafka, Boolean.parseBoolean(create), partitions, (short) replication);
        c.registry = Map.copyOf(registry);
        c.policy = PolicyConfig.from(settings);
        return c;
    }

    private static Duration duration(Map<String, String> s, String key, Duration def) {
        if (!s.containsKey(key)) {
            return def;
        }
        Duration v = Durations.parse(key, s.get(key));
        if (v.isNegative() || (v.isZero() && !key.equals(WINDOW_GRACE))) {
            throw new ConfigException(key, s.get(key), key.equals(WINDOW_GRACE) ? "a duration of zero or more" : "a positive duration");
        }
        return v;
    }

    private static int integer(Map<String, String> s, String key, int def, int min, int max) {
        if (!s.containsKey(key)) {
            return def;
        }
        try {
            int v = Integer.parseInt(s.get(key));
            if (v < min || v > max) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new ConfigException(key, s.get(key), "a whole number from " + min + " to " + max);
        }
    }

    private Map<String, String> registry = Map.of();
    private PolicyConfig policy = PolicyConfig.defaults();

    /** The policy service's settings (typoguard.policy.*); not enabled unless a port is set. */
    public PolicyConfig policy() {
        return policy;
    }

    /** Confluent's schema registry client settings (schema.registry.*, basic.auth.*, bearer.auth.*, ...). */
    public Map<String, String> registry() {
        return registry;
    }

    static boolean isRegistrySetting(String key) {
        return key.startsWith("schema.registry.") || key.startsWith("basic.auth.") || key.startsWith("bearer.auth.")
                || key.equals("max.retries") || key.startsWith("retries.") || key.startsWith("http.connect.")
                || key.startsWith("http.read.");
    }

    public TopologyConfig topology() {
        return topology;
    }

    /** Settings for Kafka Streams and its clients, as given. */
    public Map<String, String> kafka() {
        return kafka;
    }

    public boolean createTopics() {
        return createTopics;
    }

    public int partitions() {
        return partitions;
    }

    public short replicationFactor() {
        return replication;
    }
}
