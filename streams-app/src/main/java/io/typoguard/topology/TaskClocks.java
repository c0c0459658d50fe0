package io.typoguard.topology;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link SourceClock} per detection task, shared by that task's processors: {@link EventClockProcessor} feeds it
 * and the sender windows, the sender threshold and the incidents read it. A task's processors run on one stream thread,
 * so the clock itself needs no locking; the map is shared by all the tasks of one topology. Kafka Streams has no clock
 * of this kind (a task's stream time is the latest time it has read), so the topology keeps its own.
 */
final class TaskClocks {
    /** A source that sent no event for this long (wall clock) no longer holds the clock back. */
    static final Duration SOURCE_IDLE = Duration.ofSeconds(30);
    /**
     * A source more than this far behind the newest (log time) no longer holds the clock back. Long, because the cost of
     * each side differs: a source held back by a wrong clock or syslog zone only delays window reports and incident
     * closes, while a catch-up source left out loses counts and splits incidents (raw partitions read unevenly drift
     * apart by minutes per hour of backlog, more than an hour in a long one).
     */
    static final Duration MAX_SOURCE_LAG = Duration.ofHours(6);

    private final ConcurrentHashMap<String, SourceClock> byTask = new ConcurrentHashMap<>();
    private final RawPartitions rawPartitions;

    TaskClocks(RawPartitions rawPartitions) {
        this.rawPartitions = rawPartitions;
    }

    /**
     * The clock of task {@code taskId}, made on first use and kept (one per task this instance ever ran): the processors
     * of a task may be initialised in any order relative to the closing of its previous run here, so the clock is never
     * replaced, only started afresh ({@link SourceClock#reset}) when the task's {@link EventClockProcessor} starts.
     */
    SourceClock of(String taskId) {
        return byTask.computeIfAbsent(taskId, t -> new SourceClock(SOURCE_IDLE.toMillis(), MAX_SOURCE_LAG.toMillis(), rawPartitions::count));
    }
}
