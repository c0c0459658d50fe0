package io.typoguard.siem;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.typoguard.schema.Alert;
import io.typoguard.schema.AlertActivity;
import io.typoguard.schema.Severity;
import java.time.Instant;

/**
 * An alert as an OCSF Detection Finding (class 2004, category Findings, schema 1.5.0), the JSON SIEMs that speak
 * OCSF (Amazon Security Lake, Splunk, Sentinel via ASIM mappings, Elastic) take as is. Plain Java: no Kafka.
 * The field-by-field mapping is in docs/siem.md. Typoguard's own fields that OCSF has no place for go under
 * {@code unmapped.typoguard}.
 */
public final class OcsfFinding {
    public static final String OCSF_VERSION = "1.5.0";
    public static final String PRODUCT_VERSION = "0.2.0";
    private static final ObjectMapper JSON = new ObjectMapper();

    private OcsfFinding() {
    }

    public static String json(Alert a) {
        return node(a).toString();
    }

    public static ObjectNode node(Alert a) {
        int activity = switch (a.getActivity()) {
            case CREATE -> 1;
            case UPDATE -> 2;
            case CLOSE -> 3;
        };
        ObjectNode n = JSON.createObjectNode();
        n.put("class_uid", 2004).put("class_name", "Detection Finding")
                .put("category_uid", 2).put("category_name", "Findings")
                .put("activity_id", activity).put("activity_name", activityName(a.getActivity()))
                .put("type_uid", 2004 * 100 + activity).put("type_name", "Detection Finding: " + activityName(a.getActivity()))
                .put("time", a.getTimestamp().toEpochMilli())
                .put("severity_id", severityId(a.getSeverity())).put("severity", severityName(a.getSeverity()));
        if (a.getActivity() == AlertActivity.CLOSE) {
            n.put("status_id", 99).put("status", "Inactive");
        } else {
            n.put("status_id", 1).put("status", "New");
        }
        n.put("message", a.getSummary())
                .put("is_alert", a.getActivity() != AlertActivity.CLOSE)
                .put("count", a.getCount());
        if (a.getFirstSeen() != null) {
            n.put("start_time", a.getFirstSeen().toEpochMilli());
        }
        if (a.getLastSeen() != null) {
            n.put("end_time", a.getLastSeen().toEpochMilli());
        }

        ObjectNode info = n.putObject("finding_info");
        info.put("uid", a.getAlertId()).put("title", title(a)).put("desc", a.getSummary());
        info.putArray("types").add(typeName(a));
        putTime(info, "first_seen_time", a.getFirstSeen());
        putTime(info, "last_seen_time", a.getLastSeen());
        ObjectNode analytic = info.putObject("analytic");
        analytic.put("name", "typoguard-" + a.getType().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
                .put("type_id", 1).put("type", "Rule");

        ObjectNode meta = n.putObject("metadata");
        meta.put("version", OCSF_VERSION).put("uid", a.getAlertId() + "#" + a.getRevision());
        meta.putObject("product").put("name", "Typoguard").put("vendor_name", "Typoguard").put("version", PRODUCT_VERSION);
        meta.put("log_name", "mail.alerts.ocsf");

        if (a.getTypoDomain() != null) {
            ArrayNode resources = n.putArray("resources");
            ObjectNode r = resources.addObject();
            r.put("name", a.getTypoDomain()).put("type", "Domain");
        }

        ObjectNode t = n.putObject("unmapped").putObject("typoguard");
        t.put("alert_type", a.getType().name())
                .put("revision", a.getRevision())
                .put("delivered_count", a.getDeliveredCount())
                .put("backlog", a.getBacklog());
        putText(t, "sender", a.getSender());
        putText(t, "recipient", a.getRecipient());
        putText(t, "typo_domain", a.getTypoDomain());
        putText(t, "intended_domain", a.getIntendedDomain());
        putText(t, "technique", a.getTechnique() == null ? null : a.getTechnique().name());
        if (a.getDistinctSenders() > 0) {
            t.put("distinct_senders", a.getDistinctSenders());
        }
        putTime(t, "window_start", a.getWindowStart());
        putTime(t, "window_end", a.getWindowEnd());
        return n;
    }

    static String title(Alert a) {
        return switch (a.getType()) {
            case DELIVERED_TYPO -> "Mail delivered to typo domain " + a.getTypoDomain() + " (meant " + a.getIntendedDomain() + ")";
            case SENDER_THRESHOLD -> "Sender repeatedly writing to typo domains";
            case TYPO_DOMAIN_VOLUME -> "High mail volume to typo domain " + a.getTypoDomain() + " (imitates " + a.getIntendedDomain() + ")";
            default -> "Typoguard alert";
        };
    }

    static String typeName(Alert a) {
        return switch (a.getType()) {
            case DELIVERED_TYPO -> "Misdirected email";
            case SENDER_THRESHOLD -> "Repeated misdirected email";
            case TYPO_DOMAIN_VOLUME -> "Typo domain volume";
            default -> "Other";
        };
    }

    static String activityName(AlertActivity a) {
        return switch (a) {
            case CREATE -> "Create";
            case UPDATE -> "Update";
            case CLOSE -> "Close";
        };
    }

    /** OCSF severity_id: 1 Informational, 2 Low, 3 Medium, 4 High, 5 Critical. */
    public static int severityId(Severity s) {
        return switch (s) {
            case INFO -> 1;
            case LOW -> 2;
            case MEDIUM -> 3;
            case HIGH -> 4;
            case CRITICAL -> 5;
        };
    }

    static String severityName(Severity s) {
        return switch (s) {
            case INFO -> "Informational";
            case LOW -> "Low";
            case MEDIUM -> "Medium";
            case HIGH -> "High";
            case CRITICAL -> "Critical";
        };
    }

    private static void putTime(ObjectNode n, String field, Instant t) {
        if (t != null) {
            n.put(field, t.toEpochMilli());
        }
    }

    private static void putText(ObjectNode n, String field, String v) {
        if (v != null) {
            n.put(field, v);
        }
    }
}
