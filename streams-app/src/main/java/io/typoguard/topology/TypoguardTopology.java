package io.typoguard.topology;

import io.typoguard.detect.TrustedIndex;
import io.typoguard.detect.TypoDetector;
import io.typoguard.parse.MailLogParser;
import io.typoguard.relate.Contact;
import io.typoguard.relate.Correspondents;
import io.typoguard.relate.LookalikeCheck;
import io.typoguard.parse.ParseOutcome;
import io.typoguard.parse.QueueFragment;
import io.typoguard.schema.Alert;
import io.typoguard.schema.DeliveryStatus;
import io.typoguard.policy.PolicyExceptions;
import io.typoguard.schema.MailEvent;
import io.typoguard.schema.PolicyAction;
import io.typoguard.schema.SenderWindowStats;
import io.typoguard.schema.TrustedDomain;
import io.typoguard.schema.TypoDomainDayStats;
import io.typoguard.schema.TypoException;
import io.typoguard.schema.TypoFinding;
import io.typoguard.siem.OcsfFinding;
import org.apache.avro.specific.SpecificRecord;
import io.typoguard.serde.AvroSerdes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.EmitStrategy;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.WindowedSerdes;
import org.apache.kafka.streams.state.Stores;

/**
 * The whole Typoguard data flow, built by one pure method:
 *
 * <pre>
 * mail.log.raw -> parse -+-> failed ---------------------------------------------------> mail.deadletter
 *                        +-> postfix -+-> keyed by its host ---------> correlate (local) ----+
 *                        |            +-> other -> repartition(host|queue id) -> correlate --+
 *                        +-> complete (JSON lines, RCPT rejects) ----------------------------+-> mail.events
 *                        +-> noise (counted, dropped)
 *
 * trusted.domains -> global store + detector index
 * typo.exceptions -> global store + policy exceptions
 * typoguard.correspondents -> global store + established correspondents (issue 19; with relationships on)
 *
 * mail.events -+-> contacts (combined per pair once established) -> repartition(organisation domain) -> relationship table
 *              |                                                                                  -> typoguard.correspondents
 *              |
 * mail.events -> detect -+-> flagged -> mail.findings -+-> incidents (sender, typo domain) --+-> mail.alerts, mail.alerts.ocsf
 *                        |                             +-> sender threshold ----------------+
 *                        |                             +-> repartition(typo domain) -> day volume -+-> alerts (same sinks)
 *                        |                                                                         +-> mail.typo.domain.stats
 *                        +-> all --------+-> per-sender 1 h windows (final on close) -> mail.sender.stats
 * mail.policy.decisions -> REJECT/HOLD -+
 * </pre>
 */
public final class TypoguardTopology {
    private TypoguardTopology() {
    }

