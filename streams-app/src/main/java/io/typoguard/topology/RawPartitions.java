package io.typoguard.topology;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many partitions the raw topic has, as the runtime found it when the app started (0 until then, and in
 * {@code TopologyTestDriver}). The topology is built before the app talks to the cluster, so the number comes later
 * through this holder; the correlation after the repartition reads it when its tasks start. With it, a correlation
 * task waits from the start for every raw partition, not only for those it has already read a line from: at the start
 * of a backlog one partition can be read minutes of log time ahead of the others before any line of theirs arrives.
 */
public final class RawPartitions {
    private final AtomicInteger count = new AtomicInteger();

    /** A holder with the count not known yet. */
    public static RawPartitions unknown() {
        return new RawPartitions();
    }

    /** 0 when not known. */
    public int count() {
        return count.get();
    }

    public void set(int partitions) {
        if (partitions < 0) {
            throw new IllegalArgumentException("partitions must not be negative: " + partitions);
        }
        count.set(partitions);
    }
}
