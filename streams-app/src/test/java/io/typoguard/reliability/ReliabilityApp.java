package io.typoguard.reliability;

import io.typoguard.runtime.TypoguardApp;
import io.typoguard.serde.InMemorySchemaRegistry;
import io.typoguard.topology.Topics;
import io.typoguard.topology.TopologyConfig;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The app in its own JVM for {@link ExactlyOnceCrashTest}: the real TypoguardApp with exactly_once_v2 (the
 * default), reading the shared raw topic and writing to topics with a suffix, so an undisturbed run and a crashed
 * run can be compared. Runs until killed.
 *
 * <p>Arguments: bootstrap servers, application id, topic suffix, state directory.
 */
public final class ReliabilityApp {
    private ReliabilityApp() {
    }

    public static void main(String[] args) throws Exception {
        Topics t = topics(args[2]);
        Map<String, String> settings = Map.of(
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, args[0],
                StreamsConfig.APPLICATION_ID_CONFIG, args[1],
                StreamsConfig.STATE_DIR_CONFIG, args[3],
                StreamsConfig.REPLICATION_FACTOR_CONFIG, "1",
                StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "0",
                StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "200",
                // Closed windows are emitted when a record arrives, at most once a wall-clock second by default; the
                // test's input ends with the lines that close the windows, so check on every record.
                StreamsConfig.InternalConfig.EMIT_INTERVAL_MS_KSTREAMS_WINDOWED_AGGREGATION, "0");
        TypoguardApp app = new TypoguardApp(TopologyConfig.defaults().withTopics(t), new InMemorySchemaRegistry(), settings);
        app.start();
        System.out.println("STARTED");
        new CountDownLatch(1).await();
    }

    static Topics topics(String suffix) {
        Topics d = Topics.defaults();
        return new Topics(d.raw(), d.events() + suffix, d.trusted(), d.findings() + suffix, d.senderStats() + suffix,
                d.alerts() + suffix, d.deadLetter() + suffix, d.exceptions(), d.decisions() + suffix, d.domainStats() + suffix,
                d.alertsOcsf() + suffix, d.correspondents() + suffix);
    }
}
