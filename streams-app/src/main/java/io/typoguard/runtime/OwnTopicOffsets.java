package io.typoguard.runtime;

import io.typoguard.config.ConfigException;
import io.typoguard.topology.Topics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app's committed positions on the topics it writes and then reads itself ({@code mail.events},
 * {@code mail.policy.decisions}), checked before Streams starts. Those sources use
 * {@code AutoOffsetReset.none()}: a position the broker no longer has stops the app with an error instead of
 * silently skipping to the earliest record. So before the first start every partition gets its start committed
 * (what {@code earliest} would have done), and a committed position below a partition's start (records deleted
 * by retention before the app read them) is refused with the ranges lost and the two ways on. For the raw topic,
 * which shippers own, the same gap is only logged: reading it from the earliest record is the documented
 * behaviour there.
 */
public final class OwnTopicOffsets {
    private static final Logger log = LoggerFactory.getLogger(OwnTopicOffsets.class);

    private OwnTopicOffsets() {
    }

    /** Records deleted before they were read: {@code [committed, start)} of one partition. */
    public record Gap(TopicPartition partition, long committed, long start) {
        long records() {
            return start - committed;
        }

        @Override
        public String toString() {
            return partition + " offsets " + committed + ".." + (start - 1) + " (" + records() + " records)";
        }
    }

    /** Thrown when records of the app's own topics were deleted before it read them. */
    public static final class DataLostException extends ConfigException {
        private final List<Gap> gaps;

        DataLostException(String message, List<Gap> gaps) {
            super(message);
            this.gaps = List.copyOf(gaps);
        }

        public List<Gap> gaps() {
            return gaps;
        }
    }

    /**
     * Commits the start of every partition of the app's own topics that has no committed position yet, and refuses
     * to go on when records the app has not read were deleted. Returns the gaps found on {@code external} topics
     * (logged, not refused).
     */
    public static List<Gap> prepare(Admin admin, String groupId, Topics topics, Collection<String> external)
            throws InterruptedException, ExecutionException, TimeoutException {
        List<String> own = List.of(topics.events(), topics.decisions());
        List<String> all = new ArrayList<>(own);
        all.addAll(external);
        Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
        List<String> present = all.stream().filter(existing::contains).distinct().toList();
        if (present.isEmpty()) {
            return List.of();
        }
        Map<String, TopicDescription> described = admin.describeTopics(present).allTopicNames().get(30, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        described.values().forEach(d -> d.partitions().forEach(p -> earliest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.earliest())));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts = admin.listOffsets(earliest).all().get(30, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata()
                .get(30, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetAndMetadata> initial = new HashMap<>();
        List<Gap> ownGaps = new ArrayList<>();
        List<Gap> externalGaps = new ArrayList<>();
        for (var e : starts.entrySet()) {
            TopicPartition tp = e.getKey();
            long start = e.getValue().offset();
            OffsetAndMetadata c = committed.get(tp);
            boolean isOwn = own.contains(tp.topic());
            if (c == null) {
                if (isOwn) {
                    initial.put(tp, new OffsetAndMetadata(start));
                }
            } else if (c.offset() < start) {
                (isOwn ? ownGaps : externalGaps).add(new Gap(tp, c.offset(), start));
            }
        }
        for (Gap g : externalGaps) {
            log.warn("{} of {} were deleted by the broker before Typoguard read them (retention shorter than the outage); "
                    + "reading on from the earliest record kept", g, g.partition().topic());
        }
        if (!ownGaps.isEmpty()) {
            ownGaps.sort(java.util.Comparator.comparing(g -> g.partition().toString()));
            throw new DataLostException(message(groupId, ownGaps), ownGaps);
        }
        if (!initial.isEmpty()) {
            try {
                admin.alterConsumerGroupOffsets(groupId, initial).all().get(30, TimeUnit.SECONDS);
                log.info("first start: reading {} partition(s) of {} from their start", initial.size(), own);
            } catch (ExecutionException e) {
                // Another instance of the group is running: it committed its positions when it started.
                log.info("positions of {} not initialised here ({}); another instance of {} is running",
                        own, e.getCause().getClass().getSimpleName(), groupId);
            }
        }
        return externalGaps;
    }

    static String message(String groupId, List<Gap> gaps) {
        StringBuilder sb = new StringBuilder("records of the app's own topics were deleted by the broker before Typoguard read them: ");
        sb.append(String.join("; ", gaps.stream().map(Gap::toString).toList()));
        sb.append(". Typoguard does not skip its own data silently. The usual cause is an outage longer than the topic's retention "
                + "(typoguard.topics.retention, docs/operations.md \"Retention\"). To accept the loss and go on: ");
        for (String topic : gaps.stream().map(g -> g.partition().topic()).distinct().toList()) {
            sb.append("kafka-consumer-groups.sh --bootstrap-server <servers> --group ").append(groupId)
                    .append(" --topic ").append(topic).append(" --reset-offsets --to-earliest --execute; ");
        }
        sb.append("to replay the logs of that period instead, load them again (docs/operations.md \"Backlogs and archives\").");
        return sb.toString();
    }
}
