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
 * service (10,000 trusted domains, 90% clean recipients and 10% typos, which get a REJECT with suggestion).
 * Decisions are written to mail.policy.decisions on an in-process broker in both.
 *
 * <p>Run: {@code java -cp ... io.typoguard.bench.PolicyLoad [rate=2000] [connections=50] [seconds=30] [warmup=10] [trusted=10000]}
 */
public final class PolicyLoad {
    private PolicyLoad() {
    }

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        int trustedCount = args.length > 4 ? Integer.parseInt(args[4]) : 10_000;

        List<TrustedEntry> trusted = BenchData.trusted(trustedCount, 7);
        TrustedIndex index = new TrustedIndex();
        index.rebuild(trusted);
        TypoDetector detector = new TypoDetector(index);
        String[] clean = BenchData.clean(detector, 9_000, 11);
        String[] typos = BenchData.typos(detector, trusted, 1_000, 13);
        String[] recipients = new String[10_000];
        for (int i = 0; i < recipients.length; i++) {
            recipients[i] = "user" + i + "@" + (i % 10 == 0 ? typos[i / 10] : clean[i - i / 10 - 1]);
        }

        Topics topics = Topics.defaults();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.inTempDir().start()) {
            broker.createTopics(TopicSetup.plan(topics, 2, (short) 1));
            AvroSerdes serdes = new AvroSerdes(new InMemorySchemaRegistry()).registerAll(topics);
            Map<String, String> kafka = Map.of("bootstrap.servers", broker.bootstrapServers());
            PolicyConfig config = PolicyConfig.defaults().withPort(0);
            System.out.printf("policy load: %,d requests/s over %d connections, %d s measured after %d s warm-up, %,d trusted domains%n",
                    rate, connections, seconds, warmup, trustedCount);

            try (PolicyService limit = PolicyService.start(config.withMaxConnections(connections * 2), index, Allowlist.builtIn(),
                    new PolicyExceptions(), serdes, topics.decisions(), kafka);
                 PolicyService real = PolicyService.start(config.withMaxConnections(connections * 2), index, Allowlist.builtIn(),
                         new PolicyExceptions(), serdes, topics.decisions(), kafka)) {
                real.markReady(); // `limit` stays not ready: it answers DUNNO without running the detector
                run(real.port(), rate, connections, warmup, recipients); // JIT warm-up of both paths' shared code
                run(limit.port(), rate, connections, warmup, recipients);
                Result l = run(limit.port(), rate, connections, seconds, recipients);
                Result r = run(real.port(), rate, connections, seconds, recipients);
                l.print("protocol limit (same server and decision events, no detection)");
                r.print("policy service (detection, 10% REJECT)");
                System.out.printf("decision events written: %,d (limit) + %,d (service); failed: %d%n",
                        limit.decisionsSent(), real.decisionsSent(), limit.decisionsFailed() + real.decisionsFailed());
            }
        }
    }

    record Result(Histogram latencyMicros, long requests, double seconds, long errors) {
        void print(String name) {
            System.out.printf("%s: %,.0f requests/s, latency p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms, "
                            + "errors %d%n", name, requests / seconds, ms(50), ms(90), ms(99), ms(99.9),
                    latencyMicros.getMaxValue() / 1000.0, errors);
        }

        private double ms(double percentile) {
            return latencyMicros.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    private static Result run(int port, int rate, int connections, int seconds, String[] recipients) throws Exception {
        Histogram all = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
        AtomicLong requests = new AtomicLong();
        AtomicLong errors = new AtomicLong();
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
                        String recipient = recipients[i % recipients.length];
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
                        h.recordValue(Math.max(0, (System.nanoTime() - due) / 1000));
                        requests.incrementAndGet();
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
        return new Result(all, requests.get(), seconds, errors.get());
    }
}
