package io.typoguard.topology;

import io.typoguard.alert.AlertRules;
import io.typoguard.schema.Alert;
import io.typoguard.schema.AlertActivity;
import io.typoguard.schema.DeliveryStatus;
import io.typoguard.schema.TypoFinding;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
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
 * a new incident. A finding that comes after the idle time while the clock has not yet passed it (a catch-up, where
 * it came from a raw partition read ahead of another) is held ({@link Names#INCIDENT_PENDING_STORE}) until the
 * incident grows from a slower source (it then joins it) or the clock passes the idle time (it then opens the next
 * incident): the incidents are those of the log's order, whatever order the partitions were read in. A finding logged
 * the idle time or more before the first of the open incident (it came from a slower partition after a later one had
 * opened the incident) is held too, apart: it joins the incident if a finding between the two bridges them, and once
 * the clock has passed its idle time without one, it and the findings held with it make incidents of their own,
 * opened and closed at once.
 * All records of an incident share its alert id, so a SIEM (or a compacted topic) keeps one
 * incident with its latest state. Input is keyed by sender, so every key of this store lives in this task.
 */
final class IncidentProcessor implements Processor<String, TypoFinding, String, Alert> {
    private final long idleMs;
    private final long every;
    private final TaskClocks clocks;
    private SourceClock clock;
    private ProcessorContext<String, Alert> context;
    private KeyValueStore<String, Alert> open;
    /** Findings held while it is not yet known whether their incident is still open (see {@link #accept}). */
    private KeyValueStore<String, TypoFinding> pending;
    private long lastLookMs = Long.MIN_VALUE;
    /** How many findings are held: while any is, every move of the clock is looked at, so none waits a minute more. */
    private long heldCount;

    IncidentProcessor(Duration idle, TaskClocks clocks) {
        this.idleMs = idle.toMillis();
        this.every = Math.min(idleMs, 60_000);
        this.clocks = clocks;
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        this.context = context;
        this.open = context.getStateStore(Names.INCIDENT_STORE);
        this.pending = context.getStateStore(Names.INCIDENT_PENDING_STORE);
        this.clock = clocks.of(context.taskId().toString());
        this.lastLookMs = Long.MIN_VALUE;
        this.heldCount = 0;
        try (KeyValueIterator<String, TypoFinding> it = pending.all()) {
            while (it.hasNext()) {
                it.next();
                heldCount++;
            }
        }
        // Looks for idle incidents every minute of the clock (at most): as records come, and once a second of wall-clock
        // time for a clock that moves without them (a source went idle).
        context.schedule(Duration.ofMillis(every), PunctuationType.STREAM_TIME, t -> closeIdle());
        context.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME, t -> closeIdle());
    }

    @Override
    public void process(Record<String, TypoFinding> record) {
        TypoFinding f = record.value();
        if (f == null || f.getStatus() != DeliveryStatus.SENT || record.key() == null) {
            return;
        }
        accept(record.key(), f, record.timestamp());
        if (heldCount > 0) {
            // The incident this finding opened or grew may now take findings held for it: ones that came earlier from a
            // partition read ahead, logged after this one but within its idle time. (Only an incident that grew was looked
            // at before, and a held finding of 06:39 opened an incident of its own after one of 06:35 had opened one.)
            resolve(record.key(), record.key() + "|" + f.getRecipientDomain());
        }
    }

    /** Adds a delivered finding to its incident, opening or closing one as the clock allows, or holds it. */
    private void accept(String sender, TypoFinding f, long ts) {
        String key = sender + "|" + f.getRecipientDomain();
        Alert current = open.get(key);
        if (current != null && current.getFirstSeen() != null && ts + idleMs <= current.getFirstSeen().toEpochMilli()) {
            // Logged the idle time or more before the incident's first finding: in the log's order it closed before that
            // one opened the incident, unless a finding still to come lies within the idle time of both (resolve, closeIdle).
            pending.put(pendingKey(key, BEFORE, ts, f), f);
            heldCount++;
            return;
        }
        if (current != null && ts >= closedAt(current)) {
            if (clock.settled() < closedAt(current)) {
                // The idle time has passed in this finding's source, not in every source: a slower one may still hold a
                // finding that keeps the incident open. Decided when one comes or the clock passes (resolve, closeIdle).
                pending.put(pendingKey(key, AFTER, ts, f), f);
                heldCount++;
                return;
            }
            close(key, current, ts);
            current = open.get(key);
            if (current != null && ts >= closedAt(current)) {
                accept(sender, f, ts); // a held finding opened an incident that this one comes after the idle time of
                return;
            }
        }
        if (current == null) {
            Alert created = AlertRules.openIncident(sender, f);
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

    /** The incident opened or grew: held findings that now fall within its idle time join it, in log-time order. */
    private void resolve(String sender, String key) {
        joinHeldBefore(sender, key);
        while (true) {
            Alert incident = open.get(key);
            List<KeyValue<String, TypoFinding>> held = held(key, AFTER);
            if (incident == null || held.isEmpty() || heldTime(held.get(0).key) >= closedAt(incident)) {
                return; // nothing held, or the earliest held one (and so every later one) still waits
            }
            pending.delete(held.get(0).key);
            heldCount--;
            accept(sender, held.get(0).value, heldTime(held.get(0).key));
        }
    }

    /**
     * Findings held as logged before the open incident join it, latest first, while one lies within the idle time
     * before its first finding (a finding that came since moved that earlier).
     */
    private void joinHeldBefore(String sender, String key) {
        while (true) {
            Alert incident = open.get(key);
            List<KeyValue<String, TypoFinding>> before = held(key, BEFORE);
            if (incident == null || before.isEmpty()) {
                return;
            }
            KeyValue<String, TypoFinding> latest = before.get(before.size() - 1);
            long ts = heldTime(latest.key);
            if (ts + idleMs <= incident.getFirstSeen().toEpochMilli()) {
                return;
            }
            pending.delete(latest.key);
            heldCount--;
            accept(sender, latest.value, ts);
        }
    }

    /**
     * Held-before findings of one key that no finding can join any more (the clock has passed the idle time after the
     * last of them): the incidents they make in the log's order, each opened, grown and closed at once. The rest wait.
     */
    private void settleHeldBefore(String key, long settled) {
        List<KeyValue<String, TypoFinding>> before = held(key, BEFORE);
        String sender = null;
        Alert incident = null;
        for (int i = 0; i < before.size(); i++) {
            KeyValue<String, TypoFinding> h = before.get(i);
            long ts = heldTime(h.key);
            if (incident != null && ts >= closedAt(incident)) {
                emit(AlertRules.closeIncident(incident, closedAt(incident)));
                incident = null;
            }
            if (incident == null) {
                // a group starts here: decided only if nothing can come within the idle time after its last finding
                long groupEnd = ts;
                for (int j = i + 1; j < before.size() && heldTime(before.get(j).key) < groupEnd + idleMs; j++) {
                    groupEnd = heldTime(before.get(j).key);
                }
                if (groupEnd + idleMs > settled) {
                    return;
                }
                sender = key.substring(0, key.length() - h.value.getRecipientDomain().length() - 1);
                incident = AlertRules.openIncident(sender, h.value);
                emit(incident);
            } else {
                Alert updated = AlertRules.addToIncident(incident, h.value);
                if (updated.getActivity() == AlertActivity.UPDATE && updated.getRevision() != incident.getRevision()) {
                    emit(updated);
                }
                incident = updated;
            }
            pending.delete(h.key);
            heldCount--;
        }
        if (incident != null) {
            emit(AlertRules.closeIncident(incident, closedAt(incident)));
        }
    }

    /** Findings held after an incident (they came after its idle time) and before one, apart, in the pending store's keys. */
    private static final char AFTER = '|';
    private static final char BEFORE = '#';

    /** Findings of one incident key held on one side of it, in log-time order. */
    private List<KeyValue<String, TypoFinding>> held(String key, char side) {
        List<KeyValue<String, TypoFinding>> out = new ArrayList<>();
        try (KeyValueIterator<String, TypoFinding> it = pending.prefixScan(key + side, new StringSerializer())) {
            it.forEachRemaining(out::add);
        }
        return out;
    }

    /** incident key, side, log time (13 digits, so keys sort by time), '|', finding id. */
    private static String pendingKey(String key, char side, long ts, TypoFinding f) {
        return key + side + String.format("%013d", ts) + "|" + f.getFindingId();
    }

    private static long heldTime(String pendingKey) {
        int end = pendingKey.lastIndexOf('|');
        return Long.parseLong(pendingKey.substring(end - 13, end));
    }

    private void closeIdle() {
        long settled = clock.settled();
        if (settled == Long.MIN_VALUE || lastLookMs != Long.MIN_VALUE && settled - lastLookMs < (heldCount > 0 ? 1 : every)) {
            return;
        }
        lastLookMs = settled;
        if (heldCount > 0) {
            java.util.Set<String> keysHeldBefore = new java.util.TreeSet<>();
            try (KeyValueIterator<String, TypoFinding> it = pending.all()) {
                while (it.hasNext()) {
                    String k = it.next().key;
                    int mark = k.lastIndexOf('|') - 14; // '#' (held before) or '|' (held after) before the 13 digits
                    if (mark >= 0 && k.charAt(mark) == BEFORE) {
                        keysHeldBefore.add(k.substring(0, mark));
                    }
                }
            }
            for (String k : keysHeldBefore) {
                settleHeldBefore(k, settled);
            }
        }
        // Until nothing is left to close: a held finding replayed after a close can open an incident that is itself past
        // its idle time already.
        boolean replayed = true;
        while (replayed) {
            replayed = false;
            List<KeyValue<String, Alert>> closed = new ArrayList<>();
            try (KeyValueIterator<String, Alert> it = open.all()) {
                while (it.hasNext()) {
                    var kv = it.next();
                    if (closedAt(kv.value) <= settled) {
                        closed.add(kv);
                    }
                }
            }
            for (KeyValue<String, Alert> kv : closed) {
                replayed |= close(kv.key, kv.value, Long.MAX_VALUE);
            }
        }
    }

    /**
     * Closes an incident; then findings held for it (they came after its idle time) up to log time {@code upTo}, in order:
     * the first opens the next incident. True when a held finding was replayed.
     */
    private boolean close(String key, Alert incident, long upTo) {
        emit(AlertRules.closeIncident(incident, closedAt(incident)));
        open.delete(key);
        boolean replayed = false;
        for (KeyValue<String, TypoFinding> h : held(key, AFTER)) {
            long ts = heldTime(h.key);
            if (ts > upTo) {
                break;
            }
            pending.delete(h.key);
            heldCount--;
            accept(key.substring(0, key.length() - h.value.getRecipientDomain().length() - 1), h.value, ts);
            replayed = true;
        }
        return replayed;
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
