package io.typoguard.runtime;

import io.typoguard.testkit.EmbeddedKafkaBroker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.typoguard.schema.Alert;
import io.typoguard.schema.SenderWindowStats;
import io.typoguard.schema.Sensitivity;
import io.typoguard.schema.TrustedDomain;
import io.typoguard.schema.TypoDomainDayStats;
import io.typoguard.schema.TypoFinding;
import io.typoguard.serde.InMemorySchemaRegistry;
import io.typoguard.topology.Topics;
import io.typoguard.topology.TopologyConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.WindowedSerdes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Log time and broker time apart, on a real broker whose retention check runs every second (retention 48 h): the
 * same Postfix logs of 8 hosts, keyed by host, go through the app as a live run, as a month-old backlog under both
 * processing guarantees, from hosts whose log times are 8 h behind or ahead of the shipper's send time, and as a
 * 12-hour backlog sent at once. Every run must give exactly the live run's findings, alerts and window results
 * (times shifted by the month where the logs are a month old), with no sender lost to correlation expiry and
 * nothing dead-lettered.
 */
class LogTimeOnABrokerTest {
    private static EmbeddedKafkaBroker broker;
    private static final Duration MONTH = Duration.ofDays(30);
    private static final int HOSTS = 8;
    /**
     * One partition per topic: the lines then meet every stage in the order they were sent, whatever the scenario,
     * so window and day results can be compared exactly. With several partitions, a burst (a backlog, and this
     * test's whole input) is processed a batch per task at a time, so records reach a later stage (sender windows
     * after mail.events, typo-domain days after their repartition) reordered by up to a batch's span of log time;
     * in a sparse test log that is hours, beyond the 5 min grace (docs/operations.md, "Backlogs and archives").
     */
    private static final int PARTITIONS = 1;
    /**
     * Twelve hours of log, ending about ten hours ago: every send time of the scenarios stays in the past (the broker
     * refuses timestamps more than an hour ahead) and within the 48 h retention of the shippers' raw topic.
     */
    private static final Instant START = Instant.now().minus(Duration.ofHours(22)).truncatedTo(ChronoUnit.HOURS);
    private static final HostLogs LOGS = new HostLogs(HOSTS, START, Duration.ofHours(12), 40, 42);
    private static Outputs live;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startBrokerAndRunLive() throws Exception {
        broker = EmbeddedKafkaBroker.inDir(Files.createDirectories(dir.resolve("kafka")), Map.of(
                "log.retention.hours", "48",
                "log.retention.check.interval.ms", "1000",
                "log.initial.task.delay.ms", "500")).start();
        // The live run: every line sent the moment it was logged.
        live = run("live", StreamsConfig.EXACTLY_ONCE_V2, Duration.ZERO, l -> l.logged());
        assertThat(live.findings).as("the live run finds every typo delivery").hasSize(LOGS.expectedFindings());
        assertThat(live.alerts).as("and raises alerts").isNotEmpty();
        assertThat(live.senderWindows).as("and closes sender windows").isNotEmpty();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void logsAMonthOldGiveTheLiveResultsExactlyOnce() throws Exception {
        Instant now = Instant.now();
        Outputs old = run("month-eos", StreamsConfig.EXACTLY_ONCE_V2, MONTH.negated(), l -> now);
        assertSameAsLive(old, MONTH);
    }

    @Test
    void logsAMonthOldGiveTheLiveResultsAtLeastOnce() throws Exception {
        Instant now = Instant.now();
        Outputs old = run("month-alos", StreamsConfig.AT_LEAST_ONCE, MONTH.negated(), l -> now);
        assertSameAsLive(old, MONTH);
    }

    @Test
    void hostsLoggingEightHoursBehindTheShippersClockLoseNoSender() throws Exception {
        // Local time west of UTC read as UTC: each line reaches Kafka 8 h "after" its log time.
        Outputs skewed = run("behind", StreamsConfig.AT_LEAST_ONCE, Duration.ZERO, l -> l.logged().plus(Duration.ofHours(8)));
        assertSameAsLive(skewed, Duration.ZERO);
    }

    @Test
    void hostsLoggingEightHoursAheadOfTheShippersClockLoseNoSender() throws Exception {
        Outputs skewed = run("ahead", StreamsConfig.EXACTLY_ONCE_V2, Duration.ZERO, l -> l.logged().minus(Duration.ofHours(8)));
        assertSameAsLive(skewed, Duration.ZERO);
    }

    @Test
    void aTwelveHourBacklogDeliveredAtOnceLosesNoSender() throws Exception {
        // A shipper's disk queue drains after an outage: the whole log arrives within a second.
        Instant now = Instant.now();
        Outputs backlog = run("backlog", StreamsConfig.AT_LEAST_ONCE, Duration.ZERO, l -> now);
        assertSameAsLive(backlog, Duration.ZERO);
    }

    private static void assertSameAsLive(Outputs run, Duration shift) {
        assertThat(run.deadLetters).as("nothing dead-lettered").isEmpty();
        assertThat(run.findings).as("no sender lost to correlation").noneMatch(f -> f.startsWith("null|"));
        assertThat(run.findings).as("findings").containsExactlyInAnyOrderElementsOf(live.shifted(live.findings, shift));
        assertThat(run.alerts).as("alerts").containsExactlyInAnyOrderElementsOf(live.shifted(live.alerts, shift));
        assertThat(run.senderWindows).as("sender windows").containsExactlyInAnyOrderElementsOf(live.shifted(live.senderWindows, shift));
        assertThat(run.domainDays).as("typo-domain days").containsExactlyInAnyOrderElementsOf(live.shifted(live.domainDays, shift));
    }

    /** What a run wrote, each record as a line with every time in it written as {@code @<epoch ms>}. */
    static final class Outputs {
        final List<String> findings = new ArrayList<>();
        final List<String> alerts = new ArrayList<>();
        final List<String> senderWindows = new ArrayList<>();
        final List<String> domainDays = new ArrayList<>();
        final List<String> deadLetters = new ArrayList<>();

        int total() {
            return findings.size() + alerts.size() + senderWindows.size() + domainDays.size() + deadLetters.size();
        }

        String counts() {
            return "findings " + findings.size() + ", alerts " + alerts.size() + ", sender windows " + senderWindows.size()
                    + ", typo-domain days " + domainDays.size() + ", dead letters " + deadLetters.size();
        }

        /** The lines with every time moved {@code shift} back (a month-old run compared with the live one). */
        List<String> shifted(List<String> lines, Duration shift) {
            long by = shift.toMillis();
            return lines.stream().map(l -> {
                StringBuilder sb = new StringBuilder();
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("@(-?\\d+)").matcher(l);
                while (m.find()) {
                    m.appendReplacement(sb, "@" + (Long.parseLong(m.group(1)) - by));
                }
                m.appendTail(sb);
                return sb.toString();
            }).toList();
        }
    }

    private static String t(Instant i) {
        return i == null ? "-" : "@" + i.toEpochMilli();
    }

    /**
     * Runs the logs, moved {@code logShift} in log time, through a fresh app with its own topics; each line is sent
     * with the Kafka timestamp {@code sentAt} gives (the raw topic is CreateTime, as a shippers' topic usually is).
     */
    private static Outputs run(String name, String guarantee, Duration logShift, Function<HostLogs.Line, Instant> sentAt) throws Exception {
        String p = name + "-" + UUID.randomUUID().toString().substring(0, 8) + ".";
        Topics topics = new Topics(p + Topics.RAW, p + Topics.EVENTS, p + Topics.TRUSTED, p + Topics.FINDINGS, p + Topics.SENDER_STATS,
                p + Topics.ALERTS, p + Topics.DEAD_LETTER, p + Topics.EXCEPTIONS, p + Topics.DECISIONS, p + Topics.DOMAIN_STATS,
                p + Topics.ALERTS_OCSF, p + Topics.CORRESPONDENTS);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topics.raw(), PARTITIONS, (short) 1))).all().get();
        }
        broker.createTopics(TopicSetup.plan(topics, PARTITIONS, (short) 1));
        Map<String, String> settings = Map.of(
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                StreamsConfig.APPLICATION_ID_CONFIG, "typoguard-time-" + p.replace(".", ""),
                StreamsConfig.STATE_DIR_CONFIG, Files.createDirectories(dir.resolve("state-" + name)).toString(),
                StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee,
                StreamsConfig.REPLICATION_FACTOR_CONFIG, "1",
                StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "0",
                StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100",
                StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, "0",
                // Closed windows are looked for on every record, not once a wall-clock second (which would make the
                // last windows of a burst depend on timing).
                StreamsConfig.InternalConfig.EMIT_INTERVAL_MS_KSTREAMS_WINDOWED_AGGREGATION, "0");
        Outputs out = new Outputs();
        try (TypoguardApp app = new TypoguardApp(TopologyConfig.defaults().withTopics(topics), new InMemorySchemaRegistry(), settings)) {
            // Given the trusted list, loaded before the app starts
            try (var producer = new KafkaProducer<>(clientConfig(), new StringSerializer(), app.serdes().trustedDomain.serializer())) {
                for (String d : List.of("army.mil", "navy.mil", "gmail.com")) {
                    producer.send(new ProducerRecord<>(topics.trusted(), d,
                            TrustedDomain.newBuilder().setDomain(d).setSensitivity(Sensitivity.HIGH).build())).get();
                }
            }
            app.start();
            assertThat(app.runner().awaitRunning(Duration.ofSeconds(60))).as("Streams reached RUNNING").isTrue();

            // When the hosts' lines arrive, keyed by host, with the log times and send times of the scenario
            try (var producer = new KafkaProducer<>(clientConfig(), new ByteArraySerializer(), new ByteArraySerializer())) {
                for (HostLogs.Line line : LOGS.lines()) {
                    String text = shiftLine(line, logShift);
                    producer.send(new ProducerRecord<>(topics.raw(), null, sentAt.apply(line).toEpochMilli(),
                            line.host().getBytes(StandardCharsets.UTF_8), text.getBytes(StandardCharsets.UTF_8)));
                }
            }

            // Then every output arrives, and nothing more comes after it
            try (var findings = consumer(app.serdes().finding.deserializer(), topics.findings());
                 var alerts = consumer(app.serdes().alert.deserializer(), topics.alerts());
                 var windows = consumer(WindowedSerdes.timeWindowedSerdeFrom(String.class, Duration.ofHours(1).toMillis()).deserializer(),
                         app.serdes().senderStats.deserializer(), topics.senderStats());
                 var days = consumer(app.serdes().typoDomainDayStats.deserializer(), topics.domainStats());
                 var dead = new KafkaConsumer<>(consumerConfig(), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                dead.subscribe(List.of(topics.deadLetter()));
                long quietSince = System.nanoTime();
                long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                while (true) {
                    int before = out.total();
                    findings.poll(Duration.ofMillis(100)).forEach(r -> out.findings.add(finding(r.value())));
                    alerts.poll(Duration.ofMillis(100)).forEach(r -> out.alerts.add(alert(r.value())));
                    windows.poll(Duration.ofMillis(100)).forEach(r -> out.senderWindows.add(r.key().key() + "|" + window(r.value())));
                    days.poll(Duration.ofMillis(100)).forEach(r -> out.domainDays.add(day(r.value())));
                    dead.poll(Duration.ofMillis(10)).forEach(r -> out.deadLetters.add(new String(r.value(), StandardCharsets.UTF_8)));
                    if (out.total() != before) {
                        quietSince = System.nanoTime();
                    }
                    boolean complete = live == null ? out.findings.size() >= LOGS.expectedFindings() : out.total() >= live.total();
                    // Complete, then quiet for 5 s (the broker's retention check ran five times meanwhile)
                    if (complete && System.nanoTime() - quietSince > Duration.ofSeconds(5).toNanos()) {
                        break;
                    }
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("run " + name + " incomplete after 90 s: " + out.counts()
                                + (live == null ? "; expected findings " + LOGS.expectedFindings() : "; live run: " + live.counts()));
                    }
                }
            }
            assertThat(app.runner().state()).isEqualTo(org.apache.kafka.streams.KafkaStreams.State.RUNNING);
            assertThat(app.runner().positionsLost()).isZero();
        }
        return out;
    }

    /** The line with its log time moved: RFC 3339 prefixes rewritten, BSD ones re-rendered. */
    private static String shiftLine(HostLogs.Line line, Duration shift) {
        if (shift.isZero()) {
            return line.text();
        }
        String text = line.text();
        int afterHost = text.indexOf(' ' + line.host() + ' ');
        Instant moved = line.logged().plus(shift);
        String prefix = Character.isDigit(text.charAt(0)) ? moved.toString()
                : java.time.format.DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", java.util.Locale.ROOT).withZone(java.time.ZoneOffset.UTC).format(moved);
        return prefix + text.substring(afterHost);
    }

    private static String finding(TypoFinding f) {
        return f.getSender() + "|" + f.getRecipient() + "|" + f.getStatus() + "|" + f.getHost() + "|" + f.getQueueId() + "|" + t(f.getTimestamp());
    }

    private static String alert(Alert a) {
        return a.getType() + "|" + a.getActivity() + "|r" + a.getRevision() + "|" + a.getSender() + "|" + a.getTypoDomain() + "|n" + a.getCount()
                + "|" + a.getSeverity() + "|" + t(a.getTimestamp()) + "|" + t(a.getFirstSeen()) + "|" + t(a.getLastSeen()) + "|" + t(a.getWindowStart());
    }

    private static String window(SenderWindowStats s) {
        return t(s.getWindowStart()) + "|" + s.getMessages() + "|" + s.getFindings() + "|" + s.getDeliveredFindings();
    }

    private static String day(TypoDomainDayStats d) {
        return d.getTypoDomain() + "|" + t(d.getDayStart()) + "|" + d.getMessages() + "|" + d.getDelivered() + "|" + d.getDistinctSenders();
    }

    private static <V> KafkaConsumer<String, V> consumer(Deserializer<V> values, String topic) {
        return consumer(new StringDeserializer(), values, topic);
    }

    private static <K, V> KafkaConsumer<K, V> consumer(Deserializer<K> keys, Deserializer<V> values, String topic) {
        KafkaConsumer<K, V> c = new KafkaConsumer<>(consumerConfig(), keys, values);
        c.subscribe(List.of(topic));
        return c;
    }

    private static Map<String, Object> clientConfig() {
        Map<String, Object> c = new HashMap<>();
        c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        c.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return c;
    }

    private static Map<String, Object> consumerConfig() {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return c;
    }
}
