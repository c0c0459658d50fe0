package io.typoguard.parse;

import io.typoguard.detect.InvalidDomainException;
import io.typoguard.schema.DeliveryStatus;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Microsoft Exchange message tracking logs (on-premises, versions 14 and 15: the {@code #Fields:} header
 * decides the columns, recipients are ';'-separated, fields may be quoted). One instance remembers the latest
 * header of each host it saw, so it is not shared between threads.
 */
final class ExchangeTrackingLines {
    /** Exchange 2013-2019 (version 15) columns, used until a {@code #Fields:} line says otherwise. */
    static final String V15_FIELDS = "date-time,client-ip,client-hostname,server-ip,server-hostname,source-context,"
            + "connector-id,source,event-id,internal-message-id,message-id,network-message-id,recipient-address,"
            + "recipient-status,total-bytes,recipient-count,related-recipient-address,reference,message-subject,"
            + "sender-address,return-path,message-info,directionality,tenant-id,original-client-ip,original-server-ip,"
            + "custom-data,transport-traffic-type,log-id,schema-version";
    /** Exchange 2010 (version 14) columns. */
    static final String V14_FIELDS = "date-time,client-ip,client-hostname,server-ip,server-hostname,source-context,"
            + "connector-id,source,event-id,internal-message-id,message-id,recipient-address,recipient-status,total-bytes,"
            + "recipient-count,related-recipient-address,reference,message-subject,sender-address,return-path,message-info,"
            + "directionality,tenant-id,original-client-ip,original-server-ip,custom-data";
    private static final Map<String, Integer> V15 = CsvFields.index(V15_FIELDS.split(","));
    private static final Map<String, Integer> V14 = CsvFields.index(V14_FIELDS.split(","));

    /** Columns from the latest #Fields header, per host (the record key), when one was seen. */
    private final Map<String, Map<String, Integer>> headerByHost = new HashMap<>();

    static boolean isTrackingLine(String s) {
        return s.length() > 20 && Character.isDigit(s.charAt(0)) && s.charAt(4) == '-' && s.charAt(10) == 'T'
                && s.indexOf(',') > 18 && s.indexOf(',') < 40;
    }

    static boolean isTrackingHeader(String s) {
        return s.startsWith("#") && (s.startsWith("#Software: Microsoft Exchange") || s.startsWith("#Fields:")
                || s.startsWith("#Version:") || s.startsWith("#Log-type:") || s.startsWith("#Date:"));
    }

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

    /** A header line; a {@code #Fields:} line sets the columns for the later lines of {@code host}. */
    ParseOutcome header(String s, String host) {
        if (s.startsWith("#Fields:")) {
            Map<String, Integer> columns = CsvFields.index(s.substring("#Fields:".length()).strip().split(","));
            if (!columns.containsKey("recipient-address") || !columns.containsKey("event-id") || !columns.containsKey("date-time")) {
                return new ParseOutcome.Failure("Exchange #Fields header without date-time, event-id or recipient-address");
            }
            headerByHost.put(hostKey(host), columns);
        }
        return new ParseOutcome.Noise("exchange log header");
    }

    /**
     * One tracking line: a delivery event per recipient, or noise. SEND, SENDEXTERNAL (Exchange Online and hybrid),
     * DELIVER and DUPLICATEDELIVER are sent; DEFER deferred; FAIL bounced; DROP (dropped without a DSN) and
     * MODERATORREJECT rejected. RECEIVE, SUBMIT, EXPAND, RESOLVE, TRANSFER, AGENTINFO and the rest are noise.
     */
    ParseOutcome tracking(String line, String defaultHost) {
        String[] f = CsvFields.split(line);
        if (f == null) {
            return new ParseOutcome.Failure("unreadable CSV");
        }
        Map<String, Integer> tracking = columnsFor(defaultHost, f.length);
        String event = CsvFields.get(f, tracking, "event-id");
        DeliveryStatus status = switch (event == null ? "" : event.toUpperCase(Locale.ROOT)) {
            case "SEND", "DELIVER", "SENDEXTERNAL", "DUPLICATEDELIVER" -> DeliveryStatus.SENT;
            case "DEFER", "SUBMITDEFER", "RESUBMITDEFER" -> DeliveryStatus.DEFERRED;
            case "FAIL", "DELIVERFAIL", "HAREDIRECTFAIL" -> DeliveryStatus.BOUNCED;
            case "DROP", "MODERATORREJECT" -> DeliveryStatus.REJECTED;
            default -> null;
        };
        if (status == null) {
            return new ParseOutcome.Noise("exchange event without delivery outcome");
        }
        long ts;
        try {
            ts = Instant.parse(CsvFields.get(f, tracking, "date-time")).toEpochMilli();
        } catch (DateTimeParseException | NullPointerException e) {
            return new ParseOutcome.Failure("invalid timestamp");
        }
        String host = CsvFields.orElse(CsvFields.get(f, tracking, "server-hostname"), defaultHost);
        String sender = CsvFields.orElse(CsvFields.get(f, tracking, "sender-address"), "");
        String messageId = Addresses.unbracket(CsvFields.get(f, tracking, "message-id"));
        String relay = CsvFields.get(f, tracking, "connector-id");
        String recipients = CsvFields.get(f, tracking, "recipient-address");
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
                out.add(new Delivery(ts, host, CsvFields.get(f, tracking, "internal-message-id"), messageId, sender, rcpt,
                        Addresses.recipientDomain(rcpt), null, status, relay, null, "exchange"));
            } catch (InvalidDomainException e) {
                return new ParseOutcome.Failure(e.getMessage());
            }
        }
        return new ParseOutcome.Deliveries(List.copyOf(out));
    }
}
