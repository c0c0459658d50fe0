package io.typoguard.testkit;


import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.utils.Time;

/**
 * A single-node KRaft broker (combined broker + controller) in this JVM, secured the way a production cluster is:
 * clients connect with SASL_SSL and SCRAM-SHA-512 only, TLS material generated per instance with the JDK's
 * {@code keytool}, and {@code StandardAuthorizer} with {@code User:admin} as the only super user (no ACL: no access).
 *
 * <p>The admin's SCRAM credential is written into the bootstrap metadata when the log directory is formatted
 * ({@code kafka-storage format --add-scram}), because the broker's own inter-broker connection authenticates with
 * it before anyone could call the Admin API. Further users are added at run time with
 * {@link #upsertScramUser(String, String)} ({@code Admin.alterUserScramCredentials}, as the admin).
 *
 * <p>The controller listener stays on 127.0.0.1 without TLS, but with SASL/PLAIN so that it has no anonymous
 * principal (a PLAINTEXT controller listener would need {@code User:ANONYMOUS} as a super user). Test-only: it
 * wraps Kafka's internal server classes like {@code io.typoguard.runtime.EmbeddedKafkaBroker}.
 */
public final class SecuredKafkaBroker implements AutoCloseable {
    static final String ADMIN = "admin";
    static final String MECHANISM = "SCRAM-SHA-512";

    private final Path dir;
    private final String adminPassword = "adm-" + UUID.randomUUID();
    private final String controllerPassword = "ctl-" + UUID.randomUUID();
    private final String storePassword = "tls-" + UUID.randomUUID();
    private KafkaRaftServer server;
    private String bootstrapServers;

    private SecuredKafkaBroker(Path dir) {
        this.dir = dir;
    }

    /** A broker in a fresh temporary directory (log dir and TLS stores), deleted on {@link #close()}. */
    public static SecuredKafkaBroker inTempDir() {
        try {
            return new SecuredKafkaBroker(Files.createTempDirectory("typoguard-secured-kafka-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized SecuredKafkaBroker start() {
        if (server != null) {
            return this;
        }
        generateTlsMaterial();
        int brokerPort = KafkaServers.freePort();
        int controllerPort = KafkaServers.freePort();
        Path logDir = dir.resolve("log");
        Properties props = KafkaServers.singleNode("SASL_SSL", brokerPort, "SASL_PLAINTEXT", controllerPort, logDir);
        // Clients and the broker itself: SCRAM-SHA-512 over TLS.
        props.put("sasl.enabled.mechanisms", MECHANISM);
        props.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
        props.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config", scramJaas(ADMIN, adminPassword));
        props.put("ssl.keystore.type", "PKCS12");
        props.put("ssl.keystore.location", keystore().toString());
        props.put("ssl.keystore.password", storePassword);
        props.put("ssl.key.password", storePassword);
        props.put("ssl.truststore.type", "PKCS12");
        props.put("ssl.truststore.location", truststore().toString());
        props.put("ssl.truststore.password", storePassword);
        props.put("ssl.client.auth", "none");
        // Controller: SASL/PLAIN with one static user (SCRAM is not available on KRaft controller listeners).
        props.put("sasl.mechanism.controller.protocol", "PLAIN");
        props.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
        props.put("listener.name.controller.plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + ADMIN + "\" password=\""
                        + controllerPassword + "\" user_" + ADMIN + "=\"" + controllerPassword + "\";");
        // Authorization: no ACL, no access; only the admin is a super user.
        props.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        props.put("super.users", "User:" + ADMIN);
        props.put("allow.everyone.if.no.acl.found", "false");
        KafkaServers.format(logDir, props, Uuid.randomUuid().toString(),
                List.of("--standalone", "--add-scram", MECHANISM + "=[name=" + ADMIN + ",password=" + adminPassword + "]"));
        server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        server.startup();
        bootstrapServers = "127.0.0.1:" + brokerPort;
        KafkaServers.awaitBrokers(adminClient(), 1, Duration.ofSeconds(60));
        return this;
    }

    public String bootstrapServers() {
        if (bootstrapServers == null) {
            throw new IllegalStateException("broker not started");
        }
        return bootstrapServers;
    }

    /** Client settings for SASL_SSL + SCRAM-SHA-512 as {@code user}: the security part every client needs. */
    public Map<String, Object> clientSecurity(String user, String password) {
        Map<String, Object> c = new HashMap<>(tlsClientSettings());
        c.put(SaslConfigs.SASL_JAAS_CONFIG, scramJaas(user, password));
        return c;
    }

    /** TLS and SASL settings without the JAAS line (which carries the secret): what an app's config file would hold. */
    public Map<String, String> tlsClientSettings() {
        Map<String, String> c = new HashMap<>();
        c.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        c.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
        c.put(SaslConfigs.SASL_MECHANISM, MECHANISM);
        c.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PKCS12");
        c.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, truststore().toString());
        c.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, storePassword);
        return c;
    }

    /** The super user's client settings. */
    public Map<String, Object> adminClient() {
        return clientSecurity(ADMIN, adminPassword);
    }

    /** Creates or changes a SCRAM-SHA-512 user, as the admin. */
    public void upsertScramUser(String user, String password) throws Exception {
        try (Admin admin = Admin.create(adminClient())) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), password))).all().get(30, TimeUnit.SECONDS);
        }
    }

    public static String scramJaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\"" + password + "\";";
    }

    public Path truststore() {
        return dir.resolve("tls").resolve("truststore.p12");
    }

    private Path keystore() {
        return dir.resolve("tls").resolve("broker.p12");
    }

    /** A self-signed certificate for 127.0.0.1 / localhost in a PKCS12 key store, and a trust store holding it. */
    private void generateTlsMaterial() {
        Path tls = dir.resolve("tls");
        Path cert = tls.resolve("broker.crt");
        try {
            Files.createDirectories(tls);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1, OU=typoguard-test", "-ext", "SAN=IP:127.0.0.1,DNS:localhost",
                "-keystore", keystore().toString(), "-storetype", "PKCS12", "-storepass", storePassword, "-keypass", storePassword);
        keytool("-exportcert", "-rfc", "-alias", "broker", "-keystore", keystore().toString(), "-storetype", "PKCS12",
                "-storepass", storePassword, "-file", cert.toString());
        keytool("-importcert", "-noprompt", "-alias", "broker-ca", "-file", cert.toString(),
                "-keystore", truststore().toString(), "-storetype", "PKCS12", "-storepass", storePassword);
    }

    private static void keytool(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool " + args[0] + " failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running keytool", e);
        }
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
        KafkaServers.deleteRecursively(dir);
    }
}
