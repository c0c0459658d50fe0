package io.typoguard.registry;

import io.typoguard.serde.SerdeSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The names of every registry client and serde setting Typoguard understands (Confluent's names), and the check
 * that reports an unknown or misspelled one at start instead of ignoring it.
 */
public final class RegistrySettings {
    private RegistrySettings() {
    }

    /** {@link HttpSchemaRegistry}'s settings. */
    public static final List<String> CLIENT = List.of("schema.registry.url",
            "basic.auth.credentials.source", "basic.auth.user.info", "schema.registry.basic.auth.user.info",
            "bearer.auth.credentials.source", "bearer.auth.token",
            "schema.registry.ssl.truststore.location", "schema.registry.ssl.truststore.password", "schema.registry.ssl.truststore.type",
            "schema.registry.ssl.keystore.location", "schema.registry.ssl.keystore.password", "schema.registry.ssl.keystore.type",
            "schema.registry.ssl.key.password",
            "http.connect.timeout.ms", "http.read.timeout.ms", "max.retries", "retries.wait.ms", "retries.max.wait.ms");

    /** Confluent settings that exist but that Typoguard does not support, with what to do instead. */
    private static final Map<String, String> UNSUPPORTED = Map.of(
            "schema.registry.ssl.endpoint.identification.algorithm", "host names are always verified: give the registry a certificate for its name",
            "bearer.auth.issuer.endpoint.url", "OAuth token fetching is not supported: use bearer.auth.credentials.source=STATIC_TOKEN",
            "latest.compatibility.strict", "with use.latest.version the start-up check already refuses a latest version this release cannot write",
            "normalize.schemas", "schemas are registered as written by this release");

    /** Every known name, client then serde settings. */
    public static List<String> names() {
        List<String> all = new ArrayList<>(CLIENT);
        all.addAll(SerdeSettings.NAMES);
        return all;
    }

    /**
     * True for a setting that belongs to the registry client or the serde: Confluent's prefixes, the serde settings,
     * and names within two edits of a serde setting (a typo, reported by {@link #check}).
     */
    public static boolean claims(String key) {
        if (key.startsWith("schema.registry.") || key.startsWith("basic.auth.") || key.startsWith("bearer.auth.")
                || CLIENT.contains(key) || SerdeSettings.NAMES.contains(key) || UNSUPPORTED.containsKey(key)) {
            return true;
        }
        return SerdeSettings.NAMES.stream().anyMatch(n -> distance(n, key) <= 2);
    }

    /** Throws {@link IllegalArgumentException} naming every unknown or unsupported setting, with the nearest known name. */
    public static void check(Map<String, ?> settings) {
        List<String> problems = new ArrayList<>();
        List<String> known = names();
        for (String key : settings.keySet()) {
            if (known.contains(key)) {
                continue;
            }
            String instead = UNSUPPORTED.get(key);
            if (instead != null) {
                problems.add(key + " is not supported (" + instead + ")");
                continue;
            }
            String nearest = null;
            int best = Integer.MAX_VALUE;
            for (String k : known) {
                int d = distance(k, key);
                if (d < best) {
                    best = d;
                    nearest = k;
                }
            }
            problems.add("unknown registry setting " + key + (best <= Math.max(3, key.length() / 4) ? " (did you mean " + nearest + "?)" : ""));
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems) + ". Known registry settings: " + String.join(", ", known));
        }
    }

    private static int distance(String a, String b) {
        return io.typoguard.detect.Edits.distance(a, b, 8);
    }
}
