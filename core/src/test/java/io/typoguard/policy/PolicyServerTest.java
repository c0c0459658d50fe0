package io.typoguard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.typoguard.detect.TrustedEntry;
import io.typoguard.detect.TrustedIndex;
import io.typoguard.schema.Sensitivity;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The policy delegation protocol over a real socket, as Postfix's smtpd speaks it. */
class PolicyServerTest {
    private final TrustedIndex index = new TrustedIndex();
    private final List<PolicyDecider.Decision> decisions = new CopyOnWriteArrayList<>();
    private PolicyDecider decider;
    private PolicyServer server;

    @BeforeEach
    void start() throws IOException {
        index.rebuild(List.of(TrustedEntry.of("army.mil", Sensitivity.CRITICAL), TrustedEntry.of("gmail.com", Sensitivity.NORMAL)));
        decider = new PolicyDecider(index, PolicyDecider.Policy.defaults());
        decider.markReady();
        server = PolicyServer.start(InetAddress.getLoopbackAddress(), 0, 4, Duration.ofSeconds(2), decider, decisions::add);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static String request(String state, String recipient) {
        return "request=smtpd_access_policy\nprotocol_state=" + state + "\nprotocol_name=ESMTP\nclient_address=127.0.0.1\n"
                + "sender=alice@typoguard.test\nrecipient=" + recipient + "\nqueue_id=\n\n";
    }

    private static String answer(BufferedReader in) throws IOException {
        String line = in.readLine();
        assertThat(in.readLine()).as("answer ends with an empty line").isEmpty();
        return line;
    }

    @Test
    void manyRequestsOnOneConnectionGetTheirAnswers() throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            OutputStream out = s.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));

            out.write(request("RCPT", "colonel.smith@army.ml").getBytes(StandardCharsets.UTF_8));
            assertThat(answer(in)).isEqualTo("action=REJECT 5.7.1 Recipient domain army.ml looks like a typo of army.mil; "
                    + "did you mean colonel.smith@army.mil?");
            out.write(request("RCPT", "colonel.smith@army.mil").getBytes(StandardCharsets.UTF_8));
            assertThat(answer(in)).isEqualTo("action=DUNNO");
            out.write(request("RCPT", "friend@gmial.com").getBytes(StandardCharsets.UTF_8));
            assertThat(answer(in)).startsWith("action=REJECT").contains("gmail.com");
            out.write(request("DATA", "colonel.smith@army.ml").getBytes(StandardCharsets.UTF_8));
            assertThat(answer(in)).isEqualTo("action=DUNNO");
        }
        assertThat(decisions).hasSize(4);
        assertThat(decisions.get(0).verdict()).isNotNull();
    }

    @Test
    void aMalformedRequestGetsAProtocolErrorAndTheConnectionIsClosed() throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            s.getOutputStream().write("this is not name=value\nno equals sign here\n\n".getBytes(StandardCharsets.UTF_8));
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            assertThat(answer(in)).startsWith("action=DEFER_IF_PERMIT policy protocol error");
            assertThat(in.readLine()).as("closed").isNull();
        }
    }

    @Test
    void connectionsBeyondTheCapAreClosedAndTheOthersKeepWorking() throws IOException {
        List<Socket> open = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) { // the cap in this test
                Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port());
                s.getOutputStream().write(request("RCPT", "x@army.mil").getBytes(StandardCharsets.UTF_8));
                assertThat(answer(new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))))
                        .isEqualTo("action=DUNNO");
                open.add(s);
            }
            try (Socket fifth = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
                fifth.setSoTimeout(5_000);
                assertThat(fifth.getInputStream().read()).as("closed at once").isEqualTo(-1);
            }
            open.get(0).getOutputStream().write(request("RCPT", "y@army.ml").getBytes(StandardCharsets.UTF_8));
            assertThat(answer(new BufferedReader(new InputStreamReader(open.get(0).getInputStream(), StandardCharsets.UTF_8))))
                    .startsWith("action=REJECT");
        } finally {
            for (Socket s : open) {
                s.close();
            }
        }
    }

    @Test
    void anIdleConnectionIsClosedAfterTheTimeout() throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            s.setSoTimeout(10_000);
            assertThat(s.getInputStream().read()).as("server closed the idle connection").isEqualTo(-1);
        }
    }

    @Test
    void anApprovedExceptionLetsOneSenderWriteToATypoDomainUntilItExpires() {
        PolicyExceptions exceptions = new PolicyExceptions();
        java.time.Instant now = java.time.Instant.parse("2026-11-27T12:00:00Z");
        exceptions.put(new PolicyExceptions.Exception("typoguard.test", "army.ml", now.plusSeconds(3600), "soc-lead"));
        PolicyDecider withExceptions = new PolicyDecider(index, io.typoguard.detect.Allowlist.builtIn(), PolicyDecider.Policy.defaults(), exceptions,
                java.time.Clock.fixed(now, java.time.ZoneOffset.UTC));
        withExceptions.markReady();
        PolicyDecider later = new PolicyDecider(index, io.typoguard.detect.Allowlist.builtIn(), PolicyDecider.Policy.defaults(), exceptions,
                java.time.Clock.fixed(now.plusSeconds(7200), java.time.ZoneOffset.UTC));
        later.markReady();
        PolicyRequest fromUs = new PolicyRequest(java.util.Map.of("protocol_state", "RCPT", "sender", "alice@typoguard.test",
                "recipient", "desk@army.ml"));
        PolicyRequest fromOthers = new PolicyRequest(java.util.Map.of("protocol_state", "RCPT", "sender", "eve@elsewhere.test",
                "recipient", "desk@army.ml"));

        assertThat(withExceptions.decide(fromUs).line()).isEqualTo("action=DUNNO");
        assertThat(withExceptions.decide(fromOthers).line()).startsWith("action=REJECT");
        assertThat(later.decide(fromUs).line()).as("expired").startsWith("action=REJECT");
    }

    @Test
    void beforeTheTrustedTableIsLoadedTheAnswerIsTheConfiguredFailMode() {
        PolicyDecider notReadyOpen = new PolicyDecider(index, PolicyDecider.Policy.defaults());
        PolicyDecider notReadyClosed = new PolicyDecider(index, PolicyDecider.Policy.defaults().withFailClosed(true));
        PolicyRequest r = new PolicyRequest(java.util.Map.of("protocol_state", "RCPT", "recipient", "x@army.ml"));

        assertThat(notReadyOpen.decide(r).line()).isEqualTo("action=DUNNO");
        assertThat(notReadyClosed.decide(r).line()).startsWith("action=DEFER_IF_PERMIT");
        assertThat(notReadyClosed.decide(r).reason()).isEqualTo(io.typoguard.schema.PolicyReason.NOT_READY);
    }

    @Test
    void theActionDependsOnTheSeverityAndOnTheSensitivityOfTheDomainItImitates() {
        PolicyRequest toGmial = new PolicyRequest(java.util.Map.of("protocol_state", "RCPT", "recipient", "friend@gmial.com"));
        PolicyRequest toArmyMl = new PolicyRequest(java.util.Map.of("protocol_state", "RCPT", "recipient", "desk@army.ml"));
        io.typoguard.schema.Severity gmial = decider.decide(toGmial).severity();
        io.typoguard.schema.Severity armyMl = decider.decide(toArmyMl).severity();

        PolicyDecider relaxedForNormalDomains = ready(PolicyDecider.Policy.defaults()
                .with(Sensitivity.NORMAL, gmial, io.typoguard.schema.PolicyAction.PREPEND)
                .with(Sensitivity.NORMAL, armyMl, io.typoguard.schema.PolicyAction.WARN));
        assertThat(relaxedForNormalDomains.decide(toGmial).line())
                .isEqualTo("action=PREPEND X-Typoguard-Warning: recipient domain gmial.com looks like a typo of gmail.com");
        assertThat(relaxedForNormalDomains.decide(toArmyMl).line()).as("army.mil is CRITICAL, not NORMAL").startsWith("action=REJECT");

        PolicyDecider holdCritical = ready(PolicyDecider.Policy.defaults().with(Sensitivity.CRITICAL, armyMl, io.typoguard.schema.PolicyAction.HOLD));
        PolicyDecider.Decision held = holdCritical.decide(toArmyMl);
        assertThat(held.line()).isEqualTo("action=HOLD recipient domain army.ml looks like a typo of army.mil");
        assertThat(held.blocked()).isTrue();
        assertThat(holdCritical.decide(toGmial).line()).startsWith("action=REJECT");
    }

    @Test
    void aPolicyThatCannotWorkIsRefusedWithTheReason() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PolicyDecider.Policy.defaults().withRejectCode("4.7.1"))
                .hasMessageContaining("permanent enhanced status code");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PolicyDecider.Policy.defaults()
                        .with(null, io.typoguard.schema.Severity.HIGH, io.typoguard.schema.PolicyAction.DEFER_IF_PERMIT))
                .hasMessageContaining("reject, hold, warn, prepend or dunno");
    }

    private PolicyDecider ready(PolicyDecider.Policy policy) {
        PolicyDecider d = new PolicyDecider(index, policy);
        d.markReady();
        return d;
    }
}
