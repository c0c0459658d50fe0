package io.typoguard.cli;

import io.typoguard.detect.TrustedIndex;
import io.typoguard.policy.PolicyDecider;
import io.typoguard.policy.PolicyServer;
import java.net.InetAddress;
import java.time.Duration;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code typoguard policy}: the Postfix policy service on its own, from a trusted-list file, for trying it
 * out; {@code run} with {@code typoguard.policy.port} serves it from the live trusted table and writes decisions. Postfix: {@code check_policy_service inet:127.0.0.1:<port>}
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

    @Option(names = "--set", paramLabel = "<setting=value>",
            description = "A typoguard.policy.* setting, e.g. --set typoguard.policy.action.medium=reject "
                    + "--set typoguard.policy.action.critical.low=hold --set typoguard.policy.reject.code=5.7.1. Repeatable.")
    java.util.Map<String, String> settings = new java.util.LinkedHashMap<>();

    @Option(names = "--fail-closed", description = "Answer DEFER_IF_PERMIT instead of DUNNO when the service cannot decide.")
    boolean failClosed;

    @Option(names = "--max-connections", defaultValue = "100", description = "Default: ${DEFAULT-VALUE}.")
    int maxConnections;

    @Override
    public Integer call() throws Exception {
        java.util.Map<String, String> all = new java.util.LinkedHashMap<>(settings);
        all.put(io.typoguard.runtime.PolicyConfig.FAIL_CLOSED, Boolean.toString(failClosed));
        io.typoguard.runtime.PolicyConfig config = io.typoguard.runtime.PolicyConfig.from(all);
        TrustedIndex index = new TrustedIndex();
        index.rebuild(DetectorFiles.trusted(trusted));
        PolicyDecider decider = new PolicyDecider(index, config.policy());
        decider.markReady();
        // Standalone: decisions are not written anywhere. In `run`, they go to mail.policy.decisions.
        try (io.typoguard.runtime.Lifecycle life = io.typoguard.runtime.Lifecycle.forProcess(Duration.ofSeconds(10));
             PolicyServer server = PolicyServer.start(InetAddress.getByName(bind), port, maxConnections, config.idleTimeout(),
                decider, d -> { })) {
            System.out.println("Policy service on " + bind + ":" + server.port() + " (" + index.size() + " trusted domains)");
            life.await(null, () -> false, () -> { });
        }
        return 0;
    }
}
