package io.typoguard.bench;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Two builds of the detector in one JVM, compared: each build's {@code core} classes (and this module's bench
 * classes) are loaded by a class loader of their own, and batches of clean checks alternate between the two, so the
 * noise of this shared 2-core VM (the same code reads 0.8M-1.5M clean checks/s from one JMH fork to the next) hits
 * both builds alike. Prints the median time per clean check of each and the median of the per-round ratios.
 *
 * <pre>
 * java -cp target/test-classes:target/classes:$(cat cp.txt) io.typoguard.bench.DetectorAB \
 *     /tmp/core-before/classes /tmp/core-after/classes [trusted=10000] [rounds=30] [trustedAfter=trusted]
 * </pre>
 *
 * where each directory is a copy of {@code core/target/classes} of one build. The class path's own core classes are
 * never used: the two loaders look in their directory first for everything under {@code io.typoguard}. A quick tool
 * for deciding between two versions; targets are measured with JMH ({@link DetectorBenchmark}).
 */
public final class DetectorAB {
    private DetectorAB() {
    }

    /** One build's checks: built in its own loader, timed by {@link #batch}. */
    public static final class Side {
        private static long sink;
        private final io.typoguard.detect.TypoDetector detector;
        private final String[] clean;

        public Side(int trusted) {
            detector = BenchData.detector(BenchData.trusted(trusted, 1));
            clean = BenchData.clean(detector, 8192, 2);
        }

        /** Nanoseconds per clean check over 30 passes of the 8,192 names. */
        public double batch() {
            long t0 = System.nanoTime();
            for (int r = 0; r < 30; r++) {
                for (String s : clean) {
                    sink += s.length() + (detector.check(s) instanceof io.typoguard.detect.Verdict.Clean ? 1 : 0);
                }
            }
            return (System.nanoTime() - t0) / (30.0 * clean.length);
        }
    }

    /** Looks in its own directories first for io.typoguard classes, in the parent for everything else. */
    private static final class OwnFirst extends URLClassLoader {
        OwnFirst(URL[] urls, ClassLoader parent) {
            super(urls, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null && name.startsWith("io.typoguard.")) {
                    try {
                        c = findClass(name);
                    } catch (ClassNotFoundException e) {
                        c = null;
                    }
                }
                if (c == null) {
                    c = super.loadClass(name, false);
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: DetectorAB <core classes A> <core classes B> [trusted] [rounds] [trusted for B]");
            System.exit(2);
        }
        int trusted = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 30;
        int trustedB = args.length > 4 ? Integer.parseInt(args[4]) : trusted;
        URL bench = DetectorAB.class.getProtectionDomain().getCodeSource().getLocation();
        Object[] sides = new Object[2];
        Method[] batch = new Method[2];
        for (int v = 0; v < 2; v++) {
            URLClassLoader loader = new OwnFirst(new URL[] {Path.of(args[v]).toUri().toURL(), bench}, DetectorAB.class.getClassLoader());
            Class<?> side = loader.loadClass(Side.class.getName());
            sides[v] = side.getConstructor(int.class).newInstance(v == 0 ? trusted : trustedB);
            batch[v] = side.getMethod("batch");
        }
        double[][] t = new double[2][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < 2; k++) {
                int v = r % 2 == 0 ? k : 1 - k; // A first in even rounds, B first in odd ones
                t[v][r] = (double) batch[v].invoke(sides[v]);
            }
        }
        int skip = rounds / 4; // warm-up rounds
        double[] ratios = new double[rounds - skip];
        for (int r = skip; r < rounds; r++) {
            ratios[r - skip] = t[1][r] / t[0][r];
        }
        double[] a = Arrays.copyOfRange(t[0], skip, rounds);
        double[] b = Arrays.copyOfRange(t[1], skip, rounds);
        Arrays.sort(a);
        Arrays.sort(b);
        Arrays.sort(ratios);
        System.out.printf("A median %.0f ns, B median %.0f ns, B/A median %.3f (q1 %.3f q3 %.3f)%n", a[a.length / 2],
                b[b.length / 2], ratios[ratios.length / 2], ratios[ratios.length / 4], ratios[3 * ratios.length / 4]);
    }
}
