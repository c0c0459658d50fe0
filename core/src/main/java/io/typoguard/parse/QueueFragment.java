package io.typoguard.parse;

import io.typoguard.schema.DeliveryStatus;

/**
 * A log line reduced to what queue-id correlation needs. Postfix names the sender on the qmgr line and each
 * recipient on a delivery line; Sendmail (from= / to=) and Exim (&lt;= / =&gt;) do the same; only the
 * (host, queue id) pair joins them.
 *
 * @param kind        which line it was
 * @param timestampMs log time
 * @param host        MTA host
 * @param queueId     the MTA's queue id (Postfix, Sendmail, Exim)
 * @param sender      SENDER: the from= address ("" for the null sender)
 * @param messageId   MESSAGE_ID: the cleanup message-id
 * @param delivery    DELIVERY: the recipient's delivery, sender still unknown
 */
public record QueueFragment(Kind kind, long timestampMs, String host, String queueId, String sender,
                              String messageId, Delivery delivery) {

    /** EXPIRED: Postfix gave up on the recipients still deferred ({@code from=<..>, status=expired}). */
    public enum Kind { SENDER, MESSAGE_ID, DELIVERY, REMOVED, EXPIRED }

    /** The correlation key: queue ids are only unique per host. */
    public String correlationKey() {
        return (host == null ? "" : host) + "|" + queueId;
    }

    public static QueueFragment delivery(long ts, String host, String queueId, String recipient, String domain,
                                           String origTo, DeliveryStatus status, String relay, String dsn) {
        return delivery(ts, host, queueId, recipient, domain, origTo, status, relay, dsn, "postfix");
    }

    public static QueueFragment delivery(long ts, String host, String queueId, String recipient, String domain,
                                           String origTo, DeliveryStatus status, String relay, String dsn, String format) {
        return new QueueFragment(Kind.DELIVERY, ts, host, queueId, null, null,
                new Delivery(ts, host, queueId, null, null, recipient, domain, origTo, status, relay, dsn, format));
    }
}
