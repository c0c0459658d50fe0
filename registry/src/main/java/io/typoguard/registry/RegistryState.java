package io.typoguard.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * What a Confluent-compatible registry knows: schemas by global id (equal schemas share an id), subjects
 * with their versions, and compatibility settings (global default BACKWARD, per subject overrides).
 * Thread-safe. {@link #apply} replays records, so a store backed by a compacted topic can rebuild it.
 */
public final class RegistryState {
    /** A registered version of a subject. */
    public record Version(String subject, int version, int id, Schema schema) {
    }

    private final Map<Integer, Schema> byId = new HashMap<>();
    private final Map<String, Integer> idByCanonical = new HashMap<>();
    private final Map<String, List<Integer>> subjects = new LinkedHashMap<>();
    private final Map<String, Compatibility> subjectConfig = new HashMap<>();
    private Compatibility globalConfig = Compatibility.BACKWARD;
    private int nextId = 1;
    private volatile Persistence persistence = Persistence.NONE;

    /** Where changes are written before they take effect (a compacted topic, for the embedded registry). */
    public interface Persistence {
        Persistence NONE = new Persistence() {
            public void version(Version v) {
            }

            public void config(String subject, Compatibility level) {
            }
        };

        /** @throws RegistryException (50001) when the store cannot take it; the change is then not made */
        void version(Version v);

        void config(String subject, Compatibility level);
    }

    public void persistTo(Persistence p) {
        this.persistence = p;
    }

    public static Schema parse(String schemaText) {
        try {
            return new Schema.Parser().parse(schemaText);
        } catch (SchemaParseException | NullPointerException e) {
            throw new RegistryException(422, 42201, "Invalid schema: " + e.getMessage());
        }
    }

    /** Registers (idempotently) and returns the global id; 409 when the subject's compatibility forbids it. */
    public synchronized int register(String subject, Schema schema) {
        Optional<Version> existing = lookup(subject, schema);
        if (existing.isPresent()) {
            return existing.get().id();
        }
        if (!compatibility(subject).allows(schema, history(subject))) {
            throw new RegistryException(409, 409, "Schema being registered is incompatible with an earlier schema for subject \""
                    + subject + "\" (" + compatibility(subject) + ")");
        }
        String canonical = schema.toString();
        Integer known = idByCanonical.get(canonical);
        int id = known != null ? known : nextId;
        int version = subjects.getOrDefault(subject, List.of()).size() + 1;
        persistence.version(new Version(subject, version, id, schema));
        if (known == null) {
            nextId++;
            byId.put(id, schema);
            idByCanonical.put(canonical, id);
        }
        subjects.computeIfAbsent(subject, s -> new ArrayList<>()).add(id);
        return id;
    }

    /** Replays a registration with a known id (store recovery). */
    public synchronized void apply(String subject, int version, int id, Schema schema) {
        byId.put(id, schema);
        idByCanonical.putIfAbsent(schema.toString(), id);
        List<Integer> versions = subjects.computeIfAbsent(subject, s -> new ArrayList<>());
        while (versions.size() < version) {
            versions.add(null);
        }
        versions.set(version - 1, id);
        nextId = Math.max(nextId, id + 1);
    }

    public synchronized Schema schema(int id) {
        Schema s = byId.get(id);
        if (s == null) {
            throw new RegistryException(404, 40403, "Schema " + id + " not found");
        }
        return s;
    }

    public synchronized List<String> subjects() {
        return List.copyOf(subjects.keySet());
    }

    public synchronized List<Integer> versions(String subject) {
        List<Integer> ids = subjects.get(subject);
        if (ids == null) {
            throw new RegistryException(404, 40401, "Subject '" + subject + "' not found.");
        }
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            if (ids.get(i) != null) {
                out.add(i + 1);
            }
        }
        return out;
    }

    /** A version number, or -1 for the latest. */
    public synchronized Version version(String subject, int version) {
        List<Integer> ids = subjects.get(subject);
        if (ids == null) {
            throw new RegistryException(404, 40401, "Subject '" + subject + "' not found.");
        }
        int v = version == -1 ? ids.size() : version;
        if (v < 1 || v > ids.size() || ids.get(v - 1) == null) {
            throw new RegistryException(404, 40402, "Version " + version + " not found.");
        }
        int id = ids.get(v - 1);
        return new Version(subject, v, id, byId.get(id));
    }

    public synchronized Optional<Version> lookup(String subject, Schema schema) {
        List<Integer> ids = subjects.get(subject);
        Integer id = idByCanonical.get(schema.toString());
        if (ids == null || id == null || !ids.contains(id)) {
            return Optional.empty();
        }
        return Optional.of(new Version(subject, ids.indexOf(id) + 1, id, byId.get(id)));
    }

    public synchronized boolean compatible(String subject, Schema schema) {
        return compatibility(subject).allows(schema, history(subject));
    }

    public synchronized boolean hasOwnCompatibility(String subject) {
        return subjectConfig.containsKey(subject);
    }

    public synchronized Compatibility compatibility(String subject) {
        return subject == null ? globalConfig : subjectConfig.getOrDefault(subject, globalConfig);
    }

    public synchronized void setCompatibility(String subject, Compatibility level) {
        persistence.config(subject, level);
        applyCompatibility(subject, level);
    }

    /** Replays a compatibility setting (store recovery). */
    public synchronized void applyCompatibility(String subject, Compatibility level) {
        if (subject == null) {
            globalConfig = level;
        } else {
            subjectConfig.put(subject, level);
        }
    }

    private List<Schema> history(String subject) {
        List<Schema> out = new ArrayList<>();
        for (Integer id : subjects.getOrDefault(subject, List.of())) {
            if (id != null) {
                out.add(byId.get(id));
            }
        }
        return out;
    }
}
