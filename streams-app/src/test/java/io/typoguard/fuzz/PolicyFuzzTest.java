package io.typoguard.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.typoguard.detect.Allowlist;
import io.typoguard.policy.PolicyDecider;
import io.typoguard.policy.PolicyExceptions;
import io.typoguard.policy.PolicyRequest;
import io.typoguard.schema.PolicyReason;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing of the Postfix policy decision: the input is read as the policy service reads a
 * request (name=value lines, UTF-8, a trailing CR dropped, at most {@link PolicyRequest#MAX_ATTRIBUTES}), with
 * {@code protocol_state=RCPT} added when the input names none, and decided by a ready decider.
 *
 * <p>Properties: decide never throws, never falls into its own catch-all ({@link PolicyReason#ERROR} means a
 * RuntimeException was swallowed), and its answer is one protocol line.
 */
class PolicyFuzzTest {

    private static final PolicyDecider DECIDER;

    static {
        PolicyExceptions exceptions = new PolicyExceptions();
        exceptions.put(new PolicyExceptions.Exception("alice@typoguard.test", "army.ml", null, "fuzz"));
        exceptions.put(new PolicyExceptions.Exception("*", "gmial.com", Instant.parse("2030-01-01T00:00:00Z"), "fuzz"));
        DECIDER = new PolicyDecider(FuzzChecks.smallIndex(), Allowlist.builtIn(), PolicyDecider.Policy.defaults(), exceptions,
                Clock.fixed(FuzzChecks.NOW, ZoneOffset.UTC));
        DECIDER.markReady();
        DECIDER.decide(new PolicyRequest(Map.of("protocol_state", "RCPT", "recipient", "warm@up.test")));
    }

    @FuzzTest(maxDuration = "30s")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void decide(byte[] data) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (String line : new String(data, StandardCharsets.UTF_8).split("\n")) {
            String l = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            int eq = l.indexOf('=');
            if (eq <= 0 || attributes.size() >= PolicyRequest.MAX_ATTRIBUTES) {
                continue; // the server answers a protocol error for these, without deciding
            }
            attributes.put(l.substring(0, eq), l.substring(eq + 1));
        }
        attributes.putIfAbsent("protocol_state", "RCPT");
        PolicyDecider.Decision d = FuzzChecks.timed("decide", () -> DECIDER.decide(new PolicyRequest(attributes)));
        if (d == null || d.action() == null || d.reason() == null || d.reply() == null) {
            throw new AssertionError("incomplete decision " + d);
        }
        if (d.reason() == PolicyReason.ERROR) {
            throw new AssertionError("the decider's catch-all caught an unexpected exception");
        }
        if (!d.line().startsWith("action=") || d.line().indexOf('\n') >= 0) {
            throw new AssertionError("reply is not one protocol line: " + d.line());
        }
    }
}
