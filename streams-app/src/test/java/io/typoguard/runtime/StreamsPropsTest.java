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
}
