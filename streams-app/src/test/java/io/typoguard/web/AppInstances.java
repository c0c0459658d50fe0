package io.typoguard.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.typoguard.runtime.AppHost;
import io.typoguard.serde.InMemorySchemaRegistry;
import io.typoguard.testkit.EmbeddedKafkaBroker;
import io.typoguard.topology.TopologyConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;

/** App instances with their HTTP servers on the in-process broker, and GETs against them, for the query tests. */
final class AppInstances {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private AppInstances() {
    }

    /** One instance of {@code appId} with its own state directory, committing every 100 ms, HTTP on a free port. */
    static AppHost host(EmbeddedKafkaBroker broker, TopologyConfig config, String appId, Path state) throws Exception {
        return AppHost.create(config, new InMemorySchemaRegistry(), Map.of(
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                StreamsConfig.APPLICATION_ID_CONFIG, appId,
                StreamsConfig.STATE_DIR_CONFIG, state.toString(),
                StreamsConfig.REPLICATION_FACTOR_CONFIG, "1",
                StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "0",
                StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100"), "127.0.0.1", 0, false);
    }

    /** GET {@code path}, which must answer 200; the body as JSON. */
    static JsonNode get(AppHost host, String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(host.url() + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }
}
