package io.typoguard.siem;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.typoguard.schema.Alert;
import java.util.Locale;

/**
 * An alert as an Elastic Common Schema (ECS 8.x) document, for Elasticsearch / Elastic Security (and any SIEM
 * that maps ECS). Plain Java. The mapping, and the Splunk CIM Email aliases, are in docs/siem.md.
 */
public final class EcsDocument {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EcsDocument() {
    }

    public static String json(Alert a) {
        ObjectNode n = JSON.createObjectNode();
        n.put("@timestamp", a.getTimestamp().toString());
        n.put("message", a.getSummary());
        ObjectNode event = n.putObject("event");
        event.put("kind", "alert").put("module", "typoguard").put("dataset", "typoguard.alerts")
                .put("id", a.getAlertId() + "#" + a.getRevision())
                .put("action", a.getType().name().toLowerCase(Locale.ROOT).replace('_', '-') + "-" + a.getActivity().name().toLowerCase(Locale.ROOT))
                .put("severity", OcsfFinding.severityId(a.getSeverity()))
                .put("outcome", "unknown");
        event.putArray("category").add("email").add("threat");
        event.putArray("type").add("indicator");
        if (a.getFirstSeen() != null) {
            event.put("start", a.getFirstSeen().toString());
        }
        if (a.getLastSeen() != null) {
            event.put("end", a.getLastSeen().toString());
        }
        ObjectNode email = n.putObject("email");
        email.put("direction", "outbound");
        if (a.getSender() != null) {
            email.putObject("from").putArray("address").add(a.getSender());
        }
        if (a.getRecipient() != null) {
            email.putObject("to").putArray("address").add(a.getRecipient());
        }
        if (a.getTypoDomain() != null) {
            n.putObject("destination").put("domain", a.getTypoDomain());
        }
        n.putObject("rule").put("id", a.getType().name()).put("name", OcsfFinding.title(a)).put("ruleset", "typoguard");
        n.putObject("observer").put("vendor", "Typoguard").put("product", "Typoguard").put("type", "mail-log-analyser");
        ObjectNode labels = n.putObject("labels");
        labels.put("typoguard_incident", a.getAlertId()).put("typoguard_activity", a.getActivity().name())
                .put("typoguard_count", Long.toString(a.getCount()));
        if (a.getIntendedDomain() != null) {
            labels.put("typoguard_intended_domain", a.getIntendedDomain());
        }
        if (a.getTechnique() != null) {
            labels.put("typoguard_technique", a.getTechnique().name());
        }
        n.putObject("ecs").put("version", "8.11.0");
        return n.toString();
    }
}
