package io.typoguard.relate;

import io.typoguard.schema.DeliveryStatus;

/**
 * One message between an organisation and another domain, as a relationship counts it: the direction, who sent
 * it (hashed, {@link Relationship#hash}; 0 for inbound), the outcome and the log time. Plain Java, no Kafka.
 */
public record Contact(boolean outbound, long senderHash, DeliveryStatus status, long time) {
    public static Contact sent(String sender, DeliveryStatus status, long time) {
        return new Contact(true, Relationship.hash(sender), status, time);
    }

    public static Contact received(long time) {
        return new Contact(false, 0L, DeliveryStatus.SENT, time);
    }
}
