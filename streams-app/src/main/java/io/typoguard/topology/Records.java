package io.typoguard.topology;

import io.typoguard.alert.StableIds;
import io.typoguard.detect.Match;
import io.typoguard.detect.Scoring;
import io.typoguard.parse.Delivery;
import io.typoguard.schema.DeliveryStatus;
import io.typoguard.schema.MailEvent;
import io.typoguard.schema.SenderWindowStats;
import io.typoguard.schema.TypoFinding;
import java.util.ArrayList;

/**
 * Conversions between the pure model and the Avro records on the topics (events, findings, per-sender window
 * counts). The alerting rules are {@link io.typoguard.alert.AlertRules}. No Kafka here.
 */
final class Records {
    static final int MAX_TYPO_DOMAINS_PER_WINDOW = 50;

    private Records() {
    }

    static MailEvent toEvent(Delivery d) {
        // The all-fields constructor, not the builder: the builder validates and copies each field, which cost
        // more than building the rest of the event on the ingest hot path. Required fields are never null here.
        return new MailEvent(
                StableIds.of(d.format(), d.host(), d.queueId(), d.messageId(), d.recipient(), Long.toString(d.timestampMs()),
                        d.status().name(), d.sender()),
                java.time.Instant.ofEpochMilli(d.timestampMs()),
                d.host(),
                d.queueId(),
                d.messageId(),
                d.sender(),
                d.recipient(),
                d.recipientDomain(),
                d.recipientDomain().contains("xn--")
                        ? io.typoguard.detect.DomainName.tryParse(d.recipientDomain()).map(io.typoguard.detect.DomainName::unicode).orElse(null)
                        : null,
                d.originalRecipient(),
                d.status(),
                d.relay(),
                d.dsn(),
                java.util.Objects.requireNonNull(d.format(), "format"));
    }

    static TypoFinding toFinding(MailEvent e, Match m) {
        return toFinding(e, new io.typoguard.relate.LookalikeCheck.Flag(m, io.typoguard.schema.FindingKind.TRUSTED_LOOKALIKE, null,
                false, null));
    }

    static TypoFinding toFinding(MailEvent e, io.typoguard.relate.LookalikeCheck.Flag flag) {
        Match m = flag.match();
        Scoring.Score score = flag.score(e.getStatus());
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
                .setKind(flag.kind())
                .setSenderOrganisation(flag.organisation())
                .setRecipientEstablished(flag.recipientEstablished())
                .setIntendedEstablishedSince(flag.intendedSince() == null ? null : java.time.Instant.ofEpochMilli(flag.intendedSince()))
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
