package io.typoguard.runtime;

import io.typoguard.config.ConfigException;
import io.typoguard.policy.PolicyDecider;
import io.typoguard.schema.PolicyAction;
import io.typoguard.schema.Sensitivity;
import io.typoguard.schema.Severity;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The policy service's settings ({@code typoguard.policy.*}), validated before anything starts.
 *
 * @param port           TCP port; -1 (default) serves no policy service, 0 picks a free port
 * @param bind           address to listen on (default 127.0.0.1)
 * @param maxConnections connections served at once (default 100); more are closed at once
 * @param idleTimeout    an idle connection is closed after this (default 5 min; Postfix reconnects)
 * @param policy         actions by sensitivity and severity, reject code, fail mode
 */
public record PolicyConfig(int port, String bind, int maxConnections, Duration idleTimeout, PolicyDecider.Policy policy) {
    public static final String PREFIX = "typoguard.policy.";
    public static final String PORT = "typoguard.policy.port";
    public static final String BIND = "typoguard.policy.bind";
    public static final String MAX_CONNECTIONS = "typoguard.policy.max.connections";
    public static final String IDLE_TIMEOUT = "typoguard.policy.idle.timeout";
    public static final String FAIL_CLOSED = "typoguard.policy.fail.closed";
    public static final String REJECT_CODE = "typoguard.policy.reject.code";
    /** {@code typoguard.policy.action.<severity>} or {@code typoguard.policy.action.<sensitivity>.<severity>}. */
    public static final String ACTION = "typoguard.policy.action.";

    public boolean enabled() {
        return port >= 0;
    }

    public static PolicyConfig defaults() {
        return new PolicyConfig(-1, "127.0.0.1", 100, Duration.ofMinutes(5), PolicyDecider.Policy.defaults());
    }

    public PolicyConfig withPort(int p) {
        return new PolicyConfig(p, bind, maxConnections, idleTimeout, policy);
    }

    public PolicyConfig withMaxConnections(int n) {
        return new PolicyConfig(port, bind, n, idleTimeout, policy);
    }

    /** Reads every {@code typoguard.policy.*} setting of {@code settings}; refuses unknown ones by name. */
    public static PolicyConfig from(Map<String, String> settings) {
        PolicyConfig d = defaults();
        int port = d.port;
        String bind = d.bind;
        int max = d.maxConnections;
        Duration idle = d.idleTimeout;
        PolicyDecider.Policy policy = d.policy;
        for (var e : settings.entrySet()) {
            String key = e.getKey();
            String value = e.getValue().strip();
            if (!key.startsWith(PREFIX)) {
                continue;
            }
            switch (key) {
                case PORT -> port = integer(key, value, -1, 65535);
                case BIND -> bind = value;
                case MAX_CONNECTIONS -> max = integer(key, value, 1, 100_000);
                case IDLE_TIMEOUT -> {
                    idle = Durations.parse(key, value);
                    if (idle.isZero() || idle.isNegative()) {
                        throw new ConfigException(key, value, "a positive duration");
                    }
                }
                case FAIL_CLOSED -> {
                    if (!value.equals("true") && !value.equals("false")) {
                        throw new ConfigException(key, value, "true or false");
                    }
                }
                case REJECT_CODE -> {
                    try {
                        policy = policy.withRejectCode(value);
                    } catch (IllegalArgumentException ex) {
                        throw new ConfigException(key, value, "a permanent enhanced status code such as 5.7.1");
                    }
                }
                default -> {
                    if (!key.startsWith(ACTION)) {
                        throw new ConfigException("unknown setting " + key + "; policy settings: " + PORT + ", " + BIND + ", "
                                + MAX_CONNECTIONS + ", " + IDLE_TIMEOUT + ", " + FAIL_CLOSED + ", " + REJECT_CODE + ", " + ACTION
                                + "<severity>, " + ACTION + "<sensitivity>.<severity>");
                    }
                }
            }
        }
        // Actions: the all-sensitivity ones first, then the per-sensitivity ones override them.
        for (boolean perSensitivity : new boolean[] {false, true}) {
            for (var e : settings.entrySet()) {
                if (!e.getKey().startsWith(ACTION)) {
                    continue;
                }
                String[] parts = e.getKey().substring(ACTION.length()).split("\\.");
                if ((parts.length == 2) != perSensitivity) {
                    continue;
                }
                if (parts.length > 2) {
                    throw new ConfigException("unknown setting " + e.getKey() + "; expected " + ACTION + "<severity> or "
                            + ACTION + "<sensitivity>.<severity>");
                }
                Sensitivity sensitivity = parts.length == 2 ? enumValue(e.getKey(), parts[0], Sensitivity.class, "sensitivity") : null;
                Severity severity = enumValue(e.getKey(), parts[parts.length - 1], Severity.class, "severity");
                PolicyAction action = actionValue(e.getKey(), e.getValue().strip());
                policy = policy.with(sensitivity, severity, action);
            }
        }
        policy = policy.withFailClosed(Boolean.parseBoolean(settings.getOrDefault(FAIL_CLOSED, "false").strip()));
        return new PolicyConfig(port, bind, max, idle, policy);
    }

    private static PolicyAction actionValue(String key, String value) {
        for (PolicyAction a : new PolicyAction[] {PolicyAction.REJECT, PolicyAction.HOLD, PolicyAction.WARN, PolicyAction.PREPEND,
                PolicyAction.DUNNO}) {
            if (a.name().equalsIgnoreCase(value)) {
                return a;
            }
        }
        throw new ConfigException(key, value, "reject, hold, warn, prepend or dunno");
    }

    private static <E extends Enum<E>> E enumValue(String key, String part, Class<E> type, String what) {
        for (E v : type.getEnumConstants()) {
            if (v.name().equalsIgnoreCase(part)) {
                return v;
            }
        }
        throw new ConfigException("unknown setting " + key + ": '" + part + "' is not a " + what + " ("
                + Arrays.stream(type.getEnumConstants()).map(v -> v.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")) + ")");
    }

    private static int integer(String key, String value, int min, int max) {
        try {
            int v = Integer.parseInt(value);
            if (v < min || v > max) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new ConfigException(key, value, "a whole number from " + min + " to " + max);
        }
    }
}
