package io.typoguard.cli;

import io.typoguard.detect.DomainName;
import io.typoguard.detect.InvalidDomainException;
import io.typoguard.parse.Addresses;
import io.typoguard.policy.PolicyExceptions;
import io.typoguard.runtime.ConfigException;
import io.typoguard.schema.TypoException;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.AbstractMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code typoguard exceptions approve|withdraw|list}: approved typo recipients for the policy service
 * ({@code typo.exceptions}), with the rules the app applies to the topic: key {@code sender|recipient} in lower
 * case, the sender an address, a domain or {@code *}, the recipient an address or a domain.
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

    /** The sender as the table keys it: an address, a domain, or "*". */
    static String sender(String s) {
        if (s == null || s.isBlank()) {
            throw new ConfigException("--sender is required: an address, a domain, or '*' for any sender");
        }
        String v = s.strip();
        if (v.equals("*")) {
            return v;
        }
        return address(v, "--sender");
    }

    /** The recipient as the table keys it: an address or a domain. */
    static String recipient(String r) {
        if (r == null || r.isBlank()) {
            throw new ConfigException("--recipient is required: an address or a domain");
        }
        return address(r.strip(), "--recipient");
    }

    private static String address(String v, String option) {
        try {
            if (v.contains("@")) {
                String domain = Addresses.recipientDomain(v);
                return (v.substring(0, v.lastIndexOf('@')) + "@" + domain).toLowerCase(Locale.ROOT);
            }
            return DomainName.parse(v).ascii();
        } catch (InvalidDomainException e) {
            throw new ConfigException(option + " '" + v + "' cannot be read: " + e.getMessage());
        }
    }

    /** An ISO-8601 instant (2027-01-31T17:00:00Z) or a date (2027-01-31: the end of that day, UTC); never in the past. */
    static Instant expires(String text) {
        Instant at;
        try {
            at = text.contains("T") ? Instant.parse(text) : LocalDate.parse(text).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new ConfigException("--expires '" + text + "' is neither a date (2027-01-31) nor an instant (2027-01-31T17:00:00Z)");
        }
        if (!at.isAfter(Instant.now())) {
            throw new ConfigException("--expires " + text + " is in the past");
        }
        return at;
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
            String s = sender(sender);
            String r = recipient(recipient);
            Instant until = expires(expires);
            if (approvedBy.isBlank()) {
                throw new ConfigException("--approved-by must name who approved it");
            }
            TypoException value = TypoException.newBuilder().setSender(s).setRecipient(r).setExpires(until)
                    .setApprovedBy(approvedBy.strip()).setReason(reason == null || reason.isBlank() ? null : reason.strip()).build();
            String key = new PolicyExceptions.Exception(s, r, until, value.getApprovedBy()).key();
            topic.check();
            topic.write(List.of(new AbstractMap.SimpleEntry<>(key, serdes.typoException.serializer().serialize(topicName, value))));
            out.println("approved " + s + " -> " + r + " until " + until + " (by " + value.getApprovedBy() + ")");
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
            String key = sender(sender) + "|" + recipient(recipient);
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
