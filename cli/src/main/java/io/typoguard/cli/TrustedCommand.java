package io.typoguard.cli;

import io.typoguard.lists.TrustedChanges;
import io.typoguard.schema.TrustedDomain;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
        description = "Manage the trusted-domain list on the cluster (trusted.domains): import a CSV, export, list, remove, "
                + "and suggest entries from the correspondents the app learned.",
        subcommands = {TrustedCommand.Import.class, TrustedCommand.Export.class, TrustedCommand.ListCommand.class,
            TrustedCommand.Remove.class, TrustedCommand.Suggest.class})
final class TrustedCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A command on trusted.domains. */
    abstract static class OnCluster extends TableCommand {
        @Override
        String table(io.typoguard.topology.Topics topics) {
            return topics.trusted();
        }

        Map<String, TrustedDomain> current(PrintWriter err) {
            return current(err, b -> serdes.trustedDomain.deserializer().deserialize(topicName, b));
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
            List<TrustedChanges.Change> changes = TrustedChanges.plan(current(err), wanted, prune);
            changes.forEach(c -> out.println((dryRun ? "would " : "") + c));
            if (!dryRun) {
                topic.write(TrustedChanges.records(changes, this::encode));
            }
            TrustedChanges.Summary sum = TrustedChanges.Summary.of(wanted.size(), changes);
            out.println((dryRun ? "dry run: " : "") + sum.entries() + " entries in " + file + "; " + sum.added() + " added, "
                    + sum.updated() + " updated, " + sum.removed() + " removed, " + sum.unchanged() + " unchanged"
                    + (dryRun ? " (nothing written)" : ""));
            return 0;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true, description = "Print the topic's entries as CSV that import reads back unchanged.")
    static final class Export extends OnCluster {
        @Override
        int run(PrintWriter out, PrintWriter err) {
            out.print(TrustedChanges.toCsv(new TreeMap<>(current(err)).values()));
            out.flush();
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the trusted domains on the topic.")
    static final class ListCommand extends OnCluster {
        @Override
        int run(PrintWriter out, PrintWriter err) {
            Map<String, TrustedDomain> all = new TreeMap<>(current(err));
            all.values().forEach(d -> out.println(d.getDomain() + "  " + TrustedChanges.describe(d)));
            out.println(all.size() + " trusted domains on " + topicName);
            return 0;
        }
    }

    @Command(name = "suggest", mixinStandardHelpOptions = true,
            description = "Print the organisation's established correspondents (learned from the logs, typoguard.correspondents), "
                    + "most senders first, then most mail both ways, as a trusted-list CSV with the reason for each in a comment: "
                    + "review it, then typoguard trusted import it. Domains already trusted are left out.")
    static final class Suggest extends TableCommand {
        @Option(names = "--organisation", paramLabel = "<org>", description = "Only this organisation's (a sender domain, or a name "
                + "from typoguard.organisations); default every organisation's.")
        String organisation;

        @Option(names = "--top", paramLabel = "<n>", defaultValue = "100", description = "At most this many (default ${DEFAULT-VALUE}).")
        int top;

        @Override
        String table(io.typoguard.topology.Topics topics) {
            return topics.correspondents();
        }

        @Override
        int run(PrintWriter out, PrintWriter err) {
            if (top < 1) {
                err.println("typoguard: --top must be at least 1");
                return 2;
            }
            Map<String, io.typoguard.schema.Correspondent> learned = current(err,
                    b -> serdes.correspondent.deserializer().deserialize(topicName, b));
            String trustedTopic = appConfig.topology().topics().trusted();
            io.typoguard.runtime.TableTopic trusted = new io.typoguard.runtime.TableTopic(trustedTopic, appConfig.kafka(),
                    appConfig.topology().topics());
            trusted.check();
            java.util.Set<String> already = trusted.read(b -> serdes.trustedDomain.deserializer().deserialize(trustedTopic, b)).values().keySet();
            List<io.typoguard.schema.Correspondent> ranked = io.typoguard.relate.Suggestions.rank(learned.values(), organisation, already, top);
            out.print(io.typoguard.relate.Suggestions.toCsv(ranked));
            out.flush();
            err.println(ranked.size() + " suggested of " + learned.values().stream().filter(io.typoguard.schema.Correspondent::getEstablished).count()
                    + " established correspondents on " + topicName + (organisation == null ? "" : " (organisation " + organisation + ")")
                    + "; " + already.size() + " domains already trusted");
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Withdraw trusted domains (tombstones).")
    static final class Remove extends OnCluster {
        @Parameters(paramLabel = "DOMAIN", arity = "1..*", description = "Domains to withdraw.")
        List<String> domains;

        @Override
        int run(PrintWriter out, PrintWriter err) {
            Map<String, TrustedDomain> now = current(err);
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
