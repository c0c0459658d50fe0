package io.typoguard.runtime;

import io.typoguard.detect.TrustedIndex;
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
    private final AvroSerdes serdes;
    private final Topology topology;
    private final StreamsRunner runner;

    public TypoguardApp(TopologyConfig config, SchemaRegistry registry, Map<String, String> kafkaSettings) {
        this.serdes = new AvroSerdes(registry).registerAll(config.topics());
        this.topology = TypoguardTopology.build(config, serdes, index);
        Properties props = StreamsProps.of(config.topics(), kafkaSettings);
        this.runner = new StreamsRunner(topology, props);
    }

    public TypoguardApp start() {
        runner.start();
        return this;
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
