package io.typoguard.runtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.typoguard.parse.LineShapes;
import io.typoguard.topology.PipelineMetrics;
import io.typoguard.web.FindingsByHour;
import io.typoguard.web.MetricsView;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The app's metrics in one Micrometer registry, scraped by Prometheus at {@code /metrics}: Kafka Streams' own
 * (bound with {@link KafkaStreamsMetrics}, closed with the app), the JVM's, and ours: records parsed per format,
 * noise by kind, unreadable by reason (with a sample of their shapes for the page), dead-lettered, findings per technique, alerts per severity and type, policy decisions per action, and the lag
 * from the log time of a finding to its alert. Also findings by hour of log time ({@link FindingsByHour}), for the
 * live page rather than Prometheus.
 */
public final class AppMetrics implements PipelineMetrics, MetricsView, AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Timer lag;
    private KafkaStreamsMetrics streamsMetrics;
    private final JvmGcMetrics gc = new JvmGcMetrics();

    public AppMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        gc.bindTo(registry);
        lag = Timer.builder("typoguard.end.to.end.lag")
                .description("From the log time of the latest finding in an alert to the alert being written")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofHours(1))
                .register(registry);
    }

    /** Binds Kafka Streams' metrics; they are unbound again by {@link #close()}. */
    public void bind(KafkaStreams streams) {
        streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
    }

    /**
     * {@code typoguard.own.topic.positions.lost}: stream threads stopped because records of the app's own topics
     * were deleted before it read them (the app shuts down; docs/operations.md "Retention").
     */
    public void bind(StreamsRunner runner) {
        io.micrometer.core.instrument.Gauge.builder("typoguard.own.topic.positions.lost", runner, StreamsRunner::positionsLost)
                .description("Stream threads stopped because records of the app's own topics were deleted before it read them")
                .register(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    @Override
    public String scrape() {
        return registry.scrape();
    }

    /** Counters by tag value, so the per-record path is one map lookup, not a builder and a registry lookup. */
    private final java.util.Map<String, Counter> parsedByFormat = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<String, Counter> findingsByTechnique = new java.util.concurrent.ConcurrentHashMap<>();
    private final FindingsByHour findingsByHour = new FindingsByHour(java.time.Instant.now());

    @Override
    public void parsed(String format) {
        parsedByFormat.computeIfAbsent(format, f -> Counter.builder("typoguard.records.parsed")
                .description("Raw records read, by the format that read them").tag("format", f).register(registry)).increment();
    }

    private final java.util.Map<String, Counter> noiseByKind = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<String, Counter> unreadableByReason = new java.util.concurrent.ConcurrentHashMap<>();
    /** Shapes of unreadable records, bounded ({@link LineShapes.Counter}); guarded by itself. */
    private final LineShapes.Counter unreadableShapes = new LineShapes.Counter(500);
    private final java.util.Map<String, String> reasonOfShape = new java.util.HashMap<>();

    @Override
    public void noise(String kind) {
        noiseByKind.computeIfAbsent(kind, k -> Counter.builder("typoguard.records.noise")
                .description("Raw records recognised with nothing to check, by kind").tag("kind", k).register(registry)).increment();
    }

    @Override
    public void unreadable(String reason, String shape) {
        String r = reason.replaceAll("\\d+", "N");
        unreadableByReason.computeIfAbsent(r, k -> Counter.builder("typoguard.records.unreadable")
                .description("Raw records no parser could read (dead-lettered), by reason").tag("reason", k).register(registry)).increment();
        synchronized (unreadableShapes) {
            unreadableShapes.add(shape);
            if (reasonOfShape.size() < 500 || reasonOfShape.containsKey(shape)) {
                reasonOfShape.put(shape, r);
            }
        }
    }

    @Override
    public java.util.List<UnreadableShape> unreadableShapes(int top) {
        synchronized (unreadableShapes) {
            return unreadableShapes.top(top).stream()
                    .map(e -> new UnreadableShape(e.getKey(), reasonOfShape.getOrDefault(e.getKey(), "(several)"), e.getValue())).toList();
        }
    }

    @Override
    public void tableRecordUnreadable(String table) {
        Counter.builder("typoguard.table.records.unreadable")
                .description("Records of a global table (trusted domains, exceptions, correspondents) that could not be read; each is "
                        + "copied to the dead-letter topic and its entry left as it was").tag("table", table).register(registry).increment();
    }

    @Override
    public void lateFinding(String stage) {
        Counter.builder("typoguard.findings.late")
                .description("Findings later than their window's grace, not counted at a stage (sender-threshold, typo-domain-day); the finding itself is written")
                .tag("stage", stage).register(registry).increment();
    }

    @Override
    public void lateEvent(String stage) {
        Counter.builder("typoguard.events.late")
                .description("Events and policy decisions later than their sender window's grace, not counted in it (sender-window)")
                .tag("stage", stage).register(registry).increment();
    }

    @Override
    public void deliveryWithoutSender(String path) {
        Counter.builder("typoguard.deliveries.without.sender")
                .description("Deliveries the correlation released without their sender (no from= line within the orphan wait), by path "
                        + "(local, repartitioned); the recipient is still checked").tag("path", path).register(registry).increment();
    }

    @Override
    public void deadLettered(String stage) {
        Counter.builder("typoguard.records.dead.lettered").description("Records sent to the dead-letter topic")
                .tag("stage", stage).register(registry).increment();
    }

    @Override
    public void finding(String technique, long logTimeMs) {
        findingsByTechnique.computeIfAbsent(technique, t -> Counter.builder("typoguard.findings")
                .description("Recipients flagged as typos, by technique").tag("technique", t).register(registry)).increment();
        findingsByHour.add(logTimeMs, System.currentTimeMillis());
    }

    /** This instance's findings by hour of log time, for the live page's chart (in memory, since the instance started). */
    @Override
    public FindingsByHour findingsByHour() {
        return findingsByHour;
    }

    @Override
    public void alert(String severity, String type, long lagMs) {
        Counter.builder("typoguard.alerts").description("Alerts written, by severity and type")
                .tag("severity", severity).tag("type", type).register(registry).increment();
        lag.record(Math.max(0, lagMs), TimeUnit.MILLISECONDS);
    }

    public void policyDecision(String action) {
        Counter.builder("typoguard.policy.decisions").description("Policy service answers, by action")
                .tag("action", action).register(registry).increment();
    }

    @Override
    public void close() {
        if (streamsMetrics != null) {
            streamsMetrics.close();
        }
        gc.close();
        registry.close();
    }
}
