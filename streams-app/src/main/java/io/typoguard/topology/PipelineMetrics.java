package io.typoguard.topology;

/**
 * What the pipeline counts, for a metrics registry outside the topology (the runtime binds it to Micrometer).
 * Called on stream threads; implementations must be thread-safe and cheap. Plain Java: the topology stays pure.
 * Every method does nothing by default, so a test records only what it looks at.
 */
public interface PipelineMetrics {
    /** A raw record was read: {@code format} is the parser's name (postfix, exim, json, ...), or noise / failed. */
    default void parsed(String format) {
    }

    /** A raw record was recognised but holds nothing to check: {@code kind} says what it was ("postfix queue line"). */
    default void noise(String kind) {
    }

    /**
     * A raw record could not be read and was dead-lettered: {@code reason} as in the dead-letter header, {@code shape}
     * the record's {@link io.typoguard.parse.LineShapes shape} (addresses masked), for the page's sample.
     */
    default void unreadable(String reason, String shape) {
    }

    /** A record of a global table ({@code table}: trusted, exceptions, correspondents) could not be read. */
    default void tableRecordUnreadable(String table) {
    }

    /** A record went to the dead-letter topic at {@code stage}. */
    default void deadLettered(String stage) {
    }

    /** A recipient was flagged, by technique name; {@code logTimeMs}: when the mail server logged the mail. */
    default void finding(String technique, long logTimeMs) {
    }

    /**
     * A finding came later than its window's grace and was not counted at {@code stage} ("sender-threshold",
     * "typo-domain-day"); the finding
     * itself is written. Happens in a fast catch-up of a backlog, when one host's log time runs ahead of another's.
     */
    default void lateFinding(String stage) {
    }

    /**
     * An event (or a policy decision) came after its sender window had closed and was not counted in it at {@code stage}
     * ("sender-window"); its finding, if any, is still written. Happens when a source's log time trails the others' by
     * more than the window's grace (see {@link SourceClock} for when a source stops holding windows open).
     */
    default void lateEvent(String stage) {
    }

    /**
     * The correlation released a delivery without its sender (an orphan: its from= line never came within the orphan wait),
     * on {@code path} ("local": lines keyed by their host, "repartitioned"). The recipient is still checked; its event
     * counts for the "unknown" sender. A steady rate on the repartitioned path points at a shipper whose lines of one host
     * reach the app out of order by more than the wait.
     */
    default void deliveryWithoutSender(String path) {
    }

    /** An alert was written; {@code lagMs}: from the log time of its latest finding to now. */
    default void alert(String severity, String type, long lagMs) {
    }

    /** Counts nothing. */
    PipelineMetrics NONE = new PipelineMetrics() {
    };
}
