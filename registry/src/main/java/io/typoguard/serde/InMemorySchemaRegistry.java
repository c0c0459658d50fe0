package io.typoguard.serde;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * A registry inside this JVM. Ids are global and equal for equal schemas, as in Confluent's registry; ids
 * start at 1. Thread-safe. Ids live only as long as the JVM: use it for the demo and tests, or pre-register
 * schemas in a fixed order (as {@link AvroSerdes} does) so that a restarted process assigns the same ids.
 */
public final class InMemorySchemaRegistry implements SchemaRegistry {
    private final List<Schema> byId = new ArrayList<>();
    private final Map<String, Integer> idByCanonical = new HashMap<>();
    private final Map<String, List<Integer>> versionsBySubject = new HashMap<>();

    @Override
    public synchronized int register(String subject, Schema schema) {
        String canonical = schema.toString();
        Integer id = idByCanonical.get(canonical);
        if (id == null) {
            byId.add(schema);
            id = byId.size();
            idByCanonical.put(canonical, id);
        }
        List<Integer> versions = versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
        if (!versions.contains(id)) {
            versions.add(id);
        }
        return id;
    }

    @Override
    public synchronized Schema getById(int id) {
        if (id < 1 || id > byId.size()) {
            throw new UnknownSchemaException(id);
        }
        return byId.get(id - 1);
    }

    @Override
    public synchronized int lookupId(String subject, Schema schema) {
        Integer id = idByCanonical.get(schema.toString());
        if (id == null || !versionsBySubject.getOrDefault(subject, List.of()).contains(id)) {
            throw new org.apache.kafka.common.errors.SerializationException("schema not registered under subject " + subject);
        }
        return id;
    }

    @Override
    public synchronized Latest latest(String subject) {
        List<Integer> versions = versionsBySubject.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw new org.apache.kafka.common.errors.SerializationException("subject " + subject + " not found");
        }
        int id = versions.get(versions.size() - 1);
        return new Latest(id, byId.get(id - 1));
    }

    @Override
    public synchronized java.util.OptionalInt find(String subject, Schema schema) {
        Integer id = idByCanonical.get(schema.toString());
        return id != null && versionsBySubject.getOrDefault(subject, List.of()).contains(id)
                ? java.util.OptionalInt.of(id) : java.util.OptionalInt.empty();
    }

    @Override
    public synchronized java.util.Optional<Latest> findLatest(String subject) {
        List<Integer> versions = versionsBySubject.get(subject);
        return versions == null || versions.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(latest(subject));
    }

    /** Always null: this registry has no compatibility rule (it serves one process, whose schemas are its own). */
    @Override
    public String incompatibility(String subject, Schema schema) {
        return null;
    }

    public synchronized List<String> subjects() {
        return List.copyOf(versionsBySubject.keySet());
    }
}