    /**
     * Window stores' changelogs (compact + delete, retention = window retention + 1 day) with LogAppendTime: their
     * records would otherwise carry the log time of the mail and be deleted at once when that is older than the
     * retention (a backlog, an archive), leaving nothing to restore the open windows from after a failure.
     * Restored windows then carry the append time as their timestamp, which only stamps the window's output record.
     */
    static final Map<String, String> WINDOW_CHANGELOG = Map.of(
            org.apache.kafka.common.config.TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime");

    /**
     * Every topic whose values the app's Avro serdes write, with its serde: the app's Avro topics
     * ({@link AvroSerdes#topics}), then the internal topics that hold Avro values, named as Kafka Streams names
     * them ({@code <application.id>-<name>}). These are the registry subjects a release pipeline registers for a
     * login that may only read ({@code typoguard registry register}); {@code AvroTopicsTest} runs the topology and
     * checks that its serdes touch exactly these subjects.
     */
    public static java.util.List<AvroSerdes.TopicSerde> avroTopics(Topics topics, AvroSerdes avro, String applicationId) {
        java.util.List<AvroSerdes.TopicSerde> out = new java.util.ArrayList<>(avro.topics(topics));
        out.add(new AvroSerdes.TopicSerde(applicationId + "-" + Names.SENDER_WINDOW_STORE + "-changelog", avro.senderStats));
        out.add(new AvroSerdes.TopicSerde(applicationId + "-" + Names.INCIDENT_STORE + "-changelog", avro.alert));
        out.add(new AvroSerdes.TopicSerde(applicationId + "-" + Names.INCIDENT_PENDING_STORE + "-changelog", avro.finding));
        out.add(new AvroSerdes.TopicSerde(applicationId + "-" + Names.TYPO_DOMAIN_DAY_STORE + "-changelog", avro.typoDomainDayStats));
        out.add(new AvroSerdes.TopicSerde(applicationId + "-" + Names.TYPO_DOMAIN_REPARTITION + "-repartition", avro.finding));
        return java.util.List.copyOf(out);
    }

    /**
     * How far stream time may jump past a sender window's close (a quiet spell on a partition of mail.events, a gap in
     * a backlog) with the window still emitted. {@code EmitStrategy.onWindowClose()} reads the closed windows back
     * from the window store after it has put the record that closes them, and that put first drops the store's
     * segments older than its retention; with the retention at the minimum (size + grace), a jump of about an hour
     * dropped the windows it closed without a record ({@code PipelineTopologyTest.aQuietHourOrDayOnThePartitionLosesNoWindow}).
     * Why not a suppression buffer, which has no such limit: the reliability tests saw it emit a window twice after a crash
     * or a rebalance (probably because its stream time starts afresh; not investigated further).
     */
    static final Duration WINDOW_JUMP_ALLOWANCE = Duration.ofDays(1);

    /** The sender window store keeps windows for size + grace + {@link #WINDOW_JUMP_ALLOWANCE}. */
    static Duration senderWindowRetention(TopologyConfig config) {
        return config.windowSize().plus(config.windowGrace()).plus(WINDOW_JUMP_ALLOWANCE);
    }

    /**
     * The sender windows' store: the one the DSL's {@code windowedBy(...).emitStrategy(onWindowClose()).aggregate(...)}
     * made for them (Kafka's time-ordered RocksDB window store, timestamped, cached, logged), so that the local files and
     * the changelog of a deployment that ran the DSL aggregation carry over to {@link SenderWindowProcessor}.
     */
    static org.apache.kafka.streams.state.StoreBuilder<org.apache.kafka.streams.state.TimestampedWindowStore<String, SenderWindowStats>>
            senderWindowStore(TopologyConfig config, AvroSerdes avro) {
        org.apache.kafka.streams.state.WindowBytesStoreSupplier supplier = new CheckpointedWindowStores().windowStore(
                new org.apache.kafka.streams.state.DslWindowParams(Names.SENDER_WINDOW_STORE, senderWindowRetention(config),
                        config.windowSize(), false, EmitStrategy.onWindowClose(), false, true));
        return Stores.timestampedWindowStoreBuilder(supplier, Serdes.String(), avro.senderStats)
                .withCachingEnabled()
                .withLoggingEnabled(WINDOW_CHANGELOG);
    }

    /**
     * The threshold store keeps counts for size + grace + {@link TaskClocks#MAX_SOURCE_LAG}: the store drops what is older
     * than its retention behind the newest count it holds, and a finding from a source that trails the newest by up to
     * that lag still counts ({@link SourceClock}).
     */
    static Duration thresholdRetention(TopologyConfig config) {
        return config.windowSize().plus(config.windowGrace()).plus(TaskClocks.MAX_SOURCE_LAG);
    }

    /**
     * Builds the topology. Has no side effects: the {@code index} is the object the global-store updater
     * fills and the detector reads, so a caller that serves checks outside Streams can share it.
     */
    public static Topology build(TopologyConfig config, AvroSerdes avro, TrustedIndex index) {
        return build(config, avro, index, new PolicyExceptions());
    }

    /**
     * As {@link #build(TopologyConfig, AvroSerdes, TrustedIndex)}, also keeping {@code exceptions} current from
     * {@code typo.exceptions} for a policy service in the same process.
     */
    public static Topology build(TopologyConfig config, AvroSerdes avro, TrustedIndex index, PolicyExceptions exceptions) {
        return build(config, avro, index, exceptions, correspondentsFor(config));
    }

    /**
     * As {@link #build(TopologyConfig, AvroSerdes, TrustedIndex, PolicyExceptions)}, also keeping {@code correspondents}
     * current from the correspondents topic (null when relationships are off), for the HTTP API in the same process.
     */
    public static Topology build(TopologyConfig config, AvroSerdes avro, TrustedIndex index, PolicyExceptions exceptions,
                                 Correspondents correspondents) {
        return build(config, avro, index, exceptions, correspondents, TableDeadLetters.NONE);
    }

    /**
     * As above; records of the global tables that cannot be read go to {@code tableDeadLetters} (the runtime copies
     * them to the dead-letter topic: the global thread that reads the tables has no producer).
     */
    public static Topology build(TopologyConfig config, AvroSerdes avro, TrustedIndex index, PolicyExceptions exceptions,
                                 Correspondents correspondents, TableDeadLetters tableDeadLetters) {
        StreamsBuilder builder = new StreamsBuilder();
        addIngest(builder, config, avro);
        addDetection(builder, config, avro, index, exceptions, correspondents, tableDeadLetters);
        return builder.build();
    }

    /** The correspondents object the topology of {@code config} fills: null when relationships are off. */
    public static Correspondents correspondentsFor(TopologyConfig config) {
        return config.relationships().enabled() ? new Correspondents(config.relationships().rule(), config.allowlist()) : null;
    }

    /**
     * Only the ingest half (raw lines to mail.events), for a deployment that scales ingest and detection
     * as separate applications, and for measuring ingest alone.
     */
    public static Topology buildIngest(TopologyConfig config, AvroSerdes avro) {
        StreamsBuilder builder = new StreamsBuilder();
        addIngest(builder, config, avro);
        return builder.build();
    }

    private static void addIngest(StreamsBuilder builder, TopologyConfig config, AvroSerdes avro) {
        Topics topics = config.topics();
        // --- parse and correlate: raw lines -> mail.events -----------------------------------------------
        // One split routes every line: a Postfix line keyed by the host it names is correlated where it was read
        // (that partition holds every line keyed by that host); any other Postfix line is repartitioned by
        // (host, queue id). Colocation can force either path for every line.
        Colocation colocation = config.colocation();
        Map<String, KStream<byte[], Parsed>> parsed = builder
                .stream(topics.raw(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(Names.RAW_SOURCE))
                .process(() -> new ParseProcessor(new MailLogParser(config.clock(), config.syslogZone(), config.maxLineBytes(), config.rawFormat()), config.metrics()),
                        Named.as(Names.PARSE))
                .split(Named.as(Names.PARSED_BRANCH))
                .branch((k, p) -> p.outcome() instanceof ParseOutcome.Failure, Branched.as(Names.BRANCH_FAILED))
                .branch((k, p) -> isPostfix(p) && (colocation == Colocation.KEYED_BY_HOST
                                || colocation == Colocation.AUTO && keyedByItsHost(k, p)),
                        Branched.as(Names.BRANCH_POSTFIX_LOCAL))
                .branch((k, p) -> isPostfix(p) && colocation != Colocation.KEYED_BY_HOST, Branched.as(Names.BRANCH_POSTFIX))
                .branch((k, p) -> p.outcome() instanceof ParseOutcome.Deliveries, Branched.as(Names.BRANCH_COMPLETE))
                .defaultBranch(Branched.as(Names.BRANCH_NOISE));

        parsed.get(Names.PARSED_BRANCH + Names.BRANCH_FAILED)
                .mapValues(Parsed::original, Named.as(Names.DEAD_LETTER_VALUE))
                .to(topics.deadLetter(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(Names.DEAD_LETTER_SINK));

        if (colocation != Colocation.REPARTITION) {
            correlateLocally(builder, config, avro, parsed.get(Names.PARSED_BRANCH + Names.BRANCH_POSTFIX_LOCAL));
        }
        if (colocation != Colocation.KEYED_BY_HOST) {
            correlateAfterRepartition(builder, config, avro, parsed.get(Names.PARSED_BRANCH + Names.BRANCH_POSTFIX));
        }

        parsed.get(Names.PARSED_BRANCH + Names.BRANCH_NOISE)
                .filter((k, p) -> false, Named.as(Names.NOISE_DROP));

        // Each path has its own sink into mail.events rather than a merge: a merge would put the raw topic and
        // the repartition topic into one task, whose records Streams then interleaves by timestamp, waiting on
        // whichever partition is momentarily empty. Apart, each runs as fast as its own input.
        parsed.get(Names.PARSED_BRANCH + Names.BRANCH_COMPLETE)
                .flatMapValues(p -> ((ParseOutcome.Deliveries) p.outcome()).deliveries(), Named.as(Names.COMPLETE_FLATTEN))
                .process(ToEventProcessor::new, Named.as(Names.TO_EVENT))
                .to(topics.events(), Produced.with(Serdes.String(), avro.mailEvent).withName(Names.EVENTS_SINK));
    }

    private static boolean isPostfix(Parsed p) {
        return p.outcome() instanceof ParseOutcome.Fragment || p.outcome() instanceof ParseOutcome.Fragments;
    }

    /** The line's fragments keyed by (host, queue id), for the correlation store. */
    private static List<KeyValue<String, QueueFragment>> byQueue(Parsed p) {
        List<QueueFragment> fragments = ParseOutcome.fragmentsOf(p.outcome());
        List<KeyValue<String, QueueFragment>> out = new java.util.ArrayList<>(fragments.size());
        for (QueueFragment f : fragments) {
            out.add(KeyValue.pair(f.correlationKey(), f));
        }
        return out;
    }

    /** True when the record's key is the host that every fragment of the line names. */
    static boolean keyedByItsHost(byte[] key, Parsed p) {
        if (key == null || key.length == 0) {
            return false;
        }
        for (QueueFragment f : ParseOutcome.fragmentsOf(p.outcome())) {
            if (!Colocation.keyNamesHost(key, f.host())) {
                return false;
            }
        }
        return true;
    }

    private static void correlateLocally(StreamsBuilder builder, TopologyConfig config, AvroSerdes avro, KStream<byte[], Parsed> lines) {
        builder.addStateStore(QueueStateStore.builder(Names.POSTFIX_LOCAL_STORE));
        lines.flatMap((k, p) -> byQueue(p), Named.as(Names.POSTFIX_LOCAL_REKEY))
                .process(() -> new QueueCorrelationProcessor(Names.POSTFIX_LOCAL_STORE, config.orphanWait(), config.queueTtl(), false, null, config.metrics()),
                        Named.as(Names.POSTFIX_LOCAL_CORRELATE), Names.POSTFIX_LOCAL_STORE)
                .process(ToEventProcessor::new, Named.as(Names.LOCAL_TO_EVENT))
                .to(config.topics().events(), Produced.with(Serdes.String(), avro.mailEvent).withName(Names.LOCAL_EVENTS_SINK));
    }

    private static void correlateAfterRepartition(StreamsBuilder builder, TopologyConfig config, AvroSerdes avro,
                                                  KStream<byte[], Parsed> lines) {
        builder.addStateStore(QueueStateStore.builder(Names.POSTFIX_STORE));
        lines.process(RekeyWithSource::new, Named.as(Names.POSTFIX_REKEY))
                .repartition(Repartitioned.with(Serdes.String(), InternalSerdes.postfixFragment()).withName(Names.POSTFIX_REPARTITION))
                .process(() -> new QueueCorrelationProcessor(Names.POSTFIX_STORE, config.orphanWait(), config.queueTtl(), true, config.rawPartitions(), config.metrics()),
                        Named.as(Names.POSTFIX_CORRELATE), Names.POSTFIX_STORE)
                .process(ToEventProcessor::new, Named.as(Names.CORRELATED_TO_EVENT))
                .to(config.topics().events(), Produced.with(Serdes.String(), avro.mailEvent).withName(Names.CORRELATED_EVENTS_SINK));
    }

    private static void addDetection(StreamsBuilder builder, TopologyConfig config, AvroSerdes avro, TrustedIndex index,
                                     PolicyExceptions exceptions, Correspondents correspondents, TableDeadLetters tableDeadLetters) {
        Topics topics = config.topics();
        TopologyConfig.Relationships relationships = config.relationships();
        if (relationships.enabled() != (correspondents != null)) {
            throw new IllegalArgumentException("relationships are " + (relationships.enabled() ? "on" : "off")
                    + ": correspondents must be " + (relationships.enabled() ? "given" : "null"));
        }
        LookalikeCheck check = new LookalikeCheck(new TypoDetector(index, config.allowlist()), correspondents, relationships.organisations());
        // --- trusted-domain table: global store + detector index ------------------------------------------
        UnreadableAsMarker<TrustedDomain> trustedReader = new UnreadableAsMarker<>(avro.trustedDomain, TrustedDomainsUpdater.UNREADABLE);
        UnreadableAsMarker<TypoException> exceptionsReader = new UnreadableAsMarker<>(avro.typoException, PolicyExceptionsUpdater.UNREADABLE);
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Names.TRUSTED_STORE), Serdes.String(), avro.trustedDomain)
                        .withLoggingDisabled(),
                topics.trusted(),
                Consumed.with(Serdes.String(), trustedReader.serde())
                        .withName(Names.TRUSTED_UPDATER),
                () -> new TrustedDomainsUpdater(index, trustedReader, tableDeadLetters));
        // --- approved typo recipients for the policy service: global store + PolicyExceptions ---------------
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Names.EXCEPTIONS_STORE), Serdes.String(), avro.typoException)
                        .withLoggingDisabled(),
                topics.exceptions(),
                Consumed.with(Serdes.String(), exceptionsReader.serde())
                        .withName(Names.EXCEPTIONS_UPDATER),
                () -> new PolicyExceptionsUpdater(exceptions, exceptionsReader, tableDeadLetters));

        // --- detect, count, alert -------------------------------------------------------------------------
        // Windows, the sender threshold and incidents close by the task's source clock (SourceClock): the log time every
        // raw partition still sending has reached, fed by every event and stored in the clock store.
        TaskClocks clocks = new TaskClocks(config.rawPartitions());
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(Names.DETECT_CLOCK_STORE), Serdes.String(), Serdes.Long()).withCachingEnabled());
        KStream<String, MailEvent> events = builder
                .stream(topics.events(), ownTopic(Consumed.with(Serdes.String(), avro.mailEvent)).withName(Names.EVENTS_SOURCE))
                .processValues(() -> new EventClockProcessor(clocks), Named.as(Names.EVENT_CLOCK), Names.DETECT_CLOCK_STORE);
        KStream<String, CheckedEvent> checked;
        if (relationships.enabled() && relationships.senderDomains()) {
            // Cached (a store added through a StoreBuilder has no record cache unless asked): each sender's set is rewritten
            // for every outbound delivery, and is then written to RocksDB and the changelog once per commit, not each time.
            builder.addStateStore(Stores.keyValueStoreBuilder(
                    Stores.persistentKeyValueStore(Names.SENDER_DOMAINS_STORE), Serdes.String(), InternalSerdes.senderDomains())
                    .withCachingEnabled());
            checked = events.processValues(() -> new DetectProcessor(check, config.metrics(), true, true), Named.as(Names.DETECT),
                    Names.SENDER_DOMAINS_STORE);
        } else {
            checked = events.processValues(() -> new DetectProcessor(check, config.metrics(), relationships.enabled(), false), Named.as(Names.DETECT));
        }
        if (relationships.enabled()) {
            addRelationships(builder, config, avro, events, correspondents, tableDeadLetters);
        }

        KStream<String, TypoFinding> findings = checked
                .filter((sender, c) -> c.flagged(), Named.as(Names.FLAGGED_FILTER))
                .mapValues(CheckedEvent::finding, Named.as(Names.TO_FINDING));
        findings.to(topics.findings(), Produced.with(Serdes.String(), avro.finding).withName(Names.FINDINGS_SINK));

        // Recipients the policy service refused or held count in the sender's window too. mail.policy.decisions is
        // keyed by sender identity like mail.events and has as many partitions (TopicSetup), so no repartition.
        KStream<String, CheckedEvent> blocked = builder
                .stream(topics.decisions(), ownTopic(Consumed.with(Serdes.String(), avro.policyDecision)).withName(Names.DECISIONS_SOURCE))
                .filter((sender, d) -> d != null && (d.getAction() == PolicyAction.REJECT || d.getAction() == PolicyAction.HOLD),
                        Named.as(Names.BLOCKED_FILTER))
                .mapValues(CheckedEvent::blocked, Named.as(Names.BLOCKED_TO_ACTIVITY));

        builder.addStateStore(senderWindowStore(config, avro));
        checked.merge(blocked, Named.as(Names.SENDER_ACTIVITY_MERGE))
                .process(() -> new SenderWindowProcessor(config.windowSize(), config.windowGrace(), clocks, config.metrics()),
                        Named.as(Names.SENDER_AGGREGATE), Names.SENDER_WINDOW_STORE, Names.DETECT_CLOCK_STORE)
                .mapValues((window, stats) -> {
                    stats.setWindowStart(window.window().startTime());
                    stats.setWindowEnd(window.window().endTime());
                    return stats;
                }, Named.as(Names.SENDER_STATS_ENRICH))
                .to(topics.senderStats(), Produced.with(
                        WindowedSerdes.timeWindowedSerdeFrom(String.class, config.windowSize().toMillis()), avro.senderStats)
                        .withName(Names.SENDER_STATS_SINK));

        builder.addStateStore(Stores.windowStoreBuilder(CheckpointedWindowStores.wrap(
                Stores.persistentWindowStore(Names.THRESHOLD_STORE, thresholdRetention(config),
                        config.windowSize(), false)),
                Serdes.String(), Serdes.Long()).withLoggingEnabled(WINDOW_CHANGELOG));
        KStream<String, Alert> thresholdAlerts = findings
                .process(() -> new SenderThresholdProcessor(config.windowSize(), config.windowGrace(), config.senderThreshold(), clocks, config.metrics()),
                        Named.as(Names.THRESHOLD), Names.THRESHOLD_STORE);

        // One incident per (sender, typo domain), with create/update/close.
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(Names.INCIDENT_STORE), Serdes.String(), avro.alert));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(Names.INCIDENT_PENDING_STORE), Serdes.String(), avro.finding));
        KStream<String, Alert> incidents = findings
                .process(() -> new IncidentProcessor(config.alerting().incidentIdle(), clocks), Named.as(Names.INCIDENTS),
                        Names.INCIDENT_STORE, Names.INCIDENT_PENDING_STORE);

        // Per typo domain and day: findings re-keyed by typo domain, so each domain's day is counted in one task.
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(Names.TYPO_DOMAIN_DAY_STORE), Serdes.String(), avro.typoDomainDayStats));
        Map<String, KStream<String, SpecificRecord>> byDomain = findings
                .selectKey((sender, f) -> f.getRecipientDomain(), Named.as(Names.TYPO_DOMAIN_REKEY))
                .repartition(Repartitioned.with(Serdes.String(), avro.finding).withName(Names.TYPO_DOMAIN_REPARTITION))
                .process(() -> new TypoDomainVolumeProcessor(config.windowGrace(), config.alerting(), config.metrics()),
                        Named.as(Names.TYPO_DOMAIN_VOLUME), Names.TYPO_DOMAIN_DAY_STORE)
                .split(Named.as(Names.TYPO_DOMAIN_OUT))
                .branch((domain, r) -> r instanceof Alert, Branched.as(Names.BRANCH_ALERT))
                .defaultBranch(Branched.as(Names.BRANCH_DAY));
        byDomain.get(Names.TYPO_DOMAIN_OUT + Names.BRANCH_DAY)
                .mapValues(r -> (TypoDomainDayStats) r, Named.as(Names.TYPO_DOMAIN_DAY_CAST))
                .to(topics.domainStats(), Produced.with(Serdes.String(), avro.typoDomainDayStats).withName(Names.TYPO_DOMAIN_STATS_SINK));
        KStream<String, Alert> domainAlerts = byDomain.get(Names.TYPO_DOMAIN_OUT + Names.BRANCH_ALERT)
                .mapValues(r -> (Alert) r, Named.as(Names.TYPO_DOMAIN_ALERT_CAST));

        // Each source of alerts writes to mail.alerts (Avro) and mail.alerts.ocsf (OCSF JSON) itself, rather than
        // merging: a merge would join the per-domain sub-topology with the per-sender one.
        KStream<String, Alert> senderAlerts = incidents.merge(thresholdAlerts, Named.as(Names.ALERTS_MERGE));
        writeAlerts(senderAlerts, config, avro, "sender-");
        writeAlerts(domainAlerts, config, avro, "typo-domain-");
    }

    /**
     * The relationship table (issue 19): each event's contact, re-keyed by (organisation, other domain) and counted
     * in one task; established correspondents go to the compacted correspondents topic, which every instance reads
     * back (a global store) into the {@code correspondents} the detector asks.
     */
    private static void addRelationships(StreamsBuilder builder, TopologyConfig config, AvroSerdes avro, KStream<String, MailEvent> events,
                                         Correspondents correspondents, TableDeadLetters tableDeadLetters) {
        Topics topics = config.topics();
        UnreadableAsMarker<io.typoguard.schema.Correspondent> correspondentsReader =
                new UnreadableAsMarker<>(avro.correspondent, CorrespondentsUpdater.UNREADABLE);
        io.typoguard.relate.Organisations organisations = config.relationships().organisations();
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Names.CORRESPONDENTS_STORE), Serdes.String(), avro.correspondent)
                        .withLoggingDisabled(),
                topics.correspondents(),
                Consumed.with(Serdes.String(), correspondentsReader.serde())
                        .withName(Names.CORRESPONDENTS_UPDATER),
                () -> new CorrespondentsUpdater(correspondents, correspondentsReader, tableDeadLetters));
        // Cached, as the sender-domains store: a busy pair's row goes to RocksDB and the changelog once per commit.
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(Names.RELATIONSHIP_STORE), Serdes.String(), InternalSerdes.relationshipState())
                .withCachingEnabled());
        // Contacts with pairs already established are combined per pair before the repartition (ContactBatcher):
        // the cached buffer's changelog gets each busy pair once per commit, not once per message.
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(Names.CONTACT_BUFFER_STORE), Serdes.String(), InternalSerdes.relationshipState()).withCachingEnabled());
        events.process(() -> new ContactBatcher(organisations, correspondents, ContactBatcher.FLUSH_EVERY), Named.as(Names.RELATE_CLASSIFY),
                        Names.CONTACT_BUFFER_STORE)
                .repartition(Repartitioned.with(Serdes.String(), InternalSerdes.relationshipState()).withName(Names.RELATE_REPARTITION))
                .process(() -> new RelationshipProcessor(config.relationships().rule(), correspondents), Named.as(Names.RELATIONSHIPS),
                        Names.RELATIONSHIP_STORE)
                .to(topics.correspondents(), Produced.with(Serdes.String(), avro.correspondent).withName(Names.CORRESPONDENTS_SINK));
    }

    /**
     * A topic the app itself writes and then reads (mail.events, mail.policy.decisions): event time is the log time in
     * the value ({@link LogTimeExtractor}), and a position the broker no longer has is an error, never a silent skip
     * to the earliest record ({@code AutoOffsetReset.none()}; the runtime commits the start of each partition
     * before the first start, and names lost ranges: runtime.OwnTopicOffsets).
     */
    private static <V> Consumed<String, V> ownTopic(Consumed<String, V> consumed) {
        return consumed.withTimestampExtractor(new LogTimeExtractor()).withOffsetResetPolicy(org.apache.kafka.streams.AutoOffsetReset.none());
    }

    private static void writeAlerts(KStream<String, Alert> raw, TopologyConfig config, AvroSerdes avro, String prefix) {
        Topics topics = config.topics();
        // Addresses as the privacy setting shows them (clear, redacted or keyed-hashed local parts), in both outputs.
        // Addresses as the privacy setting shows them, and alerts about mail logged long before marked as a backlog.
        KStream<String, Alert> alerts = raw.processValues(() -> new AlertFinishing(config.privacy(), config.alerting().backlogAfter()),
                Named.as(prefix + Names.ALERT_PRIVACY));
        alerts.peek((id, a) -> config.metrics().alert(a.getSeverity().name(), a.getType().name(),
                        System.currentTimeMillis() - (a.getLastSeen() != null ? a.getLastSeen() : a.getTimestamp()).toEpochMilli()),
                Named.as(prefix + Names.ALERT_METRICS));
        alerts.to(topics.alerts(), Produced.with(Serdes.String(), avro.alert).withName(prefix + Names.ALERTS_SINK));
        alerts.mapValues(OcsfFinding::json, Named.as(prefix + Names.TO_OCSF))
                .to(topics.alertsOcsf(), Produced.with(Serdes.String(), Serdes.String()).withName(prefix + Names.ALERTS_OCSF_SINK));
    }
}
