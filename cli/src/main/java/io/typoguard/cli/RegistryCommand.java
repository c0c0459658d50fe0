package io.typoguard.cli;

import io.typoguard.config.ConfigException;
import io.typoguard.registry.RegistryHttpServer;
import io.typoguard.registry.RegistryState;
import io.typoguard.registry.SchemaSetup;
import io.typoguard.runtime.AppConfig;
import io.typoguard.runtime.StreamsProps;
import io.typoguard.serde.AvroSerdes;
import io.typoguard.serde.SerdeSettings;
import io.typoguard.topology.TypoguardTopology;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code typoguard registry}: serve the Confluent-compatible schema registry API alone (in memory), on 127.0.0.1;
 * with a subcommand, list, check or register the subjects an app configuration writes (for a release pipeline that
 * registers the schemas so the app itself may run with a login that may only read).
 */
@Command(name = "registry", mixinStandardHelpOptions = true,
        description = "Serve the Confluent-compatible schema registry REST API on 127.0.0.1 (state in memory), until Ctrl-C; "
                + "or, with a subcommand, list, check or register the subjects an app configuration uses.",
        subcommands = {RegistryCommand.Subjects.class, RegistryCommand.Check.class, RegistryCommand.Register.class})
final class RegistryCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "8081", description = "Port on 127.0.0.1 (0: any free port). Default: ${DEFAULT-VALUE}.")
    int port;

    @Override
    public Integer call() throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        try (RegistryHttpServer server = RegistryHttpServer.start(new RegistryState(), port)) {
            System.out.println("Schema registry API at " + server.url());
            System.out.flush();
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "registry-shutdown"));
            stop.await();
        }
        return 0;
    }

    /** The app configuration's subjects: its Avro topics and the internal ones of its application.id. */
    abstract static class ConfigCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = {"-c", "--config"}, paramLabel = "<file>", description = "The app's properties file, as for run.")
        Path config;

        @Option(names = "--set", paramLabel = "<setting=value>", description = "Override one setting; repeatable.")
        Map<String, String> overrides = new java.util.LinkedHashMap<>();

        AppConfig cfg;

        List<AvroSerdes.TopicSerde> topics(io.typoguard.serde.SchemaRegistry registry, SerdeSettings settings) {
            String applicationId = StreamsProps.of(cfg.topology().topics(), cfg.kafka()).getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
            return TypoguardTopology.avroTopics(cfg.topology().topics(), new AvroSerdes(registry, settings), applicationId);
        }

        io.typoguard.serde.SchemaRegistry registry() {
            if (!cfg.registry().containsKey("schema.registry.url")) {
                throw new ConfigException("set schema.registry.url: without a registry the app keeps its schemas in-process");
            }
            return cfg.schemaRegistry();
        }

        @Override
        public Integer call() throws Exception {
            cfg = AppConfig.from(AppConfig.sources(config, System.getenv(), overrides));
            return run(spec.commandLine().getOut());
        }

        abstract int run(PrintWriter out);

        static void print(PrintWriter out, List<SchemaSetup.Outcome> outcomes) {
            for (SchemaSetup.Outcome o : outcomes) {
                out.printf("%-10s %-60s %s%s%n", o.action(), o.subject(), o.schema().getFullName(), o.id() < 0 ? "" : " (id " + o.id() + ")");
            }
            out.flush();
        }
    }

    @Command(name = "subjects", mixinStandardHelpOptions = true,
            description = "List the registry subjects the app writes with this configuration (subject name strategy and "
                    + "application.id included), with the record each holds. Contacts no registry.")
    static final class Subjects extends ConfigCommand {
        @Option(names = "--schemas", description = "Also print each schema (JSON), to register it with another tool.")
        boolean schemas;

        @Override
        int run(PrintWriter out) {
            for (AvroSerdes.TopicSerde t : topics(new io.typoguard.serde.InMemorySchemaRegistry(), cfg.serde())) {
                out.printf("%-60s %-45s topic %s%n", t.serde().subject(t.topic()), t.serde().schema().getFullName(), t.topic());
                if (schemas) {
                    out.println(t.serde().schema().toString());
                }
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Check the registry as run would at start, registering nothing: exit 0 when run would start, "
                    + "2 with the subjects and causes when it would not.")
    static final class Check extends ConfigCommand {
        @Override
        int run(PrintWriter out) {
            io.typoguard.serde.SchemaRegistry registry = registry();
            print(out, SchemaSetup.check(registry, topics(registry, cfg.serde()), cfg.serde().mode()));
            return 0;
        }
    }

    @Command(name = "register", mixinStandardHelpOptions = true,
            description = "Register every subject the app writes with this configuration, after checking that the registry "
                    + "accepts each one (nothing is registered when one would be refused). For a release pipeline whose "
                    + "login may write, so the app can run with one that may only read (auto.register.schemas=false).")
    static final class Register extends ConfigCommand {
        @Override
        int run(PrintWriter out) {
            io.typoguard.serde.SchemaRegistry registry = registry();
            SerdeSettings settings = new SerdeSettings(true, false, cfg.serde().valueStrategy());
            print(out, SchemaSetup.prepare(registry, topics(registry, settings), SerdeSettings.Mode.REGISTER));
            return 0;
        }
    }
}
