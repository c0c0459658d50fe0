package io.typoguard.runtime;

import io.typoguard.topology.Topics;
import java.time.Duration;
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

    /** Retention of the topics the app writes and reads back, unless configured: a week of outage. */
    public static final Duration DEFAULT_OWN_RETENTION = Duration.ofDays(7);

    public static List<NewTopic> plan(Topics topics, int partitions, short replication) {
        return plan(topics, partitions, replication, DEFAULT_OWN_RETENTION);
    }

    /**
     * The app's topics. Every topic with a delete policy uses {@code LogAppendTime}: its records are kept for the
     * retention counted from when they reached Kafka, whatever log time they describe, so logs from a backlog or an
     * archive (days or years old) are never deleted before the app or a SIEM has read them. The mail's own time is
     * in every value. The topics the app writes and reads back ({@code mail.events}, {@code mail.policy.decisions})
     * get {@code ownRetention}: the longest outage of the app they survive (docs/operations.md, "Retention").
     * The other topics keep the broker's default retention.
     */
    public static List<NewTopic> plan(Topics topics, int partitions, short replication, Duration ownRetention) {
        List<NewTopic> out = new ArrayList<>();
        for (String name : topics.all()) {
            // Single-partition compacted tables: every instance reads them whole (global stores).
            boolean table = name.equals(topics.trusted()) || name.equals(topics.exceptions()) || name.equals(topics.correspondents());
            NewTopic t = new NewTopic(name, table ? 1 : partitions, replication);
            Map<String, String> configs = new java.util.HashMap<>();
            if (table) {
                configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
            } else {
                configs.put(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, LOG_APPEND_TIME);
            }
            if (name.equals(topics.raw()) || name.equals(topics.deadLetter())) {
                configs.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(MAX_RAW_RECORD_BYTES));
            }
            if (name.equals(topics.events()) || name.equals(topics.decisions())) {
                configs.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(ownRetention.toMillis()));
            }
            t.configs(configs);
            out.add(t);
        }
        return out;
    }

    static final String LOG_APPEND_TIME = "LogAppendTime";

    /**
     * Topics whose records carry log times as their Kafka timestamps (findings, alerts, statistics) and that a
     * broker can delete by time: with CreateTime, an alert about mail logged a month ago would fall out of a 7-day
     * retention before a SIEM read it. Returns one line per such existing topic, naming the fix; the app does
     * not change topics it did not create.
     */
    public static List<String> timestampWarnings(Admin admin, Topics topics) throws InterruptedException, ExecutionException, TimeoutException {
        List<String> names = List.of(topics.findings(), topics.alerts(), topics.alertsOcsf(), topics.senderStats(), topics.domainStats(),
                topics.deadLetter());
        Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
        List<org.apache.kafka.common.config.ConfigResource> resources = names.stream().filter(existing::contains)
                .map(n -> new org.apache.kafka.common.config.ConfigResource(org.apache.kafka.common.config.ConfigResource.Type.TOPIC, n))
                .toList();
        List<String> out = new ArrayList<>();
        var configs = admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
        for (var e : configs.entrySet()) {
            var c = e.getValue();
            String type = value(c, TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG);
            String policy = value(c, TopicConfig.CLEANUP_POLICY_CONFIG);
            String retention = value(c, TopicConfig.RETENTION_MS_CONFIG);
            if (!LOG_APPEND_TIME.equals(type) && policy != null && policy.contains(TopicConfig.CLEANUP_POLICY_DELETE)
                    && retention != null && !retention.equals("-1")) {
                out.add("topic " + e.getKey().name() + " uses " + type + " timestamps with retention.ms=" + retention
                        + ": records about mail logged longer ago than that can be deleted before they are read. Fix: "
                        + "kafka-configs.sh --bootstrap-server <servers> --alter --entity-type topics --entity-name "
                        + e.getKey().name() + " --add-config message.timestamp.type=LogAppendTime");
            }
        }
        return out;
    }

    private static String value(org.apache.kafka.clients.admin.Config c, String name) {
        var entry = c.get(name);
        return entry == null ? null : entry.value();
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
