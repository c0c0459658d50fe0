package io.typoguard.registry;

import java.util.List;
import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/** Confluent's compatibility levels, checked with Avro's own {@link SchemaCompatibility}. */
public enum Compatibility {
    NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE;

    public static Compatibility parse(String s) {
        try {
            return valueOf(s.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown compatibility level '" + s + "'; allowed: NONE, BACKWARD, "
                    + "BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE");
        }
    }

    /**
     * Whether {@code candidate} may be registered after {@code previous} (oldest first). BACKWARD: the new
     * schema reads data written with the latest (or, transitive, every) old one; FORWARD: the old ones read
     * data written with the new one; FULL: both.
     */
    public boolean allows(Schema candidate, List<Schema> previous) {
        if (this == NONE || previous.isEmpty()) {
            return true;
        }
        List<Schema> against = name().endsWith("_TRANSITIVE") ? previous : List.of(previous.get(previous.size() - 1));
        for (Schema old : against) {
            boolean backward = compatible(candidate, old);
            boolean forward = compatible(old, candidate);
            boolean ok = switch (this) {
                case BACKWARD, BACKWARD_TRANSITIVE -> backward;
                case FORWARD, FORWARD_TRANSITIVE -> forward;
                case FULL, FULL_TRANSITIVE -> backward && forward;
                case NONE -> true;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean compatible(Schema reader, Schema writer) {
        return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType()
                == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE;
    }
}
