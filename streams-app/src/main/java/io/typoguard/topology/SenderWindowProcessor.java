package io.typoguard.topology;

import io.typoguard.schema.SenderWindowStats;
import java.time.Duration;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedWindowStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Per-sender tumbling windows of the sender's activity ({@link Records#add}), each written once when it closes: what
 * {@code windowedBy(...).emitStrategy(onWindowClose()).aggregate(...)} does, with one difference. The DSL closes a
 * window when the task's stream time (the latest log time read from any raw partition) passes its end plus grace; this
 * closes it when the task's {@link SourceClock} does, the log time every raw partition still sending has reached. In a
 * catch-up the DSL closed windows whose mail was still in a slower partition, and that mail then counted nowhere.
 *
 * <p>The store is the one the DSL used for the same window ({@link TypoguardTopology#senderWindowStore}), so its local
 * files and changelog carry over. Which windows have been written is kept in {@link Names#DETECT_CLOCK_STORE}
 * ({@link #CLOSED_KEY}: every window starting before it), so none is written twice after a restart, and an event for
 * a window already written is late. Late events are counted ({@link PipelineMetrics#lateEvent}); the event itself
 * is still checked and its finding written.
 */
final class SenderWindowProcessor implements Processor<String, CheckedEvent, Windowed<String>, SenderWindowStats> {
    /** The stage under which late events are counted. */
    static final String STAGE = "sender-window";
    /** In the clock store: windows starting before this log time have been written. */
    static final String CLOSED_KEY = "sender-windows-closed-before";

    private final long size;
    private final long grace;
    private final TaskClocks clocks;
    private final PipelineMetrics metrics;
    private ProcessorContext<Windowed<String>, SenderWindowStats> context;
    private TimestampedWindowStore<String, SenderWindowStats> windows;
    private KeyValueStore<String, Long> clockStore;
    private SourceClock clock;
    private long closedBefore;

    SenderWindowProcessor(Duration size, Duration grace, TaskClocks clocks, PipelineMetrics metrics) {
        this.size = size.toMillis();
        this.grace = grace.toMillis();
        this.clocks = clocks;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<Windowed<String>, SenderWindowStats> context) {
        this.context = context;
        this.windows = context.getStateStore(Names.SENDER_WINDOW_STORE);
        this.clockStore = context.getStateStore(Names.DETECT_CLOCK_STORE);
        this.clock = clocks.of(context.taskId().toString());
        Long stored = clockStore.get(CLOSED_KEY);
        this.closedBefore = stored == null ? Long.MIN_VALUE : stored;
        // The clock also moves without events here (a source goes idle): look once a second.
        context.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME, t -> writeClosed());
    }

    @Override
    public void process(Record<String, CheckedEvent> record) {
        long ts = record.timestamp();
        long start = ts - Math.floorMod(ts, size);
        if (start < closedBefore || start + size + grace <= clock.settled()) {
            metrics.lateEvent(STAGE);
        } else {
            ValueAndTimestamp<SenderWindowStats> old = windows.fetch(record.key(), start);
            SenderWindowStats stats = Records.add(record.key(), record.value(), old == null ? Records.emptyStats() : old.value());
            windows.put(record.key(), ValueAndTimestamp.make(stats, old == null ? ts : Math.max(ts, old.timestamp())), start);
        }
        writeClosed();
    }

    /** Writes every window the clock has closed since the last call, in order of their start. */
    private void writeClosed() {
        long settled = clock.settled();
        if (settled == Long.MIN_VALUE) {
            return;
        }
        long limit = settled - size - grace; // a window starting at or before this has closed
        long lastClosedStart = limit - Math.floorMod(limit, size);
        long next = lastClosedStart + size;
        if (closedBefore == Long.MIN_VALUE) {
            // First start of this store's task (or first after the upgrade from the DSL aggregation, which wrote the
            // windows closed so far): from here on.
            markClosed(next);
            return;
        }
        if (next <= closedBefore) {
            return;
        }
        try (KeyValueIterator<Windowed<String>, ValueAndTimestamp<SenderWindowStats>> it = windows.fetchAll(closedBefore, lastClosedStart)) {
            while (it.hasNext()) {
                KeyValue<Windowed<String>, ValueAndTimestamp<SenderWindowStats>> kv = it.next();
                context.forward(new Record<>(kv.key, kv.value.value(), kv.value.timestamp()));
            }
        }
        markClosed(next);
    }

    private void markClosed(long before) {
        closedBefore = before;
        clockStore.put(CLOSED_KEY, before);
    }
}
