package io.typoguard.bench;

import io.typoguard.testkit.EmbeddedKafkaBroker;
import io.typoguard.detect.Allowlist;
import io.typoguard.detect.TrustedEntry;
import io.typoguard.detect.TrustedIndex;
import io.typoguard.detect.TypoDetector;
import io.typoguard.policy.PolicyExceptions;
import io.typoguard.runtime.PolicyConfig;
import io.typoguard.runtime.PolicyService;
import io.typoguard.runtime.TopicSetup;
import io.typoguard.serde.AvroSerdes;
import io.typoguard.serde.InMemorySchemaRegistry;
import io.typoguard.topology.Topics;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Load harness for the Postfix policy service (issue 7): N connections, each sending requests one at a time as
 * Postfix's smtpd does, together at a fixed total rate (open loop). Latency is measured from when a request was
 * due, not when it was sent, so a stalled server shows up in the percentiles instead of slowing the load down.
 *
 * <p>Two services are measured in the same JVM, after a warm-up: the protocol limit (the same server, producer
 * and decision events, but answering DUNNO before any detection, as it does while not ready) and the real
 * service (10,000 trusted domains, 90% clean recipients and 10% typos, which get REJECT, HOLD or WARN by severity and
 * sensitivity as docs/prevention.md says). Every answer is checked: a typo never gets DUNNO, a clean recipient always does.
 * Decisions are written to mail.policy.decisions on an in-process broker in both.
 *
 * <p>Run: {@code java -cp ... io.typoguard.bench.PolicyLoad [rate=2000] [connections=50] [seconds=30] [warmup=10] [trusted=10000] [results.jsonl]}; the first argument may list several rates (2000,4000,8000)
 */
public final class PolicyLoad {
    private PolicyLoad() {
    }

