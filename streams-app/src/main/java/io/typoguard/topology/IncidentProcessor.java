package io.typoguard.topology;

import io.typoguard.alert.AlertRules;
import io.typoguard.schema.Alert;
import io.typoguard.schema.AlertActivity;
import io.typoguard.schema.DeliveryStatus;
import io.typoguard.schema.TypoFinding;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One incident per (sender, typo domain): the first delivered finding opens it (CREATE); later ones add to its
 * counts and report growth (UPDATE) when the count reaches 2, 5, 10, 20, 50, 100, ... or the severity rises;
 * when no delivered finding came for the idle time (log time, by the task's {@link SourceClock}: every raw partition
 * still sending has logged past it), it closes (CLOSE) and the next finding opens
 * a new incident. All records of an incident share its alert id, so a SIEM (or a compacted topic) keeps one
 * incident with its latest state. Input is keyed by sender, so every key of this store lives in this task.
 */
final class IncidentProcessor implements Processor<String, TypoFinding, String, Alert> {
    private final long idleMs;
    private final long every;
    private final TaskClocks clocks;
    private SourceClock clock;
    private ProcessorContext<String, Alert> context;
    private KeyValueStore<String, Alert> open;
    private long lastLookMs = Long.MIN_VALUE;

    IncidentProcessor(Duration idle, TaskClocks clocks) {
        this.idleMs = idle.toMillis();
        this.every = Math.min(idleMs, 60_000);
        this.clocks = clocks;
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        this.context = context;
        this.open = context.getStateStore(Names.INCIDENT_STORE);
        this.clock = clocks.of(context.taskId().toString());
        this.lastLookMs = Long.MIN_VALUE;
        // Looks for idle incidents every minute of the clock (at most): as records come, and once a second of wall-clock
        // time for a clock that moves without them (a source went idle).
        context.schedule(Duration.ofMillis(every), PunctuationType.STREAM_TIME, t -> closeIdle());
        context.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME, t -> closeIdle());
    }

    @Override
    public void process(Record<String, TypoFinding> record) {
        TypoFinding f = record.value();
        if (f == null || f.getStatus() != DeliveryStatus.SENT) {
            return;
        }
        String key = record.key() + "|" + f.getRecipientDomain();
        long ts = record.timestamp();
        Alert current = open.get(key);
        if (current != null && ts >= current.getLastSeen().toEpochMilli() + idleMs) {
            emit(AlertRules.closeIncident(current, closedAt(current)));
            current = null;
        }
        if (current == null) {
            Alert created = AlertRules.openIncident(record.key(), f);
            open.put(key, created);
            emit(created);
            return;
        }
        Alert updated = AlertRules.addToIncident(current, f);
        open.put(key, updated);
        if (updated.getActivity() == AlertActivity.UPDATE && updated.getRevision() != current.getRevision()) {
            emit(updated);
        }
    }

    private void closeIdle() {
        long settled = clock.settled();
        if (settled == Long.MIN_VALUE || lastLookMs != Long.MIN_VALUE && settled - lastLookMs < every) {
            return;
        }
        lastLookMs = settled;
        List<String> closed = new ArrayList<>();
        try (KeyValueIterator<String, Alert> it = open.all()) {
            while (it.hasNext()) {
                var kv = it.next();
                if (kv.value.getLastSeen().toEpochMilli() + idleMs <= settled) {
                    emit(AlertRules.closeIncident(kv.value, closedAt(kv.value)));
                    closed.add(kv.key);
                }
            }
        }
        closed.forEach(open::delete);
    }

    /**
     * An incident closes at its last delivered finding plus the idle time, in log time: the same instant however
     * late the punctuator or the next finding notices it (a backlog, a replay or a live run agree).
     */
    private long closedAt(Alert incident) {
        return incident.getLastSeen().toEpochMilli() + idleMs;
    }

    private void emit(Alert a) {
        long ts = a.getActivity() == AlertActivity.CLOSE ? a.getTimestamp().toEpochMilli() : a.getLastSeen().toEpochMilli();
        context.forward(new Record<>(a.getAlertId(), a, ts));
    }
}
