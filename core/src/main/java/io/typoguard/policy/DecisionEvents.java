package io.typoguard.policy;

import io.typoguard.detect.DomainName;
import io.typoguard.detect.Verdict;
import io.typoguard.parse.Addresses;
import io.typoguard.schema.PolicyDecision;
import java.time.Instant;
import java.util.UUID;

/** Turns a decision into its {@code mail.policy.decisions} event. Plain Java, no Kafka. */
public final class DecisionEvents {
    private DecisionEvents() {
    }

    /** The record key: the sender identity, as on mail.events, so both count in the same window. */
    public static String key(PolicyDecider.Decision d) {
        return Addresses.senderIdentity(nullToEmpty(d.request().get("sender")));
    }

    public static PolicyDecision toEvent(PolicyDecider.Decision d, Instant at, String host) {
        PolicyRequest r = d.request();
        String recipient = nullToEmpty(r.get("recipient"));
        PolicyDecision.Builder b = PolicyDecision.newBuilder()
                .setDecisionId(UUID.randomUUID().toString())
                .setTimestamp(at)
                .setAction(d.action())
                .setReply(d.reply())
                .setReason(d.reason())
                .setSender(nullToEmpty(r.get("sender")))
                .setRecipient(recipient)
                .setRecipientDomain(domainOf(recipient))
                .setClientAddress(emptyToNull(r.get("client_address")))
                .setSaslUsername(emptyToNull(r.get("sasl_username")))
                .setQueueId(emptyToNull(r.get("queue_id")))
                .setInstance(emptyToNull(r.get("instance")))
                .setHost(host)
                .setSeverity(d.severity());
        if (d.verdict() instanceof Verdict.Typo typo) {
            b.setRecipientDomain(typo.match().candidate().ascii())
                    .setIntendedDomain(typo.match().intended().name())
                    .setTechnique(typo.match().technique())
                    .setSensitivity(typo.match().intended().sensitivity());
        }
        if (d.exception() != null) {
            b.setApprovedBy(d.exception().approvedBy());
        }
        return b.build();
    }

    private static String domainOf(String recipient) {
        int at = recipient.lastIndexOf('@');
        return at < 0 ? null : DomainName.tryParse(recipient.substring(at + 1)).map(DomainName::ascii).orElse(null);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
