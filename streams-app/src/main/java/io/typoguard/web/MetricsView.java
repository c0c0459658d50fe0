package io.typoguard.web;

/** What the HTTP layer shows of the metrics: the Prometheus text and the findings per hour. */
public interface MetricsView {

    /** Every metric in the Prometheus text format. */
    String scrape();

    /** This instance's findings per hour of log time. */
    FindingsByHour findingsByHour();
}
