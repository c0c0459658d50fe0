package io.typoguard.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.typoguard.schema.MailEvent;
import io.typoguard.serde.AvroSerdes;
import io.typoguard.serde.InMemorySchemaRegistry;
import io.typoguard.testkit.EmbeddedKafkaBroker;
import io.typoguard.topology.Names;
import io.typoguard.topology.Topics;
import io.typoguard.topology.TopologyConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unkeyed Postfix lines (as most shippers send them by default) land in any raw partition, and the app reads the
 * partitions at their own speeds: in a backlog one can be minutes of log time ahead of another. Here a message's
 * delivery line is read from partition 1, which then goes on ten minutes further in that host's log, while its from=
 * line still waits in partition 0. The delivery must wait for it and come out with its sender, not as an orphan: a
 * delivery is an orphan only once every partition that carries its host has logged past it by the orphan wait.
 * Before the per-partition clocks, the partition read furthest ahead decided, and the sender was lost. The second case
 * is the start of a backlog, before any task has read from partition 0: without the raw partition count the task
 * did not know partition 0 existed.
 */
class UnkeyedPartitionSkewTest {
    private static final Topics TOPICS = Topics.defaults();

    @TempDir
    Path stateDir;

    @Test
    void aDeliveryReadFromAPartitionFarAheadWaitsForItsSenderInASlowerOne() throws Exception {
        scenario(true);
    }

    /**
     * The start of a backlog: no task has read a line from partition 0 yet when partition 1 has gone ten minutes ahead.
     * The task knows partition 0 exists ({@code RawPartitions}, from the raw topic when the app starts) and waits for it.
     */
    @Test
    void atTheStartADeliveryWaitsForAPartitionNoTaskHasReadFromYet() throws Exception {
        scenario(false);
    }

    private void scenario(boolean bothPartitionsFirst) throws Exception {
        Instant t0 = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.MINUTES);
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.inTempDir().start()) {
            broker.createTopics(TopicSetup.plan(TOPICS, 2, (short) 1));
            Map<String, String> settings = Map.of(
                    StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    StreamsConfig.APPLICATION_ID_CONFIG, "typoguard-skew",
                    StreamsConfig.STATE_DIR_CONFIG, stateDir.toString(),
                    StreamsConfig.REPLICATION_FACTOR_CONFIG, "1",
                    StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
            Map<String, MailEvent> events = new ConcurrentHashMap<>();
            try (TypoguardApp app = new TypoguardApp(TopologyConfig.defaults(), registry, settings);
                 var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                         new ByteArraySerializer(), new ByteArraySerializer());
                 var consumer = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                         ConsumerConfig.GROUP_ID_CONFIG, "skew-reader", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                         ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                         new StringDeserializer(), new AvroSerdes(registry).mailEvent.deserializer())) {
                app.start();
                assertThat(app.runner().awaitRunning(Duration.ofSeconds(60))).isTrue();
                consumer.subscribe(List.of(TOPICS.events()));
                Runnable drain = () -> consumer.poll(Duration.ofMillis(200))
                        .forEach(r -> events.put(r.value().getQueueId() + " " + r.value().getRecipient(), r.value()));

                // Both partitions carry host mx1, with no key: ten whole messages each. (Every correlation task, one per
                // partition of the repartition by queue id, then has seen mx1's lines from both raw partitions.)
                List<String> before = new java.util.ArrayList<>();
                for (int i = 0; bothPartitionsFirst && i < 10; i++) {
                    send(producer, 0, message(t0.plusSeconds(i), "A000000" + i, "alice@acme.example", "bob@partner.example"));
                    send(producer, 1, message(t0.plusSeconds(i), "B000000" + i, "carol@acme.example", "dan@partner.example"));
                    before.add("A000000" + i + " bob@partner.example");
                    before.add("B000000" + i + " dan@partner.example");
                }
                if (bothPartitionsFirst) {
                    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                        drain.run();
                        assertThat(events).containsKeys(before.toArray(String[]::new));
                    });
                }

                // Partition 1 reads on: message C's delivery, then ten minutes more of mx1's log, twenty messages that reach
                // both correlation tasks. C's from= line is in partition 0, which has not been read that far.
                send(producer, 1, List.of(line(t0.plusSeconds(61), "postfix/smtp[2001]", "C0000001: to=<erin@army.ml>, relay=mx.army.ml[192.0.2.7]:25, "
                        + "delay=1.2, delays=0.1/0/0.5/0.6, dsn=2.0.0, status=sent (250 2.0.0 Ok)")));
                List<String> ahead = new java.util.ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    String id = "D00000" + (10 + i);
                    send(producer, 1, message(t0.plus(Duration.ofMinutes(3)).plusSeconds(20L * i), id, "frank@acme.example", "gail@partner.example"));
                    ahead.add(id + " gail@partner.example");
                }
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    drain.run();
                    assertThat(events).containsKeys(ahead.toArray(String[]::new));
                });
                // Every repartitioned line read and committed, and every event that wrote read: had C been released as
                // an orphan, it would be here now.
                await().atMost(Duration.ofSeconds(60)).until(() -> committedToTheEnd(broker, "typoguard-skew",
                        "typoguard-skew-" + Names.POSTFIX_REPARTITION + "-repartition"));
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    drain.run();
                    return readToTheEnd(consumer);
                });
                assertThat(events).as("C waits for its from= line; it is not released with the sender unknown")
                        .doesNotContainKey("C0000001 erin@army.ml");

                // Partition 0 catches up: C's from= and removed lines.
                send(producer, 0, List.of(
                        line(t0.plusSeconds(60), "postfix/qmgr[1001]", "C0000001: from=<harry@acme.example>, size=2048, nrcpt=1 (queue active)"),
                        line(t0.plusSeconds(62), "postfix/qmgr[1001]", "C0000001: removed")));
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    drain.run();
                    assertThat(events).containsKey("C0000001 erin@army.ml");
                });
                assertThat(events.get("C0000001 erin@army.ml").getSender()).isEqualTo("harry@acme.example");
            }
        }
    }

    /** The group has committed every partition of the topic up to its end (read_committed). */
    private static boolean committedToTheEnd(EmbeddedKafkaBroker broker, String group, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            for (int p = 0; p < 2; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            var ends = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get();
            return ends.entrySet().stream().allMatch(e -> e.getValue().offset() == 0
                    || committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue().offset());
        }
    }

    private static boolean readToTheEnd(KafkaConsumer<String, MailEvent> consumer) {
        var ends = consumer.endOffsets(consumer.assignment());
        return !ends.isEmpty() && ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private static List<String> message(Instant at, String queueId, String from, String to) {
        return List.of(
                line(at, "postfix/qmgr[1001]", queueId + ": from=<" + from + ">, size=1024, nrcpt=1 (queue active)"),
                line(at.plusSeconds(1), "postfix/smtp[2001]", queueId + ": to=<" + to + ">, relay=mx.partner.example[192.0.2.9]:25, "
                        + "delay=0.9, delays=0.1/0/0.4/0.4, dsn=2.0.0, status=sent (250 2.0.0 Ok)"),
                line(at.plusSeconds(2), "postfix/qmgr[1001]", queueId + ": removed"));
    }

    private static String line(Instant at, String program, String text) {
        return at + " mx1 " + program + ": " + text;
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, int partition, List<String> lines) {
        for (String l : lines) {
            producer.send(new ProducerRecord<>(TOPICS.raw(), partition, null, l.getBytes(StandardCharsets.UTF_8)));
        }
        producer.flush();
    }
}
