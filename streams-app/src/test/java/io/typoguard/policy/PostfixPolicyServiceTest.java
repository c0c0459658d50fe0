package io.typoguard.policy;

import io.typoguard.testkit.EmbeddedKafkaBroker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.typoguard.runtime.PolicyConfig;
import io.typoguard.runtime.PolicyService;
import io.typoguard.runtime.TopicSetup;
import io.typoguard.runtime.TypoguardApp;
import io.typoguard.schema.PolicyAction;
import io.typoguard.schema.PolicyDecision;
import io.typoguard.schema.PolicyReason;
import io.typoguard.schema.Sensitivity;
import io.typoguard.schema.TrustedDomain;
import io.typoguard.schema.TypoException;
import io.typoguard.serde.InMemorySchemaRegistry;
import io.typoguard.topology.Topics;
import io.typoguard.topology.TopologyConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7's real test: Debian's Postfix asks Typoguard's policy service, served by the running app from the
 * live trusted table on the in-process broker, about every RCPT TO that swaks sends. Mail to army.ml is refused
 * with our text, mail to army.mil is accepted, an approved exception from typo.exceptions lets one .ml
 * recipient through, and every decision is on mail.policy.decisions.
 *
 * <p>Needs root, postfix and swaks (installed by .ci/run); skipped elsewhere.
 */
class PostfixPolicyServiceTest {
    private static final Topics TOPICS = Topics.defaults();

    @TempDir
    Path tmp;

    @Test
    void postfixRefusesArmyMlWithOurTextAcceptsArmyMilAndHonoursAnApprovedException() throws Exception {
        assumeTrue(PostfixInstance.available(), "needs root, /usr/sbin/postfix and /usr/bin/swaks");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.inTempDir().start()) {
            broker.createTopics(TopicSetup.plan(TOPICS, 2, (short) 1));
            Map<String, String> settings = Map.of(
                    StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    StreamsConfig.APPLICATION_ID_CONFIG, "typoguard-policy-it-" + UUID.randomUUID(),
                    StreamsConfig.STATE_DIR_CONFIG, tmp.resolve("state").toString(),
                    StreamsConfig.REPLICATION_FACTOR_CONFIG, "1",
                    StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
            try (TypoguardApp app = new TypoguardApp(TopologyConfig.defaults(), new InMemorySchemaRegistry(), settings)) {
                // The trusted table and one approved exception, as operators would write them.
                Map<String, Object> producerConfig = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
                try (var trusted = new KafkaProducer<>(producerConfig, new StringSerializer(), app.serdes().trustedDomain.serializer());
                     var exceptions = new KafkaProducer<>(producerConfig, new StringSerializer(), app.serdes().typoException.serializer())) {
                    trusted.send(new ProducerRecord<>(TOPICS.trusted(), "army.mil", TrustedDomain.newBuilder().setDomain("army.mil")
                            .setOrganisation("US Army").setSensitivity(Sensitivity.CRITICAL).setIncludeSubdomains(true).build()));
                    exceptions.send(new ProducerRecord<>(TOPICS.exceptions(), "bob@typoguard.test|liaison@army.ml",
                            TypoException.newBuilder().setSender("bob@typoguard.test").setRecipient("liaison@army.ml")
                                    .setApprovedBy("soc-lead@typoguard.test").setReason("CHG-1234: Malian army liaison")
                                    .setExpires(Instant.now().plus(Duration.ofDays(7))).build()));
                }
                app.start();
                try (PolicyService policy = app.startPolicyService(PolicyConfig.defaults().withPort(0))) {
                    await().atMost(Duration.ofSeconds(60)).until(policy::isReady);
                    await().atMost(Duration.ofSeconds(30)).until(() -> app.index().size() == 1 && app.exceptions().size() == 1);

                    try (PostfixInstance postfix = PostfixInstance.start(tmp.resolve("postfix"), policy.port())) {
                        String refused = postfix.swaks("alice@typoguard.test", "colonel.smith@army.ml");
                        String accepted = postfix.swaks("alice@typoguard.test", "colonel.smith@army.mil");
                        String excepted = postfix.swaks("bob@typoguard.test", "liaison@army.ml");

                        assertThat(refused).as("swaks transcript").contains("<** 554 5.7.1 <colonel.smith@army.ml>: Recipient address rejected: "
                                + "Recipient domain army.ml looks like a typo of army.mil; did you mean colonel.smith@army.mil?");
                        assertThat(accepted).contains(" -> RCPT TO:<colonel.smith@army.mil>\n<-  250 2.1.5 Ok").containsPattern("<-  250 2\\.0\\.0 Ok: queued as");
                        assertThat(excepted).contains(" -> RCPT TO:<liaison@army.ml>\n<-  250 2.1.5 Ok").containsPattern("<-  250 2\\.0\\.0 Ok: queued as");
                        assertThat(postfix.log()).contains("reject: RCPT from unknown[127.0.0.1]: 554 5.7.1 <colonel.smith@army.ml>");
                    }

                    List<PolicyDecision> decisions = readDecisions(broker.bootstrapServers(), app, 3);
                    assertThat(decisions).extracting(d -> d.getRecipient() + " " + d.getAction() + " " + d.getReason())
                            .containsExactly("colonel.smith@army.ml REJECT TYPO", "colonel.smith@army.mil DUNNO NOT_A_TYPO",
                                    "liaison@army.ml DUNNO APPROVED_EXCEPTION");
                    assertThat(decisions.get(0).getIntendedDomain()).isEqualTo("army.mil");
                    assertThat(decisions.get(0).getSensitivity()).isEqualTo(Sensitivity.CRITICAL);
                    assertThat(decisions.get(2).getApprovedBy()).isEqualTo("soc-lead@typoguard.test");
                    assertThat(decisions.get(0).getClientAddress()).isEqualTo("127.0.0.1");
                }
            }
        }
    }

    private static List<PolicyDecision> readDecisions(String bootstrap, TypoguardApp app, int n) {
        Map<String, Object> c = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG,
                "decisions-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<PolicyDecision> out = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(c, new StringDeserializer(), app.serdes().policyDecision.deserializer())) {
            consumer.subscribe(List.of(TOPICS.decisions()));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.value().getReason() != PolicyReason.NOT_RCPT) {
                        out.add(r.value());
                    }
                });
                return out.size() >= n;
            });
        }
        out.sort(java.util.Comparator.comparing(PolicyDecision::getTimestamp));
        return out;
    }
}
