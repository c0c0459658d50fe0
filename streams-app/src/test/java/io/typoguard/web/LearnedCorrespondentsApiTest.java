package io.typoguard.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.typoguard.relate.EstablishedRule;
import io.typoguard.relate.Organisations;
import io.typoguard.runtime.AppHost;
import io.typoguard.runtime.TopicSetup;
import io.typoguard.serde.InMemorySchemaRegistry;
import io.typoguard.testkit.EmbeddedKafkaBroker;
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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19 on a real broker, with no trusted list, through two app instances: three days of mail both ways with six
 * partners make them established correspondents; the page's API then suggests them for the trusted list (most senders
 * first, with a reason each), either instance answers what the relationship table holds for any (organisation,
 * domain) by asking the instance that owns it, and today's mail to look-alikes of two partners opens incidents that
 * name the partner as the intended domain; and either instance says whether a sender had written to a domain before.
 */
class LearnedCorrespondentsApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ORG = "typoguard.test";
    private static final List<String> PARTNERS = List.of("northwind-traders.com", "army.mil", "contoso.org", "fabrikam.de",
            "tailspin-toys.co.uk", "woodgrove-bank.com");
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path tmp;

    @Test
    void correspondentsLearnedFromTheLogsAreSuggestedExplainedAndTheirLookalikesFlagged() throws Exception {
        Topics topics = Topics.defaults();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.inTempDir().start()) {
            broker.createTopics(TopicSetup.plan(topics, 4, (short) 1));
            String app = "typoguard-learned-" + java.util.UUID.randomUUID();
            try (AppHost a = host(broker, app, "a"); AppHost b = host(broker, app, "b")) {
                a.app().start();
                b.app().start();
                await().atMost(Duration.ofSeconds(90)).until(() -> a.app().runner().state() == KafkaStreams.State.RUNNING
                        && b.app().runner().state() == KafkaStreams.State.RUNNING);

                Instant now = Instant.now();
                // Mornings at 09:00 UTC, replies at noon: each partner's mail both ways on exactly three days, whatever the
                // hour the test runs at (from 21:00 a reply three hours after an hour-aligned morning fell on the next day).
                Instant midnight = now.truncatedTo(ChronoUnit.DAYS);
                List<String> history = new ArrayList<>();
                for (int day = 4; day >= 2; day--) {
                    Instant morning = midnight.minus(Duration.ofDays(day)).plus(Duration.ofHours(9));
                    for (int p = 0; p < PARTNERS.size(); p++) {
                        String partner = PARTNERS.get(p);
                        int senders = p == 0 ? 3 : 1; // Northwind is everyone's partner
                        for (int s = 0; s < senders; s++) {
                            history.add(line(morning.plusSeconds(60L * p + s), "user" + s + "@" + ORG, "orders@" + partner));
                        }
                        history.add(line(morning.plus(Duration.ofHours(3)).plusSeconds(p), "orders@" + partner, "user0@" + ORG));
                    }
                }
                send(broker, topics.raw(), history);

                await().atMost(Duration.ofSeconds(60)).alias("the six partners suggested").untilAsserted(() -> {
                    JsonNode suggested = get(b, "/api/correspondents/suggested");
                    assertThat(suggested).extracting(n -> n.get("domain").asText()).containsExactlyInAnyOrderElementsOf(PARTNERS);
                    assertThat(suggested.get(0).get("domain").asText()).as("most senders first").isEqualTo("northwind-traders.com");
                    assertThat(suggested.get(0).get("reason").asText()).startsWith("3 senders of typoguard.test wrote to it; ");
                    assertThat(get(a, "/api/correspondents/suggested")).as("every instance holds them all").hasSize(PARTNERS.size());
                });

                send(broker, topics.raw(), List.of(
                        line(now.minusSeconds(600), "user1@" + ORG, "orders@northwind-tradres.com"),
                        line(now.minusSeconds(300), "liaison@" + ORG, "travel@army.ml")));

                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    for (String partner : PARTNERS) {
                        JsonNode r = get(a, "/api/relationships?organisation=" + ORG + "&domain=" + URLEncoder.encode(partner, StandardCharsets.UTF_8));
                        assertThat(r.get("twoWay").asBoolean()).as(partner).isTrue();
                        assertThat(r.get("established").asBoolean()).as(partner).isTrue();
                        assertThat(r.get("activeDays").asInt()).isEqualTo(3);
                        assertThat(r.get("received").asLong()).isEqualTo(3);
                        assertThat(r.get("sent").asLong()).isEqualTo(partner.startsWith("northwind") ? 9 : 3);
                        assertThat(r.get("distinctSenders").asLong()).isEqualTo(partner.startsWith("northwind") ? 3 : 1);
                    }
                    JsonNode mali = get(b, "/api/relationships?organisation=" + ORG + "&domain=army.ml");
                    assertThat(mali.get("sent").asLong()).isEqualTo(1);
                    assertThat(mali.get("twoWay").asBoolean()).as("army.ml never wrote back").isFalse();
                    assertThat(mali.get("established").asBoolean()).isFalse();
                    assertThat(get(a, "/api/alerts/recent")).extracting(n -> n.get("typoDomain").asText() + " for " + n.get("intendedDomain").asText())
                            .containsExactlyInAnyOrder("northwind-tradres.com for northwind-traders.com", "army.ml for army.mil");
                });
                JsonNode habit = get(b, "/api/senders/user0%40" + ORG + "/domains?domain=northwind-traders.com");
                assertThat(habit.get("wroteBefore").asBoolean()).isTrue();
                assertThat(habit.get("firstDay").asText()).isEqualTo(midnight.minus(Duration.ofDays(4)).toString().substring(0, 10));
                assertThat(habit.get("domainsKept").asInt()).isEqualTo(PARTNERS.size());
                assertThat(get(a, "/api/senders/liaison%40" + ORG + "/domains?domain=northwind-traders.com").get("wroteBefore").asBoolean())
                        .as("the liaison never wrote to Northwind").isFalse();
                HttpResponse<String> none = http.send(HttpRequest.newBuilder(URI.create(a.url() + "/api/relationships?organisation=" + ORG
                        + "&domain=never-written.example")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(none.statusCode()).isEqualTo(404);
                assertThat(none.body()).contains("no mail between typoguard.test and never-written.example");
            }
        }
    }

    private static String line(Instant at, String from, String to) {
        return "{\"timestamp\":\"" + at + "\",\"host\":\"gw1\",\"queue_id\":\"Q" + at.toEpochMilli() + from.length() + "\",\"from\":\"" + from
                + "\",\"to\":[\"" + to + "\"],\"status\":\"sent\"}";
    }

    private static void send(EmbeddedKafkaBroker broker, String topic, List<String> lines) throws Exception {
        try (var raw = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            byte[] host = "gw1".getBytes(StandardCharsets.UTF_8); // one host's log, in order
            for (String l : lines) {
                raw.send(new ProducerRecord<>(topic, host, l.getBytes(StandardCharsets.UTF_8))).get();
            }
        }
    }

    private AppHost host(EmbeddedKafkaBroker broker, String appId, String name) throws Exception {
        return AppInstances.host(broker, TopologyConfig.defaults()
                .withRelationships(new TopologyConfig.Relationships(true, Organisations.parse(ORG), EstablishedRule.DEFAULT)), appId, tmp.resolve(name));
    }

    private JsonNode get(AppHost host, String path) throws Exception {
        return AppInstances.get(host, path);
    }
}
