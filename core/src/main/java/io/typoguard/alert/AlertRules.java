package io.typoguard.alert;

import io.typoguard.schema.Alert;
import io.typoguard.schema.AlertActivity;
import io.typoguard.schema.AlertType;
import io.typoguard.schema.DeliveryStatus;
import io.typoguard.schema.Severity;
import io.typoguard.schema.TypoDomainDayStats;
import io.typoguard.schema.TypoFinding;
import java.util.ArrayList;

/**
 * The alerting rules, plain Java over the Avro records: an incident per (sender, typo domain) that opens on the
 * first delivered finding, reports its growth at 2, 5, 10, 20, ... messages and closes when idle; severity
 * raised by volume; a typo domain's day over its thresholds; a sender over its window threshold. The
 * processors in {@code topology} decide when to call them and keep the state.
 */
public final class AlertRules {
    private AlertRules() {
    }

    /** Counts at which an open incident reports its growth: 2, 5, 10, 20, 50, 100, 200, 500, ... (the 1-2-5 series). */
    public static boolean isGrowthStep(long count) {
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
    public static Severity withVolume(Severity base, long count) {
        if (count >= 100) {
            return Severity.CRITICAL;
        }
        if (count >= 10 && base.ordinal() < Severity.CRITICAL.ordinal()) {
            return Severity.values()[base.ordinal() + 1];
        }
        return base;
    }

    public static Alert openIncident(String sender, TypoFinding f) {
        return Alert.newBuilder()
                .setAlertId("incident-" + StableIds.of(sender, f.getRecipientDomain(), Long.toString(f.getTimestamp().toEpochMilli())))
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
    public static Alert addToIncident(Alert open, TypoFinding f) {
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
                .setFirstSeen(open.getFirstSeen() == null || f.getTimestamp().isBefore(open.getFirstSeen()) ? f.getTimestamp() : open.getFirstSeen())
                .setLastSeen(f.getTimestamp().isAfter(open.getLastSeen()) ? f.getTimestamp() : open.getLastSeen())
                .setSummary(deliveredSummary(f, count));
        if (tell) {
            b.setActivity(AlertActivity.UPDATE).setRevision(open.getRevision() + 1).setTimestamp(f.getTimestamp());
        }
        return b.build();
    }

    /** The alert with its addresses shown as {@code privacy} says, in the fields and in the summary. */
    public static Alert withPrivacy(Alert a, io.typoguard.privacy.AddressPrivacy privacy) {
        if (privacy.mode() == io.typoguard.privacy.AddressPrivacy.Mode.CLEAR) {
            return a;
        }
        return Alert.newBuilder(a)
                .setSender(privacy.apply(a.getSender()))
                .setRecipient(privacy.apply(a.getRecipient()))
                .setSummary(privacy.applyIn(a.getSummary(), a.getSender(), a.getRecipient()))
                .build();
    }

    public static Alert closeIncident(Alert open, long at) {
        return Alert.newBuilder(open)
                .setActivity(AlertActivity.CLOSE)
                .setRevision(open.getRevision() + 1)
                .setTimestamp(java.time.Instant.ofEpochMilli(at))
                .setSummary("Closed: no more mail to " + open.getTypoDomain() + " from " + open.getSender() + " since "
                        + open.getLastSeen() + " (" + open.getCount() + " delivered in this incident).")
                .build();
    }

    private static String deliveredSummary(TypoFinding f, long count) {
        String of = f.getKind() == io.typoguard.schema.FindingKind.NEW_LOOKALIKE
                ? "a domain new to " + f.getSenderOrganisation() + " that looks like its established correspondent " + f.getIntendedDomain()
                : "a look-alike of " + f.getIntendedDomain();
        String established = f.getRecipientEstablished() ? " (it also writes back: an established correspondent, so LOW)" : "";
        return (count == 1 ? "Mail was delivered to " : count + " messages were delivered to ") + f.getRecipientDomain()
                + ", " + of + established + ": " + f.getExplanation()
                + ". Review what was sent and tell the sender the correct address.";
    }

    public static TypoDomainDayStats emptyDay(String typoDomain, long dayStart) {
        return TypoDomainDayStats.newBuilder()
                .setTypoDomain(typoDomain)
                .setDayStart(java.time.Instant.ofEpochMilli(dayStart))
                .setDayEnd(java.time.Instant.ofEpochMilli(dayStart + DAY_MS))
                .setSenders(new ArrayList<>())
                .build();
    }

    public static final int MAX_SENDERS_PER_DAY = 1000;

    /** A typo domain's day: UTC days of log time. */
    public static final long DAY_MS = java.time.Duration.ofDays(1).toMillis();

    public static void addToDay(TypoDomainDayStats day, TypoFinding f) {
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

    public static Alert typoDomainAlert(TypoDomainDayStats day, TypoFinding latest, long messagesThreshold, long sendersThreshold) {
        String when = day.getDayStart().toString().substring(0, 10);
        return Alert.newBuilder()
                .setAlertId("typo-domain-" + StableIds.of(day.getTypoDomain(), when))
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
                        + (day.getSendersCapped() ? "+" : "") + " senders on " + when + " (thresholds: " + messagesThreshold
                        + " messages or " + sendersThreshold + " senders). It imitates " + day.getIntendedDomain()
                        + ": block it at the mail gateway, and find out whether it is registered and who receives its mail.")
                .build();
    }

    public static Alert thresholdAlert(String sender, TypoFinding latest, long count, long windowStart, long windowEnd) {
        Severity severity = latest.getStatus() == DeliveryStatus.SENT ? Severity.CRITICAL : Severity.HIGH;
        return Alert.newBuilder()
                .setAlertId("sender-threshold-" + StableIds.of(sender, Long.toString(windowStart)))
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
}
