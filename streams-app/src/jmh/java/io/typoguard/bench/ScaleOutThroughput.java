package io.typoguard.bench;

import io.typoguard.testkit.EmbeddedKafkaBroker;
import io.typoguard.runtime.TopicSetup;
import io.typoguard.runtime.TypoguardApp;
import io.typoguard.serde.InMemorySchemaRegistry;
import io.typoguard.topology.Topics;
import io.typoguard.topology.TopologyConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Throughput of the whole app by instance count (issue 9, item 3): 1, 2 and 3 instances in one JVM, one stream
 * thread each, one standby replica (the shipped default), on the same pre-loaded input of 6 partitions, exactly-once; rate =
 * raw records/s until the events of the input are complete, between 10% and 100% of them. The pass-through
 * limit (one Streams app copying the input, one thread) is measured in the same run. A warm-up round first.
 *
 * <p>Run: {@code java -cp ... io.typoguard.bench.ScaleOutThroughput [messages=100000] [rounds=2] [counts=1,2,3]}
 */
public final class ScaleOutThroughput {
    private ScaleOutThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int[] counts = java.util.Arrays.stream((args.length > 2 ? args[2] : "1,2,3").split(",")).mapToInt(Integer::parseInt).toArray();
        int partitions = 6;
        Topics topics = Topics.defaults();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.inTempDir().start()) {
            String bootstrap = broker.bootstrapServers();
            List<NewTopic> plan = new ArrayList<>(TopicSetup.plan(topics, partitions, (short) 1));
            plan.add(new NewTopic(topics.raw() + EndToEndThroughput.UNKEYED, partitions, (short) 1));
            for (int round = 1; round <= rounds; round++) {
                plan.add(new NewTopic("passthrough.out." + round, partitions, (short) 1));
                for (int n : counts) {
                    plan.add(new NewTopic("scale.events." + n + "." + round, partitions, (short) 1));
                }
            }
            broker.createTopics(plan);
            long[] loaded = EndToEndThroughput.load(bootstrap, topics.raw(), messages);
            long lines = loaded[0];
            long deliveries = loaded[1];
            System.out.printf("input: %,d raw records (%,d messages, %,d deliveries), %d partitions, keyed by host%n",
                    lines, messages, deliveries, partitions);
            for (int round = 1; round <= rounds; round++) {
                String tag = round < rounds ? "warm-up " + round + ": " : "";
                double limit = EndToEndThroughput.passThrough(bootstrap, topics.raw(), "passthrough.out." + round, StreamsConfig.EXACTLY_ONCE_V2, lines);
                System.out.printf("%spass-through limit, 1 instance, exactly_once_v2: %,.0f records/s%n", tag, limit);
                for (int n : counts) {
                    double rate = instances(bootstrap, topics, "scale.events." + n + "." + round, n, deliveries) * lines / deliveries;
                    System.out.printf("%s%d instance(s), exactly_once_v2: %,.0f raw records/s (%,.0f per instance), %.0f%% of the limit%n",
                            tag, n, rate, rate / n, 100 * rate / limit);
                }
            }
        }
    }

    private static double instances(String bootstrap, Topics topics, String events, int n, long expected) throws Exception {
        Topics t = topics.withRawAndEvents(topics.raw(), events);
        String appId = "typoguard-scale-" + n + "-" + UUID.randomUUID();
        List<TypoguardApp> apps = new ArrayList<>();
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry(); // one registry, as instances share one
        try {
            for (int i = 0; i < n; i++) {
                Map<String, String> s = new java.util.HashMap<>(EndToEndThroughput.settings(bootstrap, "unused", StreamsConfig.EXACTLY_ONCE_V2));
                s.put(StreamsConfig.APPLICATION_ID_CONFIG, appId);
                s.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "1");
                TypoguardApp app = new TypoguardApp(TopologyConfig.defaults().withTopics(t), registry, s);
                apps.add(app);
                app.start();
            }
            return EndToEndThroughput.rate(bootstrap, events, expected);
        } finally {
            for (TypoguardApp app : apps) {
                app.close();
            }
        }
    }
}
