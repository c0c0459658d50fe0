package io.typoguard.topology;

import static io.typoguard.topology.PipelineDriver.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.typoguard.relate.EstablishedRule;
import io.typoguard.relate.Organisations;
import io.typoguard.schema.Correspondent;
import io.typoguard.schema.FindingKind;
import io.typoguard.schema.Sensitivity;
import io.typoguard.schema.Severity;
import io.typoguard.schema.TypoFinding;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;

/**
 * Issue 19 through the whole topology, with explicit log times and no trusted list unless a scenario loads one:
 * Acme (acme.example) trades with Northwind (northwind-traders.com) and the army (army.mil); both write back. Mail to
 * a domain that looks like one of them and is new is a NEW_LOOKALIKE; a new partner that looks like nobody is not;
 * a look-alike Acme writes to every day for weeks, and that never writes back, is flagged every time; and the same
 * logs processed again from the start give the same findings.
 */
class LearnedCorrespondentsTest {
    private static final Duration DAY = Duration.ofDays(1);
    private static final TopologyConfig CONFIG = TopologyConfig.defaults()
            // the wall clock after the last log line: lines stamped in the future are refused
            .withClock(Clock.fixed(Instant.parse("2027-03-01T00:00:00Z"), ZoneOffset.UTC))
            .withRelationships(new TopologyConfig.Relationships(true, Organisations.parse("acme.example"), EstablishedRule.DEFAULT));

    /** Three working days of mail both ways with each partner: what establishes them (3 days, 3 sent, 1 received). */
    private static List<String[]> weekOfTrade() {
        List<String[]> mail = new ArrayList<>();
        for (int d = 0; d < 3; d++) {
            for (String partner : List.of("northwind-traders.com", "army.mil")) {
                Instant morning = T0.plus(DAY.multipliedBy(d)).plusSeconds(partner.length());
                mail.add(new String[] {"alice@acme.example", "orders@" + partner, morning.toString()});
                mail.add(new String[] {"orders@" + partner, "alice@acme.example", morning.plus(Duration.ofHours(2)).toString()});
            }
        }
        return mail;
    }

    private static void send(PipelineDriver p, List<String[]> mail) {
        for (String[] m : mail) {
            p.mail(m[0], m[1], "sent", Instant.parse(m[2]));
        }
    }

    private static Instant day(int d, int hour) {
        return T0.plus(DAY.multipliedBy(d)).plus(Duration.ofHours(hour));
    }

    @Test
    void aNewDomainThatLooksLikeAnEstablishedCorrespondentIsFlaggedWithItAsTheIntendedDomain() {
        try (PipelineDriver p = new PipelineDriver(CONFIG)) {
            send(p, weekOfTrade());
            assertThat(p.findings.readValuesToList()).as("trade with partners who write back").isEmpty();
            List<Correspondent> learned = p.correspondentsOut.readValuesToList();
            assertThat(learned).extracting(Correspondent::getDomain).contains("northwind-traders.com", "army.mil");
            assertThat(p.correspondents.isEstablished("acme.example", "northwind-traders.com")).isTrue();

            p.mail("bob@acme.example", "orders@northwind-tradres.com", "sent", day(4, 1));

            List<TypoFinding> findings = p.findings.readValuesToList();
            assertThat(findings).singleElement().satisfies(f -> {
                assertThat(f.getKind()).isEqualTo(FindingKind.NEW_LOOKALIKE);
                assertThat(f.getRecipientDomain()).isEqualTo("northwind-tradres.com");
                assertThat(f.getIntendedDomain()).isEqualTo("northwind-traders.com");
                assertThat(f.getSenderOrganisation()).isEqualTo("acme.example");
                assertThat(f.getIntendedEstablishedSince()).as("the third day's reply established it").isAfter(day(2, 0)).isBefore(day(3, 0));
                assertThat(f.getExplanation()).contains("northwind-traders.com");
            });
            assertThat(p.alerts.readValuesToList()).as("delivered: an incident opens").isNotEmpty();
        }
    }

    @Test
    void aNewPartnerThatLooksLikeNoCorrespondentIsNotFlagged() {
        try (PipelineDriver p = new PipelineDriver(CONFIG)) {
            send(p, weekOfTrade());
            p.mail("bob@acme.example", "sales@contoso.org", "sent", day(4, 1));
            p.mail("bob@acme.example", "sales@fabrikam.de", "sent", day(4, 2));
            assertThat(p.findings.readValuesToList()).isEmpty();
        }
    }

    @Test
    void mailToALookalikeThatNeverWritesBackIsFlaggedEveryTimeHoweverLongItGoesOn() {
        try (PipelineDriver p = new PipelineDriver(CONFIG)) {
            send(p, weekOfTrade());
            for (int d = 4; d < 64; d++) {
                p.mail("liaison@acme.example", "travel-office@army.ml", "sent", day(d, 10));
                p.mail("orders@army.mil", "liaison@acme.example", "sent", day(d, 11)); // the real army keeps writing
            }
            List<TypoFinding> findings = p.findings.readValuesToList();
            assertThat(findings).hasSize(60).allSatisfy(f -> {
                assertThat(f.getKind()).isEqualTo(FindingKind.NEW_LOOKALIKE);
                assertThat(f.getIntendedDomain()).isEqualTo("army.mil");
            });
            assertThat(findings.get(59).getSeverity()).as("volume never lowers it").isEqualTo(findings.get(0).getSeverity());
            assertThat(p.correspondents.isEstablished("acme.example", "army.ml")).as("sixty messages, no reply").isFalse();
        }
    }

