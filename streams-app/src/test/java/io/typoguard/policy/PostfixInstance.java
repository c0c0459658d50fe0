package io.typoguard.policy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private instance of Debian's real Postfix for one test: its own configuration directory, queue and log
 * under a temporary directory, started with {@code postfix -c <dir> start} (as root, which {@code -c} needs
 * no registration for). It listens on 127.0.0.1 only, does no DNS lookups, and cannot deliver anywhere: smtp
 * deliveries are deferred ({@code defer_transports}), the relay host is 127.0.0.1's discard port, and local
 * delivery is the {@code error} transport.
 */
final class PostfixInstance implements AutoCloseable {
    final Path dir;
    final int smtpPort;

    private PostfixInstance(Path dir, int smtpPort) {
        this.dir = dir;
        this.smtpPort = smtpPort;
    }

    /** Postfix's master must start as root: as root directly, else through password-less sudo. */
    private static final List<String> AS_ROOT = "root".equals(System.getProperty("user.name")) ? List.of() : List.of("sudo", "-n");

    static boolean available() {
        if (!Files.isExecutable(Path.of("/usr/sbin/postfix")) || !Files.isExecutable(Path.of("/usr/bin/swaks"))
                || !Files.isReadable(Path.of("/usr/share/postfix/master.cf.dist"))) {
            return false;
        }
        if (AS_ROOT.isEmpty()) {
            return true;
        }
        try {
            return new ProcessBuilder("sudo", "-n", "true").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Starts Postfix with {@code smtpd_recipient_restrictions} asking our policy service first. */
    static PostfixInstance start(Path dir, int policyPort) throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path conf = dir.resolve("etc");
        Files.createDirectories(conf);
        Files.writeString(conf.resolve("main.cf"), "");
        Files.copy(Path.of("/usr/share/postfix/master.cf.dist"), conf.resolve("master.cf"));
        PostfixInstance p = new PostfixInstance(dir, port);
        p.postconf("-e",
                "compatibility_level = 3.6",
                "queue_directory = " + dir.resolve("queue"),
                "data_directory = " + dir.resolve("data"),
                "myhostname = policytest.typoguard.test",
                "mydomain = typoguard.test",
                "mydestination =",
                "inet_interfaces = 127.0.0.1",
                "inet_protocols = ipv4",
                "mynetworks = 127.0.0.0/8",
                "smtpd_peername_lookup = no",
                "smtp_dns_support_level = disabled",
                // Accepted mail stays in the queue: smtp deliveries are deferred, and even the next hop would be
                // 127.0.0.1's discard port. (The error transport cannot be used: smtpd would refuse at RCPT time.)
                "defer_transports = smtp",
                "relayhost = [127.0.0.1]:9",
                "local_transport = error:local delivery is disabled in this test",
                "smtpd_recipient_restrictions = check_policy_service inet:127.0.0.1:" + policyPort
                        + ", permit_mynetworks, reject_unauth_destination",
                "smtpd_policy_service_max_idle = 10s",
                "maillog_file_prefixes = " + dir,
                "maillog_file = " + dir.resolve("maillog"));
        // smtpd on our port instead of 25, and no chroot (the chroot would need copies of /etc files).
        p.postconf("-M", port + "/inet=" + port + " inet n - n - - smtpd");
        p.postconf("-MX", "smtp/inet");
        p.postconf("-F", "*/*/chroot = n");
        // Postfix creates its queue's subdirectories and the data directory itself; the queue directory must exist,
        // and the path to it must be searchable by the postfix user (JUnit makes temporary directories 0700).
        p.run(List.of("mkdir", "-p", dir.resolve("queue").toString()));
        for (Path d : List.of(dir.getParent(), dir)) { // the test's own temporary directory and ours in it
            Files.setPosixFilePermissions(d, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        p.run(List.of("/usr/sbin/postfix", "-c", conf.toString(), "check"));
        p.run(List.of("/usr/sbin/postfix", "-c", conf.toString(), "start"));
        p.awaitListening();
        return p;
    }

    private void awaitListening() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", smtpPort)) {
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("Postfix did not listen on 127.0.0.1:" + smtpPort + "; log:\n" + log());
    }

    private void postconf(String option, String... values) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("/usr/sbin/postconf", "-c", dir.resolve("etc").toString(), option));
        cmd.addAll(List.of(values));
        run(cmd);
    }

    /** Runs swaks against this Postfix; returns its transcript. */
    String swaks(String from, String to) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/usr/bin/swaks", "--server", "127.0.0.1:" + smtpPort, "--from", from, "--to", to,
                "--helo", "client.typoguard.test", "--header", "Subject: Typoguard policy test", "--body", "Test message.",
                "--timeout", "30")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
    }

    String log() {
        try {
            return Files.readString(dir.resolve("maillog"));
        } catch (IOException e) {
            return "(no maillog: " + e.getMessage() + ")";
        }
    }

    private String run(List<String> command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(AS_ROOT);
        cmd.addAll(command);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed:\n" + out);
        }
        return out;
    }

    @Override
    public void close() throws Exception {
        run(List.of("/usr/sbin/postfix", "-c", dir.resolve("etc").toString(), "stop"));
    }
}
