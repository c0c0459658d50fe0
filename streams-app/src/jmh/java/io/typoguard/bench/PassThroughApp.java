package io.typoguard.bench;

import io.typoguard.runtime.StreamsProps;
import io.typoguard.topology.Topics;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The pass-through limit: a Kafka Streams app that copies the raw topic to another topic unchanged (read, mapValues,
 * write), with the same Streams settings as Typoguard's defaults (exactly_once_v2; the stream threads it is told,
 * by default as many as Typoguard's default). Run in the harness's JVM ({@link #start}) or as its own JVM ({@link #main}), as Typoguard is in the same run.
 *
 * <p>{@code java -cp <bench classpath> io.typoguard.bench.PassThroughApp <bootstrap> <in> <out> <application.id> <state.dir> [threads]}
 */
public final class PassThroughApp {
    private PassThroughApp() {
    }

    static Topology topology(String in, String out) {
        StreamsBuilder b = new StreamsBuilder();
        b.stream(in, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("raw-source")).mapValues(v -> v)
                .to(out, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("copy-sink"));
        return b.build();
    }

    static KafkaStreams start(String bootstrap, String in, String out, String appId, String stateDir, int threads) {
        Map<String, String> s = new HashMap<>();
        s.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        s.put(StreamsConfig.APPLICATION_ID_CONFIG, appId);
        s.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
        s.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, "1");
        s.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        s.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(threads));
        KafkaStreams streams = new KafkaStreams(topology(in, out), StreamsProps.of(Topics.defaults(), s));
        streams.start();
        return streams;
    }

    public static void main(String[] args) throws InterruptedException {
        KafkaStreams streams = start(args[0], args[1], args[2], args[3], args[4], args.length > 5 ? Integer.parseInt(args[5]) : io.typoguard.runtime.StreamsProps.DEFAULT_STREAM_THREADS);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            streams.close();
            stopped.countDown();
        }));
        stopped.await();
    }
}
