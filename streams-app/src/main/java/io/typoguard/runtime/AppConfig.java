package io.typoguard.runtime;

import io.typoguard.config.ConfigException;
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
    public static final String TOPIC_RETENTION = "typoguard.topics.retention";
    public static final String TOPIC_PREFIX = "typoguard.topics.prefix";
    public static final String ALLOWLIST_FILE = "typoguard.detect.allowlist.file";
    public static final String RAW_FORMAT = "typoguard.parse.format";
    public static final String COLOCATION = "typoguard.correlation.colocation";
    public static final String HTTP_PORT = "typoguard.http.port";
    public static final String HTTP_BIND = "typoguard.http.bind";
    public static final String SHUTDOWN_TIMEOUT = "typoguard.shutdown.timeout";
    public static final String LOG_FORMAT = "typoguard.log.format";
    public static final String PRIVACY = "typoguard.privacy.addresses";
    public static final String HMAC_KEY = "typoguard.privacy.hmac.key";
    public static final String HTTP_TOKEN = "typoguard.http.token";
    public static final String INCIDENT_IDLE = "typoguard.alert.incident.idle";
    public static final String BACKLOG_AFTER = "typoguard.alert.backlog.after";
    public static final String DOMAIN_MESSAGES = "typoguard.alert.domain.messages";
    public static final String DOMAIN_SENDERS = "typoguard.alert.domain.senders";
    public static final String RELATIONSHIPS = "typoguard.relationships.enabled";
    public static final String ORGANISATIONS = "typoguard.organisations";
    public static final String ESTABLISHED_DAYS = "typoguard.relationships.established.days";
    public static final String ESTABLISHED_SENT = "typoguard.relationships.established.sent";
    public static final String ESTABLISHED_RECEIVED = "typoguard.relationships.established.received";
    public static final String SENDER_DOMAINS = "typoguard.relationships.sender.domains";

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
        return from(sources(file, Map.of(), Map.of()));
    }

    public static AppConfig from(Map<String, String> settings) {
        Map<String, String> kafka = new LinkedHashMap<>();
        Map<String, String> registry = new LinkedHashMap<>();
        for (var e : settings.entrySet()) {
            if (isRegistrySetting(e.getKey())) {
                registry.put(e.getKey(), e.getValue());
            } else if (e.getKey().startsWith(PREFIX)) {
                if (!Settings.isKnown(e.getKey())) {
                    String nearest = Settings.DEF.names().stream()
                            .min(java.util.Comparator.comparingInt(n -> io.typoguard.detect.Edits.distance(n, e.getKey(), 8))).orElse(null);
                    boolean close = nearest != null && io.typoguard.detect.Edits.distance(nearest, e.getKey(), 8) <= 3;
                    throw new ConfigException("unknown setting " + e.getKey() + (close ? " (did you mean " + nearest + "?)" : "")
                            + "; known: " + new java.util.TreeSet<>(Settings.DEF.names()));
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
        String create = settings.getOrDefault(CREATE_TOPICS, Settings.defaultOf(CREATE_TOPICS));
        if (!create.equals("true") && !create.equals("false")) {
            throw new ConfigException(CREATE_TOPICS, create, "true or false");
        }
        int partitions = integer(settings, TOPIC_PARTITIONS, defaultInt(TOPIC_PARTITIONS), 1, 10_000);
        int replication = integer(settings, TOPIC_REPLICATION, defaultInt(TOPIC_REPLICATION), 1, 32);
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
            rawFormat = io.typoguard.parse.LogFormat.parse(settings.getOrDefault(RAW_FORMAT, Settings.defaultOf(RAW_FORMAT)));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(RAW_FORMAT, settings.get(RAW_FORMAT), "auto, json, envelope, postfix, sendmail, exim, exchange or exchange-online");
        }
        io.typoguard.topology.Colocation colocation;
        try {
            colocation = io.typoguard.topology.Colocation.parse(settings.getOrDefault(COLOCATION, Settings.defaultOf(COLOCATION)));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(COLOCATION, settings.get(COLOCATION), "auto, keyed-by-host or repartition");
        }
        String prefix = settings.getOrDefault(TOPIC_PREFIX, Settings.defaultOf(TOPIC_PREFIX));
        if (!prefix.matches("[A-Za-z0-9._-]*")) {
            throw new ConfigException(TOPIC_PREFIX, prefix, "letters, digits, '.', '_' and '-' (a topic-name prefix)");
        }
        TopologyConfig topology = new TopologyConfig(Topics.defaults().withPrefix(prefix), size, grace, threshold, orphan, ttl, maxLine, zone,
                d.clock(), allowlist, rawFormat, colocation, new TopologyConfig.Alerting(
                        duration(settings, INCIDENT_IDLE, d.alerting().incidentIdle()),
                        integer(settings, DOMAIN_MESSAGES, d.alerting().domainMessages(), 1, 100_000_000),
                        integer(settings, DOMAIN_SENDERS, d.alerting().domainSenders(), 1, 1_000),
                        duration(settings, BACKLOG_AFTER, d.alerting().backlogAfter())), d.metrics(), privacy(settings),
                relationships(settings, d.relationships()), d.rawPartitions());
        // Read by BoundedRocksDbMemory (the default rocksdb.config.setter) from the Streams configuration.
        kafka.put(BoundedRocksDbMemory.MEMORY_MB, Integer.toString(integer(settings, BoundedRocksDbMemory.MEMORY_MB, defaultInt(BoundedRocksDbMemory.MEMORY_MB), 16, 1_048_576)));
        AppConfig c = new AppConfig(topology, kafka, Boolean.parseBoolean(create), partitions, (short) replication);
        c.registry = Map.copyOf(registry);
        try {
            io.typoguard.registry.RegistrySettings.check(registry);
            c.serde = io.typoguard.serde.SerdeSettings.from(registry);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        if (!registry.containsKey("schema.registry.url") && c.serde.mode() != io.typoguard.serde.SerdeSettings.Mode.REGISTER) {
            throw new ConfigException("auto.register.schemas=false needs a schema registry (schema.registry.url): without one the app "
                    + "keeps its schemas in-process and registers them itself");
        }
        c.policy = PolicyConfig.from(settings);
        c.httpPort = integer(settings, HTTP_PORT, defaultInt(HTTP_PORT), -1, 65535);
        c.httpBind = settings.getOrDefault(HTTP_BIND, Settings.defaultOf(HTTP_BIND));
        c.shutdownTimeout = duration(settings, SHUTDOWN_TIMEOUT, Durations.parse(SHUTDOWN_TIMEOUT, Settings.defaultOf(SHUTDOWN_TIMEOUT)));
        c.ownRetention = duration(settings, TOPIC_RETENTION, TopicSetup.DEFAULT_OWN_RETENTION);
        String logFormat = settings.getOrDefault(LOG_FORMAT, Settings.defaultOf(LOG_FORMAT));
        if (!logFormat.equals("text") && !logFormat.equals("json")) {
            throw new ConfigException(LOG_FORMAT, logFormat, "text or json");
        }
        c.jsonLogs = logFormat.equals("json");
        c.httpToken = settings.get(HTTP_TOKEN);
        if (c.httpToken != null && c.httpToken.length() < 16) {
            throw new ConfigException(HTTP_TOKEN + " is too short: use at least 16 characters (a ${file:...} or ${env:...} reference)");
        }
        validateKafka(kafka);
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

    private static TopologyConfig.Relationships relationships(Map<String, String> s, TopologyConfig.Relationships d) {
        String enabled = s.getOrDefault(RELATIONSHIPS, Boolean.toString(d.enabled()));
        if (!enabled.equals("true") && !enabled.equals("false")) {
            throw new ConfigException(RELATIONSHIPS, enabled, "true or false");
        }
        io.typoguard.relate.Organisations organisations = d.organisations();
        if (s.containsKey(ORGANISATIONS)) {
            try {
                organisations = io.typoguard.relate.Organisations.parse(s.get(ORGANISATIONS));
            } catch (io.typoguard.config.ConfigException e) {
                throw new ConfigException("setting " + ORGANISATIONS + ": " + e.getMessage());
            }
        }
        io.typoguard.relate.EstablishedRule rule = new io.typoguard.relate.EstablishedRule(
                integer(s, ESTABLISHED_DAYS, d.rule().minDays(), 1, io.typoguard.relate.Relationship.TRACKED_DAYS),
                integer(s, ESTABLISHED_SENT, (int) d.rule().minSent(), 1, 1_000_000),
                integer(s, ESTABLISHED_RECEIVED, (int) d.rule().minReceived(), 1, 1_000_000));
        String senderDomains = s.getOrDefault(SENDER_DOMAINS, Boolean.toString(d.senderDomains()));
        if (!senderDomains.equals("true") && !senderDomains.equals("false")) {
            throw new ConfigException(SENDER_DOMAINS, senderDomains, "true or false");
        }
        return new TopologyConfig.Relationships(Boolean.parseBoolean(enabled), organisations, rule, Boolean.parseBoolean(senderDomains));
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
    private int httpPort;
    private String httpBind = "127.0.0.1";
    private Duration shutdownTimeout = Duration.ofSeconds(30);
    private boolean jsonLogs;
    private String httpToken;

    /** Bearer token the HTTP API and page require (health endpoints excepted), or null for none. */
    public String httpToken() {
        return httpToken;
    }

    private static io.typoguard.privacy.AddressPrivacy privacy(Map<String, String> s) {
        String mode = s.getOrDefault(PRIVACY, Settings.defaultOf(PRIVACY));
        switch (mode) {
            case "clear":
                return io.typoguard.privacy.AddressPrivacy.CLEAR;
            case "redact":
                return io.typoguard.privacy.AddressPrivacy.redact();
            case "hmac":
                if (!s.containsKey(HMAC_KEY)) {
                    throw new ConfigException(PRIVACY + "=hmac needs " + HMAC_KEY + " (at least 16 bytes; use a ${file:...} or ${env:...} reference)");
                }
                try {
                    return io.typoguard.privacy.AddressPrivacy.hmac(s.get(HMAC_KEY));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException("setting " + HMAC_KEY + ": " + e.getMessage());
                }
            default:
                throw new ConfigException(PRIVACY, mode, "clear, redact or hmac");
        }
    }

    /** HTTP port for metrics, health, queries and the page; -1: off, 0: any free port. */
    public int httpPort() {
        return httpPort;
    }

    public String httpBind() {
        return httpBind;
    }

    public Duration shutdownTimeout() {
        return shutdownTimeout;
    }

    public boolean jsonLogs() {
        return jsonLogs;
    }

    /** Kafka's own validation of the Streams (and client) settings, before anything connects. */
    private static void validateKafka(Map<String, String> kafka) {
        Properties p = StreamsProps.of(Topics.defaults(), kafka);
        try {
            new StreamsConfig(p);
        } catch (org.apache.kafka.common.config.ConfigException e) {
            throw new ConfigException("invalid Kafka setting: " + e.getMessage());
        }
    }

    /**
     * The settings from every source, highest precedence last: the file (optional), the environment
     * ({@code TYPOGUARD_*} for typoguard settings, {@code TYPOGUARD_KAFKA_*} for Kafka and registry settings), and
     * command-line overrides. Then {@code ${env:..}}, {@code ${file:..:..}} and {@code ${directory:..:..}}
     * references are resolved with Kafka's config providers.
     */
    /** A setting's integer default, as Settings defines it (written once there). */
    private static int defaultInt(String name) {
        return Integer.parseInt(Settings.defaultOf(name));
    }

    /** Read by bin/typoguard and the image's entry point, not by the app: never a setting. */
    static final java.util.Set<String> LAUNCHER_VARIABLES = java.util.Set.of("TYPOGUARD_JAVA_OPTS");

    public static Map<String, String> sources(Path file, Map<String, String> env, Map<String, String> overrides) {
        Map<String, String> m = new LinkedHashMap<>();
        if (file != null) {
            m.putAll(readFile(file));
        }
        env.forEach((k, v) -> {
            if (k.startsWith("TYPOGUARD_KAFKA_")) {
                m.put(kafkaName(k.substring("TYPOGUARD_KAFKA_".length())), v);
            } else if (k.startsWith("TYPOGUARD_") && !LAUNCHER_VARIABLES.contains(k)) {
                String name = typoguardName(k);
                if (name == null) {
                    throw new ConfigException("environment variable " + k + " names no typoguard setting; see docs/configuration.md");
                }
                m.put(name, v);
            }
        });
        m.putAll(overrides);
        return resolveReferences(m, env);
    }

    static String kafkaName(String env) {
        return env.toLowerCase(java.util.Locale.ROOT).replace("___", "\u0000").replace("__", "\u0001").replace('_', '.')
                .replace('\u0001', '_').replace('\u0000', '-');
    }

    private static String typoguardName(String env) {
        for (String name : Settings.DEF.names()) {
            if (!name.contains("<") && Settings.envName(name).equals(env)) {
                return name;
            }
        }
        if (env.startsWith(Settings.envName(PolicyConfig.ACTION))) {
            return PolicyConfig.ACTION + env.substring(Settings.envName(PolicyConfig.ACTION).length()).toLowerCase(java.util.Locale.ROOT).replace('_', '.');
        }
        return null;
    }

    private static Map<String, String> resolveReferences(Map<String, String> m, Map<String, String> env) {
        Map<String, org.apache.kafka.common.config.provider.ConfigProvider> providers = Map.of(
                "env", new org.apache.kafka.common.config.provider.EnvVarConfigProvider(env),
                "file", new org.apache.kafka.common.config.provider.FileConfigProvider(),
                "directory", new org.apache.kafka.common.config.provider.DirectoryConfigProvider());
        providers.values().forEach(p -> p.configure(Map.of()));
        Map<String, String> out;
        try {
            out = new LinkedHashMap<>(new org.apache.kafka.common.config.ConfigTransformer(providers).transform(m).data());
        } catch (org.apache.kafka.common.config.ConfigException e) {
            throw new ConfigException("cannot resolve a ${...} reference: " + e.getMessage());
        }
        for (var e : out.entrySet()) {
            if (e.getValue() != null && org.apache.kafka.common.config.ConfigTransformer.DEFAULT_PATTERN.matcher(e.getValue()).find()) {
                throw new ConfigException("setting " + e.getKey() + " refers to something that does not exist (" + m.get(e.getKey())
                        + "): check the variable, file or key");
            }
        }
        return out;
    }

    private static Map<String, String> readFile(Path file) {
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
        return m;
    }
    private PolicyConfig policy = PolicyConfig.defaults();

    /** The policy service's settings (typoguard.policy.*); not enabled unless a port is set. */
    public PolicyConfig policy() {
        return policy;
    }

    /** Confluent's schema registry client and serde settings (schema.registry.*, basic.auth.*, auto.register.schemas, ...). */
    public Map<String, String> registry() {
        return registry;
    }

    private io.typoguard.serde.SerdeSettings serde = io.typoguard.serde.SerdeSettings.DEFAULTS;

    /** Confluent's serde settings: auto.register.schemas, use.latest.version, value.subject.name.strategy. */
    public io.typoguard.serde.SerdeSettings serde() {
        return serde;
    }

    /** The registry's HTTP client when schema.registry.url is set, else a registry in this process. */
    public io.typoguard.serde.SchemaRegistry schemaRegistry() {
        if (!registry.containsKey("schema.registry.url")) {
            return new io.typoguard.serde.InMemorySchemaRegistry();
        }
        try {
            return new io.typoguard.registry.HttpSchemaRegistry(registry);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    static boolean isRegistrySetting(String key) {
        return io.typoguard.registry.RegistrySettings.claims(key) || key.startsWith("retries.") || key.startsWith("http.connect.")
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

    private Duration ownRetention = TopicSetup.DEFAULT_OWN_RETENTION;

    /** Retention of mail.events and mail.policy.decisions when the app creates them. */
    public Duration ownRetention() {
        return ownRetention;
    }

    public int partitions() {
        return partitions;
    }

    public short replicationFactor() {
        return replication;
    }
}
