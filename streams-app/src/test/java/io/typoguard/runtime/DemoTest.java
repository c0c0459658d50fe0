package io.typoguard.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code typoguard demo} end to end: its own broker, traffic and printed alerts, then a clean exit. */
class DemoTest {
    @Test
    void demoPrintsAnArmyMlAlertAndExitsZero() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int rc;
        try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            rc = new Demo(new Demo.Options(Duration.ofSeconds(20), 100, true, out)).run();
        }
        String printed = buffer.toString(StandardCharsets.UTF_8);

        assertThat(rc).isZero();
        assertThat(printed.lines()).anySatisfy(l -> assertThat(l).startsWith("ALERT").contains("@army.ml").contains("meant army.mil"));
        assertThat(printed).as("--redact masks local parts").contains("a****@typoguard.test").doesNotContain("alice@typoguard.test");
        assertThat(printed).contains("| events").contains("Stopped.");
    }
}
