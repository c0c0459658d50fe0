package io.typoguard.runtime;

import io.typoguard.config.ConfigException;
import io.typoguard.detect.TrustedIndex;
import io.typoguard.policy.PolicyExceptions;
import io.typoguard.serde.AvroSerdes;
import io.typoguard.registry.SchemaSetup;
import io.typoguard.serde.SchemaRegistry;
import io.typoguard.serde.SerdeSettings;
import io.typoguard.topology.TopologyConfig;
import io.typoguard.topology.TypoguardTopology;
import io.typoguard.web.AppView;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.Topology;

/**
 * One running Typoguard instance: the topology, the serdes over a registry, the trusted index it shares,
 * and the Streams runner. Used by {@code run}, {@code demo} and the integration tests alike.
 */
public final class TypoguardApp implements AutoCloseable, AppView {
    private final TrustedIndex index = new TrustedIndex();
    private final PolicyExceptions exceptions = new PolicyExceptions();
    private final TopologyConfig config;
    private final Map<String, String> kafkaSettings;
    private final AvroSerdes serdes;
    private final Topology topology;
    private final StreamsRunner runner;
    private final Properties props;

    public TypoguardApp(TopologyConfig config, SchemaRegistry registry, Map<String, String> kafkaSettings) {
        this(config, registry, SerdeSettings.DEFAULTS, kafkaSettings);
    }

    /**
     * Also makes every registry subject the app writes ready before Streams starts ({@link SchemaSetup}: looked up,
     * and with {@code auto.register.schemas} registered when missing, after checking that the registry accepts them).
     * A registry that refuses or cannot be reached throws {@link io.typoguard.registry.SchemaSetupException}.
     */
    public TypoguardApp(TopologyConfig config, SchemaRegistry registry, SerdeSettings serdeSettings, Map<String, String> kafkaSettings) {
        this.config = config;
        this.kafkaSettings = Map.copyOf(kafkaSettings);
        this.props = StreamsProps.of(config.topics(), kafkaSettings);
        this.serdes = new AvroSerdes(registry, serdeSettings);
        var log = org.slf4j.LoggerFactory.getLogger(TypoguardApp.class);
        if (serdeSettings.ineffective() != null) {
            log.warn(serdeSettings.ineffective());
        }
        String applicationId = props.getProperty(org.apache.kafka.streams.StreamsConfig.APPLICATION_ID_CONFIG);
        this.schemas = SchemaSetup.prepare(registry, TypoguardTopology.avroTopics(config.topics(), serdes, applicationId),
                serdeSettings.mode());
        log.info("Schemas ready under {} subjects ({}): {} found, {} registered, {} latest versions", schemas.size(),
                serdeSettings.valueStrategy().className(), count("found"), count("registered"), count("latest"));
        this.tableDeadLetters = new TableDeadLetterProducer(props, config.topics().deadLetter(), config.metrics());
        this.topology = TypoguardTopology.build(config, serdes, index, exceptions, TypoguardTopology.correspondentsFor(config), tableDeadLetters);
        this.runner = new StreamsRunner(topology, props);
    }

    private final TableDeadLetterProducer tableDeadLetters;

    private final java.util.List<SchemaSetup.Outcome> schemas;

    private long count(String action) {
        return schemas.stream().filter(o -> o.action().equals(action)).count();
    }

    /** What the start-up check found or registered, per subject. */
    public java.util.List<SchemaSetup.Outcome> schemas() {
        return schemas;
    }

    /**
     * Checks the app's positions on its own topics (first start: from their start; records deleted before they were
     * read: refused with {@link OwnTopicOffsets.DataLostException}, exit code 2 in {@code run}), warns about output
     * topics whose timestamps let retention delete old-stamped records, then starts Streams.
     */
    public TypoguardApp start() {
        prepareTopics();
        runner.start();
        return this;
    }

