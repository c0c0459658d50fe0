package io.typoguard.parse;

import io.typoguard.schema.DeliveryStatus;

/**
 * One message to one recipient, as read from a log: the parser's output, before it becomes an Avro
 * {@code MailEvent}.
 *
 * @param timestampMs       when the MTA logged it (epoch milliseconds, UTC)
 * @param host              MTA host (may be null)
 * @param queueId           MTA queue id (may be null)
 * @param messageId         Message-ID without angle brackets (may be null)
 * @param sender            envelope sender; "" for the null sender; null when unknown (orphan)
 * @param recipient         envelope recipient
 * @param recipientDomain   normalised recipient domain
 * @param originalRecipient orig_to when present (may be null)
 * @param status            delivery outcome
 * @param relay             next hop (may be null)
 * @param dsn               enhanced status code (may be null)
 * @param format            parser name: postfix, json
 */
public record Delivery(long timestampMs, String host, String queueId, String messageId, String sender,
                       String recipient, String recipientDomain, String originalRecipient, DeliveryStatus status,
                       String relay, String dsn, String format) {

    public Delivery withSender(String newSender, String newMessageId) {
        return new Delivery(timestampMs, host, queueId, newMessageId != null ? newMessageId : messageId, newSender,
                recipient, recipientDomain, originalRecipient, status, relay, dsn, format);
    }
}
