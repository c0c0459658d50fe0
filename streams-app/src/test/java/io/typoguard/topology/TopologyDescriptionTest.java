package io.typoguard.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Pins the topology's shape and every node, store and internal-topic name. A rename orphans state or an
 * internal topic in a running deployment, so it must be a deliberate change to
 * {@code src/test/resources/topology-description.txt} (run with {@code -Dtypoguard.updateTopology=true}
 * to rewrite it, then review the diff).
 */
class TopologyDescriptionTest {
    @Test
    void topologyIsUnchanged() throws IOException {
        String actual;
        try (PipelineDriver p = new PipelineDriver()) {
            actual = p.topology.describe().toString();
        }
        if (Boolean.getBoolean("typoguard.updateTopology")) {
            Files.writeString(Path.of("src/test/resources/topology-description.txt"), actual);
        }
        String expected;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("topology-description.txt")) {
            assertThat(in).as("src/test/resources/topology-description.txt exists").isNotNull();
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void everyInternalTopicAndStoreHasAnExplicitName() {
        try (PipelineDriver p = new PipelineDriver()) {
            String d = p.topology.describe().toString();
            assertThat(d).doesNotContainPattern("KSTREAM-[A-Z]+-\\d+").doesNotContainPattern("KTABLE-[A-Z]+-\\d+");
        }
    }
}
