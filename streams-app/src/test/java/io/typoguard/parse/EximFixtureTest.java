package io.typoguard.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.typoguard.detect.TrustedFile;
import io.typoguard.detect.TrustedIndex;
import io.typoguard.detect.TypoDetector;
import io.typoguard.scan.Scanner;
import io.typoguard.schema.DeliveryStatus;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The real Exim mainlog made on this machine (docs/fixtures-exim.md): every line read, every typo found. */
class EximFixtureTest {
    @Test
    void everyLineIsReadAndTheTyposAreFoundWithTheirSenders() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("src/test/resources/fixtures/exim-mainlog"));
        MailLogParser parser = new MailLogParser();
        assertThat(lines.stream().map(l -> parser.parse(l, "mx-exim")).filter(o -> o instanceof ParseOutcome.Failure))
                .as("no real Exim line is dead-lettered").isEmpty();

        TrustedIndex index = new TrustedIndex();
        try (var in = getClass().getClassLoader().getResourceAsStream("demo/trusted.csv")) {
            index.rebuild(TrustedFile.read(new InputStreamReader(in, StandardCharsets.UTF_8)));
        }
        List<Scanner.Finding> findings = new ArrayList<>();
        Scanner scanner = new Scanner(new MailLogParser(), new TypoDetector(index), java.time.Duration.ofHours(6), findings::add);
        lines.forEach(l -> scanner.line(l.getBytes(StandardCharsets.UTF_8), "mx-exim"));
        Scanner.Summary summary = scanner.finish();

        assertThat(findings).extracting(Scanner.Finding::recipientDomain).contains("army.ml", "gmial.com", "state.gob", "navy.ml");
        assertThat(findings).filteredOn(f -> f.recipientDomain().equals("army.ml")).allSatisfy(f -> {
            assertThat(f.sender()).isEqualTo("alice@typoguard.test");
            assertThat(f.status()).isEqualTo(DeliveryStatus.SENT);
            assertThat(f.host()).isEqualTo("mx-exim");
        });
        assertThat(summary.unparseable).isZero();
        assertThat(summary.events).isGreaterThanOrEqualTo(10);
    }
}
