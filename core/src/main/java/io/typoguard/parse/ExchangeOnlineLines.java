package io.typoguard.parse;

import io.typoguard.detect.InvalidDomainException;
import io.typoguard.schema.DeliveryStatus;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Exchange Online message trace CSV ({@code "Received","SenderAddress","RecipientAddress",...}), as
 * {@code Get-MessageTrace | Export-Csv} writes it. A header line ("Received,...") sets the columns for the lines
 * after it; the times carry no zone and are read in the configured one. The same rows as JSON objects
 * ({@code ConvertTo-Json}, the reporting web service) are read too. One instance remembers the latest
 * header, so it is not shared between threads.
 */
final class ExchangeOnlineLines {
    static final String TRACE_HEADER = "Received,SenderAddress,RecipientAddress,Subject,Status,ToIP,FromIP,Size,MessageId,MessageTraceId,Index";
    private static final DateTimeFormatter[] TRACE_TIMES = {
        DateTimeFormatter.ofPattern("M/d/yyyy h:mm:ss a", Locale.US),
        DateTimeFormatter.ofPattern("M/d/yyyy H:mm:ss", Locale.US),
        DateTimeFormatter.ofPattern("d/M/yyyy H:mm:ss", Locale.US),
        DateTimeFormatter.ISO_LOCAL_DATE_TIME,
    };

    private Map<String, Integer> trace = CsvFields.index(TRACE_HEADER.split(","));
    private final ZoneId zone;

    ExchangeOnlineLines(ZoneId zone) {
        this.zone = zone;
    }

    static boolean isTraceLine(String s) {
        return s.startsWith("\"") && s.indexOf("\",\"") > 0;
    }

    /** One line: the header, or one message to one recipient ({@code defaultHost}: the line names no host). */
    ParseOutcome parse(String line, String defaultHost) {
        String[] f = CsvFields.split(line);
        if (f == null) {
            return new ParseOutcome.Failure("unreadable CSV");
        }
        if (f.length > 0 && f[0].equalsIgnoreCase("Received")) {
            trace = CsvFields.index(f);
            return new ParseOutcome.Noise("message trace header");
        }
        return delivery(CsvFields.get(f, trace, "Received"), CsvFields.get(f, trace, "RecipientAddress"),
                CsvFields.get(f, trace, "SenderAddress"), CsvFields.get(f, trace, "Status"), CsvFields.get(f, trace, "MessageId"),
                CsvFields.get(f, trace, "MessageTraceId"), CsvFields.get(f, trace, "ToIP"), defaultHost);
    }

    /** True for one message trace row as JSON ({@code Get-MessageTrace | ConvertTo-Json}, the reporting web service). */
    static boolean isTraceObject(JsonNode node) {
        return node.has("RecipientAddress") && node.has("Received");
    }

    /** One message trace row as a JSON object. */
    ParseOutcome parse(JsonNode node, String defaultHost) {
        return delivery(text(node, "Received"), text(node, "RecipientAddress"), text(node, "SenderAddress"), text(node, "Status"),
                text(node, "MessageId"), text(node, "MessageTraceId"), text(node, "ToIP"), defaultHost);
    }

    private static String text(JsonNode node, String field) {
        JsonNode n = node.get(field);
        return n == null || n.isNull() || !n.isValueNode() ? null : n.asText();
    }

    private ParseOutcome delivery(String when, String rcpt, String sender, String statusText, String messageId, String traceId,
                                  String toIp, String defaultHost) {
        DeliveryStatus status = switch (statusText == null ? "" : statusText.toLowerCase(Locale.ROOT)) {
            case "delivered", "expanded" -> DeliveryStatus.SENT;
            case "failed" -> DeliveryStatus.BOUNCED;
            case "pending", "gettingstatus", "deferred" -> DeliveryStatus.DEFERRED;
            case "quarantined", "filteredasspam" -> DeliveryStatus.REJECTED;
            default -> DeliveryStatus.UNKNOWN;
        };
        if (rcpt == null || rcpt.isBlank() || when == null) {
            return new ParseOutcome.Failure("message trace line without Received or RecipientAddress");
        }
        long ts = time(when.strip());
        if (ts == Long.MIN_VALUE) {
            return new ParseOutcome.Failure("invalid timestamp");
        }
        String to = rcpt.strip();
        try {
            return new ParseOutcome.Deliveries(List.of(new Delivery(ts, defaultHost, traceId, Addresses.unbracket(messageId),
                    CsvFields.orElse(sender, ""), to, Addresses.recipientDomain(to), null, status, toIp, null, "exchange-online")));
        } catch (InvalidDomainException e) {
            return new ParseOutcome.Failure(e.getMessage());
        }
    }

    /**
     * Epoch milliseconds of a trace time, or Long.MIN_VALUE: Export-Csv's local times (in the configured zone),
     * ISO times with or without a zone, and ConvertTo-Json's "/Date(1574069103923)/" of Windows PowerShell 5.1.
     */
    private long time(String when) {
        if (when.startsWith("/Date(") && when.endsWith(")/")) {
            String ms = when.substring(6, when.length() - 2);
            int sign = Math.max(ms.indexOf('+', 1), ms.indexOf('-', 1));
            try {
                return Long.parseLong(sign > 0 ? ms.substring(0, sign) : ms);
            } catch (NumberFormatException e) {
                return Long.MIN_VALUE;
            }
        }
        for (DateTimeFormatter fmt : TRACE_TIMES) {
            try {
                return LocalDateTime.parse(when, fmt).atZone(zone).toInstant().toEpochMilli();
            } catch (DateTimeParseException ignored) {
                // next pattern
            }
        }
        try {
            return OffsetDateTime.parse(when).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            return Long.MIN_VALUE;
        }
    }
}
