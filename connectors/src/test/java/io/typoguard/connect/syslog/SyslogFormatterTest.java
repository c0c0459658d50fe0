package io.typoguard.connect.syslog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SyslogFormatterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2025-12-01T08:00:00Z");
    private final SyslogFormatter f = new SyslogFormatter(13, "mx 1", "typoguard", "typo-alert");

    @Test
    void rfc5424HeaderWithPriFromSeverityAndTheFindingTime() throws Exception {
        var finding = JSON.readTree("{\"severity_id\":5,\"time\":1764240000123}");
        assertThat(f.rfc5424(finding, "{\"a\":1}", NOW))
                .isEqualTo("<106>1 2025-11-27T10:40:00.123Z mx_1 typoguard - typo-alert - {\"a\":1}");
    }

    @Test
    void withoutTimeOrSeverityUsesNowAndNotice() throws Exception {
        var finding = JSON.readTree("{}");
        assertThat(f.rfc5424(finding, "m", NOW)).isEqualTo("<109>1 2025-12-01T08:00:00.000Z mx_1 typoguard - typo-alert - m");
        assertThat(f.rfc3164(finding, "CEF:0|x", NOW)).isEqualTo("<109>Dec  1 08:00:00 mx_1 CEF:0|x");
    }

    @Test
    void severityScale() {
        assertThat(new int[] {SyslogFormatter.syslogSeverity(1), SyslogFormatter.syslogSeverity(2), SyslogFormatter.syslogSeverity(3),
                SyslogFormatter.syslogSeverity(4), SyslogFormatter.syslogSeverity(5), SyslogFormatter.syslogSeverity(99)})
                .containsExactly(6, 5, 4, 3, 2, 5);
    }

    @Test
    void headerFieldsArePrintableAsciiAndBounded() {
        assertThat(SyslogFormatter.field("", 5)).isEqualTo("-");
        assertThat(SyslogFormatter.field("héllo world!", 8)).isEqualTo("h_llo_wo");
    }
}