    @Test
    void theTrustedListKeepsPriorityAndAnEstablishedLookalikeIsReportedLowUnlessItsEntryIsCritical() {
        try (PipelineDriver p = new PipelineDriver(CONFIG)) {
            p.trust("northwind-traders.com", Sensitivity.HIGH, T0);
            p.trust("army.mil", Sensitivity.CRITICAL, T0);
            // Acme really trades with northwind-trader.com (a sister firm) and army.ml (a partner in Mali), both ways.
            for (int d = 0; d < 3; d++) {
                for (String sister : List.of("northwind-trader.com", "army.ml")) {
                    p.mail("alice@acme.example", "desk@" + sister, "sent", day(d, 9).plusSeconds(sister.length()));
                    p.mail("desk@" + sister, "alice@acme.example", "sent", day(d, 12).plusSeconds(sister.length()));
                }
            }
            List<TypoFinding> early = p.findings.readValuesToList();
            assertThat(early).as("before they are established: trusted look-alikes, as before")
                    .allSatisfy(f -> assertThat(f.getKind()).isEqualTo(FindingKind.TRUSTED_LOOKALIKE))
                    .anySatisfy(f -> assertThat(f.getRecipientEstablished()).isFalse());

            p.mail("carol@acme.example", "desk@northwind-trader.com", "sent", day(4, 9));
            p.mail("carol@acme.example", "desk@army.ml", "sent", day(4, 10));
            List<TypoFinding> later = p.findings.readValuesToList();
            assertThat(later).hasSize(2);
            assertThat(later.get(0)).satisfies(f -> {
                assertThat(f.getKind()).isEqualTo(FindingKind.TRUSTED_LOOKALIKE);
                assertThat(f.getRecipientEstablished()).isTrue();
                assertThat(f.getSeverity()).as("reported, at LOW, not dropped").isEqualTo(Severity.LOW);
            });
            assertThat(later.get(1)).satisfies(f -> {
                assertThat(f.getIntendedDomain()).isEqualTo("army.mil");
                assertThat(f.getRecipientEstablished()).isTrue();
                assertThat(f.getSeverity()).as("a CRITICAL entry is never lowered").isIn(Severity.HIGH, Severity.CRITICAL);
            });
        }
    }

    @Test
    void mailToAnEstablishedPartnerIsCombinedPerPairBeforeTheRepartitionAndStillCountedOnce() {
        try (PipelineDriver p = new PipelineDriver(CONFIG)) {
            send(p, weekOfTrade());
            var repartition = p.driver.createOutputTopic("typoguard-test-" + Names.RELATE_REPARTITION + "-repartition",
                    new org.apache.kafka.common.serialization.StringDeserializer(), InternalSerdes.relationshipState().deserializer());
            repartition.readRecordsToList();
            for (int i = 0; i < 50; i++) {
                p.mail("user" + i + "@acme.example", "orders@northwind-traders.com", "sent", day(4, 9).plusSeconds(i));
            }
            assertThat(repartition.readRecordsToList()).as("held in the buffer until the flush").isEmpty();

            p.flushContacts();

            assertThat(repartition.readRecordsToList()).as("one partial relationship for the pair (and the army's held reply)")
                    .filteredOn(r -> r.key().equals("acme.example northwind-traders.com")).singleElement()
                    .satisfies(r -> assertThat(r.value().relationship().sent()).isEqualTo(50));
            assertThat(p.relationships().get("acme.example northwind-traders.com").relationship().sent()).isEqualTo(53);
            assertThat(p.relationships().get("acme.example northwind-traders.com").relationship().distinctSenders()).isEqualTo(51);
        }
    }

    @Test
    void theSameLogsProcessedAgainFromTheStartGiveTheSameFindings() {
        List<String[]> mail = new ArrayList<>(weekOfTrade());
        for (int d = 3; d < 10; d++) {
            mail.add(new String[] {"bob@acme.example", "orders@northwind-tradres.com", day(d, 9).toString()});
            mail.add(new String[] {"liaison@acme.example", "travel-office@army.ml", day(d, 10).toString()});
            mail.add(new String[] {"bob@acme.example", "sales@contoso.org", day(d, 11).toString()});
            mail.add(new String[] {"sales@contoso.org", "bob@acme.example", day(d, 15).toString()});
        }
        List<TypoFinding> first;
        List<KeyValue<String, Correspondent>> learned;
        Map<String, RelationshipState> table;
        try (PipelineDriver p = new PipelineDriver(CONFIG)) {
            send(p, mail);
            p.flushContacts();
            first = p.findings.readValuesToList();
            learned = p.correspondentsOut.readKeyValuesToList();
            table = p.relationships();
        }
        assertThat(first).hasSize(14);
        assertThat(table.get("acme.example contoso.org").established()).as("contoso wrote back on 7 days").isTrue();
        assertThat(table.get("acme.example army.ml").relationship().sent()).isEqualTo(7);

        // An application reset empties the relationship store; the compacted correspondents topic keeps what the
        // first run learned, so the second run starts with every correspondent it will establish already known.
        try (PipelineDriver again = new PipelineDriver(CONFIG)) {
            learned.forEach(kv -> again.correspondentsIn.pipeInput(kv.key, kv.value, T0.minusSeconds(1)));
            send(again, mail);
            again.flushContacts();
            assertThat(again.findings.readValuesToList()).isEqualTo(first);
            assertThat(again.relationships()).as("and the same table").isEqualTo(table);
        }
    }
}
