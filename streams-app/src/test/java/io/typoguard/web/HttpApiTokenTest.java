package io.typoguard.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.typoguard.runtime.AppMetrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** With a bearer token set, every endpoint but health and the (data-free) page refuses requests without it. */
class HttpApiTokenTest {
    private static final String TOKEN = "s3cret-token-0123456789";

    @Test
    void metricsAndQueriesNeedTheTokenHealthDoesNot() throws Exception {
        try (HttpApi api = HttpApi.bind("127.0.0.1", 0); AppMetrics metrics = new AppMetrics()) {
            api.attach(null, metrics, null, TOKEN);
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + api.port();
            assertThat(status(http, base + "/metrics", null)).isEqualTo(401);
            assertThat(status(http, base + "/metrics", "wrong-token-000000000")).isEqualTo(401);
            assertThat(status(http, base + "/api/alerts/recent", null)).isEqualTo(401);
            assertThat(status(http, base + "/metrics", TOKEN)).isEqualTo(200);
            assertThat(status(http, base + "/health/live", null)).isEqualTo(200);
            assertThat(status(http, base + "/health/ready", null)).as("no app attached: not ready").isEqualTo(503);
            assertThat(status(http, base + "/", null)).as("the page itself holds no data").isEqualTo(200);
        }
    }

    @Test
    void theServerListensOnLoopbackByDefault() {
        assertThat(io.typoguard.runtime.AppConfig.from(java.util.Map.of("bootstrap.servers", "k:9092")).httpBind()).isEqualTo("127.0.0.1");
        assertThat(io.typoguard.runtime.PolicyConfig.defaults().bind()).isEqualTo("127.0.0.1");
    }

    private static int status(HttpClient http, String url, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
