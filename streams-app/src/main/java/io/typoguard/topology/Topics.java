package io.typoguard.topology;

import java.util.List;

/**
 * Every topic the app reads or writes, in one place shared by the topology, the runtime and the tests.
 *
 * @param raw         raw log lines and shipper JSON (strings)
 * @param events      Avro MailEvent, one per (message, recipient), key = sender identity
 * @param trusted     Avro TrustedDomain, compacted, key = domain; a tombstone removes the domain
 * @param findings    Avro TypoFinding, key = sender identity
 * @param senderStats Avro SenderWindowStats, key = time-windowed sender identity
 * @param alerts      Avro Alert, key = alert id
 * @param deadLetter  original key and bytes of records that could not be processed, reason in headers
 * @param exceptions  Avro TypoException, compacted, key = "sender|recipient"; approved typo recipients
 * @param decisions   Avro PolicyDecision, key = sender identity; every answer of the policy service
 * @param domainStats Avro TypoDomainDayStats, key = typo domain; one final record per domain and day
 * @param alertsOcsf  the alerts as OCSF Detection Finding JSON (strings), key = alert id, for SIEMs
 * @param correspondents Avro Correspondent, compacted, key = "organisation domain": the relationships the app
 *                    learned from the logs, written when one becomes established and as it grows (issue 19)
 */
public record Topics(String raw, String events, String trusted, String findings, String senderStats, String alerts,
                     String deadLetter, String exceptions, String decisions, String domainStats, String alertsOcsf, String correspondents)
        implements io.typoguard.serde.ValueTopics {

    public static final String RAW = "mail.log.raw";
    public static final String EVENTS = "mail.events";
    public static final String TRUSTED = "trusted.domains";
    public static final String FINDINGS = "mail.findings";
    public static final String SENDER_STATS = "mail.sender.stats";
    public static final String ALERTS = "mail.alerts";
    public static final String DEAD_LETTER = "mail.deadletter";
    public static final String EXCEPTIONS = "typo.exceptions";
    public static final String DECISIONS = "mail.policy.decisions";
    public static final String DOMAIN_STATS = "mail.typo.domain.stats";
    public static final String ALERTS_OCSF = "mail.alerts.ocsf";
    public static final String CORRESPONDENTS = "typoguard.correspondents";

    public static Topics defaults() {
        return new Topics(RAW, EVENTS, TRUSTED, FINDINGS, SENDER_STATS, ALERTS, DEAD_LETTER, EXCEPTIONS, DECISIONS, DOMAIN_STATS, ALERTS_OCSF, CORRESPONDENTS);
    }

    public List<String> all() {
        return List.of(raw, events, trusted, findings, senderStats, alerts, deadLetter, exceptions, decisions, domainStats, alertsOcsf, correspondents);
    }

    /**
     * Every topic name with {@code prefix} in front, except the two tables an organisation shares between instances
     * (trusted.domains, typo.exceptions): a second instance over an archive, or a test environment, keeps its own
     * data apart and reads the same trusted list.
     */
    public Topics withPrefix(String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            return this;
        }
        return new Topics(prefix + raw, prefix + events, trusted, prefix + findings, prefix + senderStats, prefix + alerts,
                prefix + deadLetter, exceptions, prefix + decisions, prefix + domainStats, prefix + alertsOcsf,
                prefix + correspondents);
    }

    /** The same topics with another raw input and events output (benchmarks run several pipelines side by side). */
    public Topics withRawAndEvents(String newRaw, String newEvents) {
        return new Topics(newRaw, newEvents, trusted, findings, senderStats, alerts, deadLetter, exceptions, decisions, domainStats, alertsOcsf,
                correspondents);
    }
}
