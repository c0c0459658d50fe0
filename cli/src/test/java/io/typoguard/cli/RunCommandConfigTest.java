package io.typoguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code typoguard run} refuses a configuration it cannot use before it connects anywhere. */
class RunCommandConfigTest {

    @Test
    void runExitsWithCode2AndAClearMessageOnABadConfigBeforeConnecting(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.properties");
        Files.writeString(file, "bootstrap.servers=127.0.0.1:1\ntypoguard.window.grace=-5m\n");

        assertThat(TypoguardCli.execute("run", "--config", file.toString())).isEqualTo(2);
        assertThat(TypoguardCli.execute("run", "--config", dir.resolve("missing.properties").toString())).isEqualTo(2);
    }
}
