package io.typoguard.cli;

import io.typoguard.runtime.AppAcls;
import io.typoguard.runtime.AppConfig;
import io.typoguard.runtime.TopicSetup;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code typoguard topics} and {@code typoguard acls}: print the {@code kafka-topics.sh} and {@code kafka-acls.sh}
 * commands that prepare a cluster for the app described by {@code --config}, for the platform team to review and run
 * with its own admin credentials (the app's principal need not be allowed to create topics or grant ACLs). They
 * print and never connect: the script is what gets reviewed, and what runs.
 */
final class SetupCommands {
    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9._:/=,@+-]+");

    private SetupCommands() {
    }

    abstract static class ScriptCommand implements Callable<Integer> {
        @Option(names = {"-c", "--config"}, paramLabel = "<file>", description = "The app's properties file, as for run.")
        Path config;

        @Option(names = "--set", paramLabel = "<setting=value>", description = "Override one setting; repeatable.")
        Map<String, String> overrides = new LinkedHashMap<>();

        @Option(names = "--command-config", paramLabel = "<file>",
                description = "Admin client settings (credentials) for the printed commands' --command-config.")
        String commandConfig;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        abstract void print(AppConfig cfg, String prefix, PrintWriter out);

        @Override
        public final Integer call() {
            AppConfig cfg = AppConfig.from(AppConfig.sources(config, System.getenv(), overrides));
            String bootstrap = cfg.kafka().get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG);
            if (bootstrap == null || bootstrap.isBlank()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "bootstrap.servers is not set in --config or --set");
            }
            String prefix = "--bootstrap-server " + quote(bootstrap) + (commandConfig == null ? "" : " --command-config " + quote(commandConfig));
            PrintWriter out = spec.commandLine().getOut();
            out.println("#!/usr/bin/env bash");
            out.println("set -euo pipefail");
            print(cfg, prefix, out);
            out.flush();
            return 0;
        }
    }

    @Command(name = "topics", mixinStandardHelpOptions = true,
            description = {"Print the kafka-topics.sh commands that create the app's topics (partitions, replication, "
                    + "LogAppendTime, retention and compaction as the app needs them); --if-not-exists makes them safe to re-run."})
    static final class Topics extends ScriptCommand {
        @Override
        void print(AppConfig cfg, String prefix, PrintWriter out) {
            for (NewTopic t : TopicSetup.plan(cfg.topology().topics(), cfg.partitions(), cfg.replicationFactor(), cfg.ownRetention())) {
                StringBuilder line = new StringBuilder("kafka-topics.sh ").append(prefix).append(" --create --if-not-exists --topic ")
                        .append(quote(t.name())).append(" --partitions ").append(t.numPartitions())
                        .append(" --replication-factor ").append(t.replicationFactor());
                new TreeMap<>(t.configs()).forEach((k, v) -> line.append(" --config ").append(quote(k + "=" + v)));
                out.println(line);
            }
        }
    }

    @Command(name = "acls", mixinStandardHelpOptions = true,
            description = {"Print the kafka-acls.sh commands that give the app's principal what it needs and nothing more: "
                    + "its input and output topics, its internal topics, group and transactional ids (prefix application.id)."})
    static final class Acls extends ScriptCommand {
        @Option(names = "--principal", required = true, paramLabel = "<principal>", description = "e.g. User:typoguard")
        String principal;

        @Option(names = "--no-table-writes",
                description = "Leave out WRITE on trusted.domains and typo.exceptions (when another principal runs typoguard trusted/exceptions).")
        boolean noTableWrites;

        @Override
        void print(AppConfig cfg, String prefix, PrintWriter out) {
            String appId = cfg.kafka().getOrDefault(StreamsConfig.APPLICATION_ID_CONFIG, "typoguard");
            List<AclBinding> acls = AppAcls.bindings(cfg.topology().topics(), principal, appId, !noTableWrites);
            // One command per resource, with all its operations: each kafka-acls.sh call starts a JVM.
            Map<ResourcePattern, List<String>> byResource = new LinkedHashMap<>();
            for (AclBinding b : acls) {
                byResource.computeIfAbsent(b.pattern(), k -> new ArrayList<>()).add(b.entry().operation().name());
            }
            byResource.forEach((p, operations) -> {
                String resource = switch (p.resourceType()) {
                    case TOPIC -> "--topic";
                    case GROUP -> "--group";
                    case TRANSACTIONAL_ID -> "--transactional-id";
                    default -> throw new IllegalStateException("unexpected resource " + p.resourceType());
                };
                StringBuilder line = new StringBuilder("kafka-acls.sh ").append(prefix).append(" --add --allow-principal ").append(quote(principal));
                operations.forEach(op -> line.append(" --operation ").append(op));
                line.append(' ').append(resource).append(' ').append(quote(p.name()));
                if (p.patternType() == PatternType.PREFIXED) {
                    line.append(" --resource-pattern-type prefixed");
                }
                out.println(line);
            });
        }
    }

    static String quote(String s) {
        return SHELL_SAFE.matcher(s).matches() ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}
