package io.typoguard.runtime;

import io.typoguard.topology.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the app's topics when they are missing; never changes existing ones. */
public final class TopicSetup {
    private TopicSetup() {
    }

    /**
     * Largest record on the raw and dead-letter topics: a shipper may send a line far over the parser's limit,
     * and the dead-letter topic must be able to take it back unchanged.
     */
    public static final int MAX_RAW_RECORD_BYTES = 2 * 1024 * 1024 + 1024;

    public static List<NewTopic> plan(Topics topics, int partitions, short replication) {
        List<NewTopic> out = new ArrayList<>();
        for (String name : topics.all()) {
            // Single-partition compacted tables: every instance reads them whole (global stores).
            boolean table = name.equals(topics.trusted()) || name.equals(topics.exceptions());
            NewTopic t = new NewTopic(name, table ? 1 : partitions, replication);
            if (table) {
                t.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            } else if (name.equals(topics.raw()) || name.equals(topics.deadLetter())) {
                t.configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(MAX_RAW_RECORD_BYTES)));
            }
            out.add(t);
        }
        return out;
    }

    public static void ensure(Map<String, Object> adminConfig, List<NewTopic> wanted) {
        try (Admin admin = Admin.create(adminConfig)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = wanted.stream().filter(t -> !existing.contains(t.name())).toList();
            if (missing.isEmpty()) {
                return;
            }
            try {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("could not create topics: " + e.getCause().getMessage(), e.getCause());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot reach the Kafka cluster to list topics: " + e.getMessage(), e);
        }
    }
}
