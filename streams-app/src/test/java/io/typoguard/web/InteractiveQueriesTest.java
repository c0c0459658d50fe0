package io.typoguard.web;

import io.typoguard.testkit.EmbeddedKafkaBroker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.typoguard.runtime.AppHost;
import io.typoguard.runtime.TopicSetup;
import io.typoguard.schema.Sensitivity;
import io.typoguard.schema.TrustedDomain;
import io.typoguard.serde.InMemorySchemaRegistry;
import io.typoguard.topology.Topics;
import io.typoguard.topology.TopologyConfig;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two app instances (same application id) on the in-process broker, each with its HTTP server. Every query
 * asked of one instance is answered right: a sender's windows by whichever instance owns the sender's partition
 * (A forwards to B when B owns it), and the top typo domains and open incidents merged from both.
 */
class InteractiveQueriesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path tmp;

    @Test
    void eitherInstanceAnswersEveryQueryByAskingTheOwner() throws Exception {
        Topics topics = Topics.defaults();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.inTempDir().start()) {
            broker.createTopics(TopicSetup.plan(topics, 4, (short) 1));
            String app = "typoguard-iq-" + java.util.UUID.randomUUID();
            try (AppHost a = host(broker, app, "a"); AppHost b = host(broker, app, "b")) {
                a.app().start();
                b.app().start();
                List<String> senders = new ArrayList<>();
                Map<String, Object> producer = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
                try (var trusted = new KafkaProducer<>(producer, new StringSerializer(), a.app().serdes().trustedDomain.serializer());
                     var raw = new KafkaProducer<>(producer, new ByteArraySerializer(), new ByteArraySerializer())) {
                    for (String d : List.of("army.mil", "gmail.com")) {
                        trusted.send(new ProducerRecord<>(topics.trusted(), d, TrustedDomain.newBuilder().setDomain(d)
                                .setSensitivity(Sensitivity.CRITICAL).setIncludeSubdomains(true).build())).get();
                    }
                    await().atMost(Duration.ofSeconds(90)).until(() -> a.app().runner().state() == KafkaStreams.State.RUNNING
                            && b.app().runner().state() == KafkaStreams.State.RUNNING && a.app().index().size() == 2
                            && b.app().index().size() == 2);
                    Instant now = Instant.now();
                    for (int i = 0; i < 12; i++) {
                        String sender = "user" + i + "@typoguard.test";
                        senders.add(sender);
                        String to = i % 2 == 0 ? "desk" + i + "@army.ml" : "friend" + i + "@gmial.com";
                        String line = "{\"timestamp\":\"" + now + "\",\"host\":\"gw1\",\"queue_id\":\"Q" + i + "\",\"from\":\"" + sender
                                + "\",\"to\":[\"" + to + "\"],\"status\":\"sent\"}";
                        raw.send(new ProducerRecord<>(topics.raw(), null, line.getBytes(StandardCharsets.UTF_8))).get();
                    }
                }

                Set<String> servedBy = new HashSet<>();
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    servedBy.clear();
                    for (String sender : senders) {
                        JsonNode windows = get(a, "/api/senders/" + URLEncoder.encode(sender, StandardCharsets.UTF_8) + "/windows");
                        assertThat(windows).as(sender).hasSize(1);
                        assertThat(windows.get(0).get("messages").asLong()).isEqualTo(1);
                        assertThat(windows.get(0).get("findings").asLong()).isEqualTo(1);
                        servedBy.add(windows.get(0).get("servedBy").asText());
                    }
                });
                assertThat(servedBy).as("instance A answered some senders itself and got the others from B")
                        .containsExactlyInAnyOrder("127.0.0.1:" + a.httpPort(), "127.0.0.1:" + b.httpPort());

                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    assertThat(get(a, "/api/typo-domains/top")).extracting(n -> n.get("typoDomain").asText() + "=" + n.get("messages").asLong())
                            .containsExactlyInAnyOrder("army.ml=6", "gmial.com=6");
                    assertThat(get(b, "/api/alerts/recent")).as("open incidents from both instances, asked of B").hasSize(12);
                });
            }
        }
    }

    private AppHost host(EmbeddedKafkaBroker broker, String appId, String name) throws Exception {
        return AppInstances.host(broker, TopologyConfig.defaults(), appId, tmp.resolve(name));
    }

    private JsonNode get(AppHost host, String path) throws Exception {
        return AppInstances.get(host, path);
    }
}
