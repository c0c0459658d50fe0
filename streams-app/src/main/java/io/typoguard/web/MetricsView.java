package io.typoguard.web;

/** What the HTTP layer shows of the metrics: the Prometheus text and the findings per hour. */
public interface MetricsView {

    /** Every metric in the Prometheus text format. */
    String scrape();

    /** This instance's findings per hour of log time. */
    FindingsByHour findingsByHour();

    /** This instance's unreadable records: the most common shapes (addresses masked), with reason and count. */
    default java.util.List<UnreadableShape> unreadableShapes(int top) {
        return java.util.List.of();
    }

    /** One shape of unreadable records: how many, and the reason the latest of them was refused. */
    record UnreadableShape(String shape, String reason, long count) {
    }
}
