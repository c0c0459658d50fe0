package io.typoguard.connect;

import io.typoguard.connect.syslog.SyslogClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/** Settings of {@link SyslogSinkConnector}. */
public final class SyslogSinkConfig extends AbstractConfig {
    public static final String FORMAT = "format";
    public static final String TRANSPORT = "transport";
    public static final String HOST = "host";
    public static final String PORT = "port";
    public static final String TCP_FRAMING = "tcp.framing";
    public static final String CEF_SYSLOG_HEADER = "cef.syslog.header";
    public static final String SYSLOG_HOSTNAME = "syslog.hostname";
    public static final String SYSLOG_FACILITY = "syslog.facility";
    public static final String APP_NAME = "syslog.app.name";
    public static final String MSG_ID = "syslog.msgid";
    public static final String CONNECT_TIMEOUT_MS = "connect.timeout.ms";
    public static final String RETRY_BACKOFF_MS = "retry.backoff.ms";
    public static final String TLS_TRUSTSTORE_LOCATION = "tls.truststore.location";
    public static final String TLS_TRUSTSTORE_PASSWORD = "tls.truststore.password";
    public static final String TLS_TRUSTSTORE_TYPE = "tls.truststore.type";
    public static final String TLS_KEYSTORE_LOCATION = "tls.keystore.location";
    public static final String TLS_KEYSTORE_PASSWORD = "tls.keystore.password";
    public static final String TLS_KEYSTORE_TYPE = "tls.keystore.type";
    public static final String TLS_HOSTNAME_VERIFICATION = "tls.hostname.verification";
    public static final String TLS_PROTOCOL = "tls.protocol";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(FORMAT, Type.STRING, "cef", ValidString.in("cef", "rfc5424"), Importance.HIGH,
                    "cef: one CEF line per alert (in a syslog header, see cef.syslog.header); rfc5424: an RFC 5424 "
                            + "message whose MSG is the OCSF JSON.")
            .define(TRANSPORT, Type.STRING, "tcp", ValidString.in("tcp", "udp", "tls"), Importance.HIGH,
                    "tcp, tls (RFC 5425) or udp (RFC 5426; no delivery guarantee).")
            .define(HOST, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Syslog receiver host.")
            .define(PORT, Type.INT, 514, Range.between(1, 65535), Importance.HIGH, "Syslog receiver port.")
            .define(TCP_FRAMING, Type.STRING, "octet-counting", ValidString.in("octet-counting", "newline"), Importance.MEDIUM,
                    "TCP framing (RFC 6587): octet-counting (default) or newline (non-transparent). TLS always uses octet-counting.")
            .define(CEF_SYSLOG_HEADER, Type.STRING, "rfc5424", ValidString.in("rfc5424", "rfc3164", "none"), Importance.MEDIUM,
                    "Header in front of each CEF line: rfc5424, rfc3164 (BSD) or none (the bare CEF line).")
            .define(SYSLOG_HOSTNAME, Type.STRING, null, Importance.LOW,
                    "HOSTNAME in the syslog header; unset: this machine's host name.")
            .define(SYSLOG_FACILITY, Type.INT, 13, Range.between(0, 23), Importance.LOW,
                    "Syslog facility of PRI (13 = log audit; 16-23 = local0-7).")
            .define(APP_NAME, Type.STRING, "typoguard", Importance.LOW, "APP-NAME of RFC 5424 messages.")
            .define(MSG_ID, Type.STRING, "typo-alert", Importance.LOW, "MSGID of RFC 5424 messages.")
            .define(CONNECT_TIMEOUT_MS, Type.INT, 5_000, Range.atLeast(1), Importance.LOW,
                    "Timeout of a TCP connect and TLS handshake.")
            .define(RETRY_BACKOFF_MS, Type.LONG, 1_000L, Range.atLeast(0), Importance.LOW,
                    "After a failed send the batch is redelivered by Connect after this long (retried without limit).")
            .define(TLS_TRUSTSTORE_LOCATION, Type.STRING, null, Importance.MEDIUM,
                    "Truststore with the receiver's CA (transport=tls). Unset: the JVM's default trust.")
            .define(TLS_TRUSTSTORE_PASSWORD, Type.PASSWORD, null, Importance.MEDIUM, "Truststore password.")
            .define(TLS_TRUSTSTORE_TYPE, Type.STRING, "PKCS12", Importance.LOW, "Truststore type (PKCS12, JKS).")
            .define(TLS_KEYSTORE_LOCATION, Type.STRING, null, Importance.LOW, "Keystore with a client certificate (mutual TLS).")
            .define(TLS_KEYSTORE_PASSWORD, Type.PASSWORD, null, Importance.LOW, "Keystore password.")
            .define(TLS_KEYSTORE_TYPE, Type.STRING, "PKCS12", Importance.LOW, "Keystore type.")
            .define(TLS_HOSTNAME_VERIFICATION, Type.BOOLEAN, true, Importance.LOW,
                    "Check that the receiver's certificate names the host.")
            .define(TLS_PROTOCOL, Type.STRING, "TLSv1.3", Importance.LOW, "SSLContext protocol (TLSv1.3, TLSv1.2).");

    public SyslogSinkConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
    }

    public boolean cef() {
        return "cef".equals(getString(FORMAT));
    }

    public SyslogClient.Transport transport() {
        return SyslogClient.Transport.valueOf(getString(TRANSPORT).toUpperCase(Locale.ROOT));
    }

    public SyslogClient.Framing framing() {
        return "newline".equals(getString(TCP_FRAMING)) ? SyslogClient.Framing.NEWLINE : SyslogClient.Framing.OCTET_COUNTING;
    }

    public String syslogHostname() {
        String h = getString(SYSLOG_HOSTNAME);
        return h == null || h.isBlank() ? MailLogSourceConfig.localHostName() : h.trim();
    }

    public SyslogClient client() {
        SyslogClient.Transport t = transport();
        return new SyslogClient(t, getString(HOST), getInt(PORT), framing(), t == SyslogClient.Transport.TLS ? tlsFactory() : null,
                getBoolean(TLS_HOSTNAME_VERIFICATION), getInt(CONNECT_TIMEOUT_MS));
    }

    SSLSocketFactory tlsFactory() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(load(TLS_TRUSTSTORE_LOCATION, TLS_TRUSTSTORE_PASSWORD, TLS_TRUSTSTORE_TYPE));
            KeyManagerFactory kmf = null;
            KeyStore keys = load(TLS_KEYSTORE_LOCATION, TLS_KEYSTORE_PASSWORD, TLS_KEYSTORE_TYPE);
            if (keys != null) {
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                Password p = getPassword(TLS_KEYSTORE_PASSWORD);
                kmf.init(keys, p == null ? new char[0] : p.value().toCharArray());
            }
            SSLContext ctx = SSLContext.getInstance(getString(TLS_PROTOCOL));
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return ctx.getSocketFactory();
        } catch (GeneralSecurityException | IOException e) {
            throw new ConfigException("TLS settings of the syslog sink are unusable: " + e);
        }
    }

    private KeyStore load(String location, String password, String type) throws GeneralSecurityException, IOException {
        String path = getString(location);
        if (path == null || path.isBlank()) {
            return null;
        }
        KeyStore ks = KeyStore.getInstance(getString(type));
        Password p = getPassword(password);
        try (InputStream in = Files.newInputStream(Path.of(path))) {
            ks.load(in, p == null ? null : p.value().toCharArray());
        }
        return ks;
    }
}
