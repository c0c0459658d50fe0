package io.typoguard.topology;

import static io.typoguard.topology.PipelineDriver.T0;
import static java.time.Duration.ofDays;
import static java.time.Duration.ofHours;
import static java.time.Duration.ofMinutes;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import io.typoguard.schema.Alert;
import io.typoguard.schema.AlertActivity;
import io.typoguard.schema.AlertType;
import io.typoguard.schema.MailEvent;
import io.typoguard.schema.Sensitivity;
import io.typoguard.schema.SenderWindowStats;
import io.typoguard.schema.TypoFinding;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.kstream.internals.TimeWindow;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every clock decision of the topology with the two clocks apart: the raw records' Kafka timestamps (when the
 * shipper sent a line: "arrival") and the log times the MTAs wrote. Each decision must follow log time, as
 * docs/architecture.md ("Time") says: correlation expiry, the orphan wait, windows, incident idle close.
 * In each test the arrival time is stated beside the log time of every line.
 */
class TimeModelTest {
    private static final long HOUR = ofHours(1).toMillis();
    /** Logs re-ingested a month after they were written. */
    private static final Instant MONTH_AGO = T0.minus(ofDays(30));
    private PipelineDriver p;

    @BeforeEach
    void start() {
        p = new PipelineDriver();
        // Given the trusted table, loaded before any mail (table records precede stream records)
        p.trust("army.mil", Sensitivity.CRITICAL, MONTH_AGO.minus(ofHours(1)));
        p.trust("gmail.com", Sensitivity.NORMAL, MONTH_AGO.minus(ofHours(1)));
    }

    @AfterEach
    void stop() {
        p.close();
    }

    /** A JSON mail-log line logged at {@code logged} that reached Kafka at {@code arrived}. */
    private void mail(String from, String to, String status, Instant logged, Instant arrived) {
        p.line("{\"timestamp\":\"" + logged + "\",\"host\":\"gw1\",\"queue_id\":\"Q" + logged.toEpochMilli() + "\",\"from\":\"" + from
                + "\",\"to\":[\"" + to + "\"],\"status\":\"" + status + "\"}", arrived);
    }

    /** A Postfix line of {@code host} logged at {@code logged} (RFC 3339 prefix) that reached Kafka at {@code arrived}. */
    private void postfix(String host, Instant logged, String message, Instant arrived) {
        p.line(logged + " " + host + " " + message, arrived);
    }

    private static String from(String queueId, String sender) {
        return "postfix/qmgr[7]: " + queueId + ": from=<" + sender + ">, size=1, nrcpt=1 (queue active)";
    }

    private static String to(String queueId, String recipient, String status) {
        return "postfix/smtp[9]: " + queueId + ": to=<" + recipient + ">, relay=x[1.2.3.4]:25, dsn=2.0.0, status=" + status + " (ok)";
    }

    @Test
    void mailEventsCarryTheArrivalTimeAsKafkaTimestampAndTheLogTimeInTheirValue() {
        Instant arrived = T0.plus(ofSeconds(7));
        mail("alice@typoguard.test", "colonel@army.ml", "sent", MONTH_AGO, arrived);

        TestRecord<String, MailEvent> event = p.events.readRecord();
        assertThat(event.getRecordTime()).as("broker retention counts from arrival").isEqualTo(arrived);
        assertThat(event.getValue().getTimestamp()).isEqualTo(MONTH_AGO);
        assertThat(p.findings.readValuesToList()).singleElement()
                .satisfies(f -> assertThat(f.getTimestamp()).as("the finding keeps the mail's time").isEqualTo(MONTH_AGO));
    }

