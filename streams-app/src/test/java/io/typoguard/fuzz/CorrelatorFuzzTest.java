package io.typoguard.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.typoguard.parse.Delivery;
import io.typoguard.parse.LogFormat;
import io.typoguard.parse.MailLogParser;
import io.typoguard.parse.ParseOutcome;
import io.typoguard.parse.QueueFragment;
import io.typoguard.parse.QueueCorrelator;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing of the queue-id join: the input's lines are parsed (Postfix, Sendmail, Exim) and their
 * fragments fed to {@link QueueCorrelator#apply} per (host, queue id), with {@link QueueCorrelator#expire} in
 * between; at the end every entry is closed with a {@code removed} fragment.
 *
 * <p>Properties: nothing throws; state stays bounded; every emitted delivery is complete; and every delivery
 * fragment comes out exactly once (not counting the re-emissions of deferred recipients that
 * {@code status=expired} makes; the deliveries it releases with the sender it names do count).
 */
class CorrelatorFuzzTest {

    static {
        FuzzChecks.warmUpParsers();
    }

    private static final long ORPHAN_WAIT_MS = 120_000;
    private static final long TTL_MS = 6 * 3_600_000L;

    @FuzzTest(maxDuration = "30s")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void queueCorrelator(byte[] data) {
        MailLogParser parser = FuzzChecks.parser(LogFormat.AUTO);
        Map<String, QueueCorrelator.QueueState> states = new LinkedHashMap<>();
        String[] lines = new String(data, StandardCharsets.UTF_8).split("\n", 200);
        long deliveriesIn = 0;
        long deliveriesOut = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.equals("EXPIRE")) {
                // a wall-clock punctuation at the latest time seen so far
                long now = states.values().stream().mapToLong(QueueCorrelator.QueueState::lastSeenMs).max().orElse(0);
                for (String key : List.copyOf(states.keySet())) {
                    QueueCorrelator.Step step = FuzzChecks.timed("expire",
                            () -> QueueCorrelator.expire(states.get(key), now, ORPHAN_WAIT_MS, TTL_MS));
                    deliveriesOut += check(step);
                    put(states, key, step.state());
                }
                continue;
            }
            ParseOutcome o = FuzzChecks.checkOutcome(parser.parse(line.getBytes(StandardCharsets.UTF_8), "fuzz-host"));
            for (QueueFragment f : ParseOutcome.fragmentsOf(o)) {
                if (f.kind() == QueueFragment.Kind.DELIVERY) {
                    deliveriesIn++;
                }
                String key = f.correlationKey();
                QueueCorrelator.QueueState before = states.get(key);
                QueueCorrelator.Step step = FuzzChecks.timed("apply", () -> QueueCorrelator.apply(before, f));
                long out = check(step);
                if (f.kind() != QueueFragment.Kind.EXPIRED) {
                    deliveriesOut += out;
                } else {
                    // an expired line re-emits the deferred recipients, and releases the deliveries that waited for a
                    // sender with the sender it names (those come out for the first time)
                    deliveriesOut += out - (before == null ? 0 : before.deferred().size());
                }
                put(states, key, step.state());
            }
        }
        for (Map.Entry<String, QueueCorrelator.QueueState> e : List.copyOf(states.entrySet())) {
            String[] hostQid = e.getKey().split("\\|", 2);
            QueueFragment removed = new QueueFragment(QueueFragment.Kind.REMOVED, e.getValue().lastSeenMs(),
                    hostQid[0], hostQid[1], null, null, null);
            QueueCorrelator.Step step = QueueCorrelator.apply(e.getValue(), removed);
            deliveriesOut += check(step);
            if (step.state() != null) {
                throw new AssertionError("removed left state behind");
            }
        }
        if (deliveriesIn != deliveriesOut) {
            throw new AssertionError(deliveriesIn + " delivery fragments in, " + deliveriesOut + " deliveries out");
        }
    }

    private static void put(Map<String, QueueCorrelator.QueueState> states, String key, QueueCorrelator.QueueState s) {
        if (s == null) {
            states.remove(key);
        } else {
            states.put(key, s);
        }
    }

    private static long check(QueueCorrelator.Step step) {
        if (step == null || step.emitted() == null) {
            throw new AssertionError("step without emitted list");
        }
        QueueCorrelator.QueueState s = step.state();
        if (s != null && (s.pending().size() > QueueCorrelator.MAX_PENDING || s.deferred().size() > QueueCorrelator.MAX_PENDING)) {
            throw new AssertionError("state beyond its bound");
        }
        for (Delivery d : step.emitted()) {
            if (d == null || d.recipient() == null || d.recipientDomain() == null || d.status() == null) {
                throw new AssertionError("incomplete emitted delivery " + d);
            }
        }
        return step.emitted().size();
    }
}
