package io.typoguard.bench;

import io.typoguard.alert.AlertRules;
import io.typoguard.detect.TrustedFile;
import io.typoguard.detect.TrustedIndex;
import io.typoguard.detect.TypoDetector;
import io.typoguard.detect.Verdict;
import io.typoguard.parse.Addresses;
import io.typoguard.parse.MailLogParser;
import io.typoguard.parse.ParseOutcome;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.utils.Utils;

/**
 * Mail-log traffic shaped like a site's, with its ground truth (issue 21, item 1).
 *
 * <ul>
 *   <li><b>Hosts:</b> {@code hostsPerPartition} mail hosts per partition of the raw topic (24 for 6 partitions), picked
 *       so that keying by host (as rsyslog's omkafka {@code dynaKey} does) spreads them evenly: within a partition the
 *       hosts carry 40%, 30%, 20% and 10% of its traffic, so hosts differ as they do at a site while every partition
 *       carries the same load.</li>
 *   <li><b>Formats:</b> per host, as its shipper writes: BSD syslog prefixes (half the hosts), RFC 3339 prefixes (a
 *       quarter) and one JSON line per message (a quarter, as a gateway exporting parsed records does).</li>
 *   <li><b>Interleaving:</b> messages arrive as a Poisson stream in log time; each Postfix message's lines are spread over
 *       the following 0-3 s (smtpd, cleanup, qmgr, delivery attempts, removal), and the lines of all messages of all
 *       hosts are written in log-time order, so one host's messages interleave as in a real log.</li>
 *   <li><b>Noise:</b> {@code connect from}, {@code client=}, {@code disconnect from}, TLS and anvil lines at the share that
 *       the app's parser counts as noise in the bundled real Postfix log (measured at construction, {@link #fixtureNoiseShare}).</li>
 *   <li><b>Mail:</b> 80% outbound from 2,000 senders of two organisation domains to 2,000 real domains (from
 *       {@code core/eval/legit.txt}, each judged clean by the detector over the demo's trusted list), one recipient in
 *       {@code typoRate} to a typo domain; 20% inbound from 1,000 outside senders. Sent, deferred and bounced outcomes;
 *       one record in 1,000 malformed (dead-lettered).</li>
 *   <li><b>Log time:</b> starts {@code start} (hours before the wall clock: a backlog, not live), {@code rate} messages
 *       per second of log time; then one closing message per sender 70 minutes after the last message, through the JSON
 *       gateways of all partitions in turn, so every 1-hour window and every incident of the traffic closes in log time.</li>
 * </ul>
 *
 * <p>{@link Truth} counts what the app must write for this input, from the generator's own knowledge of each message,
 * with the documented rules (1-hour windows with 5 minutes' grace, an incident per sender and typo domain with updates
 * at 2, 5, 10, 20, ... and a close after an idle hour, a sender threshold of 3 findings per window, a typo domain's day
 * over 100 messages or 10 senders).
 */
final class ProductionTraffic {
    enum Format { BSD, RFC3339, JSON }

    record Host(String name, Format format, double weight, int partition) { }

    /** One raw record: the host it names (the shipper's key) and the line. */
    record Line(long logMillis, Host host, byte[] value) { }

    /** What the app must write for the input: every count is exact. */
    static final class Truth {
        long records;
        long postfixLines;
        long postfixNoise;
        long malformed;
        long closingRecords;
        /** Deliveries of the closing messages (one per message), and how many records the first wave has. */
        long closingDeliveries;
        long closingFirstWaveRecords;
        long deliveries;
        long findings;
        long senderWindows;
        long incidentAlerts;
        long thresholdAlerts;
        long domainAlerts;
        final Map<Format, Long> recordsByFormat = new TreeMap<>();
        /** Per incident key ("sender|typo domain"): the delivered findings' log times, and how many incident alerts they make. */
        final Map<String, List<Long>> incidentFindings = new java.util.HashMap<>();
        final Map<String, Long> incidentAlertsByKey = new java.util.HashMap<>();

