package io.typoguard.serde;

import io.typoguard.schema.Alert;
import io.typoguard.schema.Correspondent;
import io.typoguard.schema.MailEvent;
import io.typoguard.schema.PolicyDecision;
import io.typoguard.schema.TypoDomainDayStats;
import io.typoguard.schema.TypoException;
import io.typoguard.schema.SenderWindowStats;
import io.typoguard.schema.TrustedDomain;
import io.typoguard.schema.TypoFinding;


/** The app's Avro serdes, all over one registry. */
public final class AvroSerdes {
    public final ConfluentAvroSerde<MailEvent> mailEvent;
    public final ConfluentAvroSerde<TrustedDomain> trustedDomain;
    public final ConfluentAvroSerde<TypoFinding> finding;
    public final ConfluentAvroSerde<SenderWindowStats> senderStats;
    public final ConfluentAvroSerde<Alert> alert;
    public final ConfluentAvroSerde<TypoException> typoException;
    public final ConfluentAvroSerde<PolicyDecision> policyDecision;
    public final ConfluentAvroSerde<TypoDomainDayStats> typoDomainDayStats;
    public final ConfluentAvroSerde<Correspondent> correspondent;
    private final SchemaRegistry registry;

    public AvroSerdes(SchemaRegistry registry) {
        this.registry = registry;
        this.mailEvent = ConfluentAvroSerde.forValues(registry, MailEvent.class);
        this.trustedDomain = ConfluentAvroSerde.forValues(registry, TrustedDomain.class);
        this.finding = ConfluentAvroSerde.forValues(registry, TypoFinding.class);
        this.senderStats = ConfluentAvroSerde.forValues(registry, SenderWindowStats.class);
        this.alert = ConfluentAvroSerde.forValues(registry, Alert.class);
        this.typoException = ConfluentAvroSerde.forValues(registry, TypoException.class);
        this.policyDecision = ConfluentAvroSerde.forValues(registry, PolicyDecision.class);
        this.typoDomainDayStats = ConfluentAvroSerde.forValues(registry, TypoDomainDayStats.class);
        this.correspondent = ConfluentAvroSerde.forValues(registry, Correspondent.class);
    }

    public SchemaRegistry registry() {
        return registry;
    }

    /**
     * Registers every value schema under its topic's subject in a fixed order, so that an in-memory registry
     * gives the same ids in every process that uses the same topic names.
     */
    public AvroSerdes registerAll(ValueTopics topics) {
        registry.register(mailEvent.subject(topics.events()), mailEvent.schema());
        registry.register(trustedDomain.subject(topics.trusted()), trustedDomain.schema());
        registry.register(finding.subject(topics.findings()), finding.schema());
        registry.register(senderStats.subject(topics.senderStats()), senderStats.schema());
        registry.register(alert.subject(topics.alerts()), alert.schema());
        registry.register(typoException.subject(topics.exceptions()), typoException.schema());
        registry.register(policyDecision.subject(topics.decisions()), policyDecision.schema());
        registry.register(typoDomainDayStats.subject(topics.domainStats()), typoDomainDayStats.schema());
        registry.register(correspondent.subject(topics.correspondents()), correspondent.schema());
        return this;
    }
}
