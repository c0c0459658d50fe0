package io.typoguard.cli;

import io.typoguard.schema.Alert;

/** How the terminal shows an alert: one line, addresses optionally redacted. */
public final class AlertFormat {
    private AlertFormat() {
    }

    /** The ways the demo can print alerts. */
    public enum Style { TEXT, OCSF, ECS, CEF }

    private static final io.typoguard.siemformat.CefFormatter CEF = new io.typoguard.siemformat.CefFormatter();

    public static String render(Alert a, Style style, boolean redact) {
        return switch (style) {
            case TEXT -> oneLine(a, redact);
            case OCSF -> io.typoguard.siem.OcsfFinding.json(redact ? redacted(a) : a);
            case ECS -> io.typoguard.siem.EcsDocument.json(redact ? redacted(a) : a);
            // The same CEF line the syslog sink connector sends for this alert's mail.alerts.ocsf record.
            case CEF -> CEF.format(io.typoguard.siem.OcsfFinding.node(redact ? redacted(a) : a));
        };
    }

    /** A copy with the local parts of the sender and recipient masked, in the fields and in the summary. */
    static Alert redacted(Alert a) {
        String summary = a.getSummary();
        for (String address : new String[] {a.getSender(), a.getRecipient()}) {
            if (address != null && !address.isEmpty()) {
                summary = summary.replace(address, address(address, true));
            }
        }
        return Alert.newBuilder(a)
                .setSender(a.getSender() == null ? null : address(a.getSender(), true))
                .setRecipient(a.getRecipient() == null ? null : address(a.getRecipient(), true))
                .setSummary(summary)
                .build();
    }

    public static String oneLine(Alert a, boolean redact) {
        String technique = a.getTechnique() == null ? "-" : a.getTechnique().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        return String.format("ALERT %-8s %-18s %-6s %s -> %s  (meant %s; %s%s)",
                a.getSeverity(), a.getType(), a.getActivity(), address(a.getSender(), redact), address(a.getRecipient(), redact),
                a.getIntendedDomain(), technique, a.getCount() > 1 ? "; " + a.getCount() + " messages" : "");
    }

    /** {@code alice@typoguard.test} becomes {@code a****@typoguard.test} when redacting. */
    public static String address(String address, boolean redact) {
        if (address == null) {
            return "<unknown sender>";
        }
        if (address.isEmpty()) {
            return "<>";
        }
        if (!redact) {
            return address;
        }
        int at = address.lastIndexOf('@');
        if (at <= 0) {
            return "****";
        }
        return address.charAt(0) + "****" + address.substring(at);
    }
}
