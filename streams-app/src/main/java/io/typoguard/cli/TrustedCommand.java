package io.typoguard.cli;

import io.typoguard.runtime.AppConfig;
import io.typoguard.runtime.TableTopic;
import io.typoguard.schema.TrustedDomain;
import io.typoguard.serde.AvroSerdes;
import io.typoguard.serde.InMemorySchemaRegistry;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code typoguard trusted import|export|list|remove}: the trusted-domain topic managed from the command line,
 * against the cluster {@code run} uses ({@code --config}, the same settings and serdes, so the records carry the
 * schema ids the app reads).
 */
@Command(name = "trusted", mixinStandardHelpOptions = true,
        description = "Manage the trusted-domain list on the cluster (trusted.domains): import a CSV, export, list, remove.",
        subcommands = {TrustedCommand.Import.class, TrustedCommand.Export.class, TrustedCommand.ListCommand.class,
            TrustedCommand.Remove.class})
final class TrustedCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** What every subcommand needs: the app's settings, its serdes and the topic. */
    abstract static class OnCluster implements Callable<Integer> {
        @Option(names = {"-c", "--config"}, paramLabel = "<file>", description = "The same properties file as for run (optional).")
        Path config;

        @Option(names = "--set", paramLabel = "<setting=value>", description = "Override one setting; repeatable.")
        Map<String, String> overrides = new LinkedHashMap<>();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        AvroSerdes serdes;
        TableTopic topic;
        String topicName;

        @Override
        public final Integer call() throws Exception {
            AppConfig cfg = AppConfig.from(AppConfig.sources(config, System.getenv(), overrides));
            io.typoguard.serde.SchemaRegistry registry = cfg.registry().containsKey("schema.registry.url")
                    ? new io.typoguard.registry.HttpSchemaRegistry(cfg.registry()) : new InMemorySchemaRegistry();
            serdes = new AvroSerdes(registry).registerAll(cfg.topology().topics());
            topicName = cfg.topology().topics().trusted();
            topic = new TableTopic(topicName, cfg.kafka(), cfg.topology().topics());
            return run(spec.commandLine().getOut(), spec.commandLine().getErr());
        }

        abstract int run(PrintWriter out, PrintWriter err) throws Exception;

        TableTopic.Contents<TrustedDomain> current(PrintWriter err) {
            topic.check();
            TableTopic.Contents<TrustedDomain> contents = topic.read(b -> serdes.trustedDomain.deserializer().deserialize(topicName, b));
            for (TableTopic.Unreadable u : contents.unreadable()) {
                err.println("warning: " + topicName + " offset " + u.offset() + " (" + u.key() + ") cannot be read (" + u.reason()
                        + "); the app skips it too");
            }
            return contents;
        }

        byte[] encode(TrustedDomain d) {
            return serdes.trustedDomain.serializer().serialize(topicName, d);
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Make the topic hold the CSV's entries (domain,organisation,sensitivity,include_subdomains,allowed_lookalikes). "
                    + "Every row is checked first; nothing is written when any is bad. A second import of the same file changes nothing.")
    static final class Import extends OnCluster {
        @Parameters(paramLabel = "FILE", description = "The trusted list (CSV, UTF-8, LF line ends).")
        Path file;

        @Option(names = "--dry-run", description = "Print the changes; write nothing.")
        boolean dryRun;

        @Option(names = "--prune", description = "Also withdraw (tombstone) entries on the topic that are not in the file.")
        boolean prune;

        @Override
        int run(PrintWriter out, PrintWriter err) throws Exception {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (NoSuchFileException e) {
                err.println("typoguard: " + file + ": no such file");
                return 2;
            }
            Map<String, TrustedDomain> wanted;
            try {
                wanted = TrustedChanges.readFile(file.toString(), bytes);
            } catch (TrustedChanges.BadFileException e) {
                err.println(e.getMessage());
                err.println("typoguard: nothing written");
                return 2;
            }
            List<TrustedChanges.Change> changes = TrustedChanges.plan(current(err).values(), wanted, prune);
            changes.forEach(c -> out.println((dryRun ? "would " : "") + c));
            long adds = changes.stream().filter(c -> c.kind() == TrustedChanges.Change.Kind.ADD).count();
            long updates = changes.stream().filter(c -> c.kind() == TrustedChanges.Change.Kind.UPDATE).count();
            long removes = changes.size() - adds - updates;
            if (!dryRun) {
                List<Map.Entry<String, byte[]>> records = new ArrayList<>();
                for (TrustedChanges.Change c : changes) {
                    records.add(new AbstractMap.SimpleEntry<>(c.domain(), c.value() == null ? null : encode(c.value())));
                }
                topic.write(records);
            }
            out.println((dryRun ? "dry run: " : "") + wanted.size() + " entries in " + file + "; " + adds + " added, " + updates + " updated, "
                    + removes + " removed, " + (wanted.size() - adds - updates) + " unchanged" + (dryRun ? " (nothing written)" : ""));
            return 0;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true, description = "Print the topic's entries as CSV that import reads back unchanged.")
    static final class Export extends OnCluster {
        @Override
        int run(PrintWriter out, PrintWriter err) {
            out.print(TrustedChanges.toCsv(new TreeMap<>(current(err).values()).values()));
            out.flush();
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the trusted domains on the topic.")
    static final class ListCommand extends OnCluster {
        @Override
        int run(PrintWriter out, PrintWriter err) {
            Map<String, TrustedDomain> all = new TreeMap<>(current(err).values());
            all.values().forEach(d -> out.println(d.getDomain() + "  " + TrustedChanges.describe(d)));
            out.println(all.size() + " trusted domains on " + topicName);
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Withdraw trusted domains (tombstones).")
    static final class Remove extends OnCluster {
        @Parameters(paramLabel = "DOMAIN", arity = "1..*", description = "Domains to withdraw.")
        List<String> domains;

        @Override
        int run(PrintWriter out, PrintWriter err) {
            Map<String, TrustedDomain> now = current(err).values();
            List<Map.Entry<String, byte[]>> records = new ArrayList<>();
            int missing = 0;
            for (String raw : domains) {
                String d;
                try {
                    d = io.typoguard.detect.DomainName.parse(raw).ascii();
                } catch (io.typoguard.detect.InvalidDomainException e) {
                    err.println("typoguard: " + raw + ": " + e.getMessage() + "; nothing written");
                    return 2;
                }
                if (now.containsKey(d)) {
                    records.add(new AbstractMap.SimpleEntry<>(d, null));
                    out.println("remove  " + d);
                } else {
                    err.println(d + " is not on the list");
                    missing++;
                }
            }
            topic.write(records);
            out.println(records.size() + " removed" + (missing > 0 ? ", " + missing + " not on the list" : ""));
            return missing > 0 ? 1 : 0;
        }
    }
}
