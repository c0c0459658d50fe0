package io.typoguard.topology;

import static io.typoguard.topology.PipelineDriver.T0;
import static io.typoguard.topology.PipelineDriver.at;
import static java.time.Duration.ofDays;
import static java.time.Duration.ofHours;
import static java.time.Duration.ofMinutes;
import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import io.typoguard.schema.Alert;
import io.typoguard.schema.AlertType;
import io.typoguard.schema.DeliveryStatus;
import io.typoguard.schema.Sensitivity;
import io.typoguard.schema.SenderWindowStats;
import io.typoguard.schema.Technique;
import io.typoguard.schema.TypoFinding;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.kstream.internals.TimeWindow;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PipelineTopologyTest {
    private static final long HOUR = ofHours(1).toMillis();
    private PipelineDriver p;

    @BeforeEach
    void start() {
        p = new PipelineDriver();
        // Given the trusted table is loaded before any mail (table records precede stream records)
        p.trust("army.mil", Sensitivity.CRITICAL, T0.minus(ofHours(1)));
        p.trust("gmail.com", Sensitivity.NORMAL, T0.minus(ofHours(1)));
    }

    @AfterEach
    void stop() {
        p.close();
    }

    @Test
    void eachRecordIsCountedUnderTheFormatThatReadIt() {
        java.util.List<String> counted = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        PipelineMetrics recording = new PipelineMetrics() {
            @Override
            public void parsed(String format) {
                counted.add(format);
            }
        };
        try (PipelineDriver d = new PipelineDriver(p.config.withMetrics(recording))) {
            // Sendmail and Exim sender lines are fragments without a delivery: they used to be counted as postfix
            d.line("Nov 27 10:00:00 mx3 sendmail[1]: 4ARAbc0D012345: from=<alice@typoguard.test>, size=1, nrcpts=1", T0);
            d.line("2026-11-27 10:00:00 1vABCd-000123-Ab <= alice@typoguard.test P=esmtp S=1", T0);
            d.line("Nov 27 10:00:00 mail postfix/qmgr[1]: ABCDE12345: from=<alice@typoguard.test>, size=1, nrcpt=1", T0);
            d.mail("alice@typoguard.test", "x@army.ml", "sent", T0);
            d.line("{\"message\":\"Nov 27 10:00:00 mail postfix/smtpd[1]: connect from unknown[127.0.0.1]\"}", T0);
            d.line("not a log line", T0);
        }

        assertThat(counted).containsExactly("sendmail", "exim", "postfix", "json", "noise", "failed");
    }

    @Test
    void mailToArmyMlIsFlaggedAndAlertedButArmyMilIsNot() {
        p.mail("alice@typoguard.test", "colonel@army.ml", "sent", at(ofMinutes(1)));
        p.mail("alice@typoguard.test", "colonel@army.mil", "sent", at(ofMinutes(2)));

        List<TypoFinding> findings = p.findings.readValuesToList();
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.getRecipientDomain()).isEqualTo("army.ml");
            assertThat(f.getIntendedDomain()).isEqualTo("army.mil");
            assertThat(f.getTechnique()).isEqualTo(Technique.TLD_OMISSION);
            assertThat(f.getSender()).isEqualTo("alice@typoguard.test");
            assertThat(f.getTimestamp()).isEqualTo(at(ofMinutes(1)));
        });
        List<Alert> alerts = p.alerts.readValuesToList();
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.getType()).isEqualTo(AlertType.DELIVERED_TYPO);
            assertThat(a.getTypoDomain()).isEqualTo("army.ml");
        });
        assertThat(p.events.readKeyValuesToList()).hasSize(2)
                .allSatisfy(kv -> assertThat(kv.key).isEqualTo("alice@typoguard.test"));
    }

    @Test
    void anIdnRecipientIsCarriedInPunycodeAndUnicodeAndATagStaysInTheAddress() {
        p.mail("Bob+Orders@TypoGuard.test", "kontakt@MÜLLER.de.", "sent", at(ofMinutes(1)));

        var kv = p.events.readKeyValue();
        assertThat(kv.key).as("sender identity: lower-case, no +tag").isEqualTo("bob@typoguard.test");
        assertThat(kv.value.getSender()).as("address kept as logged").isEqualTo("Bob+Orders@TypoGuard.test");
        assertThat(kv.value.getRecipientDomain()).isEqualTo("xn--mller-kva.de");
        assertThat(kv.value.getRecipientDomainUnicode()).isEqualTo("müller.de");
    }

    @Test
    void aDeferredTypoIsAFindingButNotADeliveredAlert() {
        p.mail("alice@typoguard.test", "desk@gmial.com", "deferred", at(ofMinutes(1)));

        assertThat(p.findings.readValuesToList()).singleElement()
                .satisfies(f -> assertThat(f.getStatus()).isEqualTo(DeliveryStatus.DEFERRED));
        assertThat(p.alerts.isEmpty()).isTrue();
    }

    @Test
    void aTombstoneRemovesTheTrustedDomain() {
        p.untrust("army.mil", at(ofMinutes(1)));

        p.mail("alice@typoguard.test", "colonel@army.ml", "sent", at(ofMinutes(2)));

        assertThat(p.findings.isEmpty()).isTrue();
        assertThat(p.driver.<String, Object>getKeyValueStore(Names.TRUSTED_STORE).get("army.mil")).isNull();
    }

    @Test
    void anUnreadableTrustedDomainRecordIsSkippedAndTheDomainStaysTrusted() {
        var rawTrusted = p.driver.createInputTopic(p.config.topics().trusted(), new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer());
        // Not Confluent Avro: no magic byte, no schema id.
        rawTrusted.pipeInput("army.mil", "{\"domain\":\"army.mil\"}".getBytes(StandardCharsets.UTF_8), T0);

        p.mail("alice@typoguard.test", "colonel@army.ml", "sent", at(ofMinutes(1)));

        assertThat(p.findings.readValuesToList()).as("army.mil is still trusted").singleElement()
                .satisfies(f -> assertThat(f.getIntendedDomain()).isEqualTo("army.mil"));
        assertThat(p.driver.<String, Object>getKeyValueStore(Names.TRUSTED_STORE).get("army.mil")).isNotNull();
        assertThat(p.tableDeadLetters).as("handed to the dead-letter sink with its position and reason").singleElement()
                .satisfies(d -> assertThat(d).startsWith("trusted-domain " + p.config.topics().trusted() + "/0/")
                        .contains(" army.mil: ").contains("not Confluent Avro wire format"));
    }

    @Test
    void aTypoInTheAddressBeforeAnAliasIsFlaggedAndSaysSo() {
        Instant t = at(ofMinutes(1));
        // the sender wrote ops@army.ml; a virtual alias on this relay sends it to a clean mailbox
        p.line("2026-11-27T10:01:00Z mx1 postfix/qmgr[7]: 5ABCDE1234: from=<alice@typoguard.test>, size=1, nrcpt=1 (queue active)", t);
        p.line("2026-11-27T10:01:00Z mx1 postfix/smtp[9]: 5ABCDE1234: to=<ops-desk@typoguard.test>, orig_to=<ops@army.ml>, relay=x[1.2.3.4]:25, "
                + "dsn=2.0.0, status=sent (250 ok)", t);

        assertThat(p.findings.readValuesToList()).singleElement().satisfies(f -> {
            assertThat(f.getInOriginalRecipient()).isTrue();
            assertThat(f.getRecipient()).isEqualTo("ops@army.ml");
            assertThat(f.getRecipientDomain()).isEqualTo("army.ml");
            assertThat(f.getDeliveredTo()).isEqualTo("ops-desk@typoguard.test");
            assertThat(f.getIntendedDomain()).isEqualTo("army.mil");
        });
    }

    @Test
    void noiseIsCountedByKindAndUnreadableRecordsByReasonWithAMaskedShape() {
        List<String> noise = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        List<String> unreadable = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        PipelineMetrics recording = new PipelineMetrics() {
            @Override
            public void noise(String kind) {
                noise.add(kind);
            }

            @Override
            public void unreadable(String reason, String shape) {
                unreadable.add(reason + " | " + shape);
            }
        };
        try (PipelineDriver d = new PipelineDriver(p.config.withMetrics(recording))) {
            d.line("Nov 27 10:00:00 mail postfix/smtpd[1]: connect from unknown[127.0.0.1]", T0);
            d.line("Nov 27 10:00:00 mail postfix/smtpd[1]: NOQUEUE: reject_warning: RCPT from x[192.0.2.1]: 450 4.1.8 <a@nx.test>: "
                    + "Sender address rejected; from=<a@nx.test> to=<bob@gmial.com> proto=ESMTP helo=<x>", T0);
            d.line("mail for bob@secret.example went out at 10:00", T0);
        }

        assertThat(noise).containsExactly("postfix line without queue id", "postfix reject_warning (message not stopped)");
        assertThat(unreadable).containsExactly("unrecognised log format | mail for <addr> went out at 9:9");
    }

    @Test
    void postfixLinesAreJoinedByQueueIdEvenWhenTheDeliveryComesFirst() {
        Instant t = at(ofMinutes(1));
        p.line("2026-11-27T10:01:00Z mx1 postfix/smtp[9]: 4ABCDE1234: to=<colonel@army.ml>, relay=x[1.2.3.4]:25, dsn=2.0.0, status=sent (250 ok)", t);
        p.line("2026-11-27T10:01:00Z mx1 postfix/cleanup[8]: 4ABCDE1234: message-id=<m1@typoguard.test>", t);
        p.line("2026-11-27T10:01:00Z mx1 postfix/qmgr[7]: 4ABCDE1234: from=<bob+news@typoguard.test>, size=1, nrcpt=1 (queue active)", t);
        p.line("2026-11-27T10:01:00Z mx1 postfix/qmgr[7]: 4ABCDE1234: removed", t);

        assertThat(p.findings.readKeyValuesToList()).singleElement().satisfies(kv -> {
            assertThat(kv.key).as("counted under the sender without its +tag").isEqualTo("bob@typoguard.test");
            assertThat(kv.value.getSender()).isEqualTo("bob+news@typoguard.test");
            assertThat(kv.value.getQueueId()).isEqualTo("4ABCDE1234");
        });
        // Unkeyed lines may arrive out of order: removed keeps the entry for the orphan wait of mx1's log time, then it goes.
        assertThat(p.queueEntry(Names.POSTFIX_STORE, "mx1|4ABCDE1234").removed()).as("removed marks the entry").isTrue();
        p.line("2026-11-27T10:03:01Z mx1 postfix/qmgr[7]: 5BCDEF2345: from=<carol@typoguard.test>, size=1, nrcpt=1", at(ofMinutes(3)));
        assertThat(p.queueEntry(Names.POSTFIX_STORE, "mx1|4ABCDE1234")).as("gone after the orphan wait").isNull();
    }

    @Test
    void everyCommitCarriesTheOpenEntriesToTheChangelogAndRemovedOnesAsTombstones() {
        // The test driver commits after every input record, as Kafka Streams commits between these lines.
        Instant t = at(ofMinutes(1));
        p.line("2026-11-27T10:01:00Z mx1 postfix/qmgr[7]: 4ABCDE1234: from=<bob@typoguard.test>, size=1, nrcpt=1 (queue active)", t);
        assertThat(p.changelog(Names.POSTFIX_STORE)).singleElement().satisfies(kv -> {
            assertThat(kv.key).isEqualTo("mx1|4ABCDE1234");
            assertThat(kv.value.sender()).isEqualTo("bob@typoguard.test");
        });

        p.line("2026-11-27T10:01:00Z mx1 postfix/smtp[9]: 4ABCDE1234: to=<colonel@army.ml>, relay=x, dsn=2.0.0, status=sent", t);
        assertThat(p.changelog(Names.POSTFIX_STORE)).as("a line that changes nothing writes nothing").isEmpty();

        p.line("2026-11-27T10:01:00Z mx1 postfix/qmgr[7]: 4ABCDE1234: removed", t);
        assertThat(p.changelog(Names.POSTFIX_STORE)).as("kept, marked removed, for late lines of unkeyed input").singleElement()
                .satisfies(kv -> assertThat(kv.value.removed()).isTrue());

        p.line("2026-11-27T10:03:01Z mx1 postfix/qmgr[7]: 5BCDEF2345: removed", at(ofMinutes(3)));
        assertThat(p.changelog(Names.POSTFIX_STORE)).filteredOn(kv -> kv.key.equals("mx1|4ABCDE1234")).singleElement()
                .satisfies(kv -> assertThat(kv.value).as("a tombstone after the orphan wait").isNull());
    }

    @Test
    void messagesWhoseLinesAreFarApartAreStillJoinedFromTheStoreBeyondTheInMemoryEntries() {
        // More open messages than the correlator keeps as objects: the first ones are read back from the store.
        int open = QueueStateStore.HOT_ENTRIES + QueueStateStore.MAX_DIRTY + 500;
        Instant t = at(ofMinutes(1));
        for (int i = 0; i < open; i++) {
            p.line(String.format("2026-11-27T10:01:00Z mx1 postfix/qmgr[7]: 9%09X: from=<s%d@typoguard.test>, size=1, nrcpt=1", i, i), t);
        }
        for (int i = 0; i < open; i++) {
            p.line(String.format("2026-11-27T10:01:30Z mx1 postfix/smtp[9]: 9%09X: to=<colonel@army.ml>, relay=x, dsn=2.0.0, status=sent", i), t);
        }

        assertThat(p.findings.readValuesToList()).hasSize(open)
                .allSatisfy(f -> assertThat(f.getSender()).as("sender joined for %s", f.getQueueId())
                        .isEqualTo("s" + Integer.parseInt(f.getQueueId().substring(1), 16) + "@typoguard.test"));
    }

    @Test
    void whenShippersKeyRawRecordsByHostCorrelationNeedsNoRepartition() {
        try (PipelineDriver keyed = new PipelineDriver(p.config.withColocation(Colocation.KEYED_BY_HOST))) {
            keyed.trust("army.mil", Sensitivity.CRITICAL, T0.minus(ofHours(1)));
            byte[] host = "mx1".getBytes(StandardCharsets.UTF_8);
            Instant t = at(ofMinutes(1));
            keyed.raw.pipeInput(host, ("2026-11-27T10:01:00Z mx1 postfix/smtp[9]: 4ABCDE1234: to=<colonel@army.ml>, relay=x, "
                    + "dsn=2.0.0, status=sent").getBytes(StandardCharsets.UTF_8), t);
            keyed.raw.pipeInput(host, "2026-11-27T10:01:00Z mx1 postfix/qmgr[7]: 4ABCDE1234: from=<bob@typoguard.test>, size=1, nrcpt=1"
                    .getBytes(StandardCharsets.UTF_8), t);

            assertThat(keyed.topology.describe().toString()).doesNotContain(Names.POSTFIX_REPARTITION);
            assertThat(keyed.findings.readValuesToList()).singleElement()
                    .satisfies(f -> assertThat(f.getSender()).isEqualTo("bob@typoguard.test"));
        }
    }

    @Test
    void byDefaultOnlyLinesNotKeyedByTheirOwnHostAreRepartitioned() {
        byte[] mx1 = "mx1".getBytes(StandardCharsets.UTF_8);
        byte[] other = "collector-7".getBytes(StandardCharsets.UTF_8);
        Instant t = at(ofMinutes(1));
        // mx1's lines keyed by mx1 (rsyslog dynaKey): correlated where they were read.
        p.raw.pipeInput(mx1, "2026-11-27T10:01:00Z mx1 postfix/qmgr[7]: 1AAAAA1111: from=<bob@typoguard.test>, size=1, nrcpt=2"
                .getBytes(StandardCharsets.UTF_8), t);
        // mx2's lines with no key, and keyed by a collector's name: repartitioned by host and queue id.
        p.raw.pipeInput(null, "2026-11-27T10:01:00Z mx2 postfix/qmgr[7]: 2BBBBB2222: from=<carol@typoguard.test>, size=1, nrcpt=1"
                .getBytes(StandardCharsets.UTF_8), t);
        p.raw.pipeInput(other, ("2026-11-27T10:01:01Z mx2 postfix/smtp[9]: 2BBBBB2222: to=<major@army.ml>, relay=x, "
                + "dsn=2.0.0, status=sent").getBytes(StandardCharsets.UTF_8), t);

        assertThat(p.queueEntry(Names.POSTFIX_LOCAL_STORE, "mx1|1AAAAA1111")).isNotNull();
        assertThat(p.queueEntry(Names.POSTFIX_STORE, "mx1|1AAAAA1111")).isNull();
        assertThat(p.queueEntry(Names.POSTFIX_STORE, "mx2|2BBBBB2222")).isNotNull();
        assertThat(p.queueEntry(Names.POSTFIX_LOCAL_STORE, "mx2|2BBBBB2222")).isNull();

        p.raw.pipeInput(mx1, ("2026-11-27T10:01:02Z mx1 postfix/smtp[9]: 1AAAAA1111: to=<colonel@army.ml>, relay=x, "
                + "dsn=2.0.0, status=sent").getBytes(StandardCharsets.UTF_8), t);
        assertThat(p.findings.readValuesToList()).extracting(f -> f.getSender() + " -> " + f.getRecipient())
                .containsExactlyInAnyOrder("carol@typoguard.test -> major@army.ml", "bob@typoguard.test -> colonel@army.ml");
    }

    @Test
    void linesKeyedByTheHostsFullNameWhileSyslogWritesTheShortNameAreCorrelatedWhereTheyWereRead() {
        // Vector or Filebeat keying by the machine's FQDN, rsyslog writing the short host name into the line.
        byte[] fqdn = "mx1.lon.typoguard.test".getBytes(StandardCharsets.UTF_8);
        Instant t = at(ofMinutes(1));
        p.raw.pipeInput(fqdn, "2026-11-27T10:01:00Z mx1.lon postfix/qmgr[7]: 5EEEEE5555: from=<erin@typoguard.test>, size=1, nrcpt=1"
                .getBytes(StandardCharsets.UTF_8), t);

        assertThat(p.queueEntry(Names.POSTFIX_LOCAL_STORE, "mx1.lon|5EEEEE5555")).isNotNull();
        assertThat(p.queueEntry(Names.POSTFIX_STORE, "mx1.lon|5EEEEE5555")).isNull();

        p.raw.pipeInput(fqdn, ("2026-11-27T10:01:01Z mx1.lon postfix/smtp[9]: 5EEEEE5555: to=<colonel@army.ml>, relay=x, "
                + "dsn=2.0.0, status=sent").getBytes(StandardCharsets.UTF_8), t);
        assertThat(p.findings.readValuesToList()).extracting(f -> f.getSender() + " -> " + f.getRecipient())
                .containsExactly("erin@typoguard.test -> colonel@army.ml");
    }

    @Test
    void linesShippedWithNoKeyAndReadOutOfOrderStillJoinTheirSender() {
        // A shipper that sets no key spreads one message's lines over partitions; read back, removed came before to=.
        Instant t = at(ofMinutes(1));
        p.raw.pipeInput(null, "2026-11-27T10:01:00Z mx3 postfix/qmgr[7]: 3CCCCC3333: from=<dave@typoguard.test>, size=1, nrcpt=1"
                .getBytes(StandardCharsets.UTF_8), t);
        p.raw.pipeInput(null, "2026-11-27T10:01:02Z mx3 postfix/qmgr[7]: 3CCCCC3333: removed".getBytes(StandardCharsets.UTF_8), t);
        p.raw.pipeInput(null, ("2026-11-27T10:01:01Z mx3 postfix/smtp[9]: 3CCCCC3333: to=<general@army.ml>, relay=x, "
                + "dsn=2.0.0, status=sent").getBytes(StandardCharsets.UTF_8), t);

        assertThat(p.findings.readValuesToList()).extracting(f -> f.getSender() + " -> " + f.getRecipient())
                .containsExactly("dave@typoguard.test -> general@army.ml");
        // the removed entry is kept for the orphan wait of mx3's log time, then dropped
        assertThat(p.queueEntry(Names.POSTFIX_STORE, "mx3|3CCCCC3333")).isNotNull();
        p.raw.pipeInput(null, "2026-11-27T10:05:00Z mx3 postfix/qmgr[7]: 4DDDDD4444: from=<erin@typoguard.test>, size=1, nrcpt=1"
                .getBytes(StandardCharsets.UTF_8), at(ofMinutes(5)));
        assertThat(p.queueEntry(Names.POSTFIX_STORE, "mx3|3CCCCC3333")).isNull();
    }

    @Test
    void oneIncidentPerSenderAndTypoDomainIsCreatedUpdatedAsItGrowsAndClosedWhenIdle() {
        String alice = "alice@typoguard.test";
        for (int i = 0; i < 5; i++) {
            p.mail(alice, "desk" + i + "@army.ml", "sent", at(ofMinutes(i)));
        }
        p.mail(alice, "friend@gmial.com", "sent", at(ofMinutes(6)));            // another typo domain: its own incident
        p.mail(alice, "late@army.ml", "deferred", at(ofMinutes(7)));           // not delivered: no incident growth
        p.mail("bob@typoguard.test", "x@gmail.com", "sent", at(ofMinutes(70)));  // the clock passes the 1 h idle time
        // Incidents look for idle ones when the task's stream time moves and once a second: in this driver's single task
        // the stream time moved with the raw line, before its event reached the clock, so it is the next second's look.
        p.driver.advanceWallClockTime(java.time.Duration.ofSeconds(1));

        List<Alert> alerts = p.alerts.readValuesToList().stream().filter(a -> a.getType() == AlertType.DELIVERED_TYPO).toList();
        assertThat(alerts).extracting(a -> a.getTypoDomain() + " " + a.getActivity() + " r" + a.getRevision() + " n" + a.getCount())
                .containsExactly("army.ml CREATE r0 n1", "army.ml UPDATE r1 n2", "army.ml UPDATE r2 n5",
                        "gmial.com CREATE r0 n1", "army.ml CLOSE r3 n5", "gmial.com CLOSE r1 n1");
        assertThat(alerts.stream().filter(a -> a.getTypoDomain().equals("army.ml")).map(Alert::getAlertId).distinct())
                .as("one incident, one id").hasSize(1);
        Alert closed = alerts.get(4);
        assertThat(closed.getFirstSeen()).isEqualTo(at(ofMinutes(0)));
        assertThat(closed.getLastSeen()).isEqualTo(at(ofMinutes(4)));
        assertThat(closed.getDeliveredCount()).isEqualTo(5);
    }

    @Test
    void aTypoDomainThatManySendersWriteToInOneDayRaisesOneAlertAndItsDayIsReported() {
        try (PipelineDriver d = new PipelineDriver(p.config.withAlerting(new TopologyConfig.Alerting(ofHours(1), 50, 3)))) {
            d.trust("army.mil", Sensitivity.CRITICAL, T0.minus(ofHours(1)));
            d.mail("a@typoguard.test", "x@army.ml", "sent", at(ofMinutes(1)));
            d.mail("b@typoguard.test", "x@army.ml", "bounced", at(ofMinutes(2)));
            d.mail("b+news@typoguard.test", "y@army.ml", "sent", at(ofMinutes(3)));  // same sender identity as b
            assertThat(d.alerts.readValuesToList()).noneMatch(a -> a.getType() == AlertType.TYPO_DOMAIN_VOLUME);
            d.mail("c@typoguard.test", "z@army.ml", "sent", at(ofMinutes(4)));        // third sender: threshold
            d.mail("e@typoguard.test", "z@army.ml", "sent", at(ofMinutes(5)));        // no second alert that day

            List<Alert> volume = d.alerts.readValuesToList().stream().filter(a -> a.getType() == AlertType.TYPO_DOMAIN_VOLUME).toList();
            assertThat(volume).singleElement().satisfies(a -> {
                assertThat(a.getTypoDomain()).isEqualTo("army.ml");
                assertThat(a.getDistinctSenders()).isEqualTo(3);
                assertThat(a.getCount()).isEqualTo(4);
                assertThat(a.getSummary()).startsWith("army.ml received 4 messages from 3 senders on 2026-11-27");
            });
            assertThat(d.domainStats.isEmpty()).as("the day is not over").isTrue();

            d.mail("a@typoguard.test", "x@gmail.com", "sent", at(ofHours(24).plus(ofMinutes(6)))); // next day + grace
            assertThat(d.domainStats.readValuesToList()).singleElement().satisfies(day -> {
                assertThat(day.getMessages()).isEqualTo(5);
                assertThat(day.getDelivered()).isEqualTo(4);
                assertThat(day.getDistinctSenders()).isEqualTo(4);
                assertThat(day.getSenders()).containsExactly("a@typoguard.test", "b@typoguard.test", "c@typoguard.test", "e@typoguard.test");
                assertThat(day.getAlerted()).isTrue();
            });
        }
    }

    @Test
    void everyAlertIsAlsoWrittenAsOcsfJsonUnderTheSameKey() throws Exception {
        p.mail("alice@typoguard.test", "desk@army.ml", "sent", at(ofMinutes(1)));
        var alert = p.alerts.readKeyValuesToList().get(0);
        var ocsf = p.alertsOcsf.readKeyValuesToList();
        assertThat(ocsf).singleElement().satisfies(kv -> {
            assertThat(kv.key).isEqualTo(alert.key);
            var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(kv.value);
            assertThat(json.get("class_uid").asInt()).isEqualTo(2004);
            assertThat(json.get("finding_info").get("uid").asText()).isEqualTo(alert.value.getAlertId());
        });
    }

    @Test
    void aDeliveryWhoseSenderNeverComesIsEmittedAsAnOrphanAfterTheWait() {
        p.line("2026-11-27T10:01:00Z mx1 postfix/smtp[9]: 5ABCDE1234: to=<colonel@army.ml>, relay=x, dsn=2.0.0, status=sent", at(ofMinutes(1)));
        assertThat(p.findings.isEmpty()).isTrue();

        // When stream time passes the orphan wait (2 min) on the correlation task
        p.line("2026-11-27T10:05:00Z mx1 postfix/qmgr[7]: 6ABCDE1234: from=<x@typoguard.test>, size=1, nrcpt=1", at(ofMinutes(5)));

        assertThat(p.findings.readKeyValuesToList()).singleElement().satisfies(kv -> {
            assertThat(kv.key).isEqualTo("unknown");
            assertThat(kv.value.getSender()).isNull();
        });
    }

    @Test
    void onTheHostKeyedPathLooksThatFindNothingDueChangeNothing() {
        // Log times of the morning before the driver's wall clock (12:00), so that no line is logged in the future.
        byte[] mx1 = "mx1".getBytes(StandardCharsets.UTF_8);
        java.util.function.BiConsumer<String, Instant> keyed = (text, at) -> p.raw.pipeInput(mx1, text.getBytes(StandardCharsets.UTF_8), at);
        // A deferred message stays open for the queue time-to-live (6 h of mx1's log time) ...
        keyed.accept("2026-11-27T04:00:00Z mx1 postfix/qmgr[7]: 1DEF000001: from=<x@typoguard.test>, size=1, nrcpt=1", at(ofMinutes(0)));
        keyed.accept("2026-11-27T04:00:01Z mx1 postfix/smtp[9]: 1DEF000001: to=<a@gmail.com>, relay=x, dsn=4.4.1, status=deferred", at(ofMinutes(0)));
        // ... while mx1 logs on: a complete message every ten minutes, each looked at more than 30 s of log time after the last
        for (int m = 10; m <= 350; m += 10) {
            String t = String.format("2026-11-27T%02d:%02d:00Z", 4 + m / 60, m % 60);
            String q = String.format("2A%08X", m);
            keyed.accept(t + " mx1 postfix/qmgr[7]: " + q + ": from=<y@typoguard.test>, size=1, nrcpt=1", at(ofMinutes(m)));
            keyed.accept(t + " mx1 postfix/smtp[9]: " + q + ": to=<b@gmail.com>, relay=x, dsn=2.0.0, status=sent", at(ofMinutes(m)));
            keyed.accept(t + " mx1 postfix/qmgr[7]: " + q + ": removed", at(ofMinutes(m)));
            if (m == 120) {
                // a delivery whose from= line never comes, at 06:00:30: released as an orphan 2 min later, not 6 h later
                keyed.accept("2026-11-27T06:00:30Z mx1 postfix/smtp[9]: 3ABC000001: to=<colonel@army.ml>, relay=x, dsn=2.0.0, status=sent",
                        at(ofMinutes(m)));
            }
            if (m == 130) {
                assertThat(p.findings.readKeyValuesToList()).as("released by the look at 06:10").singleElement()
                        .satisfies(kv -> assertThat(kv.value.getSender()).isNull());
            }
        }
        assertThat(p.queueEntry(Names.POSTFIX_LOCAL_STORE, "mx1|1DEF000001")).as("still open at 09:50").isNotNull();

        keyed.accept("2026-11-27T10:00:02Z mx1 postfix/qmgr[7]: 4FED000001: from=<z@typoguard.test>, size=1, nrcpt=1", at(ofMinutes(361)));
        assertThat(p.queueEntry(Names.POSTFIX_LOCAL_STORE, "mx1|1DEF000001")).as("forgotten 6 h after its last line").isNull();
        assertThat(p.findings.readKeyValuesToList()).isEmpty();
    }

    @Test
    void aHostWhoseLogTimeStepsBackAfterItsMessagesClosedIsJudgedByItsNewTimesWhileLooksAreSkipped() {
        // Log times of the morning before the driver's wall clock (12:00).
        java.util.function.BiConsumer<String, Instant> mx1 = (text, at) -> p.raw.pipeInput("mx1".getBytes(StandardCharsets.UTF_8),
                ("2026-11-27T" + text).getBytes(StandardCharsets.UTF_8), at);
        java.util.function.BiConsumer<String, Instant> mx2 = (text, at) -> p.raw.pipeInput("mx2".getBytes(StandardCharsets.UTF_8),
                ("2026-11-27T" + text).getBytes(StandardCharsets.UTF_8), at);
        // mx1 keeps a deferred entry open for hours, so the looks find nothing due and skip their scans
        mx1.accept("04:00:00Z mx1 postfix/qmgr[7]: 1DEF000001: from=<x@typoguard.test>, size=1, nrcpt=1", at(ofMinutes(0)));
        mx1.accept("04:00:01Z mx1 postfix/smtp[9]: 1DEF000001: to=<a@gmail.com>, relay=x, dsn=4.4.1, status=deferred", at(ofMinutes(0)));
        // mx2 logs a message up to 06:00, closed; then mx1 logs on (a look, skipped)
        mx2.accept("06:00:00Z mx2 postfix/qmgr[7]: 2AB0000001: from=<y@typoguard.test>, size=1, nrcpt=1", at(ofMinutes(1)));
        mx2.accept("06:00:00Z mx2 postfix/smtp[9]: 2AB0000001: to=<b@gmail.com>, relay=x, dsn=2.0.0, status=sent", at(ofMinutes(1)));
        mx2.accept("06:00:00Z mx2 postfix/qmgr[7]: 2AB0000001: removed", at(ofMinutes(1)));
        mx1.accept("06:10:00Z mx1 postfix/qmgr[7]: 3AB0000001: from=<x@typoguard.test>, size=1, nrcpt=1", at(ofMinutes(2)));
        // mx2's syslog zone is fixed: its times step back an hour. A delivery line comes before its from= line, and a look of
        // mx1's comes between them: it must judge mx2 by mx2's new times (05:00), not by the 06:00 of its closed messages.
        mx2.accept("05:00:00Z mx2 postfix/smtp[9]: 4AB0000001: to=<colonel@army.ml>, relay=x, dsn=2.0.0, status=sent", at(ofMinutes(3)));
        mx1.accept("06:20:00Z mx1 postfix/qmgr[7]: 5AB0000001: from=<x@typoguard.test>, size=1, nrcpt=1", at(ofMinutes(4)));
        mx2.accept("05:00:30Z mx2 postfix/qmgr[7]: 4AB0000001: from=<z@typoguard.test>, size=1, nrcpt=1", at(ofMinutes(5)));

        assertThat(p.findings.readKeyValuesToList()).singleElement()
                .satisfies(kv -> assertThat(kv.value.getSender()).as("joined with its from= line, not released as an orphan").isEqualTo("z@typoguard.test"));
    }

    @Test
    void aDeliveryReleasedWithoutItsSenderIsCountedByPath() {
        java.util.List<String> released = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        try (PipelineDriver d = new PipelineDriver(p.config.withMetrics(recording(released)))) {
            d.trust("army.mil", Sensitivity.CRITICAL, T0.minus(ofHours(1)));
            byte[] mx1 = "mx1".getBytes(StandardCharsets.UTF_8);
            // mx1's lines keyed by mx1: correlated locally; mx2's with no key: repartitioned. Neither from= line ever comes.
            d.raw.pipeInput(mx1, "2026-11-27T10:01:00Z mx1 postfix/smtp[9]: 7ABCDE1234: to=<a@army.ml>, relay=x, dsn=2.0.0, status=sent"
                    .getBytes(StandardCharsets.UTF_8), at(ofMinutes(1)));
            d.raw.pipeInput(null, "2026-11-27T10:01:00Z mx2 postfix/smtp[9]: 8ABCDE1234: to=<b@army.ml>, relay=x, dsn=2.0.0, status=sent"
                    .getBytes(StandardCharsets.UTF_8), at(ofMinutes(1)));
            assertThat(released).as("still waiting for their from= lines").isEmpty();
            d.raw.pipeInput(mx1, "2026-11-27T10:05:00Z mx1 postfix/qmgr[7]: 9ABCDE1234: from=<x@typoguard.test>, size=1, nrcpt=1"
                    .getBytes(StandardCharsets.UTF_8), at(ofMinutes(5)));
            d.raw.pipeInput(null, "2026-11-27T10:05:00Z mx2 postfix/qmgr[7]: 9ABCDE1234: from=<y@typoguard.test>, size=1, nrcpt=1"
                    .getBytes(StandardCharsets.UTF_8), at(ofMinutes(5)));
            assertThat(d.findings.readValuesToList()).extracting(f -> f.getSender()).containsOnlyNulls().hasSize(2);
        }
        assertThat(released).containsExactlyInAnyOrder("without sender local", "without sender repartitioned");
    }

    @Test
    void windowsCountPerSenderAndEmitOnceWhenTheWindowCloses() {
        String alice = "alice@typoguard.test";
        p.mail(alice, "a@army.ml", "sent", at(ofMillis(0)));                  // first window, first ms
        p.mail(alice, "b@gmail.com", "sent", at(ofMillis(HOUR - 1)));         // first window, last ms
        p.mail(alice, "c@army.mil", "sent", at(ofMillis(HOUR)));              // second window, first ms
        assertThat(p.stats.isEmpty()).as("nothing before the window closes").isTrue();

        // Stream time reaches end of first window + grace (5 min): it closes
        p.mail("bob@typoguard.test", "d@gmail.com", "sent", at(ofHours(1).plus(ofMinutes(5))));

        List<KeyValue<Windowed<String>, SenderWindowStats>> out = p.stats.readKeyValuesToList();
        assertThat(out).singleElement().satisfies(kv -> {
            assertThat(kv.key).isEqualTo(new Windowed<>(alice, new TimeWindow(T0.toEpochMilli(), T0.toEpochMilli() + HOUR)));
            assertThat(kv.value.getMessages()).isEqualTo(2);
            assertThat(kv.value.getFindings()).isEqualTo(1);
            assertThat(kv.value.getDeliveredFindings()).isEqualTo(1);
            assertThat(kv.value.getTypoDomains()).containsExactly("army.ml");
            assertThat(kv.value.getWindowStart()).isEqualTo(T0);
            assertThat(kv.value.getWindowEnd()).isEqualTo(T0.plus(ofHours(1)));
        });
    }

    @Test
    void aQuietHourOrDayOnThePartitionLosesNoWindow() {
        String alice = "alice@typoguard.test";
        // Read two days after the mail was logged (a backlog), so no line is ahead of the clock
        try (PipelineDriver d = new PipelineDriver(p.config.withClock(Clock.fixed(T0.plus(ofHours(48)), ZoneOffset.UTC)))) {
            d.mail(alice, "a@army.ml", "sent", at(ofMinutes(10)));
            d.mail(alice, "b@gmail.com", "sent", at(ofMinutes(50)));

            // The next mail on this partition comes three hours later: stream time jumps far past the window's close
            d.mail("bob@typoguard.test", "c@gmail.com", "sent", at(ofHours(3)));
            // ... and the next one a day after that
            d.mail("carol@typoguard.test", "d@gmail.com", "sent", at(ofHours(27)));

            assertThat(d.stats.readKeyValuesToList()).extracting(kv -> kv.key.key() + " " + kv.key.window().startTime() + " " + kv.value.getMessages())
                    .containsExactly(alice + " " + T0 + " 2", "bob@typoguard.test " + T0.plus(ofHours(3)) + " 1");
        }
    }

    @Test
    void recipientsThePolicyServiceBlockedCountInTheSendersWindowButAreNotMessages() {
        String alice = "alice@typoguard.test";
        p.mail(alice, "a@gmail.com", "sent", at(ofMinutes(1)));
        p.decisions.pipeInput(alice, decision(alice, "desk@army.ml", io.typoguard.schema.PolicyAction.REJECT), at(ofMinutes(2)));
        p.decisions.pipeInput(alice, decision(alice, "ops@army.ml", io.typoguard.schema.PolicyAction.HOLD), at(ofMinutes(3)));
        p.decisions.pipeInput(alice, decision(alice, "desk@army.mil", io.typoguard.schema.PolicyAction.DUNNO), at(ofMinutes(4)));
        p.mail("bob@typoguard.test", "d@gmail.com", "sent", at(ofHours(1).plus(ofMinutes(5))));   // closes the window

        assertThat(p.stats.readKeyValuesToList()).singleElement().satisfies(kv -> {
            assertThat(kv.key.key()).isEqualTo(alice);
            assertThat(kv.value.getMessages()).as("blocked mail never left").isEqualTo(1);
            assertThat(kv.value.getBlockedAttempts()).isEqualTo(2);
            assertThat(kv.value.getTypoDomains()).containsExactly("army.ml");
        });
        assertThat(p.findings.isEmpty()).as("decisions are not findings of delivered mail").isTrue();
    }

    @Test
    void approvedExceptionsFromTheCompactedTopicReachThePolicyServiceAndATombstoneWithdrawsThem() {
        java.time.Instant now = T0.plus(ofMinutes(1));
        p.exceptionsIn.pipeInput("typoguard.test|army.ml", io.typoguard.schema.TypoException.newBuilder().setSender("typoguard.test")
                .setRecipient("army.ml").setApprovedBy("soc-lead").setExpires(T0.plus(ofHours(24))).setReason("CHG-1234").build(), now);
        p.exceptionsIn.pipeInput("Typoguard.test|army.ml", io.typoguard.schema.TypoException.newBuilder().setSender("typoguard.test")
                .setRecipient("other.ml").setApprovedBy("x").build(), now);

        assertThat(p.exceptions.find("alice@typoguard.test", "desk@army.ml", now)).isNotNull()
                .satisfies(e -> assertThat(e.approvedBy()).isEqualTo("soc-lead"));
        assertThat(p.exceptions.size()).as("a key that is not the normalised sender|recipient is ignored").isEqualTo(1);

        p.exceptionsIn.pipeInput("typoguard.test|army.ml", null, now);
        assertThat(p.exceptions.find("alice@typoguard.test", "desk@army.ml", now)).isNull();
    }

    @Test
    void anUnreadableExceptionRecordLeavesTheApprovedExceptionInPlace() {
        java.time.Instant now = T0.plus(ofMinutes(1));
        p.exceptionsIn.pipeInput("typoguard.test|army.ml", io.typoguard.schema.TypoException.newBuilder().setSender("typoguard.test")
                .setRecipient("army.ml").setApprovedBy("soc-lead").setExpires(T0.plus(ofHours(24))).setReason("CHG-1234").build(), now);
        var rawExceptions = p.driver.createInputTopic(p.config.topics().exceptions(), new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer());

        rawExceptions.pipeInput("typoguard.test|army.ml", new byte[] {0, 0, 0, 0, 9, 1, 2}, now); // schema id 9 is unknown

        assertThat(p.exceptions.find("alice@typoguard.test", "desk@army.ml", now)).isNotNull()
                .satisfies(e -> assertThat(e.approvedBy()).isEqualTo("soc-lead"));
        assertThat(p.tableDeadLetters).singleElement().satisfies(d -> assertThat(d)
                .startsWith("typo-exception " + p.config.topics().exceptions() + "/0/1 typoguard.test|army.ml: ")
                .contains("unknown schema id 9"));
    }

    private static io.typoguard.schema.PolicyDecision decision(String sender, String recipient, io.typoguard.schema.PolicyAction action) {
        return io.typoguard.schema.PolicyDecision.newBuilder().setDecisionId(java.util.UUID.randomUUID().toString())
                .setTimestamp(T0).setAction(action).setReply(action.name()).setReason(io.typoguard.schema.PolicyReason.TYPO)
                .setSender(sender).setRecipient(recipient).setRecipientDomain(recipient.substring(recipient.indexOf('@') + 1)).build();
    }

    @Test
    void aLateRecordWithinGraceCountsAndOneBeyondGraceDoesNot() {
        java.util.List<String> late = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        PipelineMetrics recording = recording(late);
        String alice = "alice@typoguard.test";
        try (PipelineDriver d = new PipelineDriver(p.config.withMetrics(recording))) {
            d.trust("army.mil", Sensitivity.CRITICAL, T0.minus(ofHours(1)));
            d.trust("gmail.com", Sensitivity.NORMAL, T0.minus(ofHours(1)));
            d.mail(alice, "a@gmail.com", "sent", at(ofMinutes(10)));
            d.mail("bob@typoguard.test", "b@gmail.com", "sent", at(ofHours(1).plus(ofMinutes(4))));   // clock 11:04
            d.mail(alice, "late@army.ml", "sent", at(ofMinutes(30)));                                // 34 min late: in grace
            d.mail("bob@typoguard.test", "c@gmail.com", "sent", at(ofHours(1).plus(ofMinutes(5))));   // 11:05: window closed
            d.mail(alice, "too-late@army.ml", "sent", at(ofMinutes(40)));                            // beyond grace

            Map<Windowed<String>, SenderWindowStats> out = d.stats.readKeyValuesToList().stream()
                    .collect(Collectors.toMap(kv -> kv.key, kv -> kv.value));
            SenderWindowStats first = out.get(new Windowed<>(alice, new TimeWindow(T0.toEpochMilli(), T0.toEpochMilli() + HOUR)));
            assertThat(first.getMessages()).isEqualTo(2);
            assertThat(first.getFindings()).isEqualTo(1);
            assertThat(d.alerts.readValuesToList()).extracting(Alert::getRecipient)
                    .as("the late finding is still alerted; only window counts ignore it")
                    .containsExactly("late@army.ml", "too-late@army.ml");
        }
        assertThat(late).as("the record beyond grace was left out of its window, and counted").filteredOn(x -> x.startsWith("event"))
                .containsExactly("event sender-window");
    }

    @Test
    void aFindingTooLateForItsThresholdWindowIsCountedAsLateNotSkippedSilently() {
        java.util.List<String> late = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        PipelineMetrics recording = recording(late);
        String carol = "carol@typoguard.test";
        try (PipelineDriver d = new PipelineDriver(p.config.withMetrics(recording))) {
            d.trust("army.mil", Sensitivity.CRITICAL, T0.minus(ofHours(1)));
            d.trust("gmail.com", Sensitivity.NORMAL, T0.minus(ofHours(1)));
            d.mail(carol, "a@army.ml", "deferred", at(ofMinutes(1)));
            d.mail(carol, "b@army.ml", "deferred", at(ofMinutes(2)));
            d.mail("bob@typoguard.test", "c@gmail.com", "sent", at(ofHours(1).plus(ofMinutes(5))));  // 11:05: carol's window closed
            d.mail(carol, "late@army.ml", "deferred", at(ofMinutes(3)));                            // would have been her third

            assertThat(d.findings.readValuesToList()).extracting(TypoFinding::getRecipient)
                    .as("the late finding itself is written").containsExactly("a@army.ml", "b@army.ml", "late@army.ml");
            assertThat(d.alerts.readValuesToList()).extracting(Alert::getType).as("no threshold alert for a closed window")
                    .doesNotContain(AlertType.SENDER_THRESHOLD);
        }
        assertThat(late).as("the skipped count is reported, not silent").contains("finding sender-threshold");
    }

    @Test
    void inACatchUpWhereOneRawPartitionRunsAheadWindowsThresholdsAndIncidentsWaitForTheSlowerOne() {
        // A backlog read unevenly: raw partition 0 is read an hour of log time ahead of raw partition 1. Kafka Streams'
        // stream time (the latest log time read) would close carol's and alice's windows and alice's incident before
        // partition 1's mail of the same hour arrives; the task's source clock waits for partition 1.
        String carol = "carol@typoguard.test";
        String alice = "alice@typoguard.test";
        p.eventFromRawPartition(0, carol, "a@army.ml", "deferred", at(ofMinutes(1)));
        p.eventFromRawPartition(1, carol, "b@army.ml", "deferred", at(ofMinutes(2)));
        p.eventFromRawPartition(0, alice, "desk@army.ml", "sent", at(ofMinutes(5)));
        p.eventFromRawPartition(0, alice, "hall@army.ml", "sent", at(ofMinutes(68)));   // an hour after her first: held
        p.eventFromRawPartition(0, "bob@typoguard.test", "x@gmail.com", "sent", at(ofMinutes(70)));   // partition 0 runs ahead
        p.eventFromRawPartition(1, carol, "c@army.ml", "deferred", at(ofMinutes(3)));   // carol's third finding of the hour
        p.eventFromRawPartition(1, alice, "door@army.ml", "sent", at(ofMinutes(30)));   // alice's incident grows: 68 joins it
        p.driver.advanceWallClockTime(java.time.Duration.ofSeconds(1));

        assertThat(p.alerts.readValuesToList()).extracting(a -> a.getType() + " " + a.getSender() + " " + a.getActivity() + " n" + a.getCount())
                .as("carol's threshold reached, alice's one incident updated, nothing closed")
                .containsExactly("DELIVERED_TYPO alice@typoguard.test CREATE n1", "SENDER_THRESHOLD carol@typoguard.test CREATE n3",
                        "DELIVERED_TYPO alice@typoguard.test UPDATE n2");
        org.apache.kafka.streams.state.KeyValueStore<String, Alert> incidents = p.driver.getKeyValueStore(Names.INCIDENT_STORE);
        assertThat(incidents.get(alice + "|army.ml").getCount()).as("the held finding joined once the slower partition's finding came").isEqualTo(3);
        assertThat(p.stats.isEmpty()).as("no window closed while partition 1 is still in its hour").isTrue();

        p.eventFromRawPartition(1, "dave@typoguard.test", "y@gmail.com", "sent", at(ofMinutes(70)));   // partition 1 catches up
        Map<String, SenderWindowStats> windows = p.stats.readKeyValuesToList().stream()
                .collect(Collectors.toMap(kv -> kv.key.key(), kv -> kv.value));
        assertThat(windows.get(carol).getFindings()).as("every finding of carol's hour counted").isEqualTo(3);
        assertThat(windows.get(alice).getMessages()).isEqualTo(2);
    }

    @Test
    void aFindingTooLateForItsTypoDomainDayIsCountedAsLate() {
        java.util.List<String> late = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        PipelineMetrics recording = recording(late);
        try (PipelineDriver d = new PipelineDriver(p.config.withMetrics(recording))) {
            d.trust("army.mil", Sensitivity.CRITICAL, T0.minus(ofHours(1)));
            d.eventFromRawPartition(0, "carol@typoguard.test", "a@army.ml", "sent", at(ofMinutes(1)));
            d.eventFromRawPartition(0, "dave@typoguard.test", "b@army.ml", "sent", at(ofDays(1).plus(ofMinutes(10))));  // next day, past the grace
            d.eventFromRawPartition(0, "erin@typoguard.test", "c@army.ml", "sent", at(ofMinutes(2)));                   // for the first day: closed
            assertThat(d.findings.readValuesToList()).as("every finding is written").hasSize(3);
        }
        assertThat(late).as("not counted in its closed day (nor in its closed threshold window), and reported")
                .contains("finding sender-threshold", "finding typo-domain-day");
    }

    @Test
    void aFindingAfterTheIdleHourFromAPartitionReadAheadOpensTheNextIncidentOnlyOnceTheSlowerPartitionHasPassed() {
        String alice = "alice@typoguard.test";
        p.eventFromRawPartition(0, alice, "desk@army.ml", "sent", at(ofMinutes(5)));
        p.eventFromRawPartition(1, "dave@typoguard.test", "y@gmail.com", "sent", at(ofMinutes(6)));
        p.eventFromRawPartition(0, alice, "hall@army.ml", "sent", at(ofMinutes(68)));   // after the idle hour, in partition 0 only
        assertThat(p.alerts.readValuesToList()).extracting(a -> a.getActivity() + " n" + a.getCount())
                .as("held: partition 1 may still have a finding of minutes 6 to 65").containsExactly("CREATE n1");

        p.eventFromRawPartition(0, "bob@typoguard.test", "x@gmail.com", "sent", at(ofMinutes(200)));
        p.eventFromRawPartition(1, "dave@typoguard.test", "z@gmail.com", "sent", at(ofMinutes(200)));   // it had none
        p.driver.advanceWallClockTime(java.time.Duration.ofSeconds(1));
        List<Alert> alerts = p.alerts.readValuesToList();
        assertThat(alerts).extracting(a -> a.getActivity() + " n" + a.getCount() + " last " + a.getLastSeen())
                .as("the held finding opens the next incident, which is itself past its idle hour by then")
                .containsExactly("CLOSE n1 last " + at(ofMinutes(5)), "CREATE n1 last " + at(ofMinutes(68)), "CLOSE n1 last " + at(ofMinutes(68)));
        assertThat(alerts.get(0).getTimestamp()).as("closed at its last finding plus the idle hour").isEqualTo(at(ofMinutes(65)));
        assertThat(alerts.get(2).getTimestamp()).isEqualTo(at(ofMinutes(128)));
    }

    @Test
    void theLatestLogTimeReadIsStoredWithTheEventThatMovedItSoATaskThatMovesRightAfterStillClosesItsWindows() {
        // ScaleOutTest timed out now and then: a task that read its last events less than a second (the store's punctuation)
        // before it moved left an older latest time behind, and the new owner's clock never reached the windows' close.
        p.eventFromRawPartition(0, "alice@typoguard.test", "desk@army.ml", "sent", at(ofMinutes(5)));
        p.eventFromRawPartition(0, "bob@typoguard.test", "x@gmail.com", "sent", at(ofMinutes(70)));

        org.apache.kafka.streams.state.KeyValueStore<String, Long> clockStore = p.driver.getKeyValueStore(Names.DETECT_CLOCK_STORE);
        assertThat(clockStore.get(EventClockProcessor.NEWEST_KEY)).as("stored without waiting for the wall clock")
                .isEqualTo(at(ofMinutes(70)).toEpochMilli());
    }

    @Test
    void aHeldFindingJoinsTheIncidentThatAnEarlierFindingFromTheSlowerPartitionOpens() {
        // Seen in issue 21's 500,000-message catch-up: findings at 06:35:56 and 06:39:38 made two incidents. The later one
        // came first, from the partition read ahead, and was held; the earlier one, from the slower partition, closed the
        // previous incident and opened the next, and the held one was left to open an incident of its own.
        String alice = "alice@typoguard.test";
        p.eventFromRawPartition(0, alice, "desk@army.ml", "sent", at(ofMinutes(5)));            // incident 1, idle at minute 65
        p.eventFromRawPartition(1, "dave@typoguard.test", "y@gmail.com", "sent", at(ofMinutes(6)));
        p.eventFromRawPartition(0, alice, "hall@army.ml", "sent", at(ofMinutes(71)));           // after the idle hour: held
        p.eventFromRawPartition(1, "dave@typoguard.test", "z@gmail.com", "sent", at(ofMinutes(66)));  // the clock passes 65
        p.eventFromRawPartition(1, alice, "door@army.ml", "sent", at(ofMinutes(67)));           // closes 1, opens 2
        p.eventFromRawPartition(0, "bob@typoguard.test", "x@gmail.com", "sent", at(ofMinutes(200)));
        p.eventFromRawPartition(1, "dave@typoguard.test", "w@gmail.com", "sent", at(ofMinutes(200)));
        p.driver.advanceWallClockTime(java.time.Duration.ofSeconds(1));

        assertThat(p.alerts.readValuesToList()).extracting(a -> a.getActivity() + " n" + a.getCount() + " last " + a.getLastSeen())
                .as("minute 71 is four minutes after 67: one incident, as the log's order has it")
                .containsExactly("CREATE n1 last " + at(ofMinutes(5)), "CLOSE n1 last " + at(ofMinutes(5)),
                        "CREATE n1 last " + at(ofMinutes(67)), "UPDATE n2 last " + at(ofMinutes(71)), "CLOSE n2 last " + at(ofMinutes(71)));
    }

    @Test
    void aFindingLoggedMoreThanTheIdleHourBeforeAnOpenIncidentMakesAnIncidentOfItsOwn() {
        // Seen in issue 21's 1,000,000-message keyed catch-up (2026-12-07): a sender's findings at 18:55:27 and 19:56:16 made
        // one incident of two. The later one came first, from the partition read ahead, and opened an incident; the earlier
        // one, from the slower partition, joined it although it was logged more than the idle hour before it.
        String alice = "alice@typoguard.test";
        p.eventFromRawPartition(1, "dave@typoguard.test", "y@gmail.com", "sent", at(ofMinutes(1)));
        p.eventFromRawPartition(0, alice, "hall@army.ml", "sent", at(ofMinutes(70)));           // opens an incident
        p.eventFromRawPartition(1, alice, "desk@army.ml", "sent", at(ofMinutes(5)));            // 65 minutes before it
        p.eventFromRawPartition(0, "bob@typoguard.test", "x@gmail.com", "sent", at(ofMinutes(200)));
        p.eventFromRawPartition(1, "dave@typoguard.test", "w@gmail.com", "sent", at(ofMinutes(200)));
        p.driver.advanceWallClockTime(java.time.Duration.ofSeconds(1));

        assertThat(p.alerts.readValuesToList()).extracting(a -> a.getActivity() + " n" + a.getCount() + " first " + a.getFirstSeen()
                        + " last " + a.getLastSeen())
                .as("two incidents, as the log's order has them: minute 5 closed at 65, before minute 70 opened the next")
                .containsExactly("CREATE n1 first " + at(ofMinutes(70)) + " last " + at(ofMinutes(70)),
                        "CREATE n1 first " + at(ofMinutes(5)) + " last " + at(ofMinutes(5)),
                        "CLOSE n1 first " + at(ofMinutes(5)) + " last " + at(ofMinutes(5)),
                        "CLOSE n1 first " + at(ofMinutes(70)) + " last " + at(ofMinutes(70)));
    }

    @Test
    void anEarlierFindingThatALaterOneBridgesToTheOpenIncidentJoinsIt() {
        // Minutes 5 and 70 are more than the idle hour apart, but 40 lies within it of both: in the log's order one incident.
        String alice = "alice@typoguard.test";
        p.eventFromRawPartition(1, "dave@typoguard.test", "y@gmail.com", "sent", at(ofMinutes(1)));
        p.eventFromRawPartition(2, "erin@typoguard.test", "y@gmail.com", "sent", at(ofMinutes(1)));
        p.eventFromRawPartition(0, alice, "hall@army.ml", "sent", at(ofMinutes(70)));           // opens an incident
        p.eventFromRawPartition(1, alice, "desk@army.ml", "sent", at(ofMinutes(5)));            // held: partition 2 may bridge
        p.eventFromRawPartition(2, alice, "door@army.ml", "sent", at(ofMinutes(40)));           // it does
        p.eventFromRawPartition(0, "bob@typoguard.test", "x@gmail.com", "sent", at(ofMinutes(200)));
        p.eventFromRawPartition(1, "dave@typoguard.test", "w@gmail.com", "sent", at(ofMinutes(200)));
        p.eventFromRawPartition(2, "erin@typoguard.test", "w@gmail.com", "sent", at(ofMinutes(200)));
        p.driver.advanceWallClockTime(java.time.Duration.ofSeconds(1));

        List<Alert> alerts = p.alerts.readValuesToList();
        assertThat(alerts).extracting(a -> a.getActivity() + " n" + a.getCount())
                .as("one incident of three findings").containsExactly("CREATE n1", "UPDATE n2", "CLOSE n3");
        assertThat(alerts.get(2).getFirstSeen()).as("first seen at the earliest of them").isEqualTo(at(ofMinutes(5)));
    }

    @Test
    void aSenderCrossingTheThresholdRaisesOneAlertPerWindow() {
        String carol = "carol@typoguard.test";
        p.mail(carol, "a@army.ml", "deferred", at(ofMinutes(1)));
        p.mail(carol, "b@army.ml", "deferred", at(ofMinutes(2)));
        assertThat(p.alerts.isEmpty()).isTrue();

        p.mail(carol, "c@gmial.com", "deferred", at(ofMinutes(3)));   // third finding: threshold (3) reached
        p.mail(carol, "d@gmial.com", "deferred", at(ofMinutes(4)));   // fourth: no second alert
        p.mail(carol, "e@army.ml", "deferred", at(ofHours(1)));       // next window: counting starts again
        p.mail(carol, "f@army.ml", "deferred", at(ofHours(1).plus(ofMinutes(1))));

        List<TestRecord<String, Alert>> alerts = p.alerts.readRecordsToList();
        assertThat(alerts).as("two findings in the next window are not yet three").singleElement().satisfies(r -> {
            assertThat(r.value().getType()).isEqualTo(AlertType.SENDER_THRESHOLD);
            assertThat(r.value().getCount()).isEqualTo(3);
            assertThat(r.value().getSender()).isEqualTo(carol);
            assertThat(r.value().getWindowStart()).isEqualTo(T0);
            assertThat(r.value().getWindowEnd()).isEqualTo(T0.plus(ofHours(1)));
            assertThat(r.timestamp()).isEqualTo(at(ofMinutes(3)).toEpochMilli());
        });

        p.mail(carol, "g@army.ml", "deferred", at(ofHours(1).plus(ofMinutes(2))));   // third in the next window
        assertThat(p.alerts.readValuesToList()).singleElement().satisfies(a -> {
            assertThat(a.getWindowStart()).isEqualTo(T0.plus(ofHours(1)));
            assertThat(a.getCount()).isEqualTo(3);
        });
    }

    @Test
    void badInputGoesToTheDeadLetterTopicWithAReasonAndTheAppKeepsGoing() {
        byte[] junk = {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, 0x00, 0x01};
        byte[] huge = new byte[1024 * 1024];
        Arrays.fill(huge, (byte) 'x');
        p.raw.pipeInput("host-a".getBytes(StandardCharsets.UTF_8), junk, at(ofSeconds(1)));
        p.raw.pipeInput(null, huge, at(ofSeconds(2)));
        p.line("{\"timestamp\":\"2026-11-27T10:00:03Z\",\"from\":\"a@typoguard.test\",\"to\":[\"no-at-sign\"],\"status\":\"sent\"}", at(ofSeconds(3)));
        p.line("{\"timestamp\":\"2026-11-27T10:00:04Z\",\"to\":[\"x@army.ml\"]}", at(ofSeconds(4)));

        p.mail("alice@typoguard.test", "colonel@army.ml", "sent", at(ofSeconds(5)));

        List<TestRecord<byte[], byte[]>> dead = p.deadLetter.readRecordsToList();
        assertThat(dead).extracting(r -> header(r, DeadLetters.REASON)).containsExactly(
                "not valid UTF-8",
                "record of 1048576 bytes exceeds the limit of 65536",
                "JSON recipient #1: recipient address has no '@'",
                "JSON line missing field 'from'");
        assertThat(dead.get(0).value()).as("original bytes kept").isEqualTo(junk);
        assertThat(dead.get(0).key()).as("original key kept").isEqualTo("host-a".getBytes(StandardCharsets.UTF_8));
        assertThat(dead).allSatisfy(r -> {
            assertThat(header(r, DeadLetters.STAGE)).isEqualTo("parse");
            assertThat(header(r, DeadLetters.SOURCE_TOPIC)).isEqualTo(Topics.RAW);
            assertThat(header(r, DeadLetters.SOURCE_OFFSET)).isNotNull();
        });
        assertThat(p.findings.readValuesToList()).hasSize(1);
    }

    @Test
    void everyRawRecordIsCountedInExactlyOneParseMetric() {
        p.mail("alice@typoguard.test", "a@gmail.com", "sent", at(ofSeconds(1)));                                   // event
        p.line("2026-11-27T10:00:02Z mx1 postfix/qmgr[7]: 7ABCDE1234: from=<a@typoguard.test>, size=1, nrcpt=1", at(ofSeconds(2))); // fragment
        p.line("2026-11-27T10:00:03Z mx1 postfix/smtpd[7]: connect from unknown[127.0.0.1]", at(ofSeconds(3)));   // noise
        p.line("not a log line", at(ofSeconds(4)));                                                             // dead letter
        p.line("also not a log line", at(ofSeconds(5)));                                                        // dead letter

        assertThat(parseTotal("records-events")).isEqualTo(1.0);
        assertThat(parseTotal("records-fragments")).isEqualTo(1.0);
        assertThat(parseTotal("records-noise")).isEqualTo(1.0);
        assertThat(parseTotal("records-dead-lettered")).isEqualTo(2.0);
        assertThat(p.deadLetter.readValuesToList()).hasSize(2);
    }

    /** Metrics that record every late event ("event <stage>") and late finding ("finding <stage>") into {@code late}. */
    /** Records the counts of mail left out or not attributed: "event|finding &lt;stage&gt;" (late), "without sender &lt;path&gt;". */
    private static PipelineMetrics recording(java.util.List<String> calls) {
        return new PipelineMetrics() {
            @Override
            public void lateEvent(String stage) {
                calls.add("event " + stage);
            }

            @Override
            public void lateFinding(String stage) {
                calls.add("finding " + stage);
            }

            @Override
            public void deliveryWithoutSender(String path) {
                calls.add("without sender " + path);
            }
        };
    }

    private double parseTotal(String name) {
        return p.driver.metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals("stream-" + ParseProcessor.METRIC_SCOPE + "-metrics")
                        && e.getKey().name().equals(name + "-total"))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
    }

    @Test
    void aCorruptAvroEventIsDeadLetteredByStreamsAndTheNextOneIsProcessed() {
        p.eventsBytes.pipeInput("alice@typoguard.test", new byte[] {0, 0, 0, 0, 99, 1, 2, 3}, at(ofSeconds(1)));
        p.mail("alice@typoguard.test", "colonel@army.ml", "sent", at(ofSeconds(2)));

        assertThat(p.deadLetter.readRecordsToList()).singleElement()
                .satisfies(r -> assertThat(r.headers().toArray()).isNotEmpty());
        assertThat(p.findings.readValuesToList()).hasSize(1);
    }

    private static String header(TestRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
