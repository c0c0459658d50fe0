package io.typoguard.runtime;

import io.typoguard.testkit.EmbeddedKafkaBroker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.typoguard.detect.TrustedFile;
import io.typoguard.schema.Alert;
import io.typoguard.schema.TrustedDomain;
import io.typoguard.serde.InMemorySchemaRegistry;
import io.typoguard.topology.Topics;
import io.typoguard.topology.TopologyConfig;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real shipper: Debian's rsyslog with omkafka tails a file of real Postfix log lines and forwards each line
 * (keyed by the host named in the line) to mail.log.raw on the in-process broker; the army.ml alert comes out.
 * Needs the Debian packages rsyslog and rsyslog-kafka (.ci/run installs them).
 */
class RsyslogOmkafkaTest {
    private static final Path RSYSLOGD = Path.of("/usr/sbin/rsyslogd");

    @TempDir
    Path dir;

    @Test
    void postfixLinesShippedByRsyslogOmkafkaRaiseTheArmyMlAlert() throws Exception {
        assertThat(RSYSLOGD).as("rsyslogd not installed: apt-get install rsyslog rsyslog-kafka (as .ci/run does)").isExecutable();
        Topics topics = Topics.defaults();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.inTempDir().start()) {
            broker.createTopics(TopicSetup.plan(topics, 2, (short) 1));
            String bootstrap = broker.bootstrapServers();
            Map<String, String> settings = Map.of(
                    StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    StreamsConfig.APPLICATION_ID_CONFIG, "typoguard-rsyslog-" + UUID.randomUUID(),
                    StreamsConfig.STATE_DIR_CONFIG, Files.createDirectories(dir.resolve("state")).toString(),
                    StreamsConfig.REPLICATION_FACTOR_CONFIG, "1",
                    StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
            try (TypoguardApp app = new TypoguardApp(TopologyConfig.defaults(), new InMemorySchemaRegistry(), settings)) {
                seedTrusted(bootstrap, topics, app);
                app.start();
                assertThat(app.runner().awaitRunning(Duration.ofSeconds(60))).isTrue();

                Path in = dir.resolve("mail.log");
                Files.createFile(in);
                Process rsyslogd = startRsyslogd(bootstrap, in);
                try {
                    // When Postfix writes its log (the real lines, unchanged) ...
                    List<String> lines;
                    try (var res = getClass().getClassLoader().getResourceAsStream("demo/postfix-real.log")) {
                        lines = new String(res.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
                    }
                    Files.writeString(in, String.join("\n", lines) + "\n", StandardOpenOption.APPEND);

                    // ... rsyslog ships every line, keyed by host, and Typoguard alerts on army.ml.
                    List<ConsumerRecord<String, byte[]>> raw = new ArrayList<>();
                    List<Alert> alerts = new ArrayList<>();
                    try (var rawConsumer = new KafkaConsumer<>(consumer(bootstrap), new StringDeserializer(), new ByteArrayDeserializer());
                         var alertConsumer = new KafkaConsumer<>(consumer(bootstrap), new StringDeserializer(), app.serdes().alert.deserializer())) {
                        rawConsumer.subscribe(List.of(topics.raw()));
                        alertConsumer.subscribe(List.of(topics.alerts()));
                        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                            rawConsumer.poll(Duration.ofMillis(200)).forEach(raw::add);
                            alertConsumer.poll(Duration.ofMillis(200)).forEach(r -> alerts.add(r.value()));
                            assertThat(raw).as("lines shipped by rsyslog").hasSize(lines.size());
                            assertThat(alerts).as("alerts").anySatisfy(a -> {
                                assertThat(a.getRecipient()).isEqualTo("colonel.smith@army.ml");
                                assertThat(a.getSender()).isEqualTo("alice@typoguard.test");
                            });
                        });
                    }
                    assertThat(raw).allSatisfy(r -> assertThat(r.key()).isEqualTo("mail"));
                    assertThat(raw.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).sorted().toList())
                            .as("each line arrives exactly as Postfix wrote it").isEqualTo(lines.stream().sorted().toList());
                } finally {
                    rsyslogd.destroy();
                    if (!rsyslogd.waitFor(10, TimeUnit.SECONDS)) {
                        rsyslogd.destroyForcibly();
                    }
                }
            }
        }
    }

    private Process startRsyslogd(String bootstrap, Path in) throws IOException {
        Path work = Files.createDirectories(dir.resolve("rsyslog-work"));
        Path conf = dir.resolve("rsyslog.conf");
        Files.writeString(conf, String.join("\n",
                "global(workDirectory=\"" + work + "\" processInternalMessages=\"on\")",
                "module(load=\"imfile\")",
                "module(load=\"omkafka\")",
                "action(type=\"omfile\" file=\"" + dir.resolve("rsyslogd-internal.log") + "\")",
                "template(name=\"kafkaValue\" type=\"string\" string=\"%rawmsg%\")",
                "template(name=\"kafkaKey\" type=\"string\"",
                "         string=\"%rawmsg:R,ERE,1,DFLT:^[A-Z][a-z]{2} +[0-9]{1,2} [0-9:]{8} ([^ ]+) --end%\")",
                "ruleset(name=\"toKafka\") {",
                "  action(type=\"omkafka\" broker=[\"" + bootstrap + "\"] topic=\"mail.log.raw\"",
                "         dynaKey=\"on\" key=\"kafkaKey\" template=\"kafkaValue\" confParam=[\"linger.ms=5\"]",
                "         closeTimeout=\"2000\" action.resumeRetryCount=\"-1\" action.resumeInterval=\"1\")",
                "}",
                "input(type=\"imfile\" file=\"" + in + "\" tag=\"postfix:\" ruleset=\"toKafka\" readMode=\"0\" freshStartTail=\"off\")",
                ""));
        return new ProcessBuilder(RSYSLOGD.toString(), "-n", "-iNONE", "-f", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("rsyslogd.out").toFile()).start();
    }

    private void seedTrusted(String bootstrap, Topics topics, TypoguardApp app) throws IOException {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (var in = getClass().getClassLoader().getResourceAsStream("demo/trusted.csv");
             var producer = new KafkaProducer<>(p, new StringSerializer(), app.serdes().trustedDomain.serializer())) {
            for (var e : TrustedFile.read(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                producer.send(new ProducerRecord<>(topics.trusted(), null, 0L, e.name(), TrustedDomain.newBuilder()
                        .setDomain(e.name()).setSensitivity(e.sensitivity()).setIncludeSubdomains(e.includeSubdomains()).build()));
            }
        }
    }

    private static Map<String, Object> consumer(String bootstrap) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "rsyslog-it-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return c;
    }
}
