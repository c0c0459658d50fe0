package io.typoguard.connect;

import io.typoguard.testkit.EmbeddedKafkaBroker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mail-log source in a real standalone Connect worker, writing to a real in-process KRaft broker: order,
 * rotation by rename and by copytruncate, gzip archives, long lines, and a worker restart in the middle of a file.
 * Every test checks the exact multiset of lines that arrived: nothing lost, nothing twice.
 */
class MailLogSourceIT {
    private static EmbeddedKafkaBroker broker;

    @TempDir
    Path dir;

    private String topic;
    private ConnectWorker worker;
    private KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> received = new ArrayList<>();

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.inTempDir().start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @BeforeEach
    void topicAndConsumer() {
        topic = "mail.log.raw." + UUID.randomUUID();
        broker.createTopics(List.of(new NewTopic(topic, 1, (short) 1).configs(Map.of("max.message.bytes", String.valueOf(4 << 20)))));
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 << 20);
        consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(topic));
    }

    @AfterEach
    void close() {
        consumer.close();
        if (worker != null) {
            worker.close();
        }
    }

    private void startWorker() throws Exception {
        startWorker(Map.of());
    }

    private void startWorker(Map<String, String> connectorExtra) throws Exception {
        worker = ConnectWorker.start(broker.bootstrapServers(), dir.resolve("connect.offsets"), Map.of());
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", MailLogSourceConnector.class.getName());
        c.put("tasks.max", "1");
        c.put("files", dir.resolve("logs") + "/*.log");
        c.put("topic", topic);
        c.put("host.key", "mx1");
        c.put("poll.interval.ms", "20");
        c.put("scan.interval.ms", "100");
        c.put("rotated.idle.ms", "300");
        c.putAll(connectorExtra);
        worker.putConnector("mail-log-source", c);
    }

    private void stopWorker() {
        worker.close();
        worker = null;
    }

    private Path log(String name) throws IOException {
        return Files.createDirectories(dir.resolve("logs")).resolve(name);
    }

    private static List<String> lines(String prefix, int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "Nov 27 10:40:00 mx1 postfix/smtp[4242]: " + prefix + " line " + i
                + ": to=<colonel.smith@army.ml>, status=sent").toList();
    }

    private static void append(Path file, List<String> lines) throws IOException {
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private List<String> values() {
        return received.stream().map(ConsumerRecord::value).toList();
    }

    private void awaitValues(List<String> expected) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10)).untilAsserted(() -> {
            consumer.poll(Duration.ofMillis(100)).forEach(received::add);
            assertThat(received).as("records received so far: %d of %d", received.size(), expected.size()).hasSizeGreaterThanOrEqualTo(expected.size());
        });
        // a short extra poll: anything sent twice would show up here
        consumer.poll(Duration.ofMillis(300)).forEach(received::add);
        assertThat(values()).as("exactly the lines written, in order, each once").containsExactlyElementsOf(expected);
    }

    @Test
    void appendedLinesArriveInOrderKeyedByHost() throws Exception {
        Path file = log("mail.log");
        List<String> expected = new ArrayList<>(lines("a", 0, 100));
        append(file, expected);
        startWorker();
        // a line written in two parts is only sent once complete
        Files.writeString(file, "Nov 27 10:41:00 mx1 postfix/qmgr[1]: partial", StandardOpenOption.APPEND);
        List<String> more = lines("b", 0, 50);
        awaitValues(expected);
        Files.writeString(file, " and the rest\n" + String.join("\n", more) + "\n", StandardOpenOption.APPEND);
        expected.add("Nov 27 10:41:00 mx1 postfix/qmgr[1]: partial and the rest");
        expected.addAll(more);
        awaitValues(expected);
        assertThat(received).allSatisfy(r -> assertThat(r.key()).isEqualTo("mx1"));
    }

    @Test
    void rotationByRenameLosesAndRepeatsNothing() throws Exception {
        Path file = log("mail.log");
        startWorker();
        List<String> expected = new ArrayList<>(lines("before", 0, 1000));
        append(file, expected);
        awaitValues(expected);
        // logrotate without copytruncate: the MTA still writes a little to the old file (now mail.log.1) before it reopens
        Path rotated = file.resolveSibling("mail.log.1");
        Files.move(file, rotated, StandardCopyOption.ATOMIC_MOVE);
        List<String> late = lines("late", 0, 200);
        append(rotated, late);
        List<String> after = lines("after", 0, 1000);
        append(file, after);
        expected.addAll(late);
        expected.addAll(after);
        awaitValues(expected);
    }

    @Test
    void rotationByCopytruncateLosesAndRepeatsNothing() throws Exception {
        Path file = log("mail.log");
        startWorker();
        List<String> expected = new ArrayList<>(lines("before", 0, 1000));
        append(file, expected);
        awaitValues(expected);
        // logrotate copytruncate: copy, then truncate in place (same inode), then new lines
        Files.copy(file, file.resolveSibling("mail.log.1"));
        try (var ch = java.nio.channels.FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(0);
        }
        List<String> after = lines("after", 0, 10);  // shorter than what was there: the shrink is visible
        append(file, after);
        expected.addAll(after);
        awaitValues(expected);
    }

    @Test
    void gzipArchiveIsReadOnceAlsoAcrossRestarts() throws Exception {
        Path gz = log("mail.log-20251126.gz");
        List<String> archived = lines("archived", 0, 5000);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write((String.join("\n", archived) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        startWorker(Map.of("files", dir.resolve("logs") + "/*.log," + dir.resolve("logs") + "/*.gz", "read.gzip", "true"));
        awaitValues(archived);
        stopWorker();
        startWorker(Map.of("files", dir.resolve("logs") + "/*.log," + dir.resolve("logs") + "/*.gz", "read.gzip", "true"));
        List<String> live = lines("live", 0, 10);
        append(log("mail.log"), live);
        List<String> expected = new ArrayList<>(archived);
        expected.addAll(live);
        awaitValues(expected);
    }

    @Test
    void workerRestartInTheMiddleOfAFileLosesAndRepeatsNothing() throws Exception {
        Path file = log("mail.log");
        List<String> expected = new ArrayList<>(lines("first", 0, 200_000));
        append(file, expected);
        startWorker(Map.of("batch.max.lines", "500"));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(1)).until(() -> {
            consumer.poll(Duration.ofMillis(5)).forEach(received::add);
            return !received.isEmpty();
        });
        stopWorker();
        int atStop = received.size();
        // lines keep coming while no worker runs, and the file is rotated by rename too
        List<String> whileDown = lines("down", 0, 1000);
        append(file, whileDown);
        Files.move(file, file.resolveSibling("mail.log.1"));
        List<String> newFile = lines("new", 0, 1000);
        append(file, newFile);
        startWorker(Map.of("batch.max.lines", "500"));
        expected.addAll(whileDown);
        expected.addAll(newFile);
        awaitValues(expected);
        assertThat(atStop).as("the worker was stopped in the middle of the file").isLessThan(200_000);
    }

    @Test
    void longLinesAreSentWholeAndOnlyLinesOverTheHardCapAreCutAndFlagged() throws Exception {
        Path file = log("mail.log");
        String twoMiB = "x".repeat(2 << 20);
        String over = "y".repeat((3 << 20) + 5);
        append(file, List.of("short", twoMiB, over, "after"));
        startWorker(Map.of("max.line.bytes", String.valueOf(1 << 20), "max.line.hard.bytes", String.valueOf(3 << 20),
                "producer.override.max.request.size", String.valueOf(4 << 20)));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            consumer.poll(Duration.ofMillis(100)).forEach(received::add);
            assertThat(received).hasSize(4);
        });
        assertThat(values().get(0)).isEqualTo("short");
        assertThat(values().get(1)).isEqualTo(twoMiB);
        assertThat(received.get(1).headers().lastHeader("typoguard.truncated")).isNull();
        assertThat(values().get(2)).isEqualTo(over.substring(0, 3 << 20));
        Header flag = received.get(2).headers().lastHeader("typoguard.truncated");
        assertThat(flag).isNotNull();
        assertThat(new String(flag.value(), StandardCharsets.UTF_8)).isEqualTo("true");
        assertThat(new String(received.get(2).headers().lastHeader("typoguard.line.bytes").value(), StandardCharsets.UTF_8))
                .isEqualTo(String.valueOf(over.length()));
        assertThat(values().get(3)).isEqualTo("after");
    }
}
