package io.typoguard.bench;

import io.typoguard.detect.TrustedEntry;
import io.typoguard.detect.TrustedIndex;
import java.util.List;

/**
 * Heap retained by the trusted index: builds it for each size given, forces GC and prints the used-heap
 * difference. Run: java -cp <test classpath> io.typoguard.bench.IndexFootprint 10000 100000
 */
public final class IndexFootprint {
    public static void main(String[] args) throws Exception {
        for (String a : args.length == 0 ? new String[] {"10000", "100000"} : args) {
            int n = Integer.parseInt(a);
            List<TrustedEntry> entries = BenchData.trusted(n, 1);
            long before = used();
            long t0 = System.nanoTime();
            TrustedIndex index = new TrustedIndex();
            index.rebuild(entries);
            long buildMs = (System.nanoTime() - t0) / 1_000_000;
            long after = used();
            System.out.printf("trusted=%d index_retained_heap_mb=%.1f first_build_ms=%d (cold JVM)%n", n,
                    (after - before) / 1048576.0, buildMs);
            if (index.size() != n) {
                throw new IllegalStateException("index size " + index.size());
            }
        }
    }

    /** Used heap after a few full collections: the retained size of what is still reachable. */
    static long used() throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
