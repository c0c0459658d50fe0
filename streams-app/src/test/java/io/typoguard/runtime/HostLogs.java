package io.typoguard.runtime;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Postfix logs of several hosts over a stretch of log time, in the shape real Postfix writes them: smtpd client
 * lines, cleanup message-id, qmgr from=, smtp to= (sent, or deferred and retried 40 minutes later), qmgr removed,
 * and the connect/disconnect noise around them. Half the hosts write RFC 3339 prefixes, half BSD syslog ones.
 * Deterministic for a seed. Every line knows its host and log time, so a test can send it at any arrival time.
 */
final class HostLogs {
    /** One log line of one host. */
    record Line(String host, Instant logged, String text) {
    }

    static final List<String> TYPO_DOMAINS = List.of("army.ml", "navy.ml", "gmial.com", "gmail.con");
    private static final List<String> CLEAN_DOMAINS = List.of("army.mil", "navy.mil", "gmail.com", "example.org", "partner.test");
    private static final DateTimeFormatter BSD = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final List<Line> lines = new ArrayList<>();
    private int typoDeliveryLines;
    private int fromLines;

    /**
     * @param hosts    number of MTA hosts (mx00, mx01, ...)
     * @param start    log time of the first message
     * @param span     log time over which each host's messages are spread
     * @param perHost  messages per host
     */
    HostLogs(int hosts, Instant start, Duration span, int perHost, long seed) {
        Random r = new Random(seed);
        for (int h = 0; h < hosts; h++) {
            String host = String.format(Locale.ROOT, "mx%02d", h);
            boolean bsd = h % 2 == 1;
            for (int m = 0; m < perHost; m++) {
                Instant t = start.plusMillis(span.toMillis() * m / perHost + r.nextInt(20_000));
                String qid = String.format(Locale.ROOT, "%02X%08X", h, m * 7919 + 4096);
                int pid = 1000 + r.nextInt(9000);
                String sender = "user" + r.nextInt(40) + "@typoguard.test";
                add(host, bsd, t, "postfix/smtpd[" + pid + "]: connect from client" + h + "[10.0.0." + h + "]");
                add(host, bsd, t, "postfix/smtpd[" + pid + "]: " + qid + ": client=client" + h + "[10.0.0." + h + "]");
                add(host, bsd, t.plusMillis(200), "postfix/cleanup[" + (pid + 1) + "]: " + qid + ": message-id=<" + qid + "@" + host + ">");
                add(host, bsd, t.plusMillis(400), "postfix/qmgr[77]: " + qid + ": from=<" + sender + ">, size=" + (1000 + r.nextInt(50_000))
                        + ", nrcpt=2 (queue active)");
                fromLines++;
                add(host, bsd, t.plusMillis(500), "postfix/smtpd[" + pid + "]: disconnect from client" + h + "[10.0.0." + h + "] ehlo=1 mail=1 rcpt=2 data=1 quit=1 commands=5");
                // Some deliveries take minutes (a slow remote), a few are deferred and retried 40 minutes later.
                Duration delay = r.nextInt(10) == 0 ? Duration.ofMinutes(3) : Duration.ofSeconds(1);
                boolean deferred = r.nextInt(12) == 0;
                for (int k = 0; k < 2; k++) {
                    boolean typo = r.nextInt(8) == 0;
                    String domain = typo ? TYPO_DOMAINS.get(r.nextInt(TYPO_DOMAINS.size())) : CLEAN_DOMAINS.get(r.nextInt(CLEAN_DOMAINS.size()));
                    String rcpt = "person" + r.nextInt(100) + "@" + domain;
                    Instant d = t.plus(delay).plusMillis(k * 300L);
                    if (deferred) {
                        add(host, bsd, d, smtp(pid, qid, rcpt, "deferred", "4.4.1", "connect to mx." + domain + "[192.0.2.1]:25: Connection timed out"));
                        add(host, bsd, d.plus(Duration.ofMinutes(40)), smtp(pid, qid, rcpt, "sent", "2.0.0", "250 2.0.0 Ok: queued"));
                        typoDeliveryLines += typo ? 2 : 0;
                    } else {
                        add(host, bsd, d, smtp(pid, qid, rcpt, "sent", "2.0.0", "250 2.0.0 Ok: queued"));
                        typoDeliveryLines += typo ? 1 : 0;
                    }
                }
                add(host, bsd, t.plus(delay).plusSeconds(1).plus(deferred ? Duration.ofMinutes(40) : Duration.ZERO), "postfix/qmgr[77]: " + qid + ": removed");
            }
        }
        // One file per host, interleaved as a collector sees them: by log time, each host's lines in its own order.
        lines.sort(Comparator.comparing(Line::logged));
    }

    private static String smtp(int pid, String qid, String rcpt, String status, String dsn, String detail) {
        return "postfix/smtp[" + (pid + 2) + "]: " + qid + ": to=<" + rcpt + ">, relay=mx.remote[192.0.2.1]:25, delay=1.2, "
                + "delays=0.1/0/0.5/0.6, dsn=" + dsn + ", status=" + status + " (" + detail + ")";
    }

    private void add(String host, boolean bsd, Instant t, String message) {
        String prefix = bsd ? BSD.format(t) + " " + host + " " : t.toString() + " " + host + " ";
        lines.add(new Line(host, t, prefix + message));
    }

    List<Line> lines() {
        return lines;
    }

    /** Delivery lines (every attempt) to a typo domain: each is one finding. */
    int expectedFindings() {
        return typoDeliveryLines;
    }

    int messages() {
        return fromLines;
    }
}
