package io.typoguard.connect.bench;

import io.typoguard.testkit.EmbeddedKafkaBroker;
import io.typoguard.connect.MailLogSourceConnector;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.connect.cli.ConnectStandalone;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.Herder;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorInfo;
import org.apache.kafka.connect.runtime.standalone.StandaloneHerder;
import org.apache.kafka.connect.util.FutureCallback;

/**
 * Lines per second from a log file into Kafka through a real standalone Connect worker running the mail-log
 * source, against the in-process broker; and, in the same run, the pass-through limit: a plain KafkaProducer
 * (same acks, batching and key) writing the same lines. Not a test.
 *
 * <p>Run: {@code mvn -B -o -Pbench -pl connectors test-compile exec:exec -Dbench.args="<lines> <runs> [results.jsonl]"}
 */
public final class SourceThroughput {
    private static final Map<String, String> PRODUCER = Map.of(
            "acks", "all", "linger.ms", "5", "batch.size", String.valueOf(256 << 10),
            "max.in.flight.requests.per.connection", "5", "compression.type", "none");

    public static void main(String[] args) throws Exception {
        int lines = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        Path out = args.length > 2 ? Path.of(args[2]) : null;
        Path dir = Files.createTempDirectory("typoguard-bench-");
        Path file = dir.resolve("logs/mail.log");
        Files.createDirectories(file.getParent());
        List<String> sample = writeLog(file, lines);
        long bytes = Files.size(file);
        System.out.printf(Locale.ROOT, "file: %d lines, %.1f MB (%.0f bytes/line)%n", lines, bytes / 1e6, (double) bytes / lines);
        List<double[]> results = new ArrayList<>();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.inTempDir().start();
             Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            // warm-up (JIT, broker log segments), not measured
            broker.createTopics(List.of(new NewTopic("bench.warmup", 1, (short) 1)));
            passThrough(broker.bootstrapServers(), admin, "bench.warmup", file, lines);
            for (int run = 1; run <= runs; run++) {
                String t1 = "bench.passthrough." + run;
                String t2 = "bench.connect." + run;
                broker.createTopics(List.of(new NewTopic(t1, 1, (short) 1), new NewTopic(t2, 1, (short) 1)));
                double limit = passThrough(broker.bootstrapServers(), admin, t1, file, lines);
                double connect = viaConnect(broker.bootstrapServers(), admin, t2, dir, lines, run);
                results.add(new double[] {limit, connect});
                if (out != null) {
                    Files.writeString(out, String.format(Locale.ROOT, "{\"benchmark\":\"SourceThroughput\",\"commit\":\"%s\",\"date\":\"%s\","
                                    + "\"cores\":%d,\"command\":\"SourceThroughput %s\",\"run\":%d,\"lines\":%d,\"passThroughLinesPerSecond\":%.0f,"
                                    + "\"connectLinesPerSecond\":%.0f,\"clock\":\"first record in the topic to the last, both\"}%n", commit(),
                                    java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS), Runtime.getRuntime().availableProcessors(),
                                    String.join(" ", args), run, lines, limit, connect),
                            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
                }
                System.out.printf(Locale.ROOT, "run %d: pass-through (KafkaProducer) %,.0f lines/s | Connect mail-log source %,.0f lines/s (%.0f%% of the limit)%n",
                        run, limit, connect, 100 * connect / limit);
            }
        }
        System.out.printf(Locale.ROOT, "median: pass-through %,.0f lines/s | Connect source %,.0f lines/s%n",
                median(results, 0), median(results, 1));
        if (sample.isEmpty()) {
            throw new IllegalStateException();
        }
    }

    private static List<String> writeLog(Path file, int lines) throws IOException {
        String[] templates = {
            "Nov 27 10:40:%02d mx1 postfix/smtpd[%d]: %05X: client=unknown[192.0.2.%d], sasl_method=PLAIN, sasl_username=alice",
            "Nov 27 10:40:%02d mx1 postfix/cleanup[%d]: %05X: message-id=<20251127104000.%d@example.mil>",
            "Nov 27 10:40:%02d mx1 postfix/qmgr[%d]: %05X: from=<alice@example.mil>, size=%d, nrcpt=1 (queue active)",
            "Nov 27 10:40:%02d mx1 postfix/smtp[%d]: %05X: to=<colonel.smith@army.ml>, relay=mx.army.ml[203.0.113.7]:25, delay=0.4, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as %d)",
        };
        List<String> first = new ArrayList<>();
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < lines; i++) {
                String l = String.format(Locale.ROOT, templates[i % 4], i % 60, 1000 + i % 9000, i / 4, i);
                if (i < 4) {
                    first.add(l);
                }
                w.write(l);
                w.write('\n');
            }
        }
        return first;
    }

    /**
     * The plain producer, in a thread of its own, timed as Connect is: from the first record readable in the topic to
     * the last (producer creation and the file's opening are outside both clocks).
     */
    private static double passThrough(String bootstrap, Admin admin, String topic, Path file, int lines) throws Exception {
        Map<String, Object> p = new HashMap<>(PRODUCER);
        p.put("bootstrap.servers", bootstrap);
        java.util.concurrent.CompletableFuture<Void> sent = java.util.concurrent.CompletableFuture.runAsync(() -> {
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
                 var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                while ((line = reader.readLine()) != null) {
                    producer.send(new ProducerRecord<>(topic, "mx1", line));
                }
                producer.flush();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        double rate = firstToLast(admin, topic, lines, "the producer");
        sent.get(1, TimeUnit.MINUTES);
        return rate;
    }

    /** Records per second from when the topic first holds a record until it holds {@code lines}, polled every 5 ms. */
    private static double firstToLast(Admin admin, String topic, int lines, String who) throws Exception {
        TopicPartition tp = new TopicPartition(topic, 0);
        long firstSeen = -1;
        long firstOffset = 0;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            long end = admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get().offset();
            long now = System.nanoTime();
            if (firstSeen < 0 && end > 0) {
                firstSeen = now;
                firstOffset = end;
            }
            if (end >= lines) {
                return (lines - firstOffset) / ((now - firstSeen) / 1e9);
            }
            Thread.sleep(5); // polling the end offset, not pacing the work
        }
        throw new IllegalStateException(who + " did not deliver " + lines + " lines within 5 minutes");
    }

    private static double viaConnect(String bootstrap, Admin admin, String topic, Path dir, int lines, int run) throws Exception {
        Map<String, String> w = new HashMap<>();
        w.put("bootstrap.servers", bootstrap);
        w.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        w.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        w.put("offset.storage.file.filename", dir.resolve("connect-" + run + ".offsets").toString());
        w.put("offset.flush.interval.ms", "1000");
        w.put("listeners", "http://127.0.0.1:0");
        w.put("plugin.discovery", "service_load");
        PRODUCER.forEach((k, v) -> w.put("producer." + k, v));
        Connect<StandaloneHerder> connect = new ConnectStandalone().startConnect(w);
        try {
            Map<String, String> c = new HashMap<>();
            c.put("name", "bench-source");
            c.put("connector.class", MailLogSourceConnector.class.getName());
            c.put("tasks.max", "1");
            c.put("files", dir.resolve("logs/mail.log").toString());
            c.put("topic", topic);
            c.put("host.key", "mx1");
            FutureCallback<Herder.Created<ConnectorInfo>> cb = new FutureCallback<>();
            connect.herder().putConnectorConfig("bench-source", c, false, cb);
            cb.get(30, TimeUnit.SECONDS);
            return firstToLast(admin, topic, lines, "Connect");
        } finally {
            connect.stop();
            connect.awaitStop();
        }
    }

    private static String commit() throws Exception {
        Process p = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").redirectErrorStream(true).start();
        String c = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor();
        return c;
    }

    private static double median(List<double[]> results, int i) {
        double[] v = results.stream().mapToDouble(r -> r[i]).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