        long alerts() {
            return incidentAlerts + thresholdAlerts + domainAlerts;
        }

        Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rawRecords", records);
            m.put("postfixLines", postfixLines);
            m.put("postfixNoiseLines", postfixNoise);
            m.put("malformed", malformed);
            m.put("closingRecords", closingRecords);
            m.put("closingDeliveries", closingDeliveries);
            m.put("events", deliveries);
            m.put("findings", findings);
            m.put("senderWindows", senderWindows);
            m.put("alerts", alerts());
            m.put("incidentAlerts", incidentAlerts);
            m.put("thresholdAlerts", thresholdAlerts);
            m.put("domainAlerts", domainAlerts);
            for (var e : recordsByFormat.entrySet()) {
                m.put("records" + e.getKey(), e.getValue());
            }
            return m;
        }
    }

    static final long WINDOW = 3_600_000L;
    static final long GRACE = 300_000L;
    static final long IDLE = 3_600_000L;
    static final int THRESHOLD = 3;
    static final long DOMAIN_MESSAGES = 100;
    static final long DOMAIN_SENDERS = 10;

    private static final String[] TYPOS = {"army.ml", "navy.ml", "af.ml", "gmial.com", "gmail.con", "state.gob", "outlok.com",
        "yaho.com", "armymil.com", "mail.army.ml", "hotmial.com", "icloud.co"};
    private static final String[] ORGS = {"corp.example", "lab.example.org"};
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx");
    private static final DateTimeFormatter BSD = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ROOT);

    final List<Host> hosts;
    final double fixtureNoiseShare;
    private final List<String> clean;
    private final Random random;
    private final double typoRate;
    private final List<String> senders = new ArrayList<>();
    private final List<String> outside = new ArrayList<>();
    private long queue;
    private long malformedSeq;

    ProductionTraffic(Path repoRoot, int partitions, int hostsPerPartition, double typoRate, long seed) throws IOException {
        this.random = new Random(seed);
        this.typoRate = typoRate;
        this.hosts = hosts(partitions, hostsPerPartition);
        TypoDetector detector = detector();
        for (String t : TYPOS) {
            if (!(detector.check(t) instanceof Verdict.Typo)) {
                throw new IllegalStateException(t + " is not flagged by the demo's trusted list");
            }
        }
        this.clean = cleanDomains(repoRoot.resolve("core/eval/legit.txt"), detector, 2_000, random);
        for (String org : ORGS) {
            if (detector.check(org) instanceof Verdict.Typo) {
                throw new IllegalStateException(org + " is flagged");
            }
        }
        for (int i = 0; i < 2_000; i++) {
            senders.add(String.format("u%04d@%s", i, ORGS[i % ORGS.length]));
        }
        for (int i = 0; i < 1_000; i++) {
            outside.add("contact" + i + "@" + clean.get(random.nextInt(clean.size())));
        }
        this.fixtureNoiseShare = fixtureNoiseShare();
    }

    /** The demo's trusted list, as the harness loads it into trusted.domains. */
    static TypoDetector detector() throws IOException {
        try (var in = ProductionTraffic.class.getClassLoader().getResourceAsStream("demo/trusted.csv")) {
            TrustedIndex index = new TrustedIndex();
            index.rebuild(TrustedFile.read(new InputStreamReader(in, StandardCharsets.UTF_8)));
            return new TypoDetector(index);
        }
    }

    private static List<String> cleanDomains(Path legit, TypoDetector detector, int n, Random random) throws IOException {
        List<String> all = Files.readAllLines(legit);
        List<String> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        while (out.size() < n) {
            String d = all.get(random.nextInt(all.size())).trim().toLowerCase(Locale.ROOT);
            if (!d.isEmpty() && !d.startsWith("#") && seen.add(d) && detector.check(d) instanceof Verdict.Clean) {
                out.add(d);
            }
        }
        return out;
    }

    /** Host names whose murmur2 partition (the producer's default for a keyed record) fills every partition equally. */
    static List<Host> hosts(int partitions, int perPartition) {
        double[] shares = {0.4, 0.3, 0.2, 0.1};
        Format[] formats = {Format.BSD, Format.RFC3339, Format.BSD, Format.JSON};
        List<List<String>> byPartition = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            byPartition.add(new ArrayList<>());
        }
        String[] sites = {"fra", "iad", "sin", "lon", "ord", "syd"};
        for (int i = 0; byPartition.stream().anyMatch(l -> l.size() < perPartition); i++) {
            String name = "mx" + (i / sites.length + 1) + "." + sites[i % sites.length] + ".corp.example";
            int p = Utils.toPositive(Utils.murmur2(name.getBytes(StandardCharsets.UTF_8))) % partitions;
            if (byPartition.get(p).size() < perPartition) {
                byPartition.get(p).add(name);
            }
        }
        List<Host> out = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            for (int j = 0; j < perPartition; j++) {
                double w = perPartition == shares.length ? shares[j] : 1.0 / perPartition;
                out.add(new Host(byPartition.get(p).get(j), formats[(j + p) % formats.length], w / partitions, p));
            }
        }
        return out;
    }

    /** Share of the bundled real Postfix log's lines that the parser counts as noise. */
    static double fixtureNoiseShare() throws IOException {
        try (var in = ProductionTraffic.class.getClassLoader().getResourceAsStream("demo/postfix-real.log")) {
            MailLogParser parser = new MailLogParser();
            long lines = 0;
            long noise = 0;
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    lines++;
                    noise += parser.parse(line.getBytes(StandardCharsets.UTF_8)) instanceof ParseOutcome.Noise ? 1 : 0;
                }
            }
            return (double) noise / lines;
        }
    }

    private record Delivery(String senderIdentity, String domain, String status, long at) { }

    /**
     * {@code messages} messages from {@code start}, {@code rate} per second of log time, in log-time order, then the closing
     * messages in {@code closing} (to be written once the traffic's events are out: written with the traffic, a task that
     * reads them before another task's earlier traffic would move log time past that traffic's windows); {@code truth}
     * is filled in for both.
     */
    List<Line> generate(int messages, Instant start, double rate, Truth truth, List<Line> closing) {
        PriorityQueue<Line> pending = new PriorityQueue<>((a, b) -> Long.compare(a.logMillis(), b.logMillis()));
        List<Line> out = new ArrayList<>();
        List<Delivery> deliveries = new ArrayList<>();
        double[] cumulative = new double[hosts.size()];
        double sum = 0;
        for (int i = 0; i < hosts.size(); i++) {
            sum += hosts.get(i).weight();
            cumulative[i] = sum;
        }
        double t = start.toEpochMilli();
        MailLogParser counter = new MailLogParser();
        for (int m = 0; m < messages; m++) {
            t += -Math.log(1 - random.nextDouble()) * 1000.0 / rate;
            long now = (long) t;
            while (!pending.isEmpty() && pending.peek().logMillis() < now - 5_000) {
                out.add(pending.poll());
            }
            double pick = random.nextDouble() * sum;
            int h = 0;
            while (cumulative[h] < pick) {
                h++;
            }
            Host host = hosts.get(h);
            if (random.nextInt(1000) == 0) {
                pending.add(new Line(now, host, malformed()));
                truth.malformed++;
                continue;
            }
            message(host, now, pending, deliveries);
        }
        out.addAll(drain(pending));
        long end = out.isEmpty() ? start.toEpochMilli() : out.get(out.size() - 1).logMillis();
        // One closing message per sender identity, 70 minutes later: every window (1 h + 5 min grace) and every incident
        // (idle 1 h) of the traffic above closes in each task that holds one of its senders. The messages come from every
        // host in turn, in its own format: a detection task closes windows and incidents by the log time that every source
        // of its events has reached (SourceClock: each raw partition, and each raw partition's lines joined by each
        // correlation task), so every source's log time must pass the close. A second wave, written a few seconds of
        // wall-clock time after the first, 1 s later in log time: its windows stay open, as do the first wave's.
        Set<String> identities = new java.util.TreeSet<>();
        for (Delivery d : deliveries) {
            identities.add(d.senderIdentity());
        }
        long close = end + 70 * 60_000L;
        int i = 0;
        for (int wave = 0; wave < 2; wave++) {
            for (String s : identities) {
                Host host = hosts.get(i % hosts.size());
                closing.addAll(closingMessage(host, close + wave * 1_000L + i++, s));
                truth.deliveries++;
                truth.closingDeliveries++;
            }
            if (wave == 0) {
                truth.closingFirstWaveRecords = closing.size();
            }
        }
        truth.closingRecords = closing.size();
        List<Line> all = new ArrayList<>(out);
        all.addAll(closing);
        for (Line l : all) {
            truth.records++;
            Host host = l.host();
            truth.recordsByFormat.merge(host.format(), 1L, Long::sum);
            if (host.format() != Format.JSON) {
                truth.postfixLines++;
                if (counter.parse(l.value()) instanceof ParseOutcome.Noise) {
                    truth.postfixNoise++;
                }
            }
        }
        count(deliveries, truth);
        return out;
    }

    private static List<Line> drain(PriorityQueue<Line> q) {
        List<Line> out = new ArrayList<>();
        while (!q.isEmpty()) {
            out.add(q.poll());
        }
        return out;
    }

    /** The expected outputs, by the documented rules, from what was generated. */
    private static void count(List<Delivery> deliveries, Truth truth) {
        truth.deliveries += deliveries.size();
        Set<String> windows = new HashSet<>();
        Map<String, Long> findingsPerWindow = new HashMap<>();
        Map<String, List<Long>> delivered = new HashMap<>();
        Map<String, long[]> days = new HashMap<>();
        Map<String, Set<String>> daySenders = new HashMap<>();
        for (Delivery d : deliveries) {
            long windowStart = d.at() - Math.floorMod(d.at(), WINDOW);
            windows.add(d.senderIdentity() + "|" + windowStart);
            if (!isTypo(d.domain())) {
                continue;
            }
            truth.findings++;
            findingsPerWindow.merge(d.senderIdentity() + "|" + windowStart, 1L, Long::sum);
            if ("sent".equals(d.status())) {
                delivered.computeIfAbsent(d.senderIdentity() + "|" + d.domain(), k -> new ArrayList<>()).add(d.at());
            }
            String day = d.domain() + "|" + (d.at() - Math.floorMod(d.at(), AlertRules.DAY_MS));
            days.computeIfAbsent(day, k -> new long[1])[0]++;
            daySenders.computeIfAbsent(day, k -> new HashSet<>()).add(d.senderIdentity());
        }
        truth.senderWindows = windows.size();
        truth.thresholdAlerts = findingsPerWindow.values().stream().filter(c -> c >= THRESHOLD).count();
        for (String day : days.keySet()) {
            if (days.get(day)[0] >= DOMAIN_MESSAGES || daySenders.get(day).size() >= DOMAIN_SENDERS) {
                truth.domainAlerts++;
            }
        }
        for (Map.Entry<String, List<Long>> incident : delivered.entrySet()) {
            List<Long> times = incident.getValue();
            times.sort(Long::compare);
            long before = truth.incidentAlerts;
            long last = Long.MIN_VALUE;
            long count = 0;
            for (long at : times) {
                if (count > 0 && at >= last + IDLE) {
                    truth.incidentAlerts++; // the CLOSE of the previous incident
                    count = 0;
                }
                count++;
                last = Math.max(last, at);
                if (count == 1 || AlertRules.isGrowthStep(count)) {
                    truth.incidentAlerts++; // CREATE, or an UPDATE at 2, 5, 10, ...
                }
            }
            truth.incidentAlerts++; // the CLOSE after the traffic
            truth.incidentFindings.computeIfAbsent(incident.getKey(), k -> new ArrayList<>()).addAll(times);
            truth.incidentAlertsByKey.merge(incident.getKey(), truth.incidentAlerts - before, Long::sum);
        }
    }

    private static boolean isTypo(String domain) {
        for (String t : TYPOS) {
            if (t.equals(domain)) {
                return true;
            }
        }
        return false;
    }

    private void message(Host host, long t, PriorityQueue<Line> pending, List<Delivery> deliveries) {
        boolean inbound = random.nextInt(5) == 0;
        String sender = inbound ? outside.get(random.nextInt(outside.size())) : senders.get(zipf(senders.size()));
        int nrcpt = inbound ? 1 : switch (random.nextInt(20)) {
            case 0 -> 3 + random.nextInt(3);
            case 1, 2, 3 -> 2;
            default -> 1;
        };
        List<String> rcpts = new ArrayList<>();
        for (int i = 0; i < nrcpt; i++) {
            String local = "p" + (random.nextInt(5_000) * 8 + i);
            if (inbound) {
                rcpts.add(local + "@" + ORGS[random.nextInt(ORGS.length)]);
            } else if (random.nextDouble() < typoRate) {
                rcpts.add(local + "@" + TYPOS[random.nextInt(TYPOS.length)]);
            } else {
                rcpts.add(local + "@" + clean.get(zipf(clean.size())));
            }
        }
        int dice = random.nextInt(100);
        String status = dice < 94 ? "sent" : dice < 98 ? "deferred" : "bounced";
        if (host.format() == Format.JSON) {
            pending.add(new Line(t, host, json(host, t, sender, rcpts, status)));
            for (String r : rcpts) {
                deliveries.add(new Delivery(Addresses.senderIdentity(sender), r.substring(r.indexOf('@') + 1), status, t));
            }
            return;
        }
        String qid = String.format("%010X", (queue++ * 7919 + host.name().hashCode()) & 0xFFFFFFFFFFL);
        int pid = 1000 + random.nextInt(30_000);
        String client = inbound ? "mail." + sender.substring(sender.indexOf('@') + 1) : "ws" + random.nextInt(900) + ".corp.example";
        String ip = "10." + random.nextInt(250) + "." + random.nextInt(250) + "." + (1 + random.nextInt(250));
        emit(pending, host, t, "postfix/smtpd", pid, "connect from " + client + "[" + ip + "]");
        if (random.nextInt(2) == 0) {
            emit(pending, host, t + 40, "postfix/smtpd", pid, "Anonymous TLS connection established from " + client + "[" + ip
                    + "]: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)");
        }
        emit(pending, host, t + 60, "postfix/smtpd", pid, qid + ": client=" + client + "[" + ip + "]");
        emit(pending, host, t + 70, "postfix/cleanup", pid + 1, qid + ": message-id=<" + Long.toHexString(random.nextLong()) + "@"
                + sender.substring(sender.indexOf('@') + 1) + ">");
        emit(pending, host, t + 75, "postfix/qmgr", 900, qid + ": from=<" + sender + ">, size=" + (900 + random.nextInt(80_000))
                + ", nrcpt=" + nrcpt + " (queue active)");
        emit(pending, host, t + 90, "postfix/smtpd", pid, "disconnect from " + client + "[" + ip
                + "] ehlo=2 starttls=1 mail=1 rcpt=" + nrcpt + " data=1 quit=1 commands=" + (6 + nrcpt));
        long at = t + 200 + random.nextInt(2_500);
        for (String r : rcpts) {
            String domain = r.substring(r.indexOf('@') + 1);
            if (inbound) {
                emit(pending, host, at, "postfix/lmtp", pid + 2, qid + ": to=<" + r + ">, relay=store.corp.example[10.0.0.5]:24, delay=0.3,"
                        + " delays=0.1/0/0.1/0.1, dsn=2.0.0, status=sent (250 2.0.0 <" + r + "> Saved)");
                deliveries.add(new Delivery(Addresses.senderIdentity(sender), domain, "sent", logged(host, at)));
                continue;
            }
            if (random.nextInt(3) == 0) {
                emit(pending, host, at - 20, "postfix/smtp", pid + 2, "Trusted TLS connection established to mx." + domain
                        + "[192.0.2." + (1 + random.nextInt(250)) + "]:25: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)");
            }
            String result = switch (status) {
                case "sent" -> "dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as " + Long.toHexString(random.nextLong()) + ")";
                case "deferred" -> "dsn=4.4.1, status=deferred (connect to mx." + domain + "[192.0.2.7]:25: Connection timed out)";
                default -> "dsn=5.1.1, status=bounced (host mx." + domain + "[192.0.2.7] said: 550 5.1.1 <" + r + ">: Recipient address rejected: User unknown (in reply to RCPT TO command))";
            };
            emit(pending, host, at, "postfix/smtp", pid + 2, qid + ": to=<" + r + ">, relay=mx." + domain + "[192.0.2."
                    + (1 + random.nextInt(250)) + "]:25, delay=1.2, delays=0.1/0/0.5/0.6, " + result);
            deliveries.add(new Delivery(Addresses.senderIdentity(sender), domain, status, logged(host, at)));
            at += 1 + random.nextInt(300);
        }
        if ("bounced".equals(status)) {
            emit(pending, host, at + 5, "postfix/bounce", pid + 3, qid + ": sender non-delivery notification: "
                    + String.format("%010X", random.nextLong() & 0xFFFFFFFFFFL));
        }
        if (!"deferred".equals(status)) {
            emit(pending, host, at + 10, "postfix/qmgr", 900, qid + ": removed");
        }
        if (random.nextInt(400) == 0) {
            emit(pending, host, at + 20, "postfix/anvil", 77, "statistics: max connection rate 3/60s for (smtp:" + ip + ") at "
                    + BSD.format(OffsetDateTime.ofInstant(Instant.ofEpochMilli(t), ZoneOffset.UTC)));
        }
    }

    /** Skewed choice: a few senders and domains carry much of the mail, as at a real site. */
    private int zipf(int n) {
        return (int) Math.min(n - 1, Math.floor(Math.pow(n + 1, random.nextDouble()) - 1));
    }

    /** The time the app reads from the line: BSD prefixes carry whole seconds. */
    private static long logged(Host host, long at) {
        return host.format() == Format.BSD ? at - at % 1000 : at;
    }

    private static void emit(PriorityQueue<Line> pending, Host host, long at, String prog, int pid, String msg) {
        OffsetDateTime time = OffsetDateTime.ofInstant(Instant.ofEpochMilli(logged(host, at)), ZoneOffset.UTC);
        String stamp = host.format() == Format.BSD ? BSD.format(time) : RFC3339.format(time);
        String shortName = host.name().substring(0, host.name().indexOf('.', host.name().indexOf('.') + 1));
        pending.add(new Line(at, host, (stamp + " " + shortName + " " + prog + "[" + pid + "]: " + msg).getBytes(StandardCharsets.UTF_8)));
    }

    /** A closing message from {@code sender} to a clean domain through {@code host}: one JSON line, or three Postfix lines. */
    private List<Line> closingMessage(Host host, long at, String sender) {
        String rcpt = "closing@" + clean.get(0);
        if (host.format() == Format.JSON) {
            return List.of(new Line(at, host, json(host, at, sender, List.of(rcpt), "sent")));
        }
        PriorityQueue<Line> pending = new PriorityQueue<>(java.util.Comparator.comparingLong(Line::logMillis));
        String qid = String.format("%010X", (queue++ * 7919 + host.name().hashCode()) & 0xFFFFFFFFFFL);
        emit(pending, host, at, "postfix/qmgr", 900, qid + ": from=<" + sender + ">, size=1000, nrcpt=1 (queue active)");
        emit(pending, host, at + 100, "postfix/smtp", 901, qid + ": to=<" + rcpt + ">, relay=mx." + clean.get(0)
                + "[192.0.2.9]:25, delay=0.2, delays=0.1/0/0.05/0.05, dsn=2.0.0, status=sent (250 2.0.0 Ok)");
        emit(pending, host, at + 110, "postfix/qmgr", 900, qid + ": removed");
        List<Line> out = new ArrayList<>();
        while (!pending.isEmpty()) {
            out.add(pending.poll());
        }
        return out;
    }

    private byte[] json(Host host, long at, String sender, List<String> rcpts, String status) {
        StringBuilder to = new StringBuilder();
        for (String r : rcpts) {
            to.append(to.length() == 0 ? "" : ",").append('"').append(r).append('"');
        }
        String stamp = RFC3339.format(OffsetDateTime.ofInstant(Instant.ofEpochMilli(at), ZoneOffset.UTC));
        return ("{\"timestamp\":\"" + stamp + "\",\"host\":\"" + host.name() + "\",\"queue_id\":\"J" + (queue++) + "\",\"message_id\":\""
                + Long.toHexString(random.nextLong()) + "@corp.example\",\"from\":\"" + sender + "\",\"to\":[" + to + "],\"status\":\""
                + status + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** A record the app must dead-letter, each one distinct (so a duplicate on the dead-letter topic shows). */
    private byte[] malformed() {
        long n = malformedSeq++;
        if (n % 2 == 0) {
            byte[] junk = new byte[48];
            random.nextBytes(junk);
            junk[0] = (byte) 0xC3; // an invalid UTF-8 sequence first: never a readable line
            junk[1] = (byte) 0x28;
            return junk;
        }
        return ("{\"timestamp\":\"2026-01-01T00:00:00Z\",\"queue_id\":\"BAD" + n + "\",\"from\":\"nobody@corp.example\"}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
