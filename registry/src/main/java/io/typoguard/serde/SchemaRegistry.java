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

    /** A subject's latest version. */
    record Latest(int id, Schema schema) {
    }
}
