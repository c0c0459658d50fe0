package io.typoguard.bench;

import io.typoguard.detect.DomainName;
import io.typoguard.detect.Scoring;
import io.typoguard.detect.TrustedEntry;
import io.typoguard.detect.TrustedIndex;
import io.typoguard.detect.TypoDetector;
import io.typoguard.detect.Verdict;
import io.typoguard.schema.DeliveryStatus;
import io.typoguard.schema.Sensitivity;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * Detector throughput, one thread: checks of domains that are not typos (the common case) and of typos
 * including scoring and the explanation; index build and single updates. Baseline: a hash lookup of the
 * domain in a set (the pass-through limit of any per-domain check).
 */
@State(Scope.Benchmark)
@Threads(1)
public class DetectorBenchmark {
    @Param({"10000", "100000"})
    public int trustedDomains;

    private List<TrustedEntry> trusted;
    private TypoDetector detector;
    private String[] clean;
    private String[] typos;
    private java.util.Set<String> plainSet;
    private int i;
    private TrustedEntry extra;

    @Setup(Level.Trial)
    public void setup() {
        trusted = BenchData.trusted(trustedDomains, 1);
        detector = BenchData.detector(trusted);
        clean = BenchData.clean(detector, 8192, 2);
        typos = BenchData.typos(detector, trusted, 8192, 3);
        plainSet = new java.util.HashSet<>();
        trusted.forEach(t -> plainSet.add(t.name()));
        extra = new TrustedEntry(DomainName.parse("benchmarkextra.mil"), null, Sensitivity.HIGH, true);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public boolean baselineSetLookup() {
        return plainSet.contains(clean[i++ & 8191]);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Verdict checkNotATypo() {
        return detector.check(clean[i++ & 8191]);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Object checkTypoWithScoreAndExplanation() {
        Verdict v = detector.check(typos[i++ & 8191]);
        if (v instanceof Verdict.Typo t) {
            return Scoring.score(t.match(), DeliveryStatus.SENT).value() + t.match().explanation().length();
        }
        throw new IllegalStateException("benchmark typo not flagged");
    }

    /** Breakdown: normalising and splitting the domain at its public suffix. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public DomainName parseOnly() {
        return DomainName.parse(clean[i++ & 8191]);
    }

    /** Breakdown: the confusable skeleton used for homoglyph lookups. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public String skeletonOnly() {
        return io.typoguard.detect.Confusables.skeleton(clean[i++ & 8191]);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int updateOneEntry() {
        TrustedIndex index = detector.index();
        index.upsert(extra);
        index.remove(extra.name());
        return index.size();
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public TrustedIndex buildIndex() {
        TrustedIndex index = new TrustedIndex();
        index.rebuild(trusted);
        return index;
    }
}