    private void prepareTopics() {
        Map<String, Object> admin = new java.util.HashMap<>(new org.apache.kafka.streams.StreamsConfig(props).getAdminConfigs("typoguard-offsets"));
        admin.putIfAbsent(org.apache.kafka.clients.admin.AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000);
        String group = props.getProperty(org.apache.kafka.streams.StreamsConfig.APPLICATION_ID_CONFIG);
        try (org.apache.kafka.clients.admin.Admin client = org.apache.kafka.clients.admin.Admin.create(admin)) {
            OwnTopicOffsets.prepare(client, group, config.topics(), java.util.List.of(config.topics().raw()));
            warnAboutTimestamps(client);
            // The correlation after the repartition waits for every raw partition from the start (RawPartitions).
            // If the raw topic cannot be described here, Kafka Streams reports it when it starts; the count stays unknown.
            String raw = config.topics().raw();
            try {
                var described = client.describeTopics(java.util.List.of(raw)).allTopicNames().get(60, java.util.concurrent.TimeUnit.SECONDS);
                config.rawPartitions().set(described.get(raw).partitions().size());
            } catch (java.util.concurrent.ExecutionException e) {
                org.slf4j.LoggerFactory.getLogger(TypoguardApp.class).debug("cannot describe {}: {}", raw, e.getCause().toString());
            }
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            Throwable cause = e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e;
            throw new ConfigException("cannot check the app's positions on " + config.topics().events() + " and "
                    + config.topics().decisions() + " (" + cause + "): is the cluster reachable, and may " + group
                    + " describe its topics and its consumer group?");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the app's positions", e);
        }
    }

    /**
     * Serves the Postfix policy service from this instance's live trusted index and exceptions. It answers with
     * the configured fail mode until Streams is RUNNING (the global stores are restored by then).
     */
    public PolicyService startPolicyService(PolicyConfig policy) throws java.io.IOException {
        return startPolicyService(policy, d -> { });
    }

    /** As above; {@code observer} sees every decision (for metrics). */
    public PolicyService startPolicyService(PolicyConfig policy, java.util.function.Consumer<io.typoguard.policy.PolicyDecider.Decision> observer)
            throws java.io.IOException {
        PolicyService service = PolicyService.start(policy, index, config.allowlist(), exceptions, serdes,
                config.topics().decisions(), kafkaSettings, observer);
        // Ready once Streams has been RUNNING: the global stores (trusted list, exceptions) are restored by then.
        runner.onStateChange((now, before) -> {
            if (now == org.apache.kafka.streams.KafkaStreams.State.RUNNING) {
                service.markReady();
            }
        });
        if (runner.reachedRunning()) {
            service.markReady();
        }
        return service;
    }

    private void warnAboutTimestamps(org.apache.kafka.clients.admin.Admin client) throws InterruptedException {
        var log = org.slf4j.LoggerFactory.getLogger(TypoguardApp.class);
        try {
            TopicSetup.timestampWarnings(client, config.topics()).forEach(log::warn);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // Reading topic configurations needs DescribeConfigs, which a locked-down principal may not have.
            log.info("timestamp types of the output topics not checked ({})", e.getCause() == null ? e : e.getCause().getClass().getSimpleName());
        }
    }

    public TopologyConfig config() {
        return config;
    }

    public PolicyExceptions exceptions() {
        return exceptions;
    }

    public StreamsRunner runner() {
        return runner;
    }

    @Override
    public AvroSerdes serdes() {
        return serdes;
    }

    @Override
    public org.apache.kafka.streams.KafkaStreams streams() {
        return runner.streams();
    }

    @Override
    public boolean endedInError() {
        return runner.endedInError();
    }

    @Override
    public int trustedDomains() {
        return index.size();
    }

    @Override
    public String topologyDescription() {
        return topology.describe().toString();
    }

    @Override
    public io.typoguard.privacy.AddressPrivacy privacy() {
        return config.privacy();
    }

    @Override
    public io.typoguard.topology.Topics topics() {
        return config.topics();
    }

    public TrustedIndex index() {
        return index;
    }

    /**
     * One of the app's compacted tables (trusted.domains, typo.exceptions) as a topic to read whole and write to, with
     * this instance's client settings; write with {@link #serdes()} so the records carry the schema ids the app reads.
     */
    @Override
    public TableTopic table(String topic) {
        return new TableTopic(topic, kafkaSettings, config.topics(), "typoguard-http");
    }

    public Topology topology() {
        return topology;
    }

    @Override
    public void close() {
        runner.close();
        tableDeadLetters.close();
    }
}
