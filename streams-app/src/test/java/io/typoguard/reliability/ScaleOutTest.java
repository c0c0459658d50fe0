package io.typoguard.reliability;

import io.typoguard.testkit.EmbeddedKafkaBroker;
import static org.assertj.core.api.Assertions.assertThat;

import io.typoguard.runtime.TopicSetup;
import io.typoguard.runtime.TypoguardApp;
import io.typoguard.schema.TypoFinding;
import io.typoguard.serde.AvroSerdes;
import io.typoguard.serde.InMemorySchemaRegistry;
import io.typoguard.topology.Topics;
import io.typoguard.topology.TopologyConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, item 3: instances join and leave mid-stream (one, then two, then three, then two again), with standby
 * replicas, and the final counts equal those of a single instance: every finding once, every closed window the same.
 */
class ScaleOutTest {
    private static final int LINES = 200_000;

    @TempDir
    Path tmp;

    @Test
    void addingAndRemovingInstancesMidStreamGivesTheSameCountsAsOneInstance() throws Exception {
        Topics base = Topics.defaults();
        AvroSerdes serdes = new AvroSerdes(new InMemorySchemaRegistry()).registerAll(base);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.inTempDir().start()) {
            List<NewTopic> plan = new ArrayList<>(TopicSetup.plan(base, 6, (short) 1));
            for (String suffix : List.of(".one", ".many")) {
                for (NewTopic t : TopicSetup.plan(ReliabilityApp.topics(suffix), 6, (short) 1)) {
                    if (plan.stream().noneMatch(p -> p.name().equals(t.name()))) {
                        plan.add(t);
                    }
                }
            }
            broker.createTopics(plan);
            String bootstrap = broker.bootstrapServers();
            int[] expected = ExactlyOnceCrashTest.feed(bootstrap, base, serdes, LINES);

            Topics one = ReliabilityApp.topics(".one");
            try (TypoguardApp single = app(bootstrap, "one", "single")) {
                single.start();
                ExactlyOnceCrashTest.awaitCount(bootstrap, one.findings(), expected[0], 300);
                ExactlyOnceCrashTest.awaitCount(bootstrap, one.senderStats(), expected[1], 300);
            }

            Topics many = ReliabilityApp.topics(".many");
            List<TypoguardApp> running = new ArrayList<>();
            try {
                running.add(app(bootstrap, "many", "a").start());
                ExactlyOnceCrashTest.awaitCount(bootstrap, many.findings(), expected[0] / 4, 300);
                running.add(app(bootstrap, "many", "b").start());          // two instances
                ExactlyOnceCrashTest.awaitCount(bootstrap, many.findings(), expected[0] / 2, 300);
                running.add(app(bootstrap, "many", "c").start());          // three
                ExactlyOnceCrashTest.awaitCount(bootstrap, many.findings(), expected[0] * 3 / 4, 300);
                running.remove(1).close();                                  // b leaves: two again
                ExactlyOnceCrashTest.awaitCount(bootstrap, many.findings(), expected[0], 300);
                ExactlyOnceCrashTest.awaitCount(bootstrap, many.senderStats(), expected[1], 300);
            } finally {
                running.forEach(TypoguardApp::close);
            }

            List<TypoFinding> findings = ExactlyOnceCrashTest.read(bootstrap, many.findings(), serdes.finding.deserializer());
            assertThat(findings).hasSize(expected[0]);
            assertThat(findings.stream().map(TypoFinding::getFindingId).distinct().count()).isEqualTo(expected[0]);
            Map<String, String> oneWindows = ExactlyOnceCrashTest.windows(bootstrap, one.senderStats(), serdes);
            Map<String, String> manyWindows = ExactlyOnceCrashTest.windows(bootstrap, many.senderStats(), serdes);
            assertThat(oneWindows).hasSize(expected[1]);
            assertThat(manyWindows).isEqualTo(oneWindows);
        }
    }

    private TypoguardApp app(String bootstrap, String run, String instance) {
        return new TypoguardApp(TopologyConfig.defaults().withTopics(ReliabilityApp.topics("." + run)), new InMemorySchemaRegistry(), Map.of(
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                StreamsConfig.APPLICATION_ID_CONFIG, "typoguard-scale-" + run,
                StreamsConfig.STATE_DIR_CONFIG, tmp.resolve(instance).toString(),
                StreamsConfig.REPLICATION_FACTOR_CONFIG, "1",
                StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "1",
                StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "200",
                StreamsConfig.InternalConfig.EMIT_INTERVAL_MS_KSTREAMS_WINDOWED_AGGREGATION, "0"));
    }
}
