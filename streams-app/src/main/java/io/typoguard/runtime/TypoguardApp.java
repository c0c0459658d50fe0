package io.typoguard.runtime;

import io.typoguard.detect.TrustedIndex;
import io.typoguard.policy.PolicyExceptions;
import io.typoguard.serde.AvroSerdes;
import io.typoguard.serde.SchemaRegistry;
import io.typoguard.topology.TopologyConfig;
import io.typoguard.topology.TypoguardTopology;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.Topology;

/**
 * One running Typoguard instance: the topology, the serdes over a registry, the trusted index it shares,
 * and the Streams runner. Used by {@code run}, {@code demo} and the integration tests alike.
 */
public final class TypoguardApp implements AutoCloseable {
    private final TrustedIndex index = new TrustedIndex();
    private final PolicyExceptions exceptions = new PolicyExceptions();
    private final TopologyConfig config;
    private final Map<String, String> kafkaSettings;
    private final AvroSerdes serdes;
    private final Topology topology;
    private final StreamsRunner runner;

    public TypoguardApp(TopologyConfig config, SchemaRegistry registry, Map<String, String> kafkaSettings) {
        this.config = config;
        this.kafkaSettings = Map.copyOf(kafkaSettings);
        this.serdes = new AvroSerdes(registry).registerAll(config.topics());
        this.topology = TypoguardTopology.build(config, serdes, index, exceptions);
        Properties props = StreamsProps.of(config.topics(), kafkaSettings);
        this.runner = new StreamsRunner(topology, props);
    }

    public TypoguardApp start() {
        runner.start();
        return this;
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
        Thread readiness = new Thread(() -> {
            try {
                while (!runner.reachedRunning()) {
                    if (runner.state().hasCompletedShutdown() || runner.endedInError()) {
                        return;
                    }
                    Thread.sleep(100);
                }
                service.markReady();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "typoguard-policy-readiness");
        readiness.setDaemon(true);
        readiness.start();
        return service;
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

    public AvroSerdes serdes() {
        return serdes;
    }

    public TrustedIndex index() {
        return index;
    }

    public Topology topology() {
        return topology;
    }

    @Override
    public void close() {
        runner.close();
    }
}
