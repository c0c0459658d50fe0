package io.typoguard.bench;

import io.typoguard.parse.MailLogParser;
import io.typoguard.parse.ParseOutcome;
import io.typoguard.testkit.DemoTraffic;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * Parser throughput, one thread, over real Postfix lines (the bundled fixture made by a real Postfix)
 * and the demo's synthetic Postfix traffic (cleanup, qmgr, smtp, removed lines). Baseline: strict UTF-8
 * decoding of the same bytes, which every parse does first.
 */
@State(Scope.Thread)
@Threads(1)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ParserBenchmark {
    private byte[][] lines;
    private MailLogParser parser;
    private int i;

    @Setup
    public void setup() {
        List<byte[]> all = new ArrayList<>();
        Instant now = Instant.parse("2026-11-27T12:00:00Z");
        for (String l : DemoTraffic.bundled(now)) {
            if (!l.startsWith("{")) {
                all.add(l.getBytes(StandardCharsets.UTF_8));
            }
        }
        DemoTraffic traffic = new DemoTraffic(7);
        while (all.size() < 4096) {
            traffic.nextMessage(now, b -> {
                if (b.length > 0 && b[0] != '{') {
                    all.add(b);
                }
            });
        }
        lines = all.subList(0, 4096).toArray(byte[][]::new);
        parser = new MailLogParser();
    }

    @Benchmark
    public String baselineUtf8Decode() throws Exception {
        return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(lines[i++ & 4095])).toString();
    }

    @Benchmark
    public ParseOutcome parsePostfixLine() {
        return parser.parse(lines[i++ & 4095]);
    }
}
