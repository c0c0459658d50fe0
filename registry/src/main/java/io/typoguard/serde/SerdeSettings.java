package io.typoguard.serde;

import java.util.Map;

/**
 * Confluent's serde settings, with Confluent's meaning:
 * <ul>
 *   <li>{@code auto.register.schemas} (default true): register the writer schema under its subject;</li>
 *   <li>{@code use.latest.version} (default false): with auto-registration off, write with the subject's latest
 *       version instead of looking up this release's schema (as in Confluent's serializer, it has no effect while
 *       {@code auto.register.schemas} is true);</li>
 *   <li>{@code value.subject.name.strategy} (TopicNameStrategy): which subject a topic's values use.</li>
 * </ul>
 * {@code key.subject.name.strategy} is accepted and checked, but Typoguard's keys are plain strings, never Avro.
 */
public record SerdeSettings(boolean autoRegister, boolean useLatestVersion, SubjectNameStrategy valueStrategy) {
    public static final String AUTO_REGISTER = "auto.register.schemas";
    public static final String USE_LATEST = "use.latest.version";
    public static final String VALUE_STRATEGY = "value.subject.name.strategy";
    public static final String KEY_STRATEGY = "key.subject.name.strategy";
    /** Every serde setting, in the order the docs list them. */
    public static final java.util.List<String> NAMES = java.util.List.of(AUTO_REGISTER, USE_LATEST, VALUE_STRATEGY, KEY_STRATEGY);

    public static final SerdeSettings DEFAULTS = new SerdeSettings(true, false, SubjectNameStrategy.TOPIC);

    /** Reads the serde settings from a map that may hold others too; a bad value is an {@link IllegalArgumentException}. */
    public static SerdeSettings from(Map<String, ?> settings) {
        Object key = settings.get(KEY_STRATEGY);
        if (key != null) {
            SubjectNameStrategy.parse(KEY_STRATEGY, key.toString());
        }
        Object value = settings.get(VALUE_STRATEGY);
        return new SerdeSettings(bool(settings, AUTO_REGISTER, true), bool(settings, USE_LATEST, false),
                value == null ? SubjectNameStrategy.TOPIC : SubjectNameStrategy.parse(VALUE_STRATEGY, value.toString()));
    }

    /** What the serializer does to find a writer schema id. */
    public enum Mode {
        /** Look the schema up, register it when missing (auto.register.schemas=true). */
        REGISTER,
        /** Use the subject's latest version (auto.register.schemas=false, use.latest.version=true). */
        LATEST,
        /** Look the schema up; a missing one is an error (auto.register.schemas=false). */
        LOOKUP
    }

    public Mode mode() {
        return autoRegister ? Mode.REGISTER : useLatestVersion ? Mode.LATEST : Mode.LOOKUP;
    }

    /** A remark for the start-up log when a setting has no effect, else null. */
    public String ineffective() {
        return autoRegister && useLatestVersion
                ? "use.latest.version=true has no effect while auto.register.schemas=true (as in Confluent's serializer): set auto.register.schemas=false to use it"
                : null;
    }

    private static boolean bool(Map<String, ?> configs, String key, boolean def) {
        Object v = configs.get(key);
        if (v == null) {
            return def;
        }
        String s = v.toString().strip();
        if (!s.equals("true") && !s.equals("false")) {
            throw new IllegalArgumentException("setting " + key + ": expected true or false, not '" + s + "'");
        }
        return Boolean.parseBoolean(s);
    }
}
