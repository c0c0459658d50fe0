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
        this(registry, SerdeSettings.DEFAULTS);
    }

    /** Every serde with Confluent's serde settings ({@code auto.register.schemas}, {@code use.latest.version}, strategy). */
    public AvroSerdes(SchemaRegistry registry, SerdeSettings settings) {
        this.registry = registry;
        this.mailEvent = ConfluentAvroSerde.forValues(registry, MailEvent.class, settings);
        this.trustedDomain = ConfluentAvroSerde.forValues(registry, TrustedDomain.class, settings);
        this.finding = ConfluentAvroSerde.forValues(registry, TypoFinding.class, settings);
        this.senderStats = ConfluentAvroSerde.forValues(registry, SenderWindowStats.class, settings);
        this.alert = ConfluentAvroSerde.forValues(registry, Alert.class, settings);
        this.typoException = ConfluentAvroSerde.forValues(registry, TypoException.class, settings);
        this.policyDecision = ConfluentAvroSerde.forValues(registry, PolicyDecision.class, settings);
        this.typoDomainDayStats = ConfluentAvroSerde.forValues(registry, TypoDomainDayStats.class, settings);
        this.correspondent = ConfluentAvroSerde.forValues(registry, Correspondent.class, settings);
    }

    /** A topic and the serde of its values. */
    public record TopicSerde(String topic, ConfluentAvroSerde<?> serde) {
    }

    /**
     * The app's Avro topics with their serdes, in a fixed order (an in-memory registry then gives every process the
     * same ids): mail.events, trusted.domains, findings, sender stats, alerts, exceptions, decisions, domain stats,
     * correspondents.
     */
    public java.util.List<TopicSerde> topics(ValueTopics topics) {
        return java.util.List.of(new TopicSerde(topics.events(), mailEvent), new TopicSerde(topics.trusted(), trustedDomain),
                new TopicSerde(topics.findings(), finding), new TopicSerde(topics.senderStats(), senderStats),
                new TopicSerde(topics.alerts(), alert), new TopicSerde(topics.exceptions(), typoException),
                new TopicSerde(topics.decisions(), policyDecision), new TopicSerde(topics.domainStats(), typoDomainDayStats),
                new TopicSerde(topics.correspondents(), correspondent));
    }

    public SchemaRegistry registry() {
        return registry;
    }

    /**
     * Registers every value schema under its topic's subject in a fixed order, so that an in-memory registry
     * gives the same ids in every process that uses the same topic names.
     */
    public AvroSerdes registerAll(ValueTopics topics) {
        for (TopicSerde t : topics(topics)) {
            registry.register(t.serde().subject(t.topic()), t.serde().schema());
        }
        return this;
    }
}
