package io.typoguard.runtime;

import io.typoguard.schema.Alert;

/** How the terminal shows an alert: one line, addresses optionally redacted. */
public final class AlertFormat {
    private AlertFormat() {
    }

    public static String oneLine(Alert a, boolean redact) {
        String technique = a.getTechnique() == null ? "-" : a.getTechnique().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        return String.format("ALERT %-8s %-16s %s -> %s  (meant %s; %s%s)",
                a.getSeverity(), a.getType(), address(a.getSender(), redact), address(a.getRecipient(), redact),
                a.getIntendedDomain(), technique, a.getCount() > 1 ? "; " + a.getCount() + " findings in window" : "");
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
