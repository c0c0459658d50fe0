package io.typoguard.web;

import io.typoguard.testkit.EmbeddedKafkaBroker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.typoguard.runtime.AppHost;
import io.typoguard.testkit.DemoTraffic;
import io.typoguard.runtime.TopicSetup;
import io.typoguard.serde.InMemorySchemaRegistry;
import io.typoguard.topology.Topics;
import io.typoguard.topology.TopologyConfig;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live page in Debian's headless Chromium, against an app (with a bearer token) that has the demo's trusted list
 * (imported over the API), two approved exceptions, and the demo's synthetic mail traffic logged over the last 24
 * hours, and two lines no parser reads. The DOM Chromium ends up with has the hourly chart, the typo-domain bars, both
 * lists and the unreadable lines' shape; a screenshot is
 * kept in {@code target/live-page.png}.
 */
class LivePageTest {
    private static final String TOKEN = "live-page-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path tmp;

    @Test
    void thePageDrawsFindingsPerHourTopTypoDomainsAndBothListsInHeadlessChromium() throws Exception {
        Topics topics = Topics.defaults();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.inTempDir().start()) {
            broker.createTopics(TopicSetup.plan(topics, 2, (short) 1));
            try (AppHost host = AppHost.create(TopologyConfig.defaults(), new InMemorySchemaRegistry(), Map.of(
                    StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    StreamsConfig.APPLICATION_ID_CONFIG, "typoguard-live-page",
                    StreamsConfig.STATE_DIR_CONFIG, tmp.resolve("state").toString(),
                    StreamsConfig.REPLICATION_FACTOR_CONFIG, "1",
                    StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "0",
                    StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "200"), "127.0.0.1", 0, false, TOKEN)) {
                host.app().start();
                byte[] demoList;
                try (InputStream in = getClass().getClassLoader().getResourceAsStream("demo/trusted.csv")) {
                    demoList = in.readAllBytes();
                }
                HttpResponse<String> imported = send(host, "POST", "/api/trusted/import", demoList);
                assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
                int trusted = JSON.readTree(imported.body()).get("entries").asInt();
                // A trusted-domain record nobody can read (not Confluent Avro): the page lists it under the table
                try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<>(Map.<String, Object>of("bootstrap.servers",
                        broker.bootstrapServers()), new org.apache.kafka.common.serialization.StringSerializer(),
                        new org.apache.kafka.common.serialization.ByteArraySerializer())) {
                    producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topics.trusted(), "navy.mil",
                            "navy.mil,critical".getBytes(java.nio.charset.StandardCharsets.UTF_8))).get();
                }
                approve(host, "liaison@typoguard.test", "mali-office@army.ml", "2099-01-31", "j.doe", "TICKET-42");
                approve(host, "typoguard.test", "gmial.com", "2099-06-30", "m.jones", null);
                await().atMost(Duration.ofSeconds(90)).until(() -> host.app().runner().state() == KafkaStreams.State.RUNNING
                        && host.app().index().size() == trusted);

                int lines = mailOfTheLastDay(broker.bootstrapServers(), topics.raw(), Instant.now());
                await().atMost(Duration.ofSeconds(120)).alias("findings of " + lines + " log lines counted by hour").untilAsserted(() -> {
                    JsonNode hourly = JSON.readTree(send(host, "GET", "/api/findings/hourly", null).body());
                    assertThat(StreamSupport.stream(hourly.get("hours").spliterator(), false).filter(h -> h.get("findings").asLong() > 0))
                            .hasSizeGreaterThanOrEqualTo(12);
                    assertThat(JSON.readTree(send(host, "GET", "/api/typo-domains/top", null).body())).hasSizeGreaterThanOrEqualTo(3);
                    assertThat(JSON.readTree(send(host, "GET", "/api/alerts/recent", null).body())).as("the last lines, logged now, read")
                            .anySatisfy(a -> assertThat(a.get("recipient").asText()).endsWith("@army.ml"));
                    assertThat(JSON.readTree(send(host, "GET", "/api/parse/unreadable", null).body()).get("shapes"))
                            .anySatisfy(u -> {
                                assertThat(u.get("shape").asText()).isEqualTo("relay note: <addr> asked for 9 copies");
                                assertThat(u.get("count").asLong()).isEqualTo(2);
                            });
                });

                Path shot = Path.of("target", "live-page.png").toAbsolutePath();
                Files.deleteIfExists(shot);
                String page = host.url() + "/#token=" + TOKEN;
                String dom = "";
                String alertsSeen = "";
                for (int attempt = 1; attempt <= 3 && !dom.contains("<tr class=\"alert\">"); attempt++) {
                    // The page's own script holds the row templates; only what it rendered counts. A dump taken while
                    // the app answered slowly is taken again (the page refreshes itself), with what the API said kept.
                    dom = chromium("--dump-dom", page).replaceAll("(?s)<script>.*?</script>", "");
                    alertsSeen += "dump " + attempt + ": API had " + JSON.readTree(send(host, "GET", "/api/alerts/recent", null).body())
                            .size() + " open incidents, the page drew " + section(dom, "<tbody id=\"alerts\">", "</tbody>") + "\n";
                }
                Files.writeString(Path.of("target", "live-page.html"), dom);
                chromium("--screenshot=" + shot, page);
                System.out.println("Screenshot of the live page: " + shot);

                assertThat(count(dom, "<rect class=\"hour-bar\"")).as("hours with findings drawn as bars").isGreaterThanOrEqualTo(12);
                assertThat(count(dom, "<rect class=\"domain-bar\"")).as("typo domains drawn as bars").isBetween(3, 10);
                assertThat(count(dom, "<tr class=\"trusted\">")).as("every trusted domain listed").isEqualTo(trusted);
                assertThat(dom).containsPattern("<tr class=\"trusted\"><td>army\\.mil</td><td>U\\.S\\. Army</td>");
                assertThat(count(dom, "<tr class=\"exception\">")).isEqualTo(2);
                assertThat(dom).as("the unreadable trusted-domain record, under the list")
                        .containsPattern("<tr class=\"unreadable-record\"><td colspan=\"5\"><span class=\"HIGH\">unreadable</span> offset \\d+ "
                                + "\\(navy\\.mil\\): not Confluent Avro wire format");
                assertThat(dom).contains("<td>liaison@typoguard.test</td><td>mali-office@army.ml</td>").contains("<td>j.doe</td>")
                        .contains("2099-02-01T00:00:00Z");
                assertThat(dom).as("the status line").doesNotContain("waiting for the app");
                assertThat(dom).as("unreadable lines sampled by shape, addresses masked")
                        .contains("<td><code>relay note: &lt;addr&gt; asked for 9 copies</code></td>").doesNotContain("secret.example");
                assertThat(dom).as("open incidents drawn with their severity\n" + alertsSeen)
                        .containsPattern("<tr class=\"alert\"><td><span class=\"\\w+\">");
                assertThat(Files.size(shot)).as("the screenshot").isGreaterThan(10_000);
            }
        }
    }

    /**
     * The demo's synthetic traffic (one message in 40 to a typo domain) logged over the 24 hours before {@code now},
     * busier in office hours, then the demo's bundled lines logged {@code now} (with mail to army.ml), all sent in
     * log-time order; returns the number of lines.
     */
    private static int mailOfTheLastDay(String bootstrap, String rawTopic, Instant now) throws Exception {
        DemoTraffic traffic = new DemoTraffic(7);
        List<byte[]> lines = new ArrayList<>();
        Instant firstHour = now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(23));
        for (int h = 0; h < 24; h++) {
            Instant hour = firstHour.plus(Duration.ofHours(h));
            int utcHour = hour.atZone(java.time.ZoneOffset.UTC).getHour();
            int messages = utcHour >= 7 && utcHour <= 17 ? 200 : 60;
            for (int i = 0; i < messages; i++) {
                Instant logged = hour.plusMillis(3_600_000L * i / messages);
                if (logged.isBefore(now)) {
                    traffic.nextMessage(logged, lines::add);
                }
            }
        }
        DemoTraffic.bundled(now).forEach(line -> lines.add(line.getBytes(StandardCharsets.UTF_8)));
        // two lines no parser reads: dead-lettered, and sampled on the page by their shape, the address masked
        lines.add("relay note: carol@secret.example asked for 12 copies".getBytes(StandardCharsets.UTF_8));
        lines.add("relay note: dave@secret.example asked for 3 copies".getBytes(StandardCharsets.UTF_8));
        Map<String, Object> p = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 20);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            byte[] key = "mx1.typoguard.test".getBytes(StandardCharsets.UTF_8); // one host's log stays in order
            for (byte[] line : lines) {
                producer.send(new ProducerRecord<>(rawTopic, key, line));
            }
            producer.flush();
        }
        return lines.size();
    }

    private void approve(AppHost host, String sender, String recipient, String expires, String by, String reason) throws Exception {
        var body = JSON.createObjectNode().put("sender", sender).put("recipient", recipient).put("expires", expires).put("approvedBy", by)
                .put("reason", reason);
        HttpResponse<String> r = send(host, "POST", "/api/exceptions", body.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    private HttpResponse<String> send(AppHost host, String method, String path, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(host.url() + path)).header("Authorization", "Bearer " + TOKEN)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Runs headless Chromium on the page with a fresh profile; returns what it prints (the DOM with --dump-dom). */
    private String chromium(String what, String url) throws Exception {
        String chromium = Files.isExecutable(Path.of("/usr/bin/chromium")) ? "/usr/bin/chromium" : "chromium";
        Path profile = Files.createTempDirectory(tmp, "chromium-profile-");
        Process p = new ProcessBuilder(chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--hide-scrollbars", "--user-data-dir=" + profile, "--window-size=1280,1600", "--virtual-time-budget=15000", what, url)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("Chromium did not finish within 90 s: " + what);
        }
        return out;
    }

    /** What lies between {@code from} and the next {@code to} in {@code text}, cut to 300 characters. */
    private static String section(String text, String from, String to) {
        int start = text.indexOf(from);
        if (start < 0) {
            return "(no " + from + ")";
        }
        int end = text.indexOf(to, start);
        String s = text.substring(start, end < 0 ? text.length() : end);
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    private static int count(String text, String needle) {
        Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
