package io.typoguard.cli;

import io.typoguard.lists.TableContents;
import io.typoguard.runtime.AppConfig;
import io.typoguard.runtime.TableTopic;
import io.typoguard.serde.AvroSerdes;
import io.typoguard.serde.InMemorySchemaRegistry;
import io.typoguard.topology.Topics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * A command on one of the compacted tables (trusted.domains, typo.exceptions) of the cluster {@code run} uses: the
 * same {@code --config} and {@code --set}, the same serdes (so records carry the schema ids the app reads).
 */
abstract class TableCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, paramLabel = "<file>", description = "The same properties file as for run (optional).")
    Path config;

    @Option(names = "--set", paramLabel = "<setting=value>", description = "Override one setting; repeatable.")
    Map<String, String> overrides = new LinkedHashMap<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    AvroSerdes serdes;
    AppConfig appConfig;
    TableTopic topic;
    String topicName;

    /** Which table this command works on. */
    abstract String table(Topics topics);

    abstract int run(PrintWriter out, PrintWriter err) throws Exception;

    @Override
    public final Integer call() throws Exception {
        AppConfig cfg = AppConfig.from(AppConfig.sources(config, System.getenv(), overrides));
        appConfig = cfg;
        io.typoguard.serde.SchemaRegistry registry = cfg.schemaRegistry();
        topicName = table(cfg.topology().topics());
        if (registry instanceof InMemorySchemaRegistry) {
            // In the fixed order, so the ids match those of the app's own in-process registry.
            serdes = new AvroSerdes(registry).registerAll(cfg.topology().topics());
        } else {
            // Only the table's subject, with the serde settings as the app uses them (a login that may only read works).
            serdes = new AvroSerdes(registry, cfg.serde());
            io.typoguard.registry.SchemaSetup.prepare(registry, serdes.topics(cfg.topology().topics()).stream()
                    .filter(t -> t.topic().equals(topicName)).toList(), cfg.serde().mode());
        }
        topic = new TableTopic(topicName, cfg.kafka(), cfg.topology().topics());
        return run(spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /** The table as it is now; unreadable records are reported on {@code err} and left out, as the app skips them. */
    <V> Map<String, V> current(PrintWriter err, Function<byte[], V> decode) {
        topic.check();
        TableContents<V> contents = topic.read(decode);
        for (TableContents.Unreadable u : contents.unreadable()) {
            err.println("warning: " + topicName + " offset " + u.offset() + " (" + u.key() + ") cannot be read (" + u.reason()
                    + "); the app skips it too");
        }
        return contents.values();
    }
}
