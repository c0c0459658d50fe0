package io.typoguard.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client over https with a truststore and basic auth, against a TLS server with a certificate made by the test. */
class HttpSchemaRegistryTlsTest {
    @TempDir
    Path dir;

    @Test
    void talksHttpsWithTheConfiguredTruststoreAndRefusesAnUnknownCertificate() throws Exception {
        Path keystore = dir.resolve("server.p12");
        Path cert = dir.resolve("server.crt");
        Path truststore = dir.resolve("trust.p12");
        keytool("-genkeypair", "-alias", "registry", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", "changeit", "-keypass", "changeit");
        keytool("-exportcert", "-alias", "registry", "-keystore", keystore.toString(), "-storepass", "changeit", "-rfc", "-file", cert.toString());
        keytool("-importcert", "-noprompt", "-alias", "registry", "-file", cert.toString(), "-storetype", "PKCS12",
                "-keystore", truststore.toString(), "-storepass", "trustpass");

        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(ctx));
        List<String> auth = new java.util.concurrent.CopyOnWriteArrayList<>();
        server.createContext("/", ex -> {
            auth.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            byte[] body = "{\"schema\":\"\\\"string\\\"\"}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        String url = "https://127.0.0.1:" + server.getAddress().getPort();
        try {
            HttpSchemaRegistry client = new HttpSchemaRegistry(Map.of("schema.registry.url", url,
                    "schema.registry.ssl.truststore.location", truststore.toString(),
                    "schema.registry.ssl.truststore.password", "trustpass",
                    "basic.auth.credentials.source", "USER_INFO", "basic.auth.user.info", "typoguard:s3cret"));

            assertThat(client.getById(1)).isEqualTo(Schema.create(Schema.Type.STRING));
            assertThat(auth).singleElement().asString().startsWith("Basic ");

            HttpSchemaRegistry untrusting = new HttpSchemaRegistry(Map.of("schema.registry.url", url, "max.retries", "0"));
            assertThatThrownBy(() -> untrusting.getById(1)).isInstanceOf(RegistryException.class).hasMessageContaining("unreachable");
        } finally {
            server.stop(0);
        }

        // Mutual TLS: a server that demands a client certificate, and a bearer token instead of basic auth.
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(truststore)) {
            trust.load(in, "trustpass".toCharArray());
        }
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext mtls = SSLContext.getInstance("TLS");
        mtls.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        HttpsServer strict = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        strict.setHttpsConfigurator(new HttpsConfigurator(mtls) {
            @Override
            public void configure(com.sun.net.httpserver.HttpsParameters params) {
                javax.net.ssl.SSLParameters p = mtls.getDefaultSSLParameters();
                p.setNeedClientAuth(true);
                params.setSSLParameters(p);
            }
        });
        auth.clear();
        strict.createContext("/", ex -> {
            auth.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            byte[] body = "{\"schema\":\"\\\"string\\\"\"}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        strict.start();
        String strictUrl = "https://127.0.0.1:" + strict.getAddress().getPort();
        try {
            HttpSchemaRegistry withCert = new HttpSchemaRegistry(Map.of("schema.registry.url", strictUrl,
                    "schema.registry.ssl.truststore.location", truststore.toString(), "schema.registry.ssl.truststore.password", "trustpass",
                    "schema.registry.ssl.keystore.location", keystore.toString(), "schema.registry.ssl.keystore.password", "changeit",
                    "bearer.auth.credentials.source", "STATIC_TOKEN", "bearer.auth.token", "t0ken"));
            assertThat(withCert.getById(1)).isEqualTo(Schema.create(Schema.Type.STRING));
            assertThat(auth).containsExactly("Bearer t0ken");

            HttpSchemaRegistry withoutCert = new HttpSchemaRegistry(Map.of("schema.registry.url", strictUrl, "max.retries", "0",
                    "schema.registry.ssl.truststore.location", truststore.toString(), "schema.registry.ssl.truststore.password", "trustpass"));
            assertThatThrownBy(() -> withoutCert.getById(1)).isInstanceOf(RegistryException.class);
        } finally {
            strict.stop(0);
        }
    }

    private static void keytool(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }
}
