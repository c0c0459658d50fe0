package io.typoguard.cli;

import io.typoguard.runtime.AppConfig;
import io.typoguard.config.ConfigException;
import io.typoguard.cli.Demo;
import io.typoguard.runtime.TopicSetup;
import io.typoguard.runtime.TypoguardApp;
import io.typoguard.serde.InMemorySchemaRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code typoguard} command. */
@Command(name = "typoguard", mixinStandardHelpOptions = true, version = "typoguard 0.1.0",
        description = "Catches email headed for typo domains (army.ml for army.mil) in real time from mail-server logs.",
        subcommands = {TypoguardCli.DemoCommand.class, TypoguardCli.RunCommand.class, CheckCommand.class, ScanCommand.class, EvaluateCommand.class,
            RegistryCommand.class, PolicyCommand.class, ResetCommand.class, TrustedCommand.class, ExceptionsCommand.class,
            SetupCommands.Topics.class, SetupCommands.Acls.class})
public final class TypoguardCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        return execute(new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true), args);
    }

    /** Runs the command line with the given output and error writers (tests capture them). */
    public static int execute(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new TypoguardCli()).setOut(out).setErr(err);
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            if (ex instanceof ConfigException || ex instanceof IllegalArgumentException
                    || ex instanceof io.typoguard.registry.SchemaSetupException) {
                line.getErr().println("typoguard: " + ex.getMessage());
                return 2;
            }
            line.getErr().println("typoguard: " + ex);
            return 1;
        });
        return cl.execute(args);
    }

    @Command(name = "demo", mixinStandardHelpOptions = true,
            description = "Start an in-process Kafka broker, the app, a trusted list and mail-log traffic; print alerts live.")
    static final class DemoCommand implements Callable<Integer> {
        @Option(names = "--duration", paramLabel = "<seconds>", defaultValue = "0",
                description = "Stop after this many seconds (0: run until Ctrl-C). Default: ${DEFAULT-VALUE}.")
        long durationSeconds;

        @Option(names = "--rate", paramLabel = "<messages/s>", defaultValue = "200",
                description = "Synthetic messages per second after the bundled logs. Default: ${DEFAULT-VALUE}.")
        int rate;

        @Option(names = "--redact", description = "Mask the local part of addresses in printed alerts.")
        boolean redact;

        @Option(names = "--http-port", paramLabel = "<port>", defaultValue = "8080",
                description = "Port of the live page, metrics and health (taken: any free port; -1: none). Default: ${DEFAULT-VALUE}.")
        int httpPort;

        @Option(names = "--alerts", paramLabel = "<style>", defaultValue = "text",
                description = "How to print alerts: text, ocsf (OCSF Detection Finding JSON, as on mail.alerts.ocsf), ecs "
                        + "(Elastic Common Schema JSON) or cef (the line the syslog sink connector sends). Default: ${DEFAULT-VALUE}.")
        String alertStyle;

        @Override
        public Integer call() throws Exception {
            if (durationSeconds < 0) {
                throw new IllegalArgumentException("--duration must be 0 or more seconds");
            }
            if (rate < 1 || rate > 1_000_000) {
                throw new IllegalArgumentException("--rate must be between 1 and 1000000 messages per second");
            }
            io.typoguard.cli.AlertFormat.Style style;
            try {
                style = io.typoguard.cli.AlertFormat.Style.valueOf(alertStyle.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--alerts must be text, ocsf, ecs or cef, not '" + alertStyle + "'");
            }
            try {
                Class.forName("io.typoguard.testkit.EmbeddedKafkaBroker");
            } catch (ClassNotFoundException e) {
                throw new IllegalArgumentException("demo needs the in-process Kafka broker, which the production jar and image do "
                        + "not carry: run bin/typoguard demo from a checkout (it adds testkit/target to the class path)");
            }
            // Ctrl-C and SIGTERM ask the demo to stop and let run() return, so the process exits 0 as promised.
            try (io.typoguard.runtime.Lifecycle life = io.typoguard.runtime.Lifecycle.forProcess(Duration.ofSeconds(45))) {
                return new Demo(new Demo.Options(Duration.ofSeconds(durationSeconds), rate, redact, System.out, style, httpPort), life).run();
            }
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Run Typoguard against an existing Kafka cluster. Settings: defaults < --config file < environment "
                    + "(TYPOGUARD_*, TYPOGUARD_KAFKA_*) < --set; see docs/configuration.md.")
    static final class RunCommand implements Callable<Integer> {
        @Option(names = {"-c", "--config"}, paramLabel = "<file>",
                description = "Properties file: Kafka Streams settings plus typoguard.* settings (optional).")
        Path config;

        @Option(names = "--set", paramLabel = "<setting=value>", description = "Override one setting; repeatable.")
        Map<String, String> overrides = new java.util.LinkedHashMap<>();

        @Override
        public Integer call() throws Exception {
            AppConfig cfg = AppConfig.from(AppConfig.sources(config, System.getenv(), overrides));
            if (cfg.jsonLogs() && !"json".equals(System.getProperty("typoguard.log.format"))) {
                System.setProperty("typoguard.log.format", "json");
                org.apache.logging.log4j.core.config.Configurator.reconfigure();
            }
            // Fail fast with a clear message on a wrong password or an untrusted certificate.
            io.typoguard.runtime.ClusterCheck.connect(cfg.topology().topics(), cfg.kafka(), Duration.ofSeconds(20));
            if (cfg.createTopics()) {
                Map<String, Object> admin = new HashMap<>(cfg.kafka());
                TopicSetup.ensure(admin, TopicSetup.plan(cfg.topology().topics(), cfg.partitions(), cfg.replicationFactor(), cfg.ownRetention()));
            }
            // With schema.registry.url: any Confluent-compatible registry. Without: an in-process registry that
            // registers the schemas in a fixed order, so every instance with the same topic names gets the same ids.
            io.typoguard.serde.SchemaRegistry registry = cfg.schemaRegistry();
            try (io.typoguard.runtime.Lifecycle life = io.typoguard.runtime.Lifecycle.forProcess(cfg.shutdownTimeout().plusSeconds(5));
                 io.typoguard.runtime.AppHost host = io.typoguard.runtime.AppHost.create(cfg.topology(), registry, cfg.serde(), cfg.kafka(),
                    cfg.httpBind(), cfg.httpPort(), false, cfg.httpToken())) {
                TypoguardApp app = host.app();
                app.start();
                io.typoguard.runtime.PolicyService policy = cfg.policy().enabled()
                        ? app.startPolicyService(cfg.policy(), d -> host.metrics().policyDecision(d.action().name())) : null;
                System.out.println("Typoguard running" + (host.url() == null ? "" : "; metrics, health and the live page at " + host.url())
                        + (policy == null ? "" : "; policy service on " + cfg.policy().bind() + ":" + policy.port())
                        + "; Ctrl-C or SIGTERM to stop.");
                life.await(null, () -> app.runner().state().hasCompletedShutdown(), () -> { });
                // The policy service first: Postfix then applies its default action until another instance answers.
                if (policy != null) {
                    policy.close();
                }
                app.runner().close(cfg.shutdownTimeout());
                return app.runner().endedInError() ? 1 : 0;
            }
        }
    }
}
