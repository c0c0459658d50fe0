package io.typoguard.web;

import io.typoguard.testkit.EmbeddedKafkaBroker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.typoguard.runtime.AppHost;
import io.typoguard.runtime.TopicSetup;
import io.typoguard.serde.InMemorySchemaRegistry;
import io.typoguard.topology.Topics;
import io.typoguard.topology.TopologyConfig;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trusted list and the approved exceptions over the HTTP API of a running app on the in-process broker: the
 * same checks as {@code typoguard trusted} / {@code typoguard exceptions}, the same records on the topics, changes
 * only with the bearer token, and refused outright when no token is configured.
 */
class HttpApiListsTest {
    private static final String TOKEN = "lists-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String LIST = """
            domain,organisation,sensitivity,include_subdomains,allowed_lookalikes
            army.mil,"U.S. Army, HQ",critical,true,navy.mil
            gmail.com,,normal,true,
            # a comment
            se.ibm.com,IBM Sweden,high,false,
            """;

    private static EmbeddedKafkaBroker broker;
    @TempDir
    static Path state;
    /** The app with typoguard.http.token set, running. */
    private static AppHost app;
    /** An app without a token (reads are open, changes refused) that shows addresses redacted. */
    private static AppHost open;

    /** Status, body and headers of one answer. */
    record Answer(int status, String body, HttpResponse<String> raw) {
        JsonNode json() throws Exception {
            return JSON.readTree(body);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        broker = EmbeddedKafkaBroker.inTempDir().start();
        broker.createTopics(TopicSetup.plan(Topics.defaults(), 1, (short) 1));
        app = host("typoguard-lists-api", TOKEN, TopologyConfig.defaults());
        open = host("typoguard-lists-api-open", null, TopologyConfig.defaults().withPrivacy(io.typoguard.privacy.AddressPrivacy.redact()));
        app.app().start();
    }

    @AfterAll
    static void stop() {
        open.close();
        app.close();
        broker.close();
    }

    /** Every test starts from empty lists: an empty import with prune, and every exception withdrawn (the API itself). */
    @BeforeEach
    void emptyLists() throws Exception {
        assertThat(call("POST", "/api/trusted/import?prune=true", "", TOKEN).status()).isEqualTo(200);
        for (JsonNode e : call("GET", "/api/exceptions", null, TOKEN).json().get("exceptions")) {
            assertThat(call("DELETE", "/api/exceptions?sender=" + enc(e.get("sender").asText()) + "&recipient="
                    + enc(e.get("recipient").asText()), null, TOKEN).status()).isEqualTo(200);
        }
    }

    @Test
    void anImportWritesTheListTheAppReadsItAndASecondImportChangesNothing() throws Exception {
        Answer first = call("POST", "/api/trusted/import", LIST, TOKEN);

        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.json().get("added").asInt()).isEqualTo(3);
        assertThat(first.json().get("written").asBoolean()).isTrue();
        assertThat(first.json().get("changes")).extracting(c -> c.get("change").asText() + " " + c.get("domain").asText() + " ("
                + c.get("description").asText() + ")")
                .containsExactly("add army.mil (critical, with subdomains, U.S. Army, HQ, allows navy.mil)",
                        "add gmail.com (normal, with subdomains)", "add se.ibm.com (high, this name only, IBM Sweden)");

        Answer again = call("POST", "/api/trusted/import", LIST, TOKEN);
        assertThat(again.json().get("unchanged").asInt()).isEqualTo(3);
        assertThat(again.json().get("changes")).isEmpty();
        assertThat(again.json().get("written").asBoolean()).isFalse();

        JsonNode listed = call("GET", "/api/trusted", null, TOKEN).json();
        assertThat(listed.get("count").asInt()).isEqualTo(3);
        JsonNode army = listed.get("domains").get(0);
        assertThat(army.get("domain").asText()).isEqualTo("army.mil");
        assertThat(army.get("organisation").asText()).isEqualTo("U.S. Army, HQ");
        assertThat(army.get("sensitivity").asText()).isEqualTo("critical");
        assertThat(army.get("allowedLookalikes")).extracting(JsonNode::asText).containsExactly("navy.mil");

        await().atMost(Duration.ofSeconds(90)).alias("the running app loads the list written with its serdes")
                .until(() -> app.app().runner().state() == KafkaStreams.State.RUNNING && app.app().index().size() == 3);
    }

    @Test
    void aDryRunWritesNothingAndPruneWithdrawsWhatTheBodyLacks() throws Exception {
        call("POST", "/api/trusted/import", LIST, TOKEN);
        String smaller = "army.mil,\"U.S. Army, HQ\",critical,true,navy.mil\ngmail.com,,high\n";

        Answer dry = call("POST", "/api/trusted/import?dry-run=true&prune=true", smaller, TOKEN);
        assertThat(dry.status()).isEqualTo(200);
        assertThat(dry.json().get("changes")).extracting(c -> c.get("change").asText() + " " + c.get("domain").asText())
                .containsExactly("update gmail.com", "remove se.ibm.com");
        assertThat(dry.json().get("written").asBoolean()).isFalse();
        assertThat(sensitivities()).as("nothing written").containsExactlyInAnyOrderEntriesOf(
                Map.of("army.mil", "critical", "gmail.com", "normal", "se.ibm.com", "high"));

        Answer pruned = call("POST", "/api/trusted/import?prune=true", smaller, TOKEN);
        assertThat(pruned.json().get("updated").asInt()).isEqualTo(1);
        assertThat(pruned.json().get("removed").asInt()).isEqualTo(1);
        assertThat(sensitivities()).containsExactlyInAnyOrderEntriesOf(Map.of("army.mil", "critical", "gmail.com", "high"));
    }

    @Test
    void theCsvExportIsWhatAnImportReadsBackUnchanged() throws Exception {
        call("POST", "/api/trusted/import", LIST, TOKEN);

        Answer export = call("GET", "/api/trusted?format=csv", null, TOKEN);
        assertThat(export.raw().headers().firstValue("Content-Type")).hasValue("text/csv; charset=utf-8");
        assertThat(export.body()).startsWith("domain,organisation,sensitivity,include_subdomains,allowed_lookalikes\n")
                .contains("army.mil,\"U.S. Army, HQ\",critical,true,navy.mil\n");

        Answer reimport = call("POST", "/api/trusted/import?prune=true", export.body(), TOKEN);
        assertThat(reimport.json().get("changes")).as(reimport.body()).isEmpty();
        assertThat(call("GET", "/api/trusted?format=csv", null, TOKEN).body()).isEqualTo(export.body());
    }

    @Test
    void aBadBodyIs400WithEveryProblemListedAndNothingIsWritten() throws Exception {
        Map<String, String> bad = Map.of(
                "army.mil,,critical\nnot a domain!,,high\n", "body:2: ",
                "army.mil\nco.uk,,normal\n", "body:2: co.uk is a public suffix",
                "army.mil,,critical\ngmail.com,,urgent\n", "body:2: sensitivity must be LOW, NORMAL, HIGH or CRITICAL, not 'urgent'",
                "army.mil,,critical\ngmail.com\narmy.mil,,low\n", "body:3: army.mil is also on line 1 with other values",
                "\uFEFFarmy.mil,,critical\n", "body:1: the file starts with a byte-order mark",
                "army.mil,,critical\r\ngmail.com\r\n", "body:1: Windows line ends (CRLF)");
        for (var e : bad.entrySet()) {
            Answer r = call("POST", "/api/trusted/import", e.getKey(), TOKEN);
            assertThat(r.status()).as(e.getValue()).isEqualTo(400);
            assertThat(r.json().get("error").asText()).isEqualTo("the trusted list was refused; nothing written");
            assertThat(r.json().get("problems").get(0).asText()).startsWith(e.getValue());
        }
        Answer two = call("POST", "/api/trusted/import", "co.uk\nnavy.mil\ncom.au,,high\n", TOKEN);
        assertThat(two.json().get("problems")).extracting(JsonNode::asText).containsExactly(
                "body:1: co.uk is a public suffix: trusting it would trust every domain under it",
                "body:3: com.au is a public suffix: trusting it would trust every domain under it");

        assertThat(call("GET", "/api/trusted", null, TOKEN).json().get("count").asInt()).as("nothing written").isZero();
    }

    @Test
    void aBodyOverTenMegabytesIs413BeforeItIsRead() throws Exception {
        try (Socket s = new Socket("127.0.0.1", app.httpPort())) {
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/trusted/import HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + TOKEN
                    + "\r\nContent-Type: text/csv\r\nContent-Length: " + (HttpApi.MAX_BODY_BYTES + 1) + "\r\n\r\narmy.mil\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            s.setSoTimeout(30_000);
            InputStream in = s.getInputStream();
            StringBuilder answer = new StringBuilder();
            for (int b; !answer.toString().endsWith("}") && (b = in.read()) >= 0; ) {
                answer.append((char) b);
            }
            assertThat(answer.toString()).startsWith("HTTP/1.1 413").contains("the request body is larger than 10 MB; nothing written");
        }
        assertThat(call("GET", "/api/trusted", null, TOKEN).json().get("count").asInt()).isZero();
    }

    @Test
    void aDomainIsRemovedOnceAndThenIsNotOnTheList() throws Exception {
        call("POST", "/api/trusted/import", LIST, TOKEN);

        Answer removed = call("DELETE", "/api/trusted/GMAIL.com", null, TOKEN);
        assertThat(removed.status()).isEqualTo(200);
        assertThat(removed.json().get("removed").asText()).isEqualTo("gmail.com");
        assertThat(sensitivities()).containsOnlyKeys("army.mil", "se.ibm.com");

        Answer again = call("DELETE", "/api/trusted/gmail.com", null, TOKEN);
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.json().get("error").asText()).isEqualTo("gmail.com is not on the list");
        assertThat(call("DELETE", "/api/trusted/not%20a%20domain!", null, TOKEN).status()).isEqualTo(400);
    }

    @Test
    void anExceptionIsApprovedListedWithExpiryAndApproverAndWithdrawn() throws Exception {
        String approval = """
                {"sender":"Liaison@Typoguard.test","recipient":"mali-office@ARMY.ml","expires":"2099-01-31","approvedBy":"j.doe","reason":"TICKET-42"}
                """;
        Answer approved = call("POST", "/api/exceptions", approval, TOKEN);
        assertThat(approved.status()).as(approved.body()).isEqualTo(201);
        assertThat(approved.json().get("approved").get("sender").asText()).isEqualTo("liaison@typoguard.test");
        assertThat(call("POST", "/api/exceptions", approval, TOKEN).json().get("replaced").asBoolean()).as("the same one again").isTrue();

        JsonNode listed = call("GET", "/api/exceptions", null, TOKEN).json();
        assertThat(listed.get("count").asInt()).isEqualTo(1);
        JsonNode e = listed.get("exceptions").get(0);
        assertThat(e.get("sender").asText() + " -> " + e.get("recipient").asText() + " until " + e.get("expires").asText()
                + " by " + e.get("approvedBy").asText() + " (" + e.get("reason").asText() + ")" + (e.get("expired").asBoolean() ? " expired" : ""))
                .isEqualTo("liaison@typoguard.test -> mali-office@army.ml until 2099-02-01T00:00:00Z by j.doe (TICKET-42)");

        Answer withdrawn = call("DELETE", "/api/exceptions?sender=liaison%40typoguard.test&recipient=mali-office%40army.ml", null, TOKEN);
        assertThat(withdrawn.status()).isEqualTo(200);
        assertThat(withdrawn.json().get("withdrawn").asText()).isEqualTo("liaison@typoguard.test -> mali-office@army.ml");
        assertThat(call("DELETE", "/api/exceptions?sender=liaison%40typoguard.test&recipient=mali-office%40army.ml", null, TOKEN).status())
                .isEqualTo(404);
        assertThat(call("GET", "/api/exceptions", null, TOKEN).json().get("count").asInt()).isZero();
    }

    @Test
    void theListShowsAddressesAsThePrivacySettingSaysAndDomainsAsTheyAre() throws Exception {
        assertThat(call("POST", "/api/exceptions", """
                {"sender":"liaison@typoguard.test","recipient":"mali-office@army.ml","expires":"2099-01-31","approvedBy":"j.doe"}
                """, TOKEN).status()).isEqualTo(201);
        assertThat(call("POST", "/api/exceptions", """
                {"sender":"typoguard.test","recipient":"gmail.com","expires":"2099-01-31","approvedBy":"j.doe"}
                """, TOKEN).status()).isEqualTo(201);
        JsonNode shown = call(open, "GET", "/api/exceptions", null, null).json().get("exceptions");
        assertThat(shown.findValuesAsText("sender")).containsExactlyInAnyOrder("l****@typoguard.test", "typoguard.test");
        assertThat(shown.findValuesAsText("recipient")).containsExactlyInAnyOrder("m****@army.ml", "gmail.com");
    }

    @Test
    void anExceptionExpiringInThePastWithAnUnreadableAddressOrMalformedIsRefusedAndNothingIsWritten() throws Exception {
        Map<String, String> refused = Map.of(
                "{\"sender\":\"*\",\"recipient\":\"army.ml\",\"expires\":\"2020-01-01\",\"approvedBy\":\"j.doe\"}",
                "expires 2020-01-01 is in the past; nothing written",
                "{\"sender\":\"a@b@\",\"recipient\":\"army.ml\",\"expires\":\"2099-01-01\",\"approvedBy\":\"j.doe\"}",
                "sender 'a@b@' cannot be read",
                "{\"sender\":\"*\",\"recipient\":\"army.ml\",\"expires\":\"next week\",\"approvedBy\":\"j.doe\"}",
                "expires 'next week' is neither a date (2027-01-31) nor an instant (2027-01-31T17:00:00Z)",
                "{\"sender\":\"*\",\"recipient\":\"army.ml\",\"expires\":\"2099-01-01\"}",
                "approvedBy must name who approved it",
                "{\"sender\":\"*\",\"recipient\":\"army.ml\",\"expires\":\"2099-01-01\",\"approved_by\":\"j.doe\"}",
                "unknown field 'approved_by'",
                "sender=*&recipient=army.ml",
                "the body must be a JSON object");
        for (var e : refused.entrySet()) {
            Answer r = call("POST", "/api/exceptions", e.getKey(), TOKEN);
            assertThat(r.status()).as(e.getKey()).isEqualTo(400);
            assertThat(r.json().get("error").asText()).as(e.getKey()).startsWith(e.getValue());
        }
        assertThat(call("DELETE", "/api/exceptions?sender=a@b@&recipient=army.ml", null, TOKEN).status()).isEqualTo(400);
        assertThat(call("GET", "/api/exceptions", null, TOKEN).json().get("count").asInt()).as("nothing written").isZero();
    }

    @Test
    void changesAreRefusedWhenNoTokenIsConfiguredAndNeedTheRightTokenOtherwise() throws Exception {
        for (String[] change : new String[][] {{"POST", "/api/trusted/import"}, {"DELETE", "/api/trusted/army.mil"},
            {"POST", "/api/exceptions"}, {"DELETE", "/api/exceptions?sender=*&recipient=army.ml"}}) {
            Answer refused = call(open, change[0], change[1], LIST, null);
            assertThat(refused.status()).as("no token configured: " + change[0] + " " + change[1]).isEqualTo(403);
            assertThat(refused.json().get("error").asText()).contains("no typoguard.http.token is configured")
                    .contains("set typoguard.http.token");
            assertThat(call(open, change[0], change[1], LIST, "any-token-at-all-000").status()).as("a token sent anyway").isEqualTo(403);

            assertThat(call(change[0], change[1], LIST, null).status()).as("no token sent: " + change[1]).isEqualTo(401);
            assertThat(call(change[0], change[1], LIST, "wrong-token-0000000000").status()).as("wrong token: " + change[1]).isEqualTo(401);
        }
        assertThat(call(open, "GET", "/api/trusted", null, null).status()).as("reads are open without a token").isEqualTo(200);
        assertThat(call("GET", "/api/trusted", null, null).status()).as("and need it when one is set").isEqualTo(401);
        assertThat(call("GET", "/api/trusted", null, TOKEN).json().get("count").asInt()).as("nothing written").isZero();
    }

    @Test
    void otherMethodsOnAPathGive405WithWhatIsAllowed() throws Exception {
        Map<String, String> allowed = Map.of(
                "POST /api/alerts/recent", "GET", "DELETE /metrics", "GET", "PUT /api/trusted", "GET",
                "GET /api/trusted/import", "POST", "GET /api/trusted/army.mil", "DELETE", "PUT /api/exceptions", "GET, POST, DELETE");
        for (var e : allowed.entrySet()) {
            String[] request = e.getKey().split(" ");
            Answer r = call(request[0], request[1], request[0].equals("GET") ? null : "", TOKEN);
            assertThat(r.status()).as(e.getKey()).isEqualTo(405);
            assertThat(r.raw().headers().firstValue("Allow")).as(e.getKey()).hasValue(e.getValue());
        }
    }

    private static Map<String, String> sensitivities() throws Exception {
        Map<String, String> out = new java.util.HashMap<>();
        call("GET", "/api/trusted", null, TOKEN).json().get("domains").forEach(d -> out.put(d.get("domain").asText(), d.get("sensitivity").asText()));
        return out;
    }

    private static Answer call(String method, String path, String body, String token) throws Exception {
        return call(app, method, path, body, token);
    }

    private static Answer call(AppHost host, String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(host.url() + path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body(), r);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static AppHost host(String appId, String token, TopologyConfig config) throws Exception {
        return AppHost.create(config, new InMemorySchemaRegistry(), Map.of(
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                StreamsConfig.APPLICATION_ID_CONFIG, appId,
                StreamsConfig.STATE_DIR_CONFIG, state.resolve(appId).toString(),
                StreamsConfig.REPLICATION_FACTOR_CONFIG, "1",
                StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "0",
                StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100"), "127.0.0.1", 0, false, token);
    }
}
