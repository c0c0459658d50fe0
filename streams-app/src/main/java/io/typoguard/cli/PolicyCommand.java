package io.typoguard.cli;

import io.typoguard.detect.TrustedIndex;
import io.typoguard.policy.PolicyDecider;
import io.typoguard.policy.PolicyServer;
import io.typoguard.schema.Severity;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code typoguard policy}: the Postfix policy service on its own, from a trusted-list file (the app's
 * {@code run} will serve it from the live trusted topic). Postfix: {@code check_policy_service inet:127.0.0.1:<port>}
 * in {@code smtpd_recipient_restrictions}.
 */
@Command(name = "policy", mixinStandardHelpOptions = true,
        description = "Serve Postfix's SMTP access policy delegation protocol: REJECT/HOLD/WARN recipients that look like typos.")
final class PolicyCommand implements Callable<Integer> {
    @Option(names = "--trusted", required = true, paramLabel = "<file>", description = "Trusted list (CSV).")
    Path trusted;

    @Option(names = "--port", defaultValue = "10040", description = "TCP port. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to listen on. Default: ${DEFAULT-VALUE}.")
    String bind;

    @Option(names = "--reject-at", defaultValue = "HIGH", description = "Severity from which typos are rejected. Default: ${DEFAULT-VALUE}.")
    String rejectAt;

    @Option(names = "--hold-at", defaultValue = "MEDIUM", description = "Severity from which typos are held. Default: ${DEFAULT-VALUE}.")
    String holdAt;

    @Option(names = "--fail-closed", description = "Answer DEFER_IF_PERMIT instead of DUNNO when the service cannot decide.")
    boolean failClosed;

    @Option(names = "--max-connections", defaultValue = "100", description = "Default: ${DEFAULT-VALUE}.")
    int maxConnections;

    @Override
    public Integer call() throws Exception {
        Severity reject = severity("--reject-at", rejectAt);
        Severity hold = severity("--hold-at", holdAt);
        TrustedIndex index = new TrustedIndex();
        index.rebuild(DetectorFiles.trusted(trusted));
        PolicyDecider decider = new PolicyDecider(index, new PolicyDecider.Policy(reject, hold, "5.1.10", failClosed));
        decider.markReady();
        CountDownLatch stop = new CountDownLatch(1);
        try (PolicyServer server = PolicyServer.start(InetAddress.getByName(bind), port, maxConnections, Duration.ofMinutes(5),
                decider, d -> { })) {
            System.out.println("Policy service on " + bind + ":" + server.port() + " (" + index.size() + " trusted domains)");
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "policy-shutdown"));
            stop.await();
        }
        return 0;
    }

    private static Severity severity(String option, String value) {
        try {
            return Severity.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + " must be one of INFO, LOW, MEDIUM, HIGH, CRITICAL, not '" + value + "'");
        }
    }
}
