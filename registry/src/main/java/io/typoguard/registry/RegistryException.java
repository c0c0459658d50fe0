package io.typoguard.registry;

import org.apache.kafka.common.errors.SerializationException;

/**
 * An error answer of a Confluent-compatible schema registry, with its HTTP status and Confluent error code
 * (40401 subject not found, 40402 version not found, 40403 schema not found, 409 incompatible schema,
 * 42201 invalid schema, 50001 store error), or a registry that could not be reached (status 0).
 */
public class RegistryException extends SerializationException {
    private final int status;
    private final int errorCode;

    public RegistryException(int status, int errorCode, String message) {
        super(message);
        this.status = status;
        this.errorCode = errorCode;
    }

    public RegistryException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
        this.errorCode = 0;
    }

    public int status() {
        return status;
    }

    public int errorCode() {
        return errorCode;
    }

    /** True for 5xx answers and connection failures: worth retrying or failing over. */
    public boolean retriable() {
        return status == 0 || status >= 500;
    }
}
