package io.typoguard.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * Every {@code typoguard.*} setting, defined once with Kafka's {@link ConfigDef}: name, default, meaning and
 * allowed values. {@link AppConfig} refuses names not defined here; {@code docs/configuration.md} is generated
 * from it ({@link #markdown()}, checked by ConfigurationDocTest), so the documentation cannot drift.
 * The values themselves are parsed and validated by {@link AppConfig} and {@link PolicyConfig}, which name the
 * setting and the allowed values in their errors.
 */
public final class Settings {
    private Settings() {
    }

    /** Allowed-values text per setting, for the documentation. */
    private static final Map<String, String> ALLOWED = new TreeMap<>();

    public static final ConfigDef DEF = new ConfigDef();

    /** The topology's own defaults: written once there, shown and applied from here. */
    private static final io.typoguard.topology.TopologyConfig D = io.typoguard.topology.TopologyConfig.defaults();
    private static final PolicyConfig P = PolicyConfig.defaults();

    static {
        define(AppConfig.WINDOW_SIZE, Durations.text(D.windowSize()), "duration > 0", "Per-sender tumbling window.");
        define(AppConfig.WINDOW_GRACE, Durations.text(D.windowGrace()), "duration >= 0", "How late a record may be and still count in its window.");
        define(AppConfig.SENDER_THRESHOLD, Integer.toString(D.senderThreshold()), "1 .. 1000000", "Findings by one sender in one window that raise a SENDER_THRESHOLD alert.");
        define(AppConfig.INCIDENT_IDLE, Durations.text(D.alerting().incidentIdle()), "duration > 0",
                "An incident (sender, typo domain) closes after this long without a delivered finding.");
        define(AppConfig.DOMAIN_MESSAGES, Integer.toString(D.alerting().domainMessages()), "1 .. 100000000",
                "Messages to one typo domain in one UTC day that raise a TYPO_DOMAIN_VOLUME alert.");
        define(AppConfig.BACKLOG_AFTER, Durations.text(D.alerting().backlogAfter()), "duration > 0",
                "An alert written longer than this after its mail was logged is marked backlog (Alert.backlog, OCSF unmapped.typoguard.backlog).");
        define(AppConfig.DOMAIN_SENDERS, Integer.toString(D.alerting().domainSenders()), "1 .. 1000", "Distinct senders to one typo domain in one UTC day that raise it.");
        define(AppConfig.RELATIONSHIPS, Boolean.toString(D.relationships().enabled()), "true, false",
                "Learn each organisation's correspondents from the logs (the relationship table) and flag mail to a new domain that looks like an "
                        + "established one (NEW_LOOKALIKE), with or without a trusted list (docs/detection.md, Learned correspondents).");
        define(AppConfig.ORGANISATIONS, "", "groups of domains: a.com a.de=name; b.com",
                "Our own domains, grouped into organisations. Mail delivered to them is inbound (a reply); unset, only local delivery "
                        + "(relay=local, LMTP, Dovecot) marks mail as inbound and each sender domain is its own organisation.");
        define(AppConfig.ESTABLISHED_DAYS, Integer.toString(D.relationships().rule().minDays()), "1 .. 32",
                "A correspondent is established after mail either way on at least this many distinct days ...");
        define(AppConfig.ESTABLISHED_SENT, Long.toString(D.relationships().rule().minSent()), "1 .. 1000000",
                "... at least this many messages from the organisation to it ...");
        define(AppConfig.ESTABLISHED_RECEIVED, Long.toString(D.relationships().rule().minReceived()), "1 .. 1000000",
                "... and at least this many from it to the organisation: replies are the evidence, volume alone never establishes a domain.");
        define(AppConfig.SENDER_DOMAINS, Boolean.toString(D.relationships().senderDomains()), "true, false",
                "Keep each sender's latest 512 domains (hashed; keyed by the sender's address, which is personal data) so findings say "
                        + "whether the sender wrote there before (senderWroteBefore, GET /api/senders/<sender>/domains).");
        define(AppConfig.ORPHAN_WAIT, Durations.text(D.orphanWait()), "duration > 0", "How long a Postfix delivery line waits for its from= line.");
        define(AppConfig.QUEUE_TTL, Durations.text(D.queueTtl()), "duration > 0", "How long an idle Postfix queue entry is kept.");
        define(AppConfig.COLOCATION, "auto", "auto, keyed-by-host, repartition",
                "How a message's Postfix lines meet in one task: auto repartitions only lines not keyed by their own host (its short or full name).");
        define(AppConfig.RAW_FORMAT, "auto", "auto, json, envelope, postfix, sendmail, exim, exchange, exchange-online",
                "Format of mail.log.raw records; auto detects it per record.");
        define(AppConfig.MAX_LINE_BYTES, Integer.toString(D.maxLineBytes()), "256 .. 16777216", "Longer records are dead-lettered.");
        define(AppConfig.SYSLOG_ZONE, D.syslogZone().equals(java.time.ZoneOffset.UTC) ? "UTC" : D.syslogZone().getId(), "a time zone id", "Zone of BSD syslog timestamps, which carry none.");
        define(AppConfig.ALLOWLIST_FILE, null, "a readable file", "Extra legitimate look-alikes, one domain a line, added to the built-in list. Real mail providers' own country domains (`hotmail.com.br`, `outlook.fr`) are already excused from TLD swaps by a second built-in list (docs/detection.md).");
        define(AppConfig.CREATE_TOPICS, "false", "true, false", "Create missing topics at start.");
        define(AppConfig.TOPIC_PARTITIONS, "6", "1 .. 10000", "Partitions of topics the app creates.");
        define(AppConfig.TOPIC_REPLICATION, "3", "1 .. 32", "Replication factor of topics the app creates.");
        define(AppConfig.TOPIC_PREFIX, "", "letters, digits, . _ -",
                "Put in front of every topic name but trusted.domains and typo.exceptions: an instance over an archive, "
                        + "beside the live one, with its own application.id (docs/operations.md, Backlogs and archives).");
        define(AppConfig.TOPIC_RETENTION, Durations.text(TopicSetup.DEFAULT_OWN_RETENTION), "duration > 0",
                "Retention of mail.events and mail.policy.decisions when the app creates them, counted from when a record reached "
                        + "Kafka: the longest outage of the app they survive (docs/operations.md, Retention).");
        define(AppConfig.HTTP_PORT, "8080", "-1 (off), 0 (any free port) .. 65535",
                "HTTP port: /metrics (Prometheus), /health/live, /health/ready, the queries under /api and the live page.");
        define(AppConfig.HTTP_BIND, "127.0.0.1", "an address", "Address the HTTP server listens on.");
        define(AppConfig.HTTP_TOKEN, null, "16+ characters",
                "Bearer token the HTTP API, metrics and page require (not /health/*). The page takes it as #token=... in its URL. "
                        + "Without it, changes over HTTP (trusted list, exceptions: docs/http-api.md) are refused with 403.");
        define(AppConfig.PRIVACY, "clear", "clear, redact, hmac",
                "How alerts (mail.alerts, mail.alerts.ocsf) and the page show local parts of addresses: as they are, a****@domain, or h:<keyed hash>@domain.");
        define(AppConfig.HMAC_KEY, null, "16+ bytes", "Secret key for typoguard.privacy.addresses=hmac; give it as a ${file:...} or ${env:...} reference.");
        define(BoundedRocksDbMemory.MEMORY_MB, "128", "16 .. 1048576",
                "Off-heap memory (MB) for all RocksDB state stores of one instance together: one block cache, a quarter of it for memtables.");
        define(AppConfig.SHUTDOWN_TIMEOUT, "30s", "duration > 0", "How long a graceful shutdown (SIGTERM) may take.");
        define(AppConfig.LOG_FORMAT, "text", "text, json", "Log format on stdout: json writes one JSON object per line.");
        define(PolicyConfig.PORT, Integer.toString(P.port()), "-1 (off), 0 .. 65535", "Serve the Postfix policy service on this port (docs/prevention.md).");
        define(PolicyConfig.BIND, P.bind(), "an address", "Address the policy service listens on.");
        define(PolicyConfig.MAX_CONNECTIONS, Integer.toString(P.maxConnections()), "1 .. 100000", "Policy connections served at once; more are closed.");
        define(PolicyConfig.IDLE_TIMEOUT, Durations.text(P.idleTimeout()), "duration > 0", "An idle policy connection is closed after this.");
        define(PolicyConfig.FAIL_CLOSED, Boolean.toString(P.policy().failClosed()), "true, false",
                "DEFER_IF_PERMIT instead of DUNNO while the trusted table is not loaded or on errors.");
        define(PolicyConfig.REJECT_CODE, P.policy().rejectCode(), "5.x.y", "Enhanced status code of the REJECT answer.");
        define(PolicyConfig.ACTION + "<severity>", "see docs/prevention.md", "reject, hold, warn, prepend, dunno",
                "Action for typos of that severity (info, low, medium, high, critical), for every sensitivity.");
        define(PolicyConfig.ACTION + "<sensitivity>.<severity>", "see docs/prevention.md", "reject, hold, warn, prepend, dunno",
                "Action for typos of that severity imitating a trusted domain of that sensitivity (low, normal, high, critical).");
    }

    private static void define(String name, String defaultValue, String allowed, String doc) {
        DEF.define(name, Type.STRING, defaultValue, Importance.MEDIUM, doc);
        ALLOWED.put(name, allowed);
    }

    /** The default of a defined setting, as text (null when it has none). */
    public static String defaultOf(String name) {
        Object v = DEF.defaultValues().get(name);
        return v == null ? null : v.toString();
    }

    /** True when {@code name} is a defined setting, or matches one of the policy-action patterns. */
    public static boolean isKnown(String name) {
        return DEF.names().contains(name) || (name.startsWith(PolicyConfig.ACTION) && name.length() > PolicyConfig.ACTION.length());
    }

    /** The environment variable for a setting: TYPOGUARD_WINDOW_SIZE for typoguard.window.size. */
    public static String envName(String setting) {
        return setting.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_').replace("<", "").replace(">", "");
    }

    /** docs/configuration.md. */
    public static String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("# Configuration\n\n")
                .append("<!-- Generated from io.typoguard.runtime.Settings by ConfigurationDocTest; do not edit by hand.\n")
                .append("     Regenerate: mvn -pl streams-app test -Dtest=ConfigurationDocTest -Dtypoguard.updateDocs=true -->\n\n")
                .append("Where a setting comes from, lowest precedence first:\n\n")
                .append("1. the defaults below (and, for Kafka Streams, `processing.guarantee=exactly_once_v2`, ")
                .append("`replication.factor=3`, `num.standby.replicas=1`, `num.stream.threads=2`, `commit.interval.ms=1000` under exactly-once, `application.id=typoguard`);\n")
                .append("2. the properties file given with `--config` (optional);\n")
                .append("3. environment variables: `TYPOGUARD_WINDOW_SIZE` sets `typoguard.window.size` (upper case, `.` and `-` as `_`); ")
                .append("Kafka and registry settings use the prefix `TYPOGUARD_KAFKA_`: `TYPOGUARD_KAFKA_BOOTSTRAP_SERVERS` sets ")
                .append("`bootstrap.servers`, `TYPOGUARD_KAFKA_SASL_JAAS_CONFIG` sets `sasl.jaas.config` (`_` becomes `.`, `__` becomes `_`, ")
                .append("`___` becomes `-`);\n")
                .append("4. `--set name=value` on the command line (repeatable).\n\n")
                .append("Any value may refer to a secret instead of holding it, through Kafka's config providers: ")
                .append("`${env:NAME}` (an environment variable), `${file:/path/to/file.properties:key}` (a key of a properties file) ")
                .append("and `${directory:/path/to/dir:file}` (a file's content, as Kubernetes mounts secrets). ")
                .append("They are resolved before validation, for `typoguard.*`, Kafka and registry settings alike, and the resolved ")
                .append("values are never logged.\n\n")
                .append("Every setting is validated before anything starts: a bad value stops the app with exit code 2 and a message ")
                .append("naming the setting and the allowed values. Names that start with `typoguard.` and are not listed here are refused. ")
                .append("Everything else is passed to Kafka Streams and its clients, which validate it the same way.\n\n")
                .append("Durations take `500ms`, `30s`, `5m`, `1h`, `1d` or ISO-8601 (`PT1H`).\n\n")
                .append("| setting | environment variable | default | allowed | meaning |\n")
                .append("|---|---|---|---|---|\n");
        List<ConfigDef.ConfigKey> keys = new ArrayList<>(DEF.configKeys().values());
        keys.sort((x, y) -> x.name.compareTo(y.name));
        for (ConfigDef.ConfigKey k : keys) {
            b.append("| `").append(k.name).append("` | `").append(envName(k.name)).append("` | ")
                    .append(k.defaultValue == null ? "(none)" : "`" + k.defaultValue + "`").append(" | ")
                    .append(ALLOWED.get(k.name)).append(" | ").append(k.documentation).append(" |\n");
        }
        return b.toString();
    }
}
