package io.typoguard.topology;

import io.typoguard.schema.MailEvent;
import java.time.Duration;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Feeds the detection task's {@link SourceClock} with every mail event (its log time and the raw partition it came from,
 * {@link SourceHeader}) and passes the event on unchanged. Once a second of wall-clock time it works the clock out again
 * (a source may have gone idle) and stores it ({@link Names#DETECT_CLOCK_STORE}); the latest log time read is stored with
 * each event that moves it. After a restart, here or on another instance, the clock starts where it was
 * ({@link SourceClock#reset}).
 */
final class EventClockProcessor implements FixedKeyProcessor<String, MailEvent, MailEvent> {
    /** The stored floor of the clock. */
    static final String FLOOR_KEY = "settled";
    /** The stored latest log time read from any source. */
    static final String NEWEST_KEY = "newest";

    private final TaskClocks clocks;
    private FixedKeyProcessorContext<String, MailEvent> context;
    private KeyValueStore<String, Long> store;
    private SourceClock clock;
    private String taskId;
    private long storedMs = Long.MIN_VALUE;
    private long storedNewestMs = Long.MIN_VALUE;

    EventClockProcessor(TaskClocks clocks) {
        this.clocks = clocks;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, MailEvent> context) {
        this.context = context;
        this.taskId = context.taskId().toString();
        this.store = context.getStateStore(Names.DETECT_CLOCK_STORE);
        this.clock = clocks.of(taskId);
        Long floor = store.get(FLOOR_KEY);
        Long newest = store.get(NEWEST_KEY);
        storedMs = floor == null ? Long.MIN_VALUE : floor;
        storedNewestMs = newest == null ? Long.MIN_VALUE : newest;
        clock.reset(storedMs, storedNewestMs, context.currentSystemTimeMs());
        context.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME, this::settleAndStore);
    }

    @Override
    public void process(FixedKeyRecord<String, MailEvent> record) {
        MailEvent event = record.value();
        if (event != null && event.getTimestamp() != null) {
            int source = SourceHeader.read(record.headers());
            if (source != SourceHeader.NO_CLOCK) {
                long now = context.currentSystemTimeMs();
                clock.observe(source == SourceHeader.NONE ? SourceClock.UNKNOWN : source, record.timestamp(), now);
                clock.settle(now);
                if (clock.newest() != storedNewestMs) {
                    // Stored with the event that moved it, in the same transaction (the store is cached: one write per commit).
                    // Stored only once a second, a task that read its last events less than a second before it moved to
                    // another instance left an older newest behind, and the windows those events close never closed there.
                    // Only events move it, so the punctuator below has only the floor to store.
                    store.put(NEWEST_KEY, clock.newest());
                    storedNewestMs = clock.newest();
                }
            }
        }
        context.forward(record);
    }

    private void settleAndStore(long wallMs) {
        long settled = clock.settle(wallMs);
        if (settled != storedMs) {
            store.put(FLOOR_KEY, settled);
            storedMs = settled;
        }
    }

}
