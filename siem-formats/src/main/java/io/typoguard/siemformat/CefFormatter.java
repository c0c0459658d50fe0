package io.typoguard.siemformat;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Turns one OCSF Detection Finding (as written to {@code mail.alerts.ocsf}) into one ArcSight CEF line:
 * {@code CEF:0|Typoguard|Typoguard|<version>|<signature id>|<name>|<severity 0-10>|<extensions>}.
 * Absent or null fields leave their extension out. Escaping follows the CEF specification: {@code \} and
 * {@code |} in header fields; {@code \}, {@code =} and line breaks in extension values. The mapping table is in
 * connectors/README.md.
 */
public final class CefFormatter {

    /** CEF severity (0-10) for an OCSF severity_id. */
    public static int cefSeverity(int ocsfSeverityId) {
        return switch (ocsfSeverityId) {
            case 1 -> 1;   // Informational
            case 2 -> 3;   // Low
            case 3 -> 5;   // Medium
            case 4 -> 8;   // High
            case 5 -> 10;  // Critical
            case 6 -> 10;  // Fatal
            default -> 0;  // 0 Unknown, 99 Other, anything else
        };
    }

    public String format(JsonNode finding) {
        JsonNode tg = finding.path("unmapped").path("typoguard");
        JsonNode info = finding.path("finding_info");
        JsonNode product = finding.path("metadata").path("product");
        StringBuilder b = new StringBuilder(512);
        b.append("CEF:0|");
        header(b, text(product, "vendor_name", "Typoguard"));
        header(b, text(product, "name", "Typoguard"));
        header(b, text(product, "version", "unknown"));
        header(b, text(tg, "alert_type", "TYPO_DOMAIN"));
        header(b, text(info, "title", text(finding, "message", "Typoguard alert")));
        JsonNode sev = finding.get("severity_id");
        b.append(cefSeverity(sev != null && sev.canConvertToInt() ? sev.asInt() : 0)).append('|');

        Ext e = new Ext(b);
        e.add("rt", number(finding, "time"));
        e.add("act", text(finding, "activity_name", null));
        e.add("externalId", text(info, "uid", null));
        e.add("msg", text(finding, "message", null));
        e.add("suser", text(tg, "sender", null));
        e.add("duser", text(tg, "recipient", null));
        e.add("dhost", text(tg, "typo_domain", null));
        e.add("shost", text(tg, "host", null));
        e.add("cnt", number(finding, "count"));
        e.add("start", number(info, "first_seen_time"));
        e.add("end", number(info, "last_seen_time"));
        e.labelled(1, "intendedDomain", text(tg, "intended_domain", null));
        e.labelled(2, "technique", text(tg, "technique", null));
        e.labelled(3, "deliveryStatus", text(tg, "delivery_status", null));
        e.labelled(4, "alertId", text(finding.path("metadata"), "uid", null));
        e.labelled(5, "queueId", text(tg, "queue_id", null));
        e.labelled(6, "messageId", text(tg, "message_id", null));
        return b.toString();
    }

    private static final class Ext {
        private final StringBuilder b;
        private boolean first = true;

        Ext(StringBuilder b) {
            this.b = b;
        }

        void add(String key, String value) {
            if (value == null) {
                return;
            }
            if (!first) {
                b.append(' ');
            }
            first = false;
            b.append(key).append('=');
            escapeExtension(b, value);
        }

        void labelled(int n, String label, String value) {
            if (value == null) {
                return;
            }
            add("cs" + n + "Label", label);
            add("cs" + n, value);
        }
    }

    private static void header(StringBuilder b, String value) {
        escapeHeader(b, value);
        b.append('|');
    }

    /** Header fields: backslash and pipe are escaped; line breaks are not allowed there and become spaces. */
    public static void escapeHeader(StringBuilder b, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '|' -> b.append("\\|");
                case '\r', '\n' -> b.append(' ');
                default -> b.append(c);
            }
        }
    }

    /** Extension values: backslash and equals sign are escaped, line breaks written as \n and \r. */
    public static void escapeExtension(StringBuilder b, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '=' -> b.append("\\=");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                default -> b.append(c);
            }
        }
    }

    static String text(JsonNode parent, String field, String fallback) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull() || n.isMissingNode() || n.isContainerNode()) {
            return fallback;
        }
        String s = n.asText();
        return s.isEmpty() ? fallback : s;
    }

    static String number(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        return n != null && n.isNumber() ? n.asText() : null;
    }
}
