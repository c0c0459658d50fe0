package io.typoguard.parse;

import io.typoguard.detect.InvalidDomainException;
import io.typoguard.schema.DeliveryStatus;
import java.time.Instant;
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
 * after it; the times carry no zone and are read in the configured one. One instance remembers the latest
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
        String statusText = CsvFields.orElse(CsvFields.get(f, trace, "Status"), "");
        DeliveryStatus status = switch (statusText.toLowerCase(Locale.ROOT)) {
            case "delivered" -> DeliveryStatus.SENT;
            case "failed" -> DeliveryStatus.BOUNCED;
            case "pending", "gettingstatus" -> DeliveryStatus.DEFERRED;
            case "quarantined", "filteredasspam" -> DeliveryStatus.REJECTED;
            default -> DeliveryStatus.UNKNOWN;
        };
        String rcpt = CsvFields.get(f, trace, "RecipientAddress");
        String when = CsvFields.get(f, trace, "Received");
        if (rcpt == null || when == null) {
            return new ParseOutcome.Failure("message trace line without Received or RecipientAddress");
        }
        long ts = -1;
        for (DateTimeFormatter fmt : TRACE_TIMES) {
            try {
                ts = LocalDateTime.parse(when.strip(), fmt).atZone(zone).toInstant().toEpochMilli();
                break;
            } catch (DateTimeParseException ignored) {
                // next pattern
            }
        }
        if (ts < 0) {
            try {
                ts = Instant.parse(when.strip()).toEpochMilli();
            } catch (DateTimeParseException e) {
                return new ParseOutcome.Failure("invalid timestamp");
            }
        }
        try {
            return new ParseOutcome.Deliveries(List.of(new Delivery(ts, defaultHost, CsvFields.get(f, trace, "MessageTraceId"),
                    Addresses.unbracket(CsvFields.get(f, trace, "MessageId")), CsvFields.orElse(CsvFields.get(f, trace, "SenderAddress"), ""), rcpt,
                    Addresses.recipientDomain(rcpt), null, status, CsvFields.get(f, trace, "ToIP"), null, "exchange-online")));
        } catch (InvalidDomainException e) {
            return new ParseOutcome.Failure(e.getMessage());
        }
    }
}
