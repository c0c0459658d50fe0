package io.typoguard.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.typoguard.schema.DeliveryStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sendmail message bodies, read by {@link SendmailLines} alone. */
class SendmailLinesTest {
    private static final long TS = 1_764_217_272_000L;

    @Test
    void oneToLineWithTwoRecipientsGivesTwoFragments() {
        ParseOutcome o = SendmailLines.parse(TS, "mx3", "4ARAbc0D012345: to=<colonel@army.ml>,<ops@army.mil>, delay=00:00:01, "
                + "mailer=esmtp, pri=120, relay=mx.army.ml. [1.2.3.4], dsn=2.0.0, stat=Sent (OK)");

        List<QueueFragment> fs = ((ParseOutcome.Fragments) o).fragments();
        assertThat(fs).extracting(f -> f.delivery().recipientDomain()).containsExactly("army.ml", "army.mil");
        assertThat(fs).allSatisfy(f -> assertThat(f.delivery().format()).isEqualTo("sendmail"));
    }

    @Test
    void theFromLineNamesTheSender() {
        QueueFragment f = ((ParseOutcome.Fragment) SendmailLines.parse(TS, "mx3",
                "4ARAbc0D012345: from=<alice@typoguard.test>, size=1234, class=0, nrcpts=1, msgid=<m1@typoguard.test>, relay=localhost")).fragment();

        assertThat(f.kind()).isEqualTo(QueueFragment.Kind.SENDER);
        assertThat(f.sender()).isEqualTo("alice@typoguard.test");
    }

    @Test
    void aDeferredDeliveryIsDeferred() {
        QueueFragment f = ((ParseOutcome.Fragment) SendmailLines.parse(TS, "mx3", "4ARAbc0D012346: to=<a@army.ml>, delay=00:00:01, "
                + "mailer=esmtp, pri=120, relay=mx.army.ml., dsn=4.0.0, stat=Deferred: Connection refused by mx.army.ml.")).fragment();

        assertThat(f.delivery().status()).isEqualTo(DeliveryStatus.DEFERRED);
    }
}
