package io.typoguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/typoguard scan} as an operator starts it: the launcher gives a one-off scan JIT options that compile less
 * at the start (docs/benchmarks.md, "Scan and parser"), and a site's own {@code TYPOGUARD_JAVA_OPTS} replaces them.
 * The JVM's final flags are read back with {@code JDK_JAVA_OPTIONS=-XX:+PrintFlagsFinal}, which the {@code java}
 * launcher adds to whatever the script passes.
 */
class ScanLauncherIT {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final String TRUSTED = "testkit/src/main/resources/demo/trusted.csv";
    private static final String REAL_LOG = "testkit/src/main/resources/demo/postfix-real.log";

    record Result(int exit, String out) {
    }

    @Test
    void aScanStartedWithoutJavaOptionsCompilesLessAtTheStartAndStillFindsTheTypos(@TempDir Path dir) throws Exception {
        Path findings = dir.resolve("findings.jsonl");

        Result r = scan(findings, Map.of());

        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(flag(r.out(), "FreqInlineSize")).isEqualTo("50");
        assertThat(flag(r.out(), "InlineSmallCode")).isEqualTo("1000");
        assertThat(flag(r.out(), "MaxInlineLevel")).isEqualTo("6");
        assertThat(flag(r.out(), "MaxHeapSize")).isEqualTo(String.valueOf(2L << 30));
        assertThat(Files.readAllLines(findings)).isNotEmpty().allSatisfy(l -> assertThat(l).contains("\"intended_domain\":\""));
        assertThat(r.out()).contains("scanned ");
    }

    @Test
    void aSitesOwnJavaOptionsReplaceTheScanDefaults(@TempDir Path dir) throws Exception {
        Path findings = dir.resolve("findings.jsonl");

        Result r = scan(findings, Map.of("TYPOGUARD_JAVA_OPTS", "-Xmx512m"));

        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(flag(r.out(), "FreqInlineSize")).isNotEqualTo("50");
        assertThat(flag(r.out(), "MaxHeapSize")).isEqualTo(String.valueOf(512L << 20));
        assertThat(Files.readAllLines(findings)).isNotEmpty();
    }

    private static Result scan(Path findings, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bin/typoguard", "scan", "--trusted", TRUSTED, "--year", "2026", "--format", "jsonl",
                "-o", findings.toString(), REAL_LOG).directory(ROOT.toFile()).redirectErrorStream(true);
        pb.environment().remove("TYPOGUARD_JAVA_OPTS");
        pb.environment().put("JDK_JAVA_OPTIONS", "-XX:+PrintFlagsFinal");
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("bin/typoguard scan timed out");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** The value of one flag in {@code -XX:+PrintFlagsFinal}'s table ("  intx FreqInlineSize = 50  {C2 product} {command line}"). */
    private static String flag(String out, String name) {
        return out.lines().map(String::trim).filter(l -> l.matches("\\S+\\s+" + name + "\\s+:?=.*"))
                .map(l -> l.replaceAll("^\\S+\\s+" + name + "\\s+:?=\\s+(\\S+).*", "$1")).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not in the JVM's flags"));
    }
}
