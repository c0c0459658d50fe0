package io.typoguard.registry;

import io.typoguard.serde.AvroSerdes.TopicSerde;
import io.typoguard.serde.SchemaRegistry;
import io.typoguard.serde.SerdeSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Makes every subject an app writes ready before the first record, the way Confluent's serializer would on first
 * use, but all at once and checked first: look every subject up (and, when registering, ask the registry whether it
 * would accept each missing schema), and only when nothing stands in the way register what is missing. A login that
 * may only read therefore starts when the release pipeline registered the schemas beforehand, and a refusal stops
 * the start with one message naming the subjects, before anything is half-registered. Afterwards each serde knows its
 * ids, so the hot path makes no registry call.
 */
public final class SchemaSetup {
    private SchemaSetup() {
    }


    /** What was found or done for one subject: {@code found}, {@code registered}, or {@code latest} (use.latest.version). */
    public record Outcome(String subject, Schema schema, int id, String action) {
    }

    private static final String REGISTER_HINT = "register the schemas from the release pipeline with `typoguard registry register --config <file>`";

    /** Checks (and, in {@link SerdeSettings.Mode#REGISTER}, registers) every subject of {@code uses}; primes the serdes. */
    public static List<Outcome> prepare(SchemaRegistry registry, List<TopicSerde> uses, SerdeSettings.Mode mode) {
        return run(registry, uses, mode, true);
    }

    /**
     * The same checks without registering anything or priming a serde: what a start would find. A subject that a start
     * would register comes back with action {@code missing} and id -1; a problem throws, as at start.
     */
    public static List<Outcome> check(SchemaRegistry registry, List<TopicSerde> uses, SerdeSettings.Mode mode) {
        return run(registry, uses, mode, false);
    }

    private static List<Outcome> run(SchemaRegistry registry, List<TopicSerde> uses, SerdeSettings.Mode mode, boolean write) {
        Map<String, TopicSerde> bySubject = new LinkedHashMap<>();
        for (TopicSerde use : uses) {
            TopicSerde earlier = bySubject.putIfAbsent(use.serde().subject(use.topic()), use);
            if (earlier != null && !earlier.serde().schema().equals(use.serde().schema())) {
                throw new SchemaSetupException("subject " + use.serde().subject(use.topic()) + " would hold two record types ("
                        + earlier.serde().schema().getFullName() + " for " + earlier.topic() + ", " + use.serde().schema().getFullName()
                        + " for " + use.topic() + "): choose another value.subject.name.strategy");
            }
        }
        List<String> problems = new ArrayList<>();
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        Map<String, SchemaRegistry.Latest> latest = new LinkedHashMap<>();
        List<String> toRegister = new ArrayList<>();
        for (TopicSerde use : bySubject.values()) {
            String subject = use.serde().subject(use.topic());
            Schema schema = use.serde().schema();
            try {
                switch (mode) {
                    case REGISTER -> {
                        var id = registry.find(subject, schema);
                        if (id.isPresent()) {
                            outcomes.put(subject, new Outcome(subject, schema, id.getAsInt(), "found"));
                        } else {
                            String refusal = registry.incompatibility(subject, schema);
                            if (refusal == null) {
                                toRegister.add(subject);
                            } else {
                                problems.add("subject " + subject + ": the registry would refuse this release's " + schema.getFullName()
                                        + " (" + refusal + "); check the subject's compatibility level and versions");
                            }
                        }
                    }
                    case LOOKUP -> {
                        var id = registry.find(subject, schema);
                        if (id.isPresent()) {
                            outcomes.put(subject, new Outcome(subject, schema, id.getAsInt(), "found"));
                        } else {
                            problems.add("subject " + subject + ": this release's " + schema.getFullName()
                                    + " is not registered under it, and auto.register.schemas=false; " + REGISTER_HINT);
                        }
                    }
                    case LATEST -> {
                        var found = registry.findLatest(subject);
                        if (found.isEmpty()) {
                            problems.add("subject " + subject + ": no version registered (use.latest.version=true); " + REGISTER_HINT);
                        } else {
                            String unwritable = use.serde().unwritable(found.get().schema());
                            if (unwritable != null) {
                                problems.add("subject " + subject + ": this release cannot write " + schema.getFullName()
                                        + " in the shape of the subject's latest version (id " + found.get().id() + "): " + unwritable);
                            } else {
                                latest.put(subject, found.get());
                                outcomes.put(subject, new Outcome(subject, found.get().schema(), found.get().id(), "latest"));
                            }
                        }
                    }
                    default -> throw new IllegalStateException(mode.name());
                }
            } catch (RegistryException e) {
                if (e.status() == 0) {
                    throw new SchemaSetupException("schema registry: cannot look up subject " + subject + ": " + e.getMessage()
                            + "; nothing was registered", e);
                }
                problems.add("subject " + subject + ": " + e.getMessage() + hint(e.status(), false));
            } catch (SerializationException e) {
                problems.add("subject " + subject + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new SchemaSetupException("schema registry check failed; nothing was registered:\n  " + String.join("\n  ", problems));
        }
        if (!write) {
            toRegister.forEach(subject -> outcomes.put(subject, new Outcome(subject, bySubject.get(subject).serde().schema(), -1, "missing")));
            return bySubject.keySet().stream().map(outcomes::get).toList();
        }
        List<String> registered = new ArrayList<>();
        for (String subject : toRegister) {
            Schema schema = bySubject.get(subject).serde().schema();
            try {
                outcomes.put(subject, new Outcome(subject, schema, registry.register(subject, schema), "registered"));
                registered.add(subject);
            } catch (RuntimeException e) {
                throw new SchemaSetupException("schema registry: cannot register subject " + subject + ": " + e.getMessage()
                        + hint(e instanceof RegistryException r ? r.status() : -1, true)
                        + (registered.isEmpty() ? "; nothing was registered" : "; registered before it: " + String.join(", ", registered)), e);
            }
        }
        for (TopicSerde use : uses) {
            String subject = use.serde().subject(use.topic());
            SchemaRegistry.Latest l = latest.get(subject);
            if (l != null) {
                use.serde().useLatest(subject, l);
            } else {
                use.serde().prime(subject, outcomes.get(subject).id());
            }
        }
        return bySubject.keySet().stream().map(outcomes::get).toList();
    }

    private static String hint(int status, boolean writing) {
        return switch (status) {
            case 401 -> " (the registry did not accept the login: check basic.auth.user.info or bearer.auth.token)";
            case 403 -> writing
                    ? " (the registry login may not write: " + REGISTER_HINT + ", then set auto.register.schemas=false)"
                    : " (the registry refused this login the request: a login that may only read can look schemas up but not check or"
                    + " register a missing one; " + REGISTER_HINT + ")";
            case 409 -> " (the registry refused the schema as incompatible: check the subject's compatibility level)";
            default -> "";
        };
    }
}