    @Test
    void windowsCountInLogTimeWhenTheLogsReachKafkaAMonthLate() {
        String alice = "alice@typoguard.test";
        // Given a month-old hour of Alice's mail, all of it arriving now, a second apart
        mail(alice, "a@army.ml", "sent", MONTH_AGO, T0);
        mail(alice, "b@gmail.com", "sent", MONTH_AGO.plusMillis(HOUR - 1), T0.plus(ofSeconds(1)));
        mail(alice, "c@army.mil", "sent", MONTH_AGO.plusMillis(HOUR), T0.plus(ofSeconds(2)));
        assertThat(p.stats.isEmpty()).as("arrival is hours past the window; log time is not: still open").isTrue();

        // When the log time of the input passes the window's end plus grace
        mail("bob@typoguard.test", "d@gmail.com", "sent", MONTH_AGO.plus(ofHours(1)).plus(ofMinutes(5)), T0.plus(ofSeconds(3)));

        // Then the month-old window closes with both of its messages
        List<KeyValue<Windowed<String>, SenderWindowStats>> out = p.stats.readKeyValuesToList();
        assertThat(out).singleElement().satisfies(kv -> {
            assertThat(kv.key).isEqualTo(new Windowed<>(alice, new TimeWindow(MONTH_AGO.toEpochMilli(), MONTH_AGO.toEpochMilli() + HOUR)));
            assertThat(kv.value.getMessages()).isEqualTo(2);
            assertThat(kv.value.getFindings()).isEqualTo(1);
        });
    }

    @Test
    void lateMeansLateInLogTimeWhateverTheArrivalOrder() {
        String alice = "alice@typoguard.test";
        Instant window = MONTH_AGO;
        mail(alice, "a@army.ml", "sent", window.plus(ofMinutes(10)), T0);
        // Log time moves 1 h 4 min on (still within the first window's 5 min grace)...
        mail("bob@typoguard.test", "x@gmail.com", "sent", window.plus(ofMinutes(64)), T0.plus(ofSeconds(1)));
        // ...a line logged in the first window arrives three hours later: within grace in log time, so it counts
        mail(alice, "b@army.ml", "sent", window.plus(ofMinutes(50)), T0.plus(ofHours(3)));
        // Log time passes the grace; a line of the first window that arrives next is late in log time: not counted
        mail("bob@typoguard.test", "y@gmail.com", "sent", window.plus(ofMinutes(66)), T0.plus(ofHours(3)).plus(ofSeconds(1)));
        mail(alice, "c@army.ml", "sent", window.plus(ofMinutes(55)), T0.plus(ofHours(3)).plus(ofSeconds(2)));

        assertThat(p.stats.readKeyValuesToList()).filteredOn(kv -> kv.key.key().equals(alice)).singleElement()
                .satisfies(kv -> assertThat(kv.value.getFindings()).isEqualTo(2));
    }

    /** A MailEvent logged at {@code logged}, written to mail.events with the Kafka timestamp {@code written}. */
    private void event(String from, String to, Instant logged, Instant written) {
        String domain = to.substring(to.indexOf('@') + 1);
        MailEvent e = Records.toEvent(new io.typoguard.parse.Delivery(logged.toEpochMilli(), "gw1", "Q" + logged.toEpochMilli(), null,
                from, to, domain, null, io.typoguard.schema.DeliveryStatus.SENT, null, null, "json"));
        p.eventsBytes.pipeInput(io.typoguard.parse.Addresses.senderIdentity(from),
                p.serdes.mailEvent.serializer().serialize(p.config.topics().events(), e), written);
    }

    @Test
    void anIncidentClosesAfterAnHourOfLogTimeNotOfKafkaTime() {
        String alice = "alice@typoguard.test";
        event(alice, "desk@army.ml", MONTH_AGO, T0);
        // The Kafka timestamps of mail.events run three hours on while log time moves ten minutes: still open
        event("bob@typoguard.test", "x@gmail.com", MONTH_AGO.plus(ofMinutes(10)), T0.plus(ofHours(3)));
        assertThat(deliveredTypoAlerts()).extracting(Alert::getActivity).containsExactly(AlertActivity.CREATE);

        // Log time passes the 1 h idle time: it closes
        event("bob@typoguard.test", "y@gmail.com", MONTH_AGO.plus(ofMinutes(70)), T0.plus(ofHours(3)).plus(ofSeconds(1)));
        assertThat(deliveredTypoAlerts()).singleElement().satisfies(a -> {
            assertThat(a.getActivity()).isEqualTo(AlertActivity.CLOSE);
            assertThat(a.getLastSeen()).isEqualTo(MONTH_AGO);
        });
    }

