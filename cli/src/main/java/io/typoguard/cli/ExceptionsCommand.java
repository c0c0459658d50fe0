package io.typoguard.cli;

import io.typoguard.lists.ExceptionRules;
import io.typoguard.schema.TypoException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code typoguard exceptions approve|withdraw|list}: approved typo recipients for the policy service
 * ({@code typo.exceptions}), with the rules the app applies to the topic ({@link ExceptionRules}, shared with the
 * HTTP API).
 */
@Command(name = "exceptions", mixinStandardHelpOptions = true,
        description = "Manage approved typo recipients for the policy service (typo.exceptions): approve, withdraw, list.",
        subcommands = {ExceptionsCommand.Approve.class, ExceptionsCommand.Withdraw.class, ExceptionsCommand.ListCommand.class})
final class ExceptionsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A command on typo.exceptions. */
    abstract static class OnCluster extends TableCommand {
        @Override
        String table(io.typoguard.topology.Topics topics) {
            return topics.exceptions();
        }

        Map<String, TypoException> current(PrintWriter err) {
            return current(err, b -> serdes.typoException.deserializer().deserialize(topicName, b));
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true,
            description = "Let mail from a sender to a look-alike recipient through the policy service until it expires.")
    static final class Approve extends OnCluster {
        @Option(names = "--sender", required = true, description = "Sender address, sender domain, or '*'.")
        String sender;
        @Option(names = "--recipient", required = true, description = "Recipient address or domain.")
        String recipient;
        @Option(names = "--expires", required = true, description = "A date (2027-01-31, the end of that day UTC) or an instant (2027-01-31T17:00:00Z).")
        String expires;
        @Option(names = "--approved-by", required = true, description = "Who approved it (shown in every decision it allows).")
        String approvedBy;
        @Option(names = "--reason", description = "Why: a ticket number, say.")
        String reason;

        @Override
        int run(PrintWriter out, PrintWriter err) {
            TypoException value = ExceptionRules.approval(sender, recipient, expires, approvedBy, reason, Instant.now(),
                    ExceptionRules.Fields.CLI);
            topic.check();
            topic.write(List.of(new AbstractMap.SimpleEntry<>(ExceptionRules.key(value),
                    serdes.typoException.serializer().serialize(topicName, value))));
            out.println("approved " + value.getSender() + " -> " + value.getRecipient() + " until " + value.getExpires()
                    + " (by " + value.getApprovedBy() + ")");
            return 0;
        }
    }

    @Command(name = "withdraw", mixinStandardHelpOptions = true, description = "Withdraw an approved exception (tombstone).")
    static final class Withdraw extends OnCluster {
        @Option(names = "--sender", required = true, description = "Sender address, sender domain, or '*', as approved.")
        String sender;
        @Option(names = "--recipient", required = true, description = "Recipient address or domain, as approved.")
        String recipient;

        @Override
        int run(PrintWriter out, PrintWriter err) {
            String key = ExceptionRules.key(sender, recipient, ExceptionRules.Fields.CLI);
            if (!current(err).containsKey(key)) {
                err.println("no exception " + key.replace("|", " -> ") + " on " + topicName);
                return 1;
            }
            topic.write(List.of(new AbstractMap.SimpleEntry<>(key, null)));
            out.println("withdrawn " + key.replace("|", " -> "));
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List approved exceptions with expiry and approver.")
    static final class ListCommand extends OnCluster {
        @Override
        int run(PrintWriter out, PrintWriter err) {
            Map<String, TypoException> all = new TreeMap<>(current(err));
            Instant now = Instant.now();
            for (TypoException e : all.values()) {
                boolean expired = e.getExpires() != null && !now.isBefore(e.getExpires());
                out.println(e.getSender() + " -> " + e.getRecipient() + "  until " + (e.getExpires() == null ? "never" : e.getExpires())
                        + (expired ? " (expired)" : "") + "  approved by " + e.getApprovedBy() + (e.getReason() == null ? "" : "  (" + e.getReason() + ")"));
            }
            out.println(all.size() + " exceptions on " + topicName);
            return 0;
        }
    }
}
