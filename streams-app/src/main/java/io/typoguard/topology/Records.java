package io.typoguard.topology;

import com.google.common.hash.Hashing;
import io.typoguard.detect.Match;
import io.typoguard.detect.Scoring;
import io.typoguard.parse.Delivery;
import io.typoguard.schema.Alert;
import io.typoguard.schema.AlertType;
import io.typoguard.schema.DeliveryStatus;
import io.typoguard.schema.MailEvent;
import io.typoguard.schema.SenderWindowStats;
import io.typoguard.schema.Severity;
import io.typoguard.schema.TypoFinding;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;

/** Conversions between the pure model and the Avro records on the topics. No Kafka here. */
final class Records {
    static final int MAX_TYPO_DOMAINS_PER_WINDOW = 50;

    private Records() {
    }

    /**
     * A stable 128-bit id (32 hex digits) of the fields that identify a record, so a replayed line gets the
     * same id and consumers can deduplicate. Murmur3: ids need to be unique, not unforgeable, and this runs
     * once per event on the ingest thread.
     */
    static String id(String... parts) {
        com.google.common.hash.Hasher h = Hashing.murmur3_128().newHasher();
        for (String p : parts) {
            h.putString(p == null ? "" : p, StandardCharsets.UTF_8).putByte((byte) 0x1f);
        }
        return h.hash().toString();
    }

    static MailEvent toEvent(Delivery d) {
        return MailEvent.newBuilder()
                .setEventId(id(d.format(), d.host(), d.queueId(), d.messageId(), d.recipient(), Long.toString(d.timestampMs()),
                        d.status().name(), d.sender()))
                .setTimestamp(java.time.Instant.ofEpochMilli(d.timestampMs()))
                .setHost(d.host())
                .setQueueId(d.queueId())
                .setMessageId(d.messageId())
                .setSender(d.sender())
                .setRecipient(d.recipient())
                .setRecipientDomain(d.recipientDomain())
                .setRecipientDomainUnicode(d.recipientDomain().contains("xn--")
                        ? io.typoguard.detect.DomainName.tryParse(d.recipientDomain()).map(io.typoguard.detect.DomainName::unicode).orElse(null)
                        : null)
                .setOriginalRecipient(d.originalRecipient())
                .setStatus(d.status())
                .setRelay(d.relay())
                .setDsn(d.dsn())
                .setSourceFormat(d.format())
                .build();
    }

    static TypoFinding toFinding(MailEvent e, Match m) {
        Scoring.Score score = Scoring.score(m, e.getStatus());
        return TypoFinding.newBuilder()
                .setFindingId(e.getEventId())
                .setTimestamp(e.getTimestamp())
                .setSender(e.getSender())
                .setRecipient(e.getRecipient())
                .setRecipientDomain(m.candidate().ascii())
                .setIntendedDomain(m.intended().name())
                .setOrganisation(m.intended().organisation())
                .setTechnique(m.technique())
                .setEditDistance(m.distance())
                .setScore(score.value())
                .setSeverity(score.severity())
                .setExplanation(m.explanation())
                .setStatus(e.getStatus())
                .setHost(e.getHost())
                .setQueueId(e.getQueueId())
                .setMessageId(e.getMessageId())
                .build();
    }

    static Alert deliveredAlert(TypoFinding f) {
        return Alert.newBuilder()
                .setAlertId("delivered-" + f.getFindingId())
                .setType(AlertType.DELIVERED_TYPO)
                .setSeverity(f.getSeverity())
                .setTimestamp(f.getTimestamp())
                .setSender(f.getSender())
                .setRecipient(f.getRecipient())
                .setTypoDomain(f.getRecipientDomain())
                .setIntendedDomain(f.getIntendedDomain())
                .setTechnique(f.getTechnique())
                .setCount(1)
                .setSummary("Mail was delivered to " + f.getRecipientDomain() + ", a look-alike of "
                        + f.getIntendedDomain() + ": " + f.getExplanation()
                        + ". Review what was sent and tell the sender the correct address.")
                .build();
    }

    static Alert thresholdAlert(String sender, TypoFinding latest, long count, long windowStart, long windowEnd) {
        Severity severity = latest.getStatus() == DeliveryStatus.SENT ? Severity.CRITICAL : Severity.HIGH;
        return Alert.newBuilder()
                .setAlertId("sender-threshold-" + id(sender, Long.toString(windowStart)))
                .setType(AlertType.SENDER_THRESHOLD)
                .setSeverity(severity)
                .setTimestamp(latest.getTimestamp())
                .setSender(sender)
                .setRecipient(latest.getRecipient())
                .setTypoDomain(latest.getRecipientDomain())
                .setIntendedDomain(latest.getIntendedDomain())
                .setTechnique(latest.getTechnique())
                .setCount(count)
                .setWindowStart(java.time.Instant.ofEpochMilli(windowStart))
                .setWindowEnd(java.time.Instant.ofEpochMilli(windowEnd))
                .setSummary("Sender " + sender + " wrote to typo domains " + count + " times within one window"
                        + " (latest: " + latest.getRecipientDomain() + " for " + latest.getIntendedDomain()
                        + "). Check the sender's address book or autocomplete entries.")
                .build();
    }

    static SenderWindowStats emptyStats() {
        return SenderWindowStats.newBuilder()
                .setSender("")
                .setWindowStart(java.time.Instant.EPOCH)
                .setWindowEnd(java.time.Instant.EPOCH)
                .setMessages(0)
                .setFindings(0)
                .setDeliveredFindings(0)
                .setBlockedAttempts(0)
                .setTypoDomains(new ArrayList<>())
                .build();
    }

    static SenderWindowStats add(String sender, CheckedEvent c, SenderWindowStats agg) {
        agg.setSender(sender);
        if (c.blocked() != null) {
            agg.setBlockedAttempts(agg.getBlockedAttempts() + 1);
            addTypoDomain(agg, c.blocked().getRecipientDomain());
            return agg;
        }
        agg.setMessages(agg.getMessages() + 1);
        if (c.flagged()) {
            agg.setFindings(agg.getFindings() + 1);
            if (c.finding().getStatus() == DeliveryStatus.SENT) {
                agg.setDeliveredFindings(agg.getDeliveredFindings() + 1);
            }
            addTypoDomain(agg, c.finding().getRecipientDomain());
        }
        return agg;
    }

    private static void addTypoDomain(SenderWindowStats agg, String d) {
        if (d == null) {
            return;
        }
        var domains = new ArrayList<>(agg.getTypoDomains());
        if (!domains.contains(d) && domains.size() < MAX_TYPO_DOMAINS_PER_WINDOW) {
            domains.add(d);
            agg.setTypoDomains(domains);
        }
    }
}
