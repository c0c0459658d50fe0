package io.typoguard.runtime;

import io.typoguard.detect.Allowlist;
import io.typoguard.detect.TrustedIndex;
import io.typoguard.policy.DecisionEvents;
import io.typoguard.policy.PolicyDecider;
import io.typoguard.policy.PolicyExceptions;
import io.typoguard.policy.PolicyServer;
import io.typoguard.schema.PolicyDecision;
import io.typoguard.serde.AvroSerdes;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Postfix policy service inside the app: the decider reads the app's live trusted index and exceptions;
 * every decision is written, asynchronously, to {@code mail.policy.decisions}. Answers never wait for Kafka.
 */
public final class PolicyService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PolicyService.class);
    private final PolicyDecider decider;
    private final PolicyServer server;
    private final KafkaProducer<String, PolicyDecision> producer;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    private PolicyService(PolicyDecider decider, PolicyServer server, KafkaProducer<String, PolicyDecision> producer) {
        this.decider = decider;
        this.server = server;
        this.producer = producer;
    }

    /**
     * Starts listening at once; answers with the fail mode until {@link #markReady()} (the app calls it when
     * Streams is RUNNING, that is, after the global trusted and exceptions stores were restored).
     */
    public static PolicyService start(PolicyConfig config, TrustedIndex index, Allowlist allowlist, PolicyExceptions exceptions,
                                      AvroSerdes serdes, String decisionsTopic, Map<String, String> kafkaSettings) throws IOException {
        return start(config, index, allowlist, exceptions, serdes, decisionsTopic, kafkaSettings, d -> { });
    }

    /** As above; {@code observer} sees every decision too (the app counts them per action). */
    public static PolicyService start(PolicyConfig config, TrustedIndex index, Allowlist allowlist, PolicyExceptions exceptions,
                                      AvroSerdes serdes, String decisionsTopic, Map<String, String> kafkaSettings,
                                      java.util.function.Consumer<PolicyDecider.Decision> observer) throws IOException {
        PolicyDecider decider = new PolicyDecider(index, allowlist, config.policy(), exceptions, Clock.systemUTC());
        Map<String, Object> p = producerSettings(kafkaSettings);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "typoguard-policy-decisions");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        KafkaProducer<String, PolicyDecision> producer = new KafkaProducer<>(p, new StringSerializer(),
                serdes.policyDecision.serializer());
        String host = hostName();
        PolicyService[] self = new PolicyService[1];
        PolicyServer server = PolicyServer.start(InetAddress.getByName(config.bind()), Math.max(0, config.port()),
                config.maxConnections(), config.idleTimeout(), decider, d -> {
                    observer.accept(d);
                    self[0].publish(d, decisionsTopic, host);
                });
        self[0] = new PolicyService(decider, server, producer);
        log.info("Policy service listening on {}:{}", config.bind(), server.port());
        return self[0];
    }

    private void publish(PolicyDecider.Decision d, String topic, String host) {
        PolicyDecision event = DecisionEvents.toEvent(d, java.time.Instant.now(), host);
        producer.send(new ProducerRecord<>(topic, null, event.getTimestamp().toEpochMilli(), DecisionEvents.key(d), event),
                (metadata, e) -> {
                    if (e == null) {
                        sent.incrementAndGet();
                    } else if (failed.incrementAndGet() % 1000 == 1) {
                        // Never the decision's contents: addresses are personal data.
                        log.warn("Could not write policy decisions to {} ({} so far): {}", topic, failed.get(), e.getClass().getSimpleName());
                    }
                });
    }

    public void markReady() {
        decider.markReady();
    }

    public boolean isReady() {
        return decider.isReady();
    }

    public int port() {
        return server.port();
    }

    /** Decisions written to Kafka, and ones that could not be. */
    public long decisionsSent() {
        return sent.get();
    }

    public long decisionsFailed() {
        return failed.get();
    }

    /** The producer settings among the app's Kafka settings (bootstrap, security, and producer.* overrides). */
    static Map<String, Object> producerSettings(Map<String, String> kafka) {
        Map<String, Object> p = new HashMap<>();
        java.util.Set<String> names = ProducerConfig.configNames();
        kafka.forEach((k, v) -> {
            if (names.contains(k) && !k.equals(ProducerConfig.TRANSACTIONAL_ID_CONFIG)) {
                p.put(k, v);
            }
        });
        kafka.forEach((k, v) -> {
            if (k.startsWith("producer.") && names.contains(k.substring("producer.".length()))) {
                p.put(k.substring("producer.".length()), v);
            }
        });
        return p;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        server.close();
        producer.close(java.time.Duration.ofSeconds(10));
    }
}