    private List<Alert> deliveredTypoAlerts() {
        return p.alerts.readValuesToList().stream().filter(a -> a.getType() == AlertType.DELIVERED_TYPO).toList();
    }

    @Test
    void aQueueEntryOutlivesArrivalTimeRunningEightHoursAheadOfLogTime() {
        // A host logging local time eight hours west of UTC, read as UTC: every line arrives 8 h "after" it was logged
        Instant logged = T0.minus(ofHours(9));
        postfix("mx1", logged, from("1AAAAA1111", "bob@typoguard.test"), logged.plus(ofHours(8)));
        postfix("mx1", logged.plus(ofMinutes(1)), from("2BBBBB2222", "carol@typoguard.test"), logged.plus(ofHours(8)).plus(ofMinutes(1)));
        postfix("mx1", logged.plus(ofMinutes(3)), to("1AAAAA1111", "colonel@army.ml", "sent"), logged.plus(ofHours(8)).plus(ofMinutes(3)));

        assertThat(p.findings.readValuesToList()).singleElement()
                .satisfies(f -> assertThat(f.getSender()).as("joined, not an orphan").isEqualTo("bob@typoguard.test"));
    }

    @Test
    void aDeliveryWaitsForItsSenderTwoMinutesOfItsHostsLogTime() {
        Instant logged = T0.minus(ofHours(2));
        postfix("mx1", logged, to("1AAAAA1111", "colonel@army.ml", "sent"), logged);
        // Arrival jumps five hours (a shipper's queue drained), the host's log time moves one minute: still waiting
        postfix("mx1", logged.plus(ofMinutes(1)), from("2BBBBB2222", "carol@typoguard.test"), logged.plus(ofHours(5)));
        assertThat(p.findings.isEmpty()).isTrue();

        // The host's log time passes the 2 min wait: released as an orphan
        postfix("mx1", logged.plus(ofMinutes(3)), from("3CCCCC3333", "dave@typoguard.test"), logged.plus(ofHours(5)).plus(ofSeconds(1)));
        assertThat(p.findings.readValuesToList()).singleElement().satisfies(f -> assertThat(f.getSender()).isNull());
    }

    @Test
    void aDeliveryLoggedEightHoursAheadOfItsArrivalIsReleasedByLogTimeToo() {
        // A host logging eight hours east of UTC, read as UTC: its log times run 8 h ahead of arrival
        Instant arrived = T0.minus(ofHours(8));
        postfix("mx1", T0, to("1AAAAA1111", "colonel@army.ml", "sent"), arrived);
        postfix("mx1", T0.plus(ofMinutes(3)), from("2BBBBB2222", "carol@typoguard.test"), arrived.plus(ofMinutes(3)));

        assertThat(p.findings.readValuesToList()).as("orphaned after 2 min of the host's log time").singleElement()
                .satisfies(f -> assertThat(f.getSender()).isNull());
    }

    @Test
    void eachHostKeepsItsOwnLogClock() {
        // mx1 logs 8 h behind the true time, mx2 logs the true time; both reach the same correlation task
        Instant now = T0;
        postfix("mx1", now.minus(ofHours(8)), to("1AAAAA1111", "colonel@army.ml", "sent"), now);
        postfix("mx2", now.plus(ofMinutes(1)), from("9ZZZZZ9999", "zed@typoguard.test"), now.plus(ofMinutes(1)));
        postfix("mx2", now.plus(ofMinutes(5)), to("9ZZZZZ9999", "z@gmail.com", "sent"), now.plus(ofMinutes(5)));
        // mx2's clock is eight hours ahead of mx1's; mx1's delivery still waits for mx1's own from= line
        postfix("mx1", now.minus(ofHours(8)).plus(ofSeconds(30)), from("1AAAAA1111", "bob@typoguard.test"), now.plus(ofMinutes(6)));

        assertThat(p.findings.readValuesToList()).singleElement()
                .satisfies(f -> assertThat(f.getSender()).isEqualTo("bob@typoguard.test"));
    }

