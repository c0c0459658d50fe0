package io.typoguard.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.typoguard.topology.Topics;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/** The Kafka Streams settings Typoguard ships with, and that a site's own settings win. */
class StreamsPropsTest {

    @Test
    void anInstanceRunsTwoStreamThreadsUnlessTheSiteSaysOtherwise() {
        assertThat(StreamsProps.of(Topics.defaults(), Map.of()).getProperty(StreamsConfig.NUM_STREAM_THREADS_CONFIG)).isEqualTo("2");
        assertThat(StreamsProps.of(Topics.defaults(), Map.of(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "1"))
                .getProperty(StreamsConfig.NUM_STREAM_THREADS_CONFIG)).isEqualTo("1");
    }

    @Test
    void exactlyOnceAndAStandbyAreTheDefaults() {
        var p = StreamsProps.of(Topics.defaults(), Map.of());
        assertThat(p.getProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(p.getProperty(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG)).isEqualTo("1");
    }

    @Test
    void underExactlyOnceTheAppCommitsOnceASecondUnlessTheSiteSaysOtherwise() {
        assertThat(StreamsProps.of(Topics.defaults(), Map.of()).getProperty(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo("1000");
        assertThat(StreamsProps.of(Topics.defaults(), Map.of(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100"))
                .getProperty(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo("100");
    }

    @Test
    void atLeastOnceKeepsKafkaStreamsOwnCommitInterval() {
        var p = StreamsProps.of(Topics.defaults(), Map.of(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE));
        assertThat(p.getProperty(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isNull();
        assertThat(new StreamsConfig(withRequired(p)).getLong(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(30_000L);
    }

    private static java.util.Properties withRequired(java.util.Properties p) {
        java.util.Properties q = new java.util.Properties();
        q.putAll(p);
        q.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092");
        return q;
    }
}
