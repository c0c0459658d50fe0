package io.typoguard.parse;

import com.fasterxml.jackson.databind.JsonNode;
import io.typoguard.detect.InvalidDomainException;
import io.typoguard.schema.DeliveryStatus;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Typoguard's own JSON mail event: {@code {"timestamp","host","queue_id","message_id","from","to":[..],"status",
 * "relay","dsn"}}, one line per message with all its recipients. {@code timestamp} is ISO-8601 or epoch
 * milliseconds; {@code status} uses Postfix's words (sent, deferred, bounced, expired, rejected). The router
 * sends a JSON object here when it has {@code from} or {@code to}; otherwise it is a shipper envelope.
 */
final class JsonEvents {

    private JsonEvents() {
    }

    /** True when a JSON object is a mail event rather than a shipper's envelope. */
    static boolean isEvent(JsonNode node) {
        return node.has("to") || node.has("from");
    }

    static ParseOutcome parse(JsonNode node) {
        for (String required : List.of("timestamp", "from", "to")) {
            if (!node.hasNonNull(required)) {
                return new ParseOutcome.Failure("JSON line missing field '" + required + "'");
            }
        }
        long ts;
        JsonNode t = node.get("timestamp");
        try {
            if (t.isNumber() && !(t.isIntegralNumber() && t.canConvertToLong())) {
                return new ParseOutcome.Failure("JSON field 'timestamp' is not ISO-8601 or epoch milliseconds");
            }
            long fast = t.isNumber() ? Long.MIN_VALUE : Rfc3339.epochMillis(t.asText());
            ts = t.isNumber() ? t.asLong() : fast != Long.MIN_VALUE ? fast : Instant.from(OffsetDateTime.parse(t.asText())).toEpochMilli();
        } catch (DateTimeParseException e) {
            return new ParseOutcome.Failure("JSON field 'timestamp' is not ISO-8601 or epoch milliseconds");
        }
        if (!node.get("from").isTextual()) {
            return new ParseOutcome.Failure("JSON field 'from' is not a string");
        }
        String from = Addresses.unbracket(node.get("from").asText());
        JsonNode toNode = node.get("to");
        List<String> to = new ArrayList<>();
        if (toNode.isArray()) {
            for (JsonNode n : toNode) {
                if (!n.isTextual()) {
                    return new ParseOutcome.Failure("JSON field 'to' holds a non-string");
                }
                to.add(Addresses.unbracket(n.asText()));
            }
        } else if (toNode.isTextual()) {
            to.add(Addresses.unbracket(toNode.asText()));
        } else {
            return new ParseOutcome.Failure("JSON field 'to' is neither a string nor an array");
        }
        if (to.isEmpty()) {
            return new ParseOutcome.Failure("JSON field 'to' is empty");
        }
        DeliveryStatus status = node.hasNonNull("status") ? PostfixLines.status(node.get("status").asText()) : DeliveryStatus.UNKNOWN;
        String host = text(node, "host");
        String queueId = text(node, "queue_id");
        String messageId = Addresses.unbracket(text(node, "message_id"));
        List<Delivery> out = new ArrayList<>(to.size());
        for (int i = 0; i < to.size(); i++) {
            String domain;
            try {
                domain = Addresses.recipientDomain(to.get(i));
            } catch (InvalidDomainException e) {
                return new ParseOutcome.Failure("JSON recipient #" + (i + 1) + ": " + e.getMessage());
            }
            out.add(new Delivery(ts, host, queueId, messageId, from, to.get(i), domain, null, status,
                    text(node, "relay"), text(node, "dsn"), "json"));
        }
        return new ParseOutcome.Deliveries(List.copyOf(out));
    }

    private static String text(JsonNode node, String field) {
        JsonNode n = node.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }
}
