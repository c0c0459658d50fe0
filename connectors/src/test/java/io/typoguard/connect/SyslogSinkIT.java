package io.typoguard.connect;

import io.typoguard.testkit.EmbeddedKafkaBroker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.typoguard.siemformat.CefFormatter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The syslog sink in a real standalone Connect worker, reading OCSF alerts from a real in-process broker and
 * sending them to a real rsyslogd (Debian package rsyslog) over TCP and UDP on 127.0.0.1.
 */
class SyslogSinkIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static EmbeddedKafkaBroker broker;

    @TempDir
    Path dir;

    private String topic;
    private ConnectWorker worker;
    private Rsyslog rsyslog;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.inTempDir().start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @BeforeEach
    void setUp() throws Exception {
        topic = "mail.alerts.ocsf." + UUID.randomUUID();
        broker.createTopics(List.of(new NewTopic(topic, 1, (short) 1), new NewTopic(topic + ".dlq", 1, (short) 1)));
        rsyslog = new Rsyslog(Files.createDirectories(dir.resolve("rsyslog"))).start();
        worker = ConnectWorker.start(broker.bootstrapServers(), dir.resolve("connect.offsets"), Map.of());
    }

    @AfterEach
    void tearDown() throws Exception {
        if (worker != null) {
            worker.close();
        }
        if (rsyslog != null) {
            rsyslog.close();
        }
    }

    private void startSink(Map<String, String> extra) throws Exception {
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", SyslogSinkConnector.class.getName());
        c.put("tasks.max", "1");
        c.put("topics", topic);
        c.put("host", "127.0.0.1");
        c.put("port", String.valueOf(rsyslog.port()));
        c.put("syslog.hostname", "typoguard-test");
        c.put("retry.backoff.ms", "500");
        c.put("consumer.override.max.poll.records", "50");
        c.putAll(extra);
        worker.putConnector("syslog-sink", c);
    }

    private void produce(List<String> values) throws Exception {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (var producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (String v : values) {
                producer.send(new ProducerRecord<>(topic, v)).get();
            }
        }
    }

    private static List<String> findings(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> OcsfSamples.finding(i, 1 + i % 5)).toList();
    }

    private List<String> awaitParsed(int n) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(rsyslog.parsedLines()).hasSizeGreaterThanOrEqualTo(n));
        return rsyslog.parsedLines();
    }

    @Test
    void cefLinesOverTcpWithOctetCountingArriveAndABadRecordGoesToTheDeadLetterTopic() throws Exception {
        startSink(Map.of("format", "cef", "transport", "tcp", "errors.tolerance", "all",
                "errors.deadletterqueue.topic.name", topic + ".dlq", "errors.deadletterqueue.topic.replication.factor", "1"));
        List<String> alerts = new ArrayList<>(findings(0, 10));
        List<String> sent = new ArrayList<>(alerts.subList(0, 5));
        sent.add("this is not JSON");
        sent.addAll(alerts.subList(5, 10));
        produce(sent);

        List<String> parsed = awaitParsed(10);
        CefFormatter cef = new CefFormatter();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < alerts.size(); i++) {
            int pri = 13 * 8 + new int[] {6, 5, 4, 3, 2}[i % 5];
            expected.add(pri + "|typoguard-test|typoguard|typo-alert|" + cef.format(JSON.readTree(alerts.get(i))));
        }
        assertThat(parsed).containsExactlyElementsOf(expected);
        assertThat(parsed.get(0)).contains("CEF:0|Typoguard|Typoguard|0.2.0|DELIVERED_TYPO|Mail to typo domain army.ml (army.mil)|1|")
                .contains("duser=colonel.smith@army.ml").contains("cs1Label=intendedDomain cs1=army.mil");
        assertThat(rsyslog.rawLines().get(0)).startsWith("<110>1 2025-11-27T10:40:00.000Z typoguard-test typoguard - typo-alert - CEF:0|");

        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "dlq-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (var consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic + ".dlq"));
            List<String> dead = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> dead.add(r.value()));
                assertThat(dead).containsExactly("this is not JSON");
            });
        }
    }

    @Test
    void rfc5424MessagesOverTcpWithNewlineFramingAndOverUdpCarryTheJson() throws Exception {
        startSink(Map.of("format", "rfc5424", "transport", "tcp", "tcp.framing", "newline"));
        List<String> alerts = findings(0, 5);
        produce(alerts);
        List<String> parsed = awaitParsed(5);
        for (int i = 0; i < 5; i++) {
            assertThat(parsed.get(i)).isEqualTo((13 * 8 + new int[] {6, 5, 4, 3, 2}[i]) + "|typoguard-test|typoguard|typo-alert|" + alerts.get(i));
        }

        startSink(Map.of("format", "rfc5424", "transport", "udp"));   // same connector, now over UDP
        List<String> more = findings(5, 10);
        produce(more);
        List<String> all = awaitParsed(10);
        assertThat(all.subList(5, 10)).allSatisfy(l -> assertThat(l).contains("|typoguard-test|typoguard|typo-alert|{\"class_uid\":2004"));
        assertThat(all.stream().map(l -> l.substring(l.indexOf('{'))).toList()).containsExactlyElementsOf(
                java.util.stream.Stream.concat(alerts.stream(), more.stream()).toList());
    }

    @Test
    void aReceiverThatGoesAwayFor30SecondsLosesNoAlert() throws Exception {
        startSink(Map.of("format", "cef", "transport", "tcp"));
        List<String> alerts = findings(0, 5);
        produce(alerts);
        awaitParsed(5);

        rsyslog.stop();
        List<String> whileAway = findings(5, 25);
        produce(whileAway);
        // the receiver is away for 30 s; nothing can arrive meanwhile and the sink keeps retrying
        await().during(Duration.ofSeconds(30)).atMost(Duration.ofSeconds(35)).until(() -> rsyslog.parsedLines().size() == 5);

        rsyslog.start();   // same port, same output files
        List<String> parsed = awaitParsed(25);
        await().pollDelay(Duration.ofSeconds(1)).until(() -> true); // room for duplicates to show up
        List<String> ids = rsyslog.parsedLines().stream().map(l -> l.replaceAll(".*externalId=(inc-\\d+).*", "$1")).toList();
        assertThat(ids).as("every alert once, in order").containsExactlyElementsOf(IntStream.range(0, 25).mapToObj(i -> "inc-" + i).toList());
        assertThat(parsed).hasSize(25);
    }
}
