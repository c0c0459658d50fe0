package io.typoguard.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the pipeline reports about mail it could not count or attribute, as Prometheus scrapes it from /metrics. */
class AppMetricsTest {

    @Test
    void deliveriesReleasedWithoutTheirSenderAreScrapedByPath() {
        try (AppMetrics metrics = new AppMetrics()) {
            metrics.deliveryWithoutSender("repartitioned");
            metrics.deliveryWithoutSender("repartitioned");
            metrics.deliveryWithoutSender("local");

            String scrape = metrics.scrape();
            assertThat(scrape).containsPattern("typoguard_deliveries_without_sender_total\\{path=\"repartitioned\",?} 2\\.0")
                    .containsPattern("typoguard_deliveries_without_sender_total\\{path=\"local\",?} 1\\.0");
        }
    }

    @Test
    void lateEventsAndFindingsAreScrapedByStage() {
        try (AppMetrics metrics = new AppMetrics()) {
            metrics.lateEvent("sender-window");
            metrics.lateFinding("sender-threshold");

            assertThat(metrics.scrape()).containsPattern("typoguard_events_late_total\\{stage=\"sender-window\",?} 1\\.0")
                    .containsPattern("typoguard_findings_late_total\\{stage=\"sender-threshold\",?} 1\\.0");
        }
    }
}
