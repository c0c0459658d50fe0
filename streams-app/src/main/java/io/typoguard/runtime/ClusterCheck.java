package io.typoguard.runtime;

import io.typoguard.config.ConfigException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Pre-flight connection before Streams starts: a wrong password or an untrusted certificate ends {@code run} at once
 * with a message naming the principal and the settings to check (exit code 2), instead of a Streams initialisation
 * error. A cluster that is not reachable yet is only logged; Streams keeps retrying as before. DescribeCluster needs
 * no ACL. The JAAS line itself is never printed.
 */
public final class ClusterCheck {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ClusterCheck.class);
    private static final Pattern USERNAME = Pattern.compile("username\\s*=\\s*\"([^\"]*)\"");

    private ClusterCheck() {
    }

    public static void connect(io.typoguard.topology.Topics topics, Map<String, String> kafka, Duration timeout) {
        Map<String, Object> admin = new HashMap<>(new StreamsConfig(StreamsProps.of(topics, kafka)).getAdminConfigs("typoguard-preflight"));
        admin.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 10_000));
        admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        String servers = kafka.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG);
        try (Admin client = Admin.create(admin)) {
            client.describeCluster().clusterId().get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SslAuthenticationException) {
                throw new ConfigException("TLS handshake with " + servers + " failed (" + cause.getMessage()
                        + "): check ssl.truststore.* and security.protocol");
            }
            if (cause instanceof AuthenticationException) {
                throw new ConfigException("authentication failed for " + principal(kafka) + " at " + servers + " (" + cause.getMessage()
                        + "): check sasl.jaas.config (user name and password), sasl.mechanism and security.protocol");
            }
            log.warn("pre-flight connection to {} did not succeed ({}); starting anyway", servers, cause.getClass().getSimpleName());
        } catch (TimeoutException e) {
            log.warn("pre-flight connection to {} did not answer within {}; starting anyway", servers, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting to the Kafka cluster", e);
        }
    }

    /** User:<name> from the JAAS line's username; never the line itself. */
    static String principal(Map<String, String> kafka) {
        String jaas = kafka.get(SaslConfigs.SASL_JAAS_CONFIG);
        Matcher m = jaas == null ? null : USERNAME.matcher(jaas);
        return m != null && m.find() ? "User:" + m.group(1) : "the configured principal";
    }
}
