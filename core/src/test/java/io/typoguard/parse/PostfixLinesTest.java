package io.typoguard.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.typoguard.schema.DeliveryStatus;
import org.junit.jupiter.api.Test;

/** Postfix message bodies, read by {@link PostfixLines} alone (no syslog prefix, no router). */
class PostfixLinesTest {
    private static final long TS = 1_764_217_272_000L;

    @Test
    void aDeliveryLineIsAFragmentWaitingForItsSender() {
        ParseOutcome o = PostfixLines.parse(TS, "mail", "27E05160038: to=<colonel.smith@army.ml>, orig_to=<cs@army.mil>, "
                + "relay=mx.army.ml[1.2.3.4]:25, delay=0.2, dsn=2.0.0, status=sent (250 2.0.0 Ok)");

        QueueFragment f = ((ParseOutcome.Fragment) o).fragment();
        assertThat(f.kind()).isEqualTo(QueueFragment.Kind.DELIVERY);
        assertThat(f.correlationKey()).isEqualTo("mail|27E05160038");
        assertThat(f.delivery().recipientDomain()).isEqualTo("army.ml");
        assertThat(f.delivery().originalRecipient()).isEqualTo("cs@army.mil");
        assertThat(f.delivery().status()).isEqualTo(DeliveryStatus.SENT);
        assertThat(f.delivery().dsn()).isEqualTo("2.0.0");
    }

    @Test
    void theQmgrLineNamesTheSenderAndTheNullSenderIsEmpty() {
        QueueFragment f = ((ParseOutcome.Fragment) PostfixLines.parse(TS, "mail", "27E05160038: from=<>, size=1, nrcpt=1 (queue active)")).fragment();

        assertThat(f.kind()).isEqualTo(QueueFragment.Kind.SENDER);
        assertThat(f.sender()).isEmpty();
    }

    @Test
    void anRcptTimeRejectIsACompleteDelivery() {
        ParseOutcome o = PostfixLines.parse(TS, "mail", "NOQUEUE: reject: RCPT from unknown[127.0.0.1]: 554 5.7.1 <x@army.ml>: "
                + "Recipient address rejected: typo; from=<a@b.test> to=<x@army.ml> proto=ESMTP helo=<h>");

        Delivery d = ((ParseOutcome.Deliveries) o).deliveries().get(0);
        assertThat(d.status()).isEqualTo(DeliveryStatus.REJECTED);
        assertThat(d.sender()).isEqualTo("a@b.test");
        assertThat(d.dsn()).isEqualTo("5.7.1");
    }

    @Test
    void aTruncatedLineFailsAndOtherLinesAreNoise() {
        assertThat(PostfixLines.parse(TS, "mail", "27E05160038: to=<colonel.smith@arm")).isInstanceOf(ParseOutcome.Failure.class);
        assertThat(PostfixLines.parse(TS, "mail", "connect from unknown[127.0.0.1]")).isInstanceOf(ParseOutcome.Noise.class);
        assertThat(PostfixLines.parse(TS, "mail", "27E05160038: client=unknown[127.0.0.1]")).isInstanceOf(ParseOutcome.Noise.class);
    }

    @Test
    void fieldsKeepTheFirstValueOfEachName() {
        assertThat(PostfixLines.fields("to=<a@b>, relay=x, dsn=2.0.0, status=sent (250 ok relay=y)"))
                .containsEntry("to", "<a@b>").containsEntry("relay", "x").containsEntry("status", "sent");
    }
}
