package io.typoguard.serde;

import org.apache.kafka.common.errors.SerializationException;

/** A record names a schema id the registry does not know. */
public final class UnknownSchemaException extends SerializationException {
    public UnknownSchemaException(int id) {
        super("unknown schema id " + id);
    }
}
