package io.typoguard.topology;

import static io.typoguard.topology.PipelineDriver.T0;
import static io.typoguard.topology.PipelineDriver.at;
import static java.time.Duration.ofHours;
import static java.time.Duration.ofMinutes;
import static org.assertj.core.api.Assertions.assertThat;

import io.typoguard.schema.Sensitivity;
import io.typoguard.serde.InMemorySchemaRegistry;
import io.typoguard.serde.SchemaRegistry;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/**
 * The subjects a release pipeline registers for a registry login that may only read
 * ({@link TypoguardTopology#avroTopics}) are exactly those the topology's serdes write under while it runs: findings,
 * windows, incidents, per-domain days, their changelogs and the repartition topic.
 */
class AvroTopicsTest {
    /** An in-process registry that notes every subject a serde registers under. */
    static final class Recording implements SchemaRegistry {
        final InMemorySchemaRegistry inner = new InMemorySchemaRegistry();
        final Set<String> subjects = java.util.concurrent.ConcurrentHashMap.newKeySet();

        @Override
        public int register(String subject, Schema schema) {
            subjects.add(subject);
            return inner.register(subject, schema);
        }

        @Override
        public Schema getById(int id) {
            return inner.getById(id);
        }

        @Override
        public int lookupId(String subject, Schema schema) {
            subjects.add(subject);
            return inner.lookupId(subject, schema);
        }

        @Override
        public Latest latest(String subject) {
            subjects.add(subject);
            return inner.latest(subject);
        }

        @Override
        public java.util.OptionalInt find(String subject, Schema schema) {
            return inner.find(subject, schema);
        }

        @Override
        public java.util.Optional<Latest> findLatest(String subject) {
            return inner.findLatest(subject);
        }

        @Override
        public String incompatibility(String subject, Schema schema) {
            return inner.incompatibility(subject, schema);
        }
    }

    @Test
    void theDeclaredSubjectsAreTheOnesTheRunningTopologyWritesUnder() {
        Recording registry = new Recording();
        TopologyConfig config = TopologyConfig.defaults().withAlerting(new TopologyConfig.Alerting(ofHours(1), 50, 2))
                .withClock(java.time.Clock.fixed(java.time.Instant.parse("2026-11-29T12:00:00Z"), java.time.ZoneOffset.UTC));
        try (PipelineDriver p = new PipelineDriver(config, registry)) {
            p.trust("army.mil", Sensitivity.CRITICAL, T0.minus(ofHours(1)));
            p.exceptionsIn.pipeInput("typoguard.test|army.ml", io.typoguard.schema.TypoException.newBuilder().setSender("typoguard.test")
                    .setRecipient("army.ml").setApprovedBy("soc-lead").setReason("CHG-1").build(), T0);
            p.decisions.pipeInput("alice@typoguard.test", io.typoguard.schema.PolicyDecision.newBuilder().setDecisionId("d1")
                    .setTimestamp(T0).setAction(io.typoguard.schema.PolicyAction.HOLD).setReply("HOLD").setReason(io.typoguard.schema.PolicyReason.TYPO)
                    .setSender("alice@typoguard.test").setRecipient("desk@army.ml").build(), at(ofMinutes(1)));
            for (int i = 0; i < 12; i++) {
                p.mail(i % 2 == 0 ? "alice@typoguard.test" : "bob@typoguard.test", "desk" + i + "@army.ml", "sent", at(ofMinutes(i)));
            }
            // Stream time passes the windows' end plus grace, then the day's end
            p.mail("carol@typoguard.test", "x@gmail.com", "sent", at(ofHours(1).plus(ofMinutes(5))));
            p.mail("carol@typoguard.test", "x@gmail.com", "sent", at(ofHours(25)));
            assertThat(p.findings.readValuesToList()).hasSize(12);
            assertThat(p.stats.readValuesToList()).isNotEmpty();
            assertThat(p.domainStats.readValuesToList()).isNotEmpty();
            assertThat(p.alerts.readValuesToList()).extracting(a -> a.getType().name()).contains("DELIVERED_TYPO", "TYPO_DOMAIN_VOLUME");
            p.correspondentsIn.pipeInput("typoguard.test army.ml", null, at(ofHours(25)));
            // A catch-up: raw partition 1 is behind, so alice's finding after her idle hour from partition 0 is held
            p.eventFromRawPartition(1, "dave@typoguard.test", "y@gmail.com", "sent", at(ofHours(26)));
            p.eventFromRawPartition(0, "alice@typoguard.test", "desk@army.ml", "sent", at(ofHours(26)));
            p.eventFromRawPartition(0, "alice@typoguard.test", "hall@army.ml", "sent", at(ofHours(28)));

            Set<String> declared = TypoguardTopology.avroTopics(config.topics(), p.serdes, PipelineDriver.APPLICATION_ID).stream()
                    .map(t -> t.serde().subject(t.topic())).collect(Collectors.toCollection(TreeSet::new));
            Set<String> internal = declared.stream().filter(s -> s.startsWith(PipelineDriver.APPLICATION_ID + "-"))
                    .collect(Collectors.toCollection(TreeSet::new));

            assertThat(new TreeSet<>(registry.subjects)).as("every subject written is declared").isSubsetOf(declared);
            assertThat(internal).containsExactlyInAnyOrder("typoguard-test-sender-window-store-changelog-value",
                    "typoguard-test-incident-store-changelog-value", "typoguard-test-incident-held-findings-store-changelog-value",
                    "typoguard-test-typo-domain-day-store-changelog-value",
                    "typoguard-test-findings-by-typo-domain-repartition-value");
            assertThat(registry.subjects).as("every internal subject declared is written").containsAll(internal);
        }
    }
}
