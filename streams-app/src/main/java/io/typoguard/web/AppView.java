package io.typoguard.web;

import io.typoguard.privacy.AddressPrivacy;
import io.typoguard.serde.AvroSerdes;
import io.typoguard.topology.Topics;
import org.apache.kafka.streams.KafkaStreams;

/**
 * What the HTTP layer reads of one running instance, and nothing more: its Streams (state and interactive
 * queries), the sizes and settings the pages show, and the list topics. The runtime's {@code TypoguardApp}
 * implements it; the HTTP layer never sees the runner, the configuration loader or the lifecycle.
 */
public interface AppView {

    /** The Streams instance, for its state, its stores and where a key lives. */
    KafkaStreams streams();

    /** True when Streams stopped because of an error (the liveness probe then fails). */
    boolean endedInError();

    /** How many trusted domains this instance has loaded. */
    int trustedDomains();

    /** The topology, as {@code Topology.describe()} prints it. */
    String topologyDescription();

    /** How addresses are shown (redaction). */
    AddressPrivacy privacy();

    /** The topic names (the lists' topics among them). */
    Topics topics();

    /** The serdes for the lists' records. */
    AvroSerdes serdes();

    /** The compacted topic {@code topic}, for reading and writing a list. */
    ListTopic table(String topic);
}
