package io.typoguard.cli;

import io.typoguard.detect.Scoring;
import io.typoguard.detect.TypoDetector;
import io.typoguard.detect.Verdict;
import io.typoguard.schema.DeliveryStatus;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code typoguard check}: explain the verdict for addresses or domains. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Explain the verdict for each address or domain against a trusted list.",
            "Exit code: 0 no typo, 1 at least one typo, 2 bad input files or options."})
final class CheckCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "<address-or-domain>", description = "e.g. colonel.smith@army.ml or gmial.com")
    List<String> inputs;

    @Option(names = "--trusted", required = true, paramLabel = "<file>",
            description = "Trusted list: CSV domain,organisation,sensitivity,include_subdomains,allowed_lookalikes")
    Path trusted;

    @Option(names = "--allowlist", paramLabel = "<file>", description = "Extra legitimate look-alikes, one domain a line.")
    Path allowlist;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        TypoDetector detector = DetectorFiles.detector(trusted, allowlist);
        PrintWriter out = spec.commandLine().getOut();
        boolean anyTypo = false;
        for (String input : inputs) {
            Verdict v = detector.check(input);
            String line;
            if (v instanceof Verdict.Typo t) {
                anyTypo = true;
                Scoring.Score sent = Scoring.score(t.match(), DeliveryStatus.SENT);
                Scoring.Score bounced = Scoring.score(t.match(), DeliveryStatus.BOUNCED);
                line = "TYPO     " + input + " -> meant " + t.match().intended().name() + " ["
                        + TypoDetector.label(t.match().technique()) + "; severity " + sent.severity() + " (" + sent.value()
                        + ") if delivered, " + bounced.severity() + " (" + bounced.value() + ") if bounced]\n         "
                        + t.match().explanation();
            } else if (v instanceof Verdict.Trusted) {
                line = "TRUSTED  " + input + " (" + v.describe() + ")";
            } else if (v instanceof Verdict.Allowlisted) {
                line = "ALLOWED  " + input + " (" + v.describe() + ")";
            } else if (v instanceof Verdict.Clean) {
                line = "CLEAN    " + input + " (" + v.describe() + ")";
            } else {
                line = "INVALID  " + input + " (" + v.describe() + ")";
            }
            out.println(line);
        }
        out.flush();
        return anyTypo ? 1 : 0;
    }
}