    public static void main(String[] args) throws Exception {
        int[] rates = java.util.Arrays.stream((args.length > 0 ? args[0] : "2000").split(",")).mapToInt(Integer::parseInt).toArray();
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        int trustedCount = args.length > 4 ? Integer.parseInt(args[4]) : 10_000;
        java.nio.file.Path out = args.length > 5 ? java.nio.file.Path.of(args[5]) : null;

        List<TrustedEntry> trusted = BenchData.trusted(trustedCount, 7);
        TrustedIndex index = new TrustedIndex();
        index.rebuild(trusted);
        TypoDetector detector = new TypoDetector(index);
        String[] clean = BenchData.clean(detector, 9_000, 11);
        String[] typos = BenchData.typos(detector, trusted, 1_000, 13);
        String[] recipients = new String[10_000];
        boolean[] typo = new boolean[recipients.length];
        for (int i = 0; i < recipients.length; i++) {
            typo[i] = i % 10 == 0;
            recipients[i] = "user" + i + "@" + (typo[i] ? typos[i / 10] : clean[i - i / 10 - 1]);
        }

        Topics topics = Topics.defaults();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.inTempDir().start()) {
            broker.createTopics(TopicSetup.plan(topics, 2, (short) 1));
            AvroSerdes serdes = new AvroSerdes(new InMemorySchemaRegistry()).registerAll(topics);
            Map<String, String> kafka = Map.of("bootstrap.servers", broker.bootstrapServers());
            PolicyConfig config = PolicyConfig.defaults().withPort(0);
            System.out.printf("policy load: %s requests/s over %d connections, %d s measured after %d s warm-up, %,d trusted domains%n",
                    java.util.Arrays.toString(rates), connections, seconds, warmup, trustedCount);

            try (PolicyService limit = PolicyService.start(config.withMaxConnections(connections * 2), index, Allowlist.builtIn(),
                    new PolicyExceptions(), serdes, topics.decisions(), kafka);
                 PolicyService real = PolicyService.start(config.withMaxConnections(connections * 2), index, Allowlist.builtIn(),
                         new PolicyExceptions(), serdes, topics.decisions(), kafka)) {
                real.markReady(); // `limit` stays not ready: it answers DUNNO without running the detector
                run(real.port(), rates[0], connections, warmup, recipients, typo, true); // JIT warm-up of both paths' shared code
                run(limit.port(), rates[0], connections, warmup, recipients, typo, false);
                int highestUnder5ms = 0;
                for (int rate : rates) {
                    Result l = run(limit.port(), rate, connections, seconds, recipients, typo, false);
                    Result r = run(real.port(), rate, connections, seconds, recipients, typo, true);
                    l.print("target " + rate + "/s, protocol limit (same server and decision events, no detection; every answer DUNNO)");
                    r.print("target " + rate + "/s, policy service (detection; typos REJECT, HOLD or WARN by severity, the rest DUNNO)");
                    if (r.wrong() == 0 && r.errors() == 0 && r.ms(99) < 5.0) {
                        highestUnder5ms = Math.max(highestUnder5ms, rate);
                    }
                    if (out != null) {
                        String commit = PipelineBench.git(java.nio.file.Path.of("").toAbsolutePath(), "rev-parse", "--short", "HEAD");
                        for (var e : java.util.Map.of("protocolLimit", l, "policyService", r).entrySet()) {
                            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
                            m.put("benchmark", "PolicyLoad");
                            m.put("commit", commit);
                            m.put("date", java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
                            m.put("machine", PipelineBench.machine());
                            m.put("command", "PolicyLoad " + String.join(" ", args));
                            m.put("service", e.getKey());
                            m.put("targetRate", rate);
                            m.put("connections", connections);
                            m.put("trusted", trustedCount);
                            m.putAll(e.getValue().asMap());
                            java.nio.file.Files.writeString(out, new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(m) + "\n",
                                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
                        }
                    }
                    if (r.wrong() > 0 || l.wrong() > 0) {
                        System.err.println("wrong answers: the run does not count");
                        System.exit(1);
                    }
                }
                System.out.printf("highest target rate with p99 < 5 ms and every answer right: %,d/s%n", highestUnder5ms);
                System.out.printf("decision events written: %,d (limit) + %,d (service); failed: %d%n",
                        limit.decisionsSent(), real.decisionsSent(), limit.decisionsFailed() + real.decisionsFailed());
            }
        }
    }

    /** Answered requests over the interval from the first request due to the last answer; wrong = answers not the expected action. */
    record Result(Histogram latencyMicros, long requests, double seconds, long errors, long wrong, long rejects) {
        double answeredPerSecond() {
            return requests / seconds;
        }

        void print(String name) {
            System.out.printf("%s: %,.0f answered requests/s, latency p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms, "
                            + "errors %d, wrong answers %d, REJECT %d%n", name, answeredPerSecond(), ms(50), ms(90), ms(99), ms(99.9),
                    latencyMicros.getMaxValue() / 1000.0, errors, wrong, rejects);
        }

        double ms(double percentile) {
            return latencyMicros.getValueAtPercentile(percentile) / 1000.0;
        }

        java.util.Map<String, Object> asMap() {
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("answered", requests);
            m.put("seconds", seconds);
            m.put("answeredPerSecond", answeredPerSecond());
            m.put("p50ms", ms(50));
            m.put("p90ms", ms(90));
            m.put("p99ms", ms(99));
            m.put("p999ms", ms(99.9));
            m.put("maxMs", latencyMicros.getMaxValue() / 1000.0);
            m.put("errors", errors);
            m.put("wrongAnswers", wrong);
            m.put("rejects", rejects);
            return m;
        }
    }

    private static Result run(int port, int rate, int connections, int seconds, String[] recipients, boolean[] typo, boolean detecting)
            throws Exception {
        Histogram all = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
        AtomicLong requests = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong wrong = new AtomicLong();
        AtomicLong rejects = new AtomicLong();
        AtomicLong lastAnswer = new AtomicLong();
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) * connections / rate; // per connection
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        CountDownLatch done = new CountDownLatch(connections);
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            int conn = c;
            Thread t = new Thread(() -> {
                Histogram h = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    s.setTcpNoDelay(true);
                    OutputStream out = s.getOutputStream();
                    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                    long due = start + intervalNanos * conn / connections; // spread the connections' phases
                    int i = conn;
                    while (due < end) {
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                        int index = i % recipients.length;
                        String recipient = recipients[index];
                        i += connections;
                        out.write(("request=smtpd_access_policy\nprotocol_state=RCPT\nprotocol_name=ESMTP\nclient_address=127.0.0.1\n"
                                + "client_name=unknown\nhelo_name=client.typoguard.test\nsender=alice" + conn + "@typoguard.test\n"
                                + "recipient=" + recipient + "\nrecipient_count=0\nqueue_id=\ninstance=" + conn + "." + i
                                + "\nsize=0\n\n").getBytes(StandardCharsets.UTF_8));
                        out.flush();
                        String answer = in.readLine();
                        String blank = in.readLine();
                        if (answer == null || !answer.startsWith("action=") || blank == null || !blank.isEmpty()) {
                            errors.incrementAndGet();
                            break;
                        }
                        long answered = System.nanoTime();
                        h.recordValue(Math.max(0, (answered - due) / 1000));
                        requests.incrementAndGet();
                        lastAnswer.accumulateAndGet(answered, Math::max);
                        boolean reject = answer.startsWith("action=REJECT");
                        rejects.addAndGet(reject ? 1 : 0);
                        // A typo gets the action of docs/prevention.md's table for its severity and sensitivity (REJECT, HOLD or
                        // WARN), never DUNNO; a clean recipient, and every request to the not-ready limit service, gets DUNNO.
                        boolean stopped = answer.startsWith("action=REJECT") || answer.startsWith("action=HOLD") || answer.startsWith("action=WARN");
                        boolean expected = detecting && typo[index] ? stopped : answer.equals("action=DUNNO");
                        if (!expected) {
                            wrong.incrementAndGet();
                        }
                        due += intervalNanos;
                    }
                } catch (Exception e) {
                    errors.incrementAndGet();
                } finally {
                    synchronized (all) {
                        all.add(h);
                    }
                    done.countDown();
                }
            }, "load-" + c);
            threads.add(t);
            t.start();
        }
        done.await();
        // Answered per second over the interval that really passed: from the first request due to the last answer.
        return new Result(all, requests.get(), (lastAnswer.get() - start) / 1e9, errors.get(), wrong.get(), rejects.get());
    }
}
