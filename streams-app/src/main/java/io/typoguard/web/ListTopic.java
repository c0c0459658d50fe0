package io.typoguard.web;

import io.typoguard.lists.TableContents;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A list's compacted topic (trusted domains, exceptions), read whole and written by key: what the HTTP API's
 * list endpoints need of it. The runtime's {@code TableTopic} is the Kafka implementation. Both methods throw
 * {@link io.typoguard.config.ConfigException} when the cluster does not answer or refuses, which the API turns
 * into 503.
 */
public interface ListTopic {

    /** Fails with a clear message when the cluster cannot be reached, refuses the credentials, or lacks the topic. */
    void check();

    /** The latest value of every key, and the values {@code decode} could not read. */
    <V> TableContents<V> read(Function<byte[], V> decode);

    /** Writes the records (a null value deletes the key) and waits until the cluster has them all. */
    void write(List<Map.Entry<String, byte[]>> records);
}
