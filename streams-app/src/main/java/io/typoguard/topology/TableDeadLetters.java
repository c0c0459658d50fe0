package io.typoguard.topology;

/**
 * Where the records of a global table (trusted domains, typo exceptions, correspondents) that cannot be read go.
 * A global store's updater runs on Kafka Streams' global thread, which has no producer, so the topology hands such
 * records to this sink; the runtime copies them to the dead-letter topic with the reason and counts them. Called on
 * the global thread, once per unreadable record read (again after a restart that re-reads the table from before it).
 */
public interface TableDeadLetters {
    /**
     * @param table     trusted, exceptions or correspondents
     * @param key       the record's key bytes, as read
     * @param value     the value bytes that could not be read
     * @param reason    why not (never quotes the content)
     */
    void unreadable(String table, String topic, int partition, long offset, byte[] key, byte[] value, String reason);

    /** Drops them (the updater still logs each one): for tests that do not look. */
    TableDeadLetters NONE = (table, topic, partition, offset, key, value, reason) -> { };
}
