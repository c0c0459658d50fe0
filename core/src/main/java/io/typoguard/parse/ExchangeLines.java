package io.typoguard.parse;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.typoguard.detect.InvalidDomainException;
import io.typoguard.schema.DeliveryStatus;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Microsoft Exchange message tracking logs (on-premises, versions 14 and 15: the {@code #Fields:} header
 * decides the columns, recipients are ';'-separated, fields may be quoted) and the Exchange Online message
 * trace CSV ({@code "Received","SenderAddress","RecipientAddress",...}). One instance remembers the latest
 * header it saw, so it is not shared between threads.
 */
final class ExchangeLines {
    /** Exchange 2013-2019 (version 15) columns, used until a {@code #Fields:} line says otherwise. */
    static final String V15_FIELDS = "date-time,client-ip,client-hostname,server-ip,server-hostname,source-context,"
            + "connector-id,source,event-id,internal-message-id,message-id,network-message-id,recipient-address,"
            + "recipient-status,total-bytes,recipient-count,related-recipient-address,reference,message-subject,"
            + "sender-address,return-path,message-info,directionality,tenant-id,original-client-ip,original-server-ip,"
            + "custom-data,transport-traffic-type,log-id,schema-version";
    static final String TRACE_HEADER = "Received,SenderAddress,RecipientAddress,Subject,Status,ToIP,FromIP,Size,MessageId,MessageTraceId,Index";
    private static final CsvMapper CSV = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
    private static final DateTimeFormatter[] TRACE_TIMES = {
        DateTimeFormatter.ofPattern("M/d/yyyy h:mm:ss a", Locale.US),
        DateTimeFormatter.ofPattern("M/d/yyyy H:mm:ss", Locale.US),
        DateTimeFormatter.ofPattern("d/M/yyyy H:mm:ss", Locale.US),
        DateTimeFormatter.ISO_LOCAL_DATE_TIME,
    };

    /** Exchange 2010 (version 14) columns. */
    static final String V14_FIELDS = "date-time,client-ip,client-hostname,server-ip,server-hostname,source-context,"
            + "connector-id,source,event-id,internal-message-id,message-id,recipient-address,recipient-status,total-bytes,"
            + "recipient-count,related-recipient-address,reference,message-subject,sender-address,return-path,message-info,"
            + "directionality,tenant-id,original-client-ip,original-server-ip,custom-data";
    private static final Map<String, Integer> V15 = index(V15_FIELDS.split(","));
    private static final Map<String, Integer> V14 = index(V14_FIELDS.split(","));

    /** Columns from the latest #Fields header, per host (the record key), when one was seen. */
    private final Map<String, Map<String, Integer>> headerByHost = new HashMap<>();
    private Map<String, Integer> trace = index(TRACE_HEADER.split(","));
    private final ZoneId zone;

    ExchangeLines(ZoneId zone) {
        this.zone = zone;
    }

    static boolean isTrackingLine(String s) {
        return s.length() > 20 && Character.isDigit(s.charAt(0)) && s.charAt(4) == '-' && s.charAt(10) == 'T'
                && s.indexOf(',') > 18 && s.indexOf(',') < 40;
    }

    static boolean isTrackingHeader(String s) {
        return s.startsWith("#") && (s.startsWith("#Software: Microsoft Exchange") || s.startsWith("#Fields:")
                || s.startsWith("#Version:") || s.startsWith("#Log-type:") || s.startsWith("#Date:"));
    }

    static boolean isTraceLine(String s) {
        return s.startsWith("\"") && s.indexOf("\",\"") > 0;
    }

    private String defaultHostForHeader;

    private static String hostKey(String host) {
        return host == null ? "" : host;
    }

    /**
     * The columns for a line: the latest #Fields header of its host when this parser saw one; otherwise the
     * standard layout with that many columns (version 15: 30, version 14: 26), so a restart or rebalance that
     * lost the header still reads standard logs correctly.
     */
    private Map<String, Integer> columnsFor(String host, int fieldCount) {
        Map<String, Integer> h = headerByHost.get(hostKey(host));
        if (h != null && h.size() == fieldCount) {
            return h;
        }
        if (fieldCount == V14.size()) {
            return V14;
        }
        return h != null ? h : V15;
    }

    ParseOutcome header(String s, String host) {
        defaultHostForHeader = host;
        return header(s);
    }

    ParseOutcome header(String s) {
        if (s.startsWith("#Fields:")) {
            Map<String, Integer> columns = index(s.substring("#Fields:".length()).strip().split(","));
            if (!columns.containsKey("recipient-address") || !columns.containsKey("event-id") || !columns.containsKey("date-time")) {
                return new ParseOutcome.Failure("Exchange #Fields header without date-time, event-id or recipient-address");
            }
            headerByHost.put(hostKey(defaultHostForHeader), columns);
        }
        return new ParseOutcome.Noise("exchange log header");
    }

    ParseOutcome tracking(String line, String defaultHost) {
        String[] f = split(line);
        if (f == null) {
            return new ParseOutcome.Failure("unreadable CSV");
        }
        Map<String, Integer> tracking = columnsFor(defaultHost, f.length);
        String event = get(f, tracking, "event-id");
        DeliveryStatus status = switch (event == null ? "" : event.toUpperCase(Locale.ROOT)) {
            case "SEND", "DELIVER" -> DeliveryStatus.SENT;
            case "DEFER" -> DeliveryStatus.DEFERRED;
            case "FAIL" -> DeliveryStatus.BOUNCED;
            default -> null;
        };
        if (status == null) {
            return new ParseOutcome.Noise("exchange event without delivery outcome");
        }
        long ts;
        try {
            ts = Instant.parse(get(f, tracking, "date-time")).toEpochMilli();
        } catch (DateTimeParseException | NullPointerException e) {
            return new ParseOutcome.Failure("invalid timestamp");
        }
        String host = orElse(get(f, tracking, "server-hostname"), defaultHost);
        String sender = orElse(get(f, tracking, "sender-address"), "");
        String messageId = Addresses.unbracket(get(f, tracking, "message-id"));
        String relay = get(f, tracking, "connector-id");
        String recipients = get(f, tracking, "recipient-address");
        if (recipients == null || recipients.isBlank()) {
            return new ParseOutcome.Failure("exchange delivery event without recipient-address");
        }
        List<Delivery> out = new ArrayList<>();
        for (String r : recipients.split(";")) {
            String rcpt = r.strip();
            if (rcpt.isEmpty()) {
                continue;
            }
            try {
                out.add(new Delivery(ts, host, get(f, tracking, "internal-message-id"), messageId, sender, rcpt,
                        Addresses.recipientDomain(rcpt), null, status, relay, null, "exchange"));
            } catch (InvalidDomainException e) {
                return new ParseOutcome.Failure(e.getMessage());
            }
        }
        return new ParseOutcome.Deliveries(List.copyOf(out));
    }

    ParseOutcome trace(String line, String defaultHost) {
        String[] f = split(line);
        if (f == null) {
            return new ParseOutcome.Failure("unreadable CSV");
        }
        if (f.length > 0 && f[0].equalsIgnoreCase("Received")) {
            trace = index(f);
            return new ParseOutcome.Noise("message trace header");
        }
        String statusText = orElse(get(f, trace, "Status"), "");
        DeliveryStatus status = switch (statusText.toLowerCase(Locale.ROOT)) {
            case "delivered" -> DeliveryStatus.SENT;
            case "failed" -> DeliveryStatus.BOUNCED;
            case "pending", "gettingstatus" -> DeliveryStatus.DEFERRED;
            case "quarantined", "filteredasspam" -> DeliveryStatus.REJECTED;
            default -> DeliveryStatus.UNKNOWN;
        };
        String rcpt = get(f, trace, "RecipientAddress");
        String when = get(f, trace, "Received");
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
            return new ParseOutcome.Deliveries(List.of(new Delivery(ts, defaultHost, get(f, trace, "MessageTraceId"),
                    Addresses.unbracket(get(f, trace, "MessageId")), orElse(get(f, trace, "SenderAddress"), ""), rcpt,
                    Addresses.recipientDomain(rcpt), null, status, get(f, trace, "ToIP"), null, "exchange-online")));
        } catch (InvalidDomainException e) {
            return new ParseOutcome.Failure(e.getMessage());
        }
    }

    private static String[] split(String line) {
        try (MappingIterator<String[]> it = CSV.readerFor(String[].class).readValues(line)) {
            return it.hasNext() ? it.next() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Map<String, Integer> index(String[] names) {
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < names.length; i++) {
            m.put(names[i].strip().replace("\"", ""), i);
        }
        return m;
    }

    private static String get(String[] f, Map<String, Integer> columns, String name) {
        Integer i = columns.get(name);
        return i == null || i >= f.length || f[i].isEmpty() ? null : f[i];
    }

    private static String orElse(String v, String fallback) {
        return v == null ? fallback : v;
    }
}
