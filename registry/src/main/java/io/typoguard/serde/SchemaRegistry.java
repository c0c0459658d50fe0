package io.typoguard.serde;

import org.apache.avro.Schema;

/**
 * The part of a Confluent-compatible schema registry the serde needs. An in-memory implementation exists
 * for the demo and tests; an HTTP client for real registries implements the same interface.
 */
public interface SchemaRegistry {

    /** Registers the schema under the subject (idempotent) and returns its global id. */
    int register(String subject, Schema schema);

    /** The schema with this id. */
    Schema getById(int id);

    /** The id of a schema already registered under the subject, without registering it. */
    int lookupId(String subject, Schema schema);

    /** Id and schema of the subject's latest version. */
    Latest latest(String subject);

    /** The id of the schema under the subject, or empty when the subject does not hold it; registers nothing. */
    java.util.OptionalInt find(String subject, Schema schema);

    /** The subject's latest version, or empty when the subject has none. */
    java.util.Optional<Latest> findLatest(String subject);

    /**
     * Null when the registry would accept the schema as a new version of the subject (also when the subject has no
     * version yet), else why it would refuse it (incompatible with the latest version under its compatibility rule).
     */
    String incompatibility(String subject, Schema schema);

    /** A subject's latest version. */
    record Latest(int id, Schema schema) {
    }
}
