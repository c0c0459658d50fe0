package io.typoguard.web;

import io.typoguard.lists.TableContents;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.typoguard.detect.DomainName;
import io.typoguard.detect.InvalidDomainException;
import io.typoguard.lists.ExceptionRules;
import io.typoguard.lists.TrustedChanges;
import io.typoguard.schema.TrustedDomain;
import io.typoguard.schema.TypoException;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The trusted list and the approved exceptions over HTTP: the operations of {@code typoguard trusted} and
 * {@code typoguard exceptions}, with the same checks ({@link TrustedChanges}, {@link ExceptionRules}) and the same
 * writes (records on trusted.domains / typo.exceptions with the app's serdes, so they carry the schema ids the app
 * reads).
 *
 * <p>Reads (list, export) and the comparison an import starts from read the topic itself to its end
 * ({@link ListTopic}), not the app's in-memory views: the topic is what an import changes, it answers at once after a
 * write (the global stores follow a moment later), and it keeps what the views drop (the note of a trusted domain, the
 * reason of an exception). The cost is one short-lived consumer per request, which suits automation and a page that
 * refreshes the lists every 30 s. Writes of one instance are serialised; two instances importing at once can still
 * interleave, as two CLI imports can.
 */
final class ListsApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> EXCEPTION_FIELDS = Set.of("sender", "recipient", "expires", "approvedBy", "reason");

    /** What to answer: status, content type, body. */
    record Reply(int status, String type, String body) {
        static Reply json(int status, JsonNode body) {
            return new Reply(status, "application/json", body.toString());
        }

        static Reply error(int status, String message) {
            return json(status, JSON.createObjectNode().put("error", message));
        }
    }

    private final AppView app;
    private final Object writes = new Object();

    ListsApi(AppView app) {
        this.app = app;
    }

    // --- trusted.domains ---------------------------------------------------------------------------------------

    /** {@code GET /api/trusted}: JSON, or with {@code csv} the CSV that an import reads back unchanged. */
    Reply trustedList(boolean csv) {
        TableContents<TrustedDomain> contents = trustedContents();
        Map<String, TrustedDomain> sorted = new TreeMap<>(contents.values());
        if (csv) {
            return new Reply(200, "text/csv; charset=utf-8", TrustedChanges.toCsv(sorted.values()));
        }
        ObjectNode out = JSON.createObjectNode().put("topic", trustedTopic()).put("count", sorted.size());
        ArrayNode rows = out.putArray("domains");
        sorted.values().forEach(d -> trustedJson(rows.addObject(), d));
        unreadable(out, contents, key -> key);
        return Reply.json(200, out);
    }

    /**
     * {@code POST /api/trusted/import}: makes the topic hold the CSV body; every row is checked first and a bad body
     * writes nothing (400, each problem as {@code body:line: reason}).
     */
    Reply trustedImport(byte[] body, boolean dryRun, boolean prune) {
        Map<String, TrustedDomain> wanted;
        try {
            wanted = TrustedChanges.readFile("body", body);
        } catch (TrustedChanges.BadFileException e) {
            ObjectNode out = JSON.createObjectNode().put("error", "the trusted list was refused; nothing written");
            e.problems().forEach(out.putArray("problems")::add);
            return Reply.json(400, out);
        }
        synchronized (writes) {
            ListTopic topic = trustedTable();
            topic.check();
            List<TrustedChanges.Change> changes = TrustedChanges.plan(topic.read(this::decodeTrusted).values(), wanted, prune);
            if (!dryRun) {
                topic.write(TrustedChanges.records(changes, d -> app.serdes().trustedDomain.serializer().serialize(trustedTopic(), d)));
            }
            TrustedChanges.Summary sum = TrustedChanges.Summary.of(wanted.size(), changes);
            ObjectNode out = JSON.createObjectNode().put("dryRun", dryRun).put("prune", prune).put("written", !dryRun && !changes.isEmpty())
                    .put("entries", sum.entries()).put("added", sum.added()).put("updated", sum.updated())
                    .put("removed", sum.removed()).put("unchanged", sum.unchanged());
            ArrayNode list = out.putArray("changes");
            for (TrustedChanges.Change c : changes) {
                ObjectNode n = list.addObject().put("change", c.kind().name().toLowerCase(Locale.ROOT)).put("domain", c.domain());
                if (c.value() != null) {
                    n.put("description", TrustedChanges.describe(c.value()));
                }
            }
            return Reply.json(200, out);
        }
    }

    /** {@code DELETE /api/trusted/<domain>}: a tombstone for one domain; 404 when it is not on the list. */
    Reply trustedRemove(String raw) {
        String domain;
        try {
            domain = DomainName.parse(raw).ascii();
        } catch (InvalidDomainException e) {
            return Reply.error(400, "'" + raw + "' is not a domain name: " + e.getMessage() + "; nothing written");
        }
        synchronized (writes) {
            ListTopic topic = trustedTable();
            topic.check();
            if (!topic.read(this::decodeTrusted).values().containsKey(domain)) {
                return Reply.error(404, domain + " is not on the list");
            }
            topic.write(List.of(new AbstractMap.SimpleEntry<>(domain, null)));
        }
        return Reply.json(200, JSON.createObjectNode().put("removed", domain));
    }

    // --- typo.exceptions ---------------------------------------------------------------------------------------

    /** {@code GET /api/exceptions}: every approved exception with its expiry (and whether it has passed) and approver. */
    Reply exceptionsList() {
        ListTopic topic = exceptionsTable();
        topic.check();
        TableContents<TypoException> contents = topic.read(this::decodeException);
        Map<String, TypoException> sorted = new TreeMap<>(contents.values());
        Instant now = Instant.now();
        ObjectNode out = JSON.createObjectNode().put("topic", exceptionsTopic()).put("count", sorted.size());
        ArrayNode rows = out.putArray("exceptions");
        // Shown as alerts show addresses (typoguard.privacy.addresses): the page and read-only automation need no more.
        io.typoguard.privacy.AddressPrivacy privacy = app.privacy();
        sorted.values().forEach(e -> exceptionJson(rows.addObject(), e, now, privacy));
        unreadable(out, contents, key -> key == null ? null : java.util.Arrays.stream(key.split("\\|", -1))
                .map(part -> shown(part, privacy)).collect(java.util.stream.Collectors.joining("|")));
        return Reply.json(200, out);
    }

    /**
     * {@code POST /api/exceptions}: approves one exception from a JSON object (sender, recipient, expires, approvedBy,
     * reason); 201 when new, 200 when it replaces one for the same sender and recipient, 400 when refused.
     */
    Reply exceptionApprove(byte[] body) {
        JsonNode request;
        try {
            request = JSON.readTree(body);
        } catch (java.io.IOException e) {
            request = null;
        }
        if (request == null || !request.isObject()) {
            return Reply.error(400, "the body must be a JSON object with sender, recipient, expires, approvedBy and optionally reason");
        }
        for (Iterator<String> names = request.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!EXCEPTION_FIELDS.contains(name)) {
                return Reply.error(400, "unknown field '" + name + "' (expected sender, recipient, expires, approvedBy, reason); nothing written");
            }
            if (!request.get(name).isTextual() && !request.get(name).isNull()) {
                return Reply.error(400, name + " must be a string; nothing written");
            }
        }
        TypoException value;
        try {
            value = ExceptionRules.approval(text(request, "sender"), text(request, "recipient"), text(request, "expires"),
                    text(request, "approvedBy"), text(request, "reason"), Instant.now(), ExceptionRules.Fields.JSON);
        } catch (ExceptionRules.Refused e) {
            return Reply.error(400, e.getMessage() + "; nothing written");
        }
        String key = ExceptionRules.key(value);
        boolean replaced;
        synchronized (writes) {
            ListTopic topic = exceptionsTable();
            topic.check();
            replaced = topic.read(this::decodeException).values().containsKey(key);
            topic.write(List.of(new AbstractMap.SimpleEntry<>(key, app.serdes().typoException.serializer().serialize(exceptionsTopic(), value))));
        }
        ObjectNode out = JSON.createObjectNode().put("replaced", replaced);
        exceptionJson(out.putObject("approved"), value, Instant.now(), io.typoguard.privacy.AddressPrivacy.CLEAR);
        return Reply.json(replaced ? 200 : 201, out);
    }

    /** {@code DELETE /api/exceptions?sender=..&recipient=..}: withdraws one exception; 404 when there is none. */
    Reply exceptionWithdraw(String sender, String recipient) {
        String key;
        try {
            key = ExceptionRules.key(sender, recipient, ExceptionRules.Fields.JSON);
        } catch (ExceptionRules.Refused e) {
            return Reply.error(400, e.getMessage() + " (query parameters sender and recipient); nothing written");
        }
        String shown = key.replace("|", " -> ");
        synchronized (writes) {
            ListTopic topic = exceptionsTable();
            topic.check();
            if (!topic.read(this::decodeException).values().containsKey(key)) {
                return Reply.error(404, "no exception " + shown + " on " + exceptionsTopic());
            }
            topic.write(List.of(new AbstractMap.SimpleEntry<>(key, null)));
        }
        return Reply.json(200, JSON.createObjectNode().put("withdrawn", shown));
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    private TableContents<TrustedDomain> trustedContents() {
        ListTopic topic = trustedTable();
        topic.check();
        return topic.read(this::decodeTrusted);
    }

    private String trustedTopic() {
        return app.topics().trusted();
    }

    private String exceptionsTopic() {
        return app.topics().exceptions();
    }

    private ListTopic trustedTable() {
        return app.table(trustedTopic());
    }

    private ListTopic exceptionsTable() {
        return app.table(exceptionsTopic());
    }

    private TrustedDomain decodeTrusted(byte[] bytes) {
        return app.serdes().trustedDomain.deserializer().deserialize(trustedTopic(), bytes);
    }

    private TypoException decodeException(byte[] bytes) {
        return app.serdes().typoException.deserializer().deserialize(exceptionsTopic(), bytes);
    }

    private static String text(JsonNode request, String field) {
        JsonNode n = request.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    private static void trustedJson(ObjectNode n, TrustedDomain d) {
        n.put("domain", d.getDomain()).put("organisation", d.getOrganisation())
                .put("sensitivity", d.getSensitivity().name().toLowerCase(Locale.ROOT)).put("includeSubdomains", d.getIncludeSubdomains());
        d.getAllowedLookalikes().stream().sorted().forEach(n.putArray("allowedLookalikes")::add);
        n.put("note", d.getNote());
    }

    private static void exceptionJson(ObjectNode n, TypoException e, Instant now, io.typoguard.privacy.AddressPrivacy privacy) {
        n.put("sender", shown(e.getSender(), privacy)).put("recipient", shown(e.getRecipient(), privacy))
                .put("expires", e.getExpires() == null ? null : e.getExpires().toString())
                .put("expired", e.getExpires() != null && !now.isBefore(e.getExpires()))
                .put("approvedBy", e.getApprovedBy()).put("reason", e.getReason());
    }

    /** Addresses as the privacy setting shows them; a domain or '*' as it is. */
    private static String shown(String value, io.typoguard.privacy.AddressPrivacy privacy) {
        return value != null && value.contains("@") ? privacy.apply(value) : value;
    }

    /** Records of the table that cannot be read: the app leaves their entries as they were and dead-letters them. */
    private static void unreadable(ObjectNode out, TableContents<?> contents, java.util.function.UnaryOperator<String> shownKey) {
        ArrayNode list = out.putArray("unreadable");
        for (TableContents.Unreadable u : contents.unreadable()) {
            list.addObject().put("offset", u.offset()).put("key", shownKey.apply(u.key()))
                    .put("reason", u.reason() + "; the app skips it and copies it to the dead-letter topic");
        }
    }
}
