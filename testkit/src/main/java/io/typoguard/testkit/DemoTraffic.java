package io.typoguard.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Mail-log traffic for the demo: first the bundled real Postfix log (made by a real Postfix on loopback, see
 * docs/fixtures.md) and sample JSON lines, re-stamped to the current time; then endless synthetic Postfix
 * and JSON traffic in which about one message in 40 goes to a typo domain, and an occasional malformed
 * record shows the dead-letter path.
 */
public final class DemoTraffic {
    static final String[] BUNDLED = {"demo/postfix-real.log", "demo/sample.jsonl"};

    private static final String[] SENDERS = {"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy"};
    private static final String[] GOOD = {"army.mil", "navy.mil", "af.mil", "state.gov", "gmail.com", "outlook.com",
        "yahoo.com", "example.org", "partner.example", "supplier.example.net", "hotmail.com", "icloud.com"};
    private static final String[] TYPOS = {"army.ml", "navy.ml", "af.ml", "gmial.com", "gmail.con", "state.gob",
        "outlok.com", "yaho.com", "armymil.com", "mail.army.ml", "hotmial.com", "icloud.co"};
    private static final String[] PEOPLE = {"j.smith", "ops", "travel", "m.jones", "desk", "logistics", "hr", "k.lee"};
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx");

    private final Random random;
    private long queueCounter;

    /** The legitimate domains the synthetic traffic writes to (the typo domains are look-alikes of these). */
    public static List<String> goodDomains() {
        return List.of(GOOD);
    }

    public DemoTraffic(long seed) {
        this.random = new Random(seed);
    }

    /** The bundled real lines, re-stamped to {@code now} so they fall into the current window. */
    public static List<String> bundled(Instant now) {
        List<String> out = new ArrayList<>();
        String stamp = RFC3339.format(OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
        for (String resource : BUNDLED) {
            try (InputStream in = DemoTraffic.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    continue;
                }
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.isBlank()) {
                        continue;
                    }
                    if (line.startsWith("{")) {
                        out.add(line.replaceFirst("\"timestamp\"\\s*:\\s*\"[^\"]*\"", "\"timestamp\":\"" + stamp + "\""));
                    } else {
                        out.add(line.replaceFirst("^([A-Z][a-z]{2} [ \\d]\\d \\d{2}:\\d{2}:\\d{2}|\\d{4}-\\d{2}-\\d{2}T\\S+)", stamp));
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot read bundled demo log " + resource, e);
            }
        }
        return out;
    }

    /** One synthetic message: its log lines (3-5 Postfix lines, or one JSON line), or a malformed record. */
    public void nextMessage(Instant now, Consumer<byte[]> sink) {
        int dice = random.nextInt(1000);
        if (dice < 2) {
            sink.accept(malformed());
            return;
        }
        String sender = SENDERS[random.nextInt(SENDERS.length)] + (random.nextInt(10) == 0 ? "+lists" : "") + "@typoguard.test";
        int nrcpt = 1 + (random.nextInt(5) == 0 ? 1 : 0);
        List<String> rcpts = new ArrayList<>();
        for (int i = 0; i < nrcpt; i++) {
            String domain = random.nextInt(40) == 0 ? TYPOS[random.nextInt(TYPOS.length)] : GOOD[random.nextInt(GOOD.length)];
            rcpts.add(PEOPLE[random.nextInt(PEOPLE.length)] + "@" + domain);
        }
        String status = random.nextInt(20) == 0 ? "deferred" : "sent";
        String stamp = RFC3339.format(OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
        if (random.nextInt(4) == 0) {
            StringBuilder to = new StringBuilder();
            for (String r : rcpts) {
                to.append(to.length() == 0 ? "" : ",").append('"').append(r).append('"');
            }
            sink.accept(("{\"timestamp\":\"" + stamp + "\",\"host\":\"gw1.typoguard.test\",\"queue_id\":\"J" + (queueCounter++)
                    + "\",\"message_id\":\"" + Long.toHexString(random.nextLong()) + "@typoguard.test\",\"from\":\"" + sender
                    + "\",\"to\":[" + to + "],\"status\":\"" + status + "\"}").getBytes(StandardCharsets.UTF_8));
            return;
        }
        String qid = String.format("%010X", queueCounter++ & 0xFFFFFFFFFFL);
        String host = "mx1.typoguard.test";
        int pid = 1000 + random.nextInt(9000);
        emit(sink, stamp, host, "postfix/cleanup", pid, qid + ": message-id=<" + Long.toHexString(random.nextLong()) + "@typoguard.test>");
        emit(sink, stamp, host, "postfix/qmgr", pid + 1, qid + ": from=<" + sender + ">, size=" + (800 + random.nextInt(50_000))
                + ", nrcpt=" + nrcpt + " (queue active)");
        for (String r : rcpts) {
            String domain = r.substring(r.indexOf('@') + 1);
            emit(sink, stamp, host, "postfix/smtp", pid + 2, qid + ": to=<" + r + ">, relay=mx." + domain + "[192.0.2."
                    + (1 + random.nextInt(250)) + "]:25, delay=0.4, delays=0.01/0/0.2/0.19, dsn="
                    + ("sent".equals(status) ? "2.0.0, status=sent (250 2.0.0 Ok: queued)" : "4.4.1, status=deferred (connect timed out)"));
        }
        if ("sent".equals(status)) {
            emit(sink, stamp, host, "postfix/qmgr", pid + 1, qid + ": removed");
        }
    }

    private static void emit(Consumer<byte[]> sink, String stamp, String host, String prog, int pid, String msg) {
        sink.accept((stamp + " " + host + " " + prog + "[" + pid + "]: " + msg).getBytes(StandardCharsets.UTF_8));
    }

    private byte[] malformed() {
        return switch (random.nextInt(3)) {
            case 0 -> {
                byte[] junk = new byte[64];
                random.nextBytes(junk);
                yield junk;
            }
            case 1 -> "{\"timestamp\":\"2026-01-01T00:00:00Z\",\"from\":\"nobody@typoguard.test\"}".getBytes(StandardCharsets.UTF_8);
            default -> "this is not a mail log line".getBytes(StandardCharsets.UTF_8);
        };
    }
}
