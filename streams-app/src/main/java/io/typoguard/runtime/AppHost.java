package io.typoguard.runtime;

import io.typoguard.config.ConfigException;
import io.typoguard.serde.SchemaRegistry;
import io.typoguard.topology.TopologyConfig;
import io.typoguard.web.HttpApi;
import java.io.IOException;
import java.net.BindException;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;

/**
 * One app instance with what operators need around it: Micrometer metrics bound to Kafka Streams, and the HTTP
 * server (metrics, health, interactive queries, the page). The HTTP port is bound before Streams is built, so
 * {@code application.server} can name it (unless set explicitly) and other instances can route queries here.
 */
public final class AppHost implements AutoCloseable {
    private final AppMetrics metrics;
    private final HttpApi http;
    private final TypoguardApp app;
    private final String host;

    private AppHost(AppMetrics metrics, HttpApi http, TypoguardApp app, String host) {
        this.metrics = metrics;
        this.http = http;
        this.app = app;
        this.host = host;
    }

    /**
     * @param httpPort -1: no HTTP server; 0: any free port
     * @param fallBackToFreePort when the port is taken, take any free port instead of failing (the demo)
     */
    public static AppHost create(TopologyConfig topology, SchemaRegistry registry, Map<String, String> kafka, String httpBind,
                                 int httpPort, boolean fallBackToFreePort) throws IOException {
        return create(topology, registry, kafka, httpBind, httpPort, fallBackToFreePort, null);
    }

    /** @param bearerToken required by the HTTP API (not /health/*), or null */
    public static AppHost create(TopologyConfig topology, SchemaRegistry registry, Map<String, String> kafka, String httpBind,
                                 int httpPort, boolean fallBackToFreePort, String bearerToken) throws IOException {
        return create(topology, registry, io.typoguard.serde.SerdeSettings.DEFAULTS, kafka, httpBind, httpPort, fallBackToFreePort, bearerToken);
    }

    /** @param serdeSettings Confluent's serde settings (auto.register.schemas, use.latest.version, subject name strategy) */
    public static AppHost create(TopologyConfig topology, SchemaRegistry registry, io.typoguard.serde.SerdeSettings serdeSettings,
                                 Map<String, String> kafka, String httpBind, int httpPort, boolean fallBackToFreePort, String bearerToken)
            throws IOException {
        AppMetrics metrics = new AppMetrics();
        HttpApi http = null;
        Map<String, String> settings = new HashMap<>(kafka);
        if (httpPort >= 0) {
            try {
                http = HttpApi.bind(httpBind, httpPort);
            } catch (BindException e) {
                if (!fallBackToFreePort) {
                    metrics.close();
                    throw new ConfigException("cannot listen on " + httpBind + ":" + httpPort + " (" + e.getMessage()
                            + "); set " + AppConfig.HTTP_PORT + " to a free port, or -1 for no HTTP server");
                }
                http = HttpApi.bind(httpBind, 0);
            }
            settings.putIfAbsent(StreamsConfig.APPLICATION_SERVER_CONFIG, httpBind + ":" + http.port());
        }
        TypoguardApp app;
        try {
            app = new TypoguardApp(topology.withMetrics(metrics), registry, serdeSettings, settings);
        } catch (RuntimeException e) {
            // A registry refusal at start, say: free the port and the meters before the error is reported.
            if (http != null) {
                http.close();
            }
            metrics.close();
            throw e;
        }
        metrics.bind(app.runner().streams());
        metrics.bind(app.runner());
        if (http != null) {
            http.attach(app, metrics, settings.get(StreamsConfig.APPLICATION_SERVER_CONFIG), bearerToken);
        }
        return new AppHost(metrics, http, app, httpBind.equals("0.0.0.0") ? "127.0.0.1" : httpBind);
    }

    public TypoguardApp app() {
        return app;
    }

    public AppMetrics metrics() {
        return metrics;
    }

    /** The HTTP base URL, or null without an HTTP server. */
    public String url() {
        return http == null ? null : "http://" + host + ":" + http.port();
    }

    public int httpPort() {
        return http == null ? -1 : http.port();
    }

    @Override
    public void close() {
        if (http != null) {
            http.close();
        }
        app.close();
        metrics.close();
    }
}
