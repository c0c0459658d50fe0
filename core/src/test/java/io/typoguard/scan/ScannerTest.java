package io.typoguard.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.typoguard.detect.TrustedEntry;
import io.typoguard.detect.TrustedIndex;
import io.typoguard.detect.TypoDetector;
import io.typoguard.parse.MailLogParser;
import io.typoguard.schema.Sensitivity;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScannerTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);

    private static Scanner scanner(List<Scanner.Finding> findings) {
        TrustedIndex index = new TrustedIndex();
        index.rebuild(List.of(TrustedEntry.of("army.mil", Sensitivity.CRITICAL)));
        return new Scanner(new MailLogParser(CLOCK, ZoneOffset.UTC, MailLogParser.DEFAULT_MAX_LINE_BYTES), new TypoDetector(index),
                Duration.ofHours(6), findings::add);
    }

    private static void delivery(Scanner s, String time, String qid, String rcpt) {
        s.line(("Nov 27 " + time + " mx1 postfix/qmgr[1]: " + qid + ": from=<a@typoguard.test>, size=1, nrcpt=1 (queue active)")
                .getBytes(StandardCharsets.UTF_8));
        s.line(("Nov 27 " + time + " mx1 postfix/smtp[2]: " + qid + ": to=<" + rcpt + ">, relay=x, delay=1, dsn=2.0.0, status=sent (ok)")
                .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theMailTimeRangeSpansTheEarliestAndLatestDeliveryWhateverTheirOrderInTheLog() {
        List<Scanner.Finding> findings = new ArrayList<>();
        Scanner s = scanner(findings);

        delivery(s, "10:30:00", "4F9D1954321", "x@example.org");
        delivery(s, "09:15:00", "4F9D1954322", "colonel@army.ml");
        delivery(s, "11:45:30", "4F9D1954323", "y@example.org");
        delivery(s, "10:00:00", "4F9D1954324", "z@example.org");
        Scanner.Summary summary = s.finish();

        assertThat(summary.events).isEqualTo(4);
        assertThat(summary.first).isEqualTo(Instant.parse("2026-11-27T09:15:00Z"));
        assertThat(summary.last).isEqualTo(Instant.parse("2026-11-27T11:45:30Z"));
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.timestamp()).isEqualTo(Instant.parse("2026-11-27T09:15:00Z"));
            assertThat(f.intendedDomain()).isEqualTo("army.mil");
        });
    }
}
