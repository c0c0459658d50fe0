package io.typoguard.topology;

import com.google.common.hash.Hashing;
import io.typoguard.detect.Match;
import io.typoguard.detect.Scoring;
import io.typoguard.parse.Delivery;
import io.typoguard.schema.Alert;
import io.typoguard.schema.AlertActivity;
import io.typoguard.schema.AlertType;
import io.typoguard.schema.DeliveryStatus;
import io.typoguard.schema.MailEvent;
import io.typoguard.schema.SenderWindowStats;
import io.typoguard.schema.Severity;
import io.typoguard.schema.TypoDomainDayStats;
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
        // The parts joined by 0x1f, hashed at once: the same bytes, so the same id, as hashing them one by one.
        StringBuilder joined = new StringBuilder(160);
        for (String p : parts) {
            joined.append(p == null ? "" : p).append('\u001f');
        }
        return Hashing.murmur3_128().hashString(joined, StandardCharsets.UTF_8).toString();
    }

    static MailEvent toEvent(Delivery d) {
        // The all-fields constructor, not the builder: the builder validates and copies each field, which cost
        // more than building the rest of the event on the ingest hot path. Required fields are never null here.
        return new MailEvent(
                id(d.format(), d.host(), d.queueId(), d.messageId(), d.recipient(), Long.toString(d.timestampMs()),
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

    /** Counts at which an open incident reports its growth: 2, 5, 10, 20, 50, 100, 200, 500, ... (the 1-2-5 series). */
    static boolean isGrowthStep(long count) {
        if (count < 2) {
            return false;
        }
        long m = count;
        while (m % 10 == 0) {
            m /= 10;
        }
        return m == 1 || m == 2 || m == 5;
    }

    /** Severity from the finding (detector score and delivery outcome), raised by volume: 10+ messages one level, 100+ CRITICAL. */
    static Severity withVolume(Severity base, long count) {
        if (count >= 100) {
            return Severity.CRITICAL;
        }
        if (count >= 10 && base.ordinal() < Severity.CRITICAL.ordinal()) {
            return Severity.values()[base.ordinal() + 1];
        }
        return base;
    }

    static Alert openIncident(String sender, TypoFinding f) {
        return Alert.newBuilder()
                .setAlertId("incident-" + id(sender, f.getRecipientDomain(), Long.toString(f.getTimestamp().toEpochMilli())))
                .setType(AlertType.DELIVERED_TYPO)
                .setActivity(AlertActivity.CREATE)
                .setRevision(0)
                .setSeverity(f.getSeverity())
                .setTimestamp(f.getTimestamp())
                .setFirstSeen(f.getTimestamp())
                .setLastSeen(f.getTimestamp())
                .setSender(sender)
                .setRecipient(f.getRecipient())
                .setTypoDomain(f.getRecipientDomain())
                .setIntendedDomain(f.getIntendedDomain())
                .setTechnique(f.getTechnique())
                .setCount(1)
                .setDeliveredCount(1)
                .setSummary(deliveredSummary(f, 1))
                .build();
    }

    /** The incident with one more delivered finding; activity UPDATE and a new revision only when worth telling. */
    static Alert addToIncident(Alert open, TypoFinding f) {
        long count = open.getCount() + 1;
        Severity before = open.getSeverity();
        Severity base = f.getSeverity().ordinal() > before.ordinal() ? f.getSeverity() : before;
        Severity severity = withVolume(base, count);
        boolean tell = isGrowthStep(count) || severity.ordinal() > before.ordinal();
        Alert.Builder b = Alert.newBuilder(open)
                .setCount(count)
                .setDeliveredCount(open.getDeliveredCount() + 1)
                .setSeverity(severity)
                .setRecipient(f.getRecipient())
                .setTechnique(f.getTechnique())
                .setLastSeen(f.getTimestamp().isAfter(open.getLastSeen()) ? f.getTimestamp() : open.getLastSeen())
                .setSummary(deliveredSummary(f, count));
        if (tell) {
            b.setActivity(AlertActivity.UPDATE).setRevision(open.getRevision() + 1).setTimestamp(f.getTimestamp());
        }
        return b.build();
    }

    /** The alert with its addresses shown as {@code privacy} says, in the fields and in the summary. */
    static Alert withPrivacy(Alert a, io.typoguard.privacy.AddressPrivacy privacy) {
        if (privacy.mode() == io.typoguard.privacy.AddressPrivacy.Mode.CLEAR) {
            return a;
        }
        return Alert.newBuilder(a)
                .setSender(privacy.apply(a.getSender()))
                .setRecipient(privacy.apply(a.getRecipient()))
                .setSummary(privacy.applyIn(a.getSummary(), a.getSender(), a.getRecipient()))
                .build();
    }

    static Alert closeIncident(Alert open, long at) {
        return Alert.newBuilder(open)
                .setActivity(AlertActivity.CLOSE)
                .setRevision(open.getRevision() + 1)
                .setTimestamp(java.time.Instant.ofEpochMilli(at))
                .setSummary("Closed: no more mail to " + open.getTypoDomain() + " from " + open.getSender() + " since "
                        + open.getLastSeen() + " (" + open.getCount() + " delivered in this incident).")
                .build();
    }

    private static String deliveredSummary(TypoFinding f, long count) {
        return (count == 1 ? "Mail was delivered to " : count + " messages were delivered to ") + f.getRecipientDomain()
                + ", a look-alike of " + f.getIntendedDomain() + ": " + f.getExplanation()
                + ". Review what was sent and tell the sender the correct address.";
    }

    static TypoDomainDayStats emptyDay(String typoDomain, long dayStart) {
        return TypoDomainDayStats.newBuilder()
                .setTypoDomain(typoDomain)
                .setDayStart(java.time.Instant.ofEpochMilli(dayStart))
                .setDayEnd(java.time.Instant.ofEpochMilli(dayStart + TypoDomainVolumeProcessor.DAY))
                .setSenders(new ArrayList<>())
                .build();
    }

    static final int MAX_SENDERS_PER_DAY = 1000;

    static void addToDay(TypoDomainDayStats day, TypoFinding f) {
        day.setIntendedDomain(f.getIntendedDomain());
        day.setMessages(day.getMessages() + 1);
        if (f.getStatus() == DeliveryStatus.SENT) {
            day.setDelivered(day.getDelivered() + 1);
        }
        String sender = io.typoguard.parse.Addresses.senderIdentity(f.getSender() == null ? "" : f.getSender());
        if (!day.getSenders().contains(sender)) {
            if (day.getSenders().size() < MAX_SENDERS_PER_DAY) {
                var senders = new ArrayList<>(day.getSenders());
                senders.add(sender);
                day.setSenders(senders);
                day.setDistinctSenders(senders.size());
            } else {
                day.setSendersCapped(true);
            }
        }
    }

    static Alert typoDomainAlert(TypoDomainDayStats day, TypoFinding latest, TopologyConfig.Alerting thresholds) {
        String when = day.getDayStart().toString().substring(0, 10);
        return Alert.newBuilder()
                .setAlertId("typo-domain-" + id(day.getTypoDomain(), when))
                .setType(AlertType.TYPO_DOMAIN_VOLUME)
                .setActivity(AlertActivity.CREATE)
                .setSeverity(day.getDelivered() > 0 ? Severity.CRITICAL : Severity.HIGH)
                .setTimestamp(latest.getTimestamp())
                .setFirstSeen(day.getDayStart())
                .setLastSeen(latest.getTimestamp())
                .setRecipient(latest.getRecipient())
                .setTypoDomain(day.getTypoDomain())
                .setIntendedDomain(day.getIntendedDomain())
                .setTechnique(latest.getTechnique())
                .setCount(day.getMessages())
                .setDeliveredCount(day.getDelivered())
                .setDistinctSenders(day.getDistinctSenders())
                .setWindowStart(day.getDayStart())
                .setWindowEnd(day.getDayEnd())
                .setSummary(day.getTypoDomain() + " received " + day.getMessages() + " messages from " + day.getDistinctSenders()
                        + (day.getSendersCapped() ? "+" : "") + " senders on " + when + " (thresholds: " + thresholds.domainMessages()
                        + " messages or " + thresholds.domainSenders() + " senders). It imitates " + day.getIntendedDomain()
                        + ": block it at the mail gateway, and find out whether it is registered and who receives its mail.")
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
                .setFirstSeen(java.time.Instant.ofEpochMilli(windowStart))
                .setLastSeen(latest.getTimestamp())
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
