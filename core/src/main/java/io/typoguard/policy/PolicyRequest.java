package io.typoguard.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One request of Postfix's SMTP access policy delegation protocol: {@code name=value} lines ended by an
 * empty line (attributes such as {@code request=smtpd_access_policy}, {@code protocol_state=RCPT},
 * {@code sender}, {@code recipient}, {@code client_address}, {@code queue_id}).
 */
public record PolicyRequest(Map<String, String> attributes) {
    /** Longest attribute line accepted; Postfix's own limit for a value is far below it. */
    public static final int MAX_LINE = 8192;
    /** Most attributes accepted in one request (Postfix sends about 30). */
    public static final int MAX_ATTRIBUTES = 200;

    public PolicyRequest {
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    public String get(String name) {
        return attributes.get(name);
    }

    public boolean isRcpt() {
        return "RCPT".equalsIgnoreCase(get("protocol_state"));
    }

    /** Parses one attribute line; null when it is not name=value. */
    static String[] attribute(String line) {
        int eq = line.indexOf('=');
        if (eq <= 0) {
            return null;
        }
        return new String[] {line.substring(0, eq), line.substring(eq + 1)};
    }
}
