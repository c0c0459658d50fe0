package io.typoguard.topology;

/**
 * Names of every source, processor, store, repartition topic and sink. Renaming one orphans its state or
 * internal topic in a running deployment; {@code TopologyDescriptionTest} pins them.
 */
public final class Names {
    private Names() {
    }

    public static final String RAW_SOURCE = "raw-log-source";
    public static final String PARSE = "parse-raw-log";
    public static final String PARSED_BRANCH = "parsed-";
    public static final String BRANCH_FAILED = "failed";
    public static final String BRANCH_POSTFIX = "postfix";
    public static final String BRANCH_COMPLETE = "complete";
    public static final String BRANCH_NOISE = "noise";
    public static final String DEAD_LETTER_VALUE = "dead-letter-original-bytes";
    public static final String DEAD_LETTER_SINK = "dead-letter-sink";
    public static final String POSTFIX_REKEY = "postfix-key-by-queue-id";
    public static final String POSTFIX_REPARTITION = "postfix-by-queue-id";
    public static final String POSTFIX_CORRELATE = "postfix-correlate";
    public static final String POSTFIX_STORE = "postfix-queue-store";
    public static final String INCIDENT_STORE = "incident-store";
    public static final String INCIDENTS = "incidents";
    public static final String INCIDENT_PENDING_STORE = "incident-held-findings-store";
    public static final String TYPO_DOMAIN_DAY_STORE = "typo-domain-day-store";
    public static final String TYPO_DOMAIN_REKEY = "findings-key-by-typo-domain";
    public static final String TYPO_DOMAIN_REPARTITION = "findings-by-typo-domain";
    public static final String TYPO_DOMAIN_VOLUME = "typo-domain-day-volume";
    public static final String TYPO_DOMAIN_OUT = "typo-domain-day-";
    public static final String BRANCH_ALERT = "alert";
    public static final String BRANCH_DAY = "day";
    public static final String TYPO_DOMAIN_DAY_CAST = "typo-domain-day-stats";
    public static final String TYPO_DOMAIN_ALERT_CAST = "typo-domain-alerts";
    public static final String TYPO_DOMAIN_STATS_SINK = "typo-domain-stats-sink";
    public static final String TO_OCSF = "alert-to-ocsf";
    public static final String ALERT_METRICS = "alert-metrics";
    public static final String ALERT_PRIVACY = "alert-address-privacy";
    public static final String ALERTS_OCSF_SINK = "alerts-ocsf-sink";
    public static final String EXCEPTIONS_STORE = "typo-exceptions-store";
    public static final String EXCEPTIONS_UPDATER = "typo-exceptions-updater";
    public static final String DECISIONS_SOURCE = "policy-decisions-source";
    public static final String BLOCKED_FILTER = "policy-decisions-blocked";
    public static final String BLOCKED_TO_ACTIVITY = "blocked-to-sender-activity";
    public static final String SENDER_ACTIVITY_MERGE = "sender-activity-merge";
    public static final String BRANCH_POSTFIX_LOCAL = "postfix-host-keyed";
    public static final String POSTFIX_LOCAL_REKEY = "postfix-local-key-by-queue-id";
    public static final String POSTFIX_LOCAL_CORRELATE = "postfix-local-correlate";
    public static final String POSTFIX_LOCAL_STORE = "postfix-local-queue-store";
    public static final String LOCAL_TO_EVENT = "local-delivery-to-mail-event";
    public static final String LOCAL_EVENTS_SINK = "local-mail-events-sink";
    public static final String COMPLETE_FLATTEN = "complete-deliveries";
    public static final String NOISE_DROP = "noise-counted";
    public static final String TO_EVENT = "delivery-to-mail-event";
    public static final String EVENTS_SINK = "mail-events-sink";
    public static final String CORRELATED_TO_EVENT = "correlated-delivery-to-mail-event";
    public static final String CORRELATED_EVENTS_SINK = "correlated-mail-events-sink";

    /** The global-store processor; its source is named with a "-source" suffix by Kafka Streams. */
    public static final String TRUSTED_UPDATER = "trusted-domains-updater";
    public static final String TRUSTED_STORE = "trusted-domains-store";

    public static final String EVENTS_SOURCE = "mail-events-source";
    public static final String DETECT = "detect-typos";
    public static final String RELATE_CLASSIFY = "relationship-contacts";
    public static final String RELATE_REPARTITION = "relationship-by-pair";
    public static final String RELATIONSHIPS = "relationship-table";
    public static final String RELATIONSHIP_STORE = "relationship-store";
    public static final String SENDER_DOMAINS_STORE = "sender-domains-store";
    public static final String CONTACT_BUFFER_STORE = "relationship-contact-buffer";
    public static final String CORRESPONDENTS_SINK = "correspondents-sink";
    public static final String CORRESPONDENTS_UPDATER = "correspondents-updater";
    public static final String CORRESPONDENTS_STORE = "correspondents-store";
    public static final String FLAGGED_FILTER = "flagged-only";
    public static final String TO_FINDING = "checked-to-finding";
    public static final String FINDINGS_SINK = "mail-findings-sink";

    public static final String EVENT_CLOCK = "event-source-clock";
    public static final String DETECT_CLOCK_STORE = "detect-clock-store";
    public static final String SENDER_AGGREGATE = "sender-window-aggregate";
    public static final String SENDER_WINDOW_STORE = "sender-window-store";
    public static final String SENDER_STATS_ENRICH = "sender-window-bounds";
    public static final String SENDER_STATS_SINK = "mail-sender-stats-sink";

    public static final String THRESHOLD = "sender-threshold";
    public static final String THRESHOLD_STORE = "sender-threshold-store";
    public static final String ALERTS_MERGE = "merge-alerts";
    public static final String ALERTS_SINK = "mail-alerts-sink";
}
