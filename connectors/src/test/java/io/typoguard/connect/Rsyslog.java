package io.typoguard.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A real rsyslogd (Debian package rsyslog) in the foreground, receiving on 127.0.0.1 over TCP (imtcp) and UDP
 * (imudp) on one port, and writing every message twice: raw ({@code %rawmsg%}) to {@code raw.log}, and as parsed
 * fields ({@code PRI|HOSTNAME|APP-NAME|MSGID|MSG}) to {@code parsed.log}.
 */
final class Rsyslog implements AutoCloseable {
    static final Path RSYSLOGD = Path.of("/usr/sbin/rsyslogd");

    private final Path dir;
    private final int port;
    private Process process;

    Rsyslog(Path dir) throws IOException {
        this(dir, freePort());
    }

    Rsyslog(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    int port() {
        return port;
    }

    Rsyslog start() throws IOException {
        assertThat(RSYSLOGD).as("rsyslogd not installed: apt-get install rsyslog").isExecutable();
        Path work = Files.createDirectories(dir.resolve("work"));
        Path conf = dir.resolve("rsyslog.conf");
        Files.writeString(conf, String.join("\n",
                "global(workDirectory=\"" + work + "\" maxMessageSize=\"64k\")",
                "module(load=\"imtcp\")",
                "module(load=\"imudp\")",
                "template(name=\"raw\" type=\"string\" string=\"%rawmsg%\\n\")",
                "template(name=\"parsed\" type=\"string\" string=\"%pri%|%hostname%|%app-name%|%msgid%|%msg%\\n\")",
                "ruleset(name=\"in\") {",
                "  action(type=\"omfile\" file=\"" + raw() + "\" template=\"raw\")",
                "  action(type=\"omfile\" file=\"" + parsed() + "\" template=\"parsed\")",
                "}",
                "input(type=\"imtcp\" address=\"127.0.0.1\" port=\"" + port + "\" ruleset=\"in\")",
                "input(type=\"imudp\" address=\"127.0.0.1\" port=\"" + port + "\" ruleset=\"in\")",
                ""));
        process = new ProcessBuilder(RSYSLOGD.toString(), "-n", "-f", conf.toString(), "-i", dir.resolve("rsyslogd.pid").toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("rsyslogd.out").toFile())).start();
        Awaitility.await("rsyslogd listening on " + port).atMost(java.time.Duration.ofSeconds(20))
                .pollInterval(java.time.Duration.ofMillis(50)).until(this::listening);
        return this;
    }

    private boolean listening() {
        assertThat(process.isAlive()).as("rsyslogd exited, see " + dir.resolve("rsyslogd.out")).isTrue();
        try (java.net.Socket s = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    Path raw() {
        return dir.resolve("raw.log");
    }

    Path parsed() {
        return dir.resolve("parsed.log");
    }

    List<String> rawLines() {
        return read(raw());
    }

    List<String> parsedLines() {
        return read(parsed());
    }

    private static List<String> read(Path p) {
        try {
            return Files.exists(p) ? Files.readAllLines(p, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops rsyslogd (SIGTERM: it writes out what it has received) and waits until the port is closed. */
    void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            process = null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
