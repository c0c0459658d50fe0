package io.typoguard.registry;

/**
 * The schemas could not be made ready at start: a subject is missing (auto-registration off), the registry would
 * refuse a schema, refused a registration, or could not be reached. The message names every subject concerned and
 * the cause; {@code run} prints it and exits with code 2.
 */
public final class SchemaSetupException extends RuntimeException {
    public SchemaSetupException(String message) {
        super(message);
    }

    public SchemaSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