    @Test
    void aQueueEntryIsForgottenAfterSixHoursOfItsHostsLogTimeWhateverTheArrivalTime() {
        // A backlog: twelve hours of mx1's log arrive within seconds
        Instant logged = T0.minus(ofHours(12));
        Instant arrived = T0;
        postfix("mx1", logged, from("1AAAAA1111", "bob@typoguard.test"), arrived);
        postfix("mx1", logged, to("1AAAAA1111", "someone@gmail.com", "deferred"), arrived);
        postfix("mx1", logged.plus(ofHours(5)), from("2BBBBB2222", "carol@typoguard.test"), arrived.plus(ofSeconds(1)));
        assertThat(p.queueEntry(Names.POSTFIX_STORE, "mx1|1AAAAA1111")).as("5 h of log time: kept").isNotNull();

        postfix("mx1", logged.plus(ofHours(6)).plus(ofMinutes(2)), from("3CCCCC3333", "dave@typoguard.test"), arrived.plus(ofSeconds(2)));
        assertThat(p.queueEntry(Names.POSTFIX_STORE, "mx1|1AAAAA1111")).as("idle 6 h of log time: forgotten").isNull();
    }

    @Test
    void whenTheInputGoesQuietTheWallClockStillLooksForOrphans() {
        Instant logged = T0.minus(ofHours(1));
        postfix("mx1", logged, to("1AAAAA1111", "colonel@army.ml", "sent"), logged);
        // The expiry looks every 30 s of log time; the last line moves mx1's clock past the 2 min wait 5 s after a look
        for (int s = 30; s <= 120; s += 30) {
            postfix("mx1", logged.plus(ofSeconds(s)), from(String.format("%05XABCDE", s), "carol@typoguard.test"), logged.plus(ofSeconds(s)));
        }
        postfix("mx1", logged.plus(ofSeconds(125)), from("0007DABCDE", "carol@typoguard.test"), logged.plus(ofSeconds(125)));
        assertThat(p.findings.isEmpty()).as("no look since mx1's clock passed the wait").isTrue();

        // Then nothing more arrives; 30 s of wall-clock time later the expiry looks anyway
        p.driver.advanceWallClockTime(ofSeconds(31));
        assertThat(p.findings.readValuesToList()).singleElement().satisfies(f -> {
            assertThat(f.getRecipient()).isEqualTo("colonel@army.ml");
            assertThat(f.getSender()).isNull();
        });
    }

    @Test
    void theEntriesOfAHostSilentForAWeekOfArrivalTimeAreReleased() {
        Instant logged = T0.minus(ofDays(9));
        postfix("mx1", logged, to("1AAAAA1111", "colonel@army.ml", "sent"), logged);
        postfix("mx2", logged.plus(ofMinutes(5)), from("2BBBBB2222", "carol@typoguard.test"), logged.plus(ofMinutes(5)));
        assertThat(p.findings.isEmpty()).as("mx1 has logged nothing since: its delivery waits").isTrue();

        // mx1 sends nothing for eight days while mx2 goes on
        postfix("mx2", logged.plus(ofDays(8)), from("3CCCCC3333", "dave@typoguard.test"), logged.plus(ofDays(8)));
        assertThat(p.findings.readValuesToList()).singleElement().satisfies(f -> {
            assertThat(f.getRecipient()).isEqualTo("colonel@army.ml");
            assertThat(f.getSender()).isNull();
        });
    }
}
