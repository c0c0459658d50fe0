package io.typoguard.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.typoguard.schema.DeliveryStatus;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Exim mainlog lines and bodies, read by {@link EximLines} alone. */
class EximLinesTest {

    @Test
    void aMainlogLineIsReadInTheConfiguredZoneWithTheRecordsHost() {
        ParseOutcome o = EximLines.mainlog("2026-11-27 04:21:13 1vABCd-000123-Ab => colonel.smith@army.ml R=smarthost T=remote_smtp "
                + "H=mx.army.ml [1.2.3.4] C=\"250 2.0.0 Ok\"", ZoneOffset.ofHours(1), "exim-host");

        QueueFragment f = ((ParseOutcome.Fragment) o).fragment();
        assertThat(f.timestampMs()).isEqualTo(Instant.parse("2026-11-27T03:21:13Z").toEpochMilli());
        assertThat(f.correlationKey()).isEqualTo("exim-host|1vABCd-000123-Ab");
        assertThat(f.delivery().relay()).isEqualTo("mx.army.ml");
        assertThat(f.delivery().status()).isEqualTo(DeliveryStatus.SENT);
    }

    @Test
    void theLinesOwnOffsetWinsOverTheZone() {
        QueueFragment f = ((ParseOutcome.Fragment) EximLines.mainlog("2026-11-27 04:21:13 +0100 1vABCd-000123-Ab => ops@army.ml <ops@army.mil> R=x T=y",
                ZoneOffset.UTC, null)).fragment();

        assertThat(f.timestampMs()).isEqualTo(Instant.parse("2026-11-27T03:21:13Z").toEpochMilli());
        assertThat(f.delivery().originalRecipient()).isEqualTo("ops@army.mil");
    }

    @Test
    void aLineWithoutTheLeadingTimeIsNoMainlogLine() {
        assertThat(EximLines.mainlog("Nov 27 04:21:13 mx exim[1]: 1vABCd-000123-Ab => a@army.ml", ZoneOffset.UTC, null)).isNull();
        assertThat(EximLines.isMainlogLine("2026-11-27 04:21:13 1vABCd-000123-Ab Completed")).isTrue();
    }

    @Test
    void bodiesFromSyslogAreReadTheSameWay() {
        QueueFragment sender = ((ParseOutcome.Fragment) EximLines.parse(0, "mx", "1vABCd-000123-Ab <= alice@typoguard.test H=localhost "
                + "[127.0.0.1] P=esmtp S=1 id=m1@typoguard.test")).fragment();
        ParseOutcome bounced = EximLines.parse(0, "mx", "1vABCd-000123-Ab ** nobody@bounce.example R=smarthost T=remote_smtp: "
                + "SMTP error from remote mail server after RCPT TO:<nobody@bounce.example>: 550 5.1.1 unknown");

        assertThat(sender.sender()).isEqualTo("alice@typoguard.test");
        assertThat(sender.messageId()).isEqualTo("m1@typoguard.test");
        assertThat(((ParseOutcome.Fragment) bounced).fragment().delivery().status()).isEqualTo(DeliveryStatus.BOUNCED);
        assertThat(EximLines.parse(0, "mx", "Start queue run: pid=1234")).isInstanceOf(ParseOutcome.Noise.class);
    }
}
