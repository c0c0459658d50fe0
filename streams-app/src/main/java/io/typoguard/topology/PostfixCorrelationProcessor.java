package io.typoguard.topology;

import io.typoguard.parse.Delivery;
import io.typoguard.parse.PostfixFragment;
import io.typoguard.parse.QueueCorrelator;
import io.typoguard.parse.QueueCorrelator.QueueState;
import io.typoguard.parse.QueueCorrelator.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Joins Postfix lines by (host, queue id) in a state store, in a task that sees every line of that key: after
 * a repartition on it, or where a host-keyed raw record was read.
 * A stream-time punctuator releases deliveries whose from= line never came (as orphans) and forgets idle
 * queue entries.
 *
 * <p>The store ({@link QueueStateStore}: logged, so restored after a failure, with an object cache in front)
 * holds every open queue entry. An unchanged entry is not written back.
 */
final class PostfixCorrelationProcessor implements Processor<String, PostfixFragment, String, Delivery> {
    private final String storeName;
    private final Duration orphanWait;
    private final Duration queueTtl;
    private ProcessorContext<String, Delivery> context;
    private QueueStateStore store;

    PostfixCorrelationProcessor(String storeName, Duration orphanWait, Duration queueTtl) {
        this.storeName = storeName;
        this.orphanWait = orphanWait;
        this.queueTtl = queueTtl;
    }

    @Override
    public void init(ProcessorContext<String, Delivery> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        // init runs after every restoration and when a standby becomes active: the store's caches start afresh.
        store.startProcessing();
        Duration every = orphanWait.compareTo(Duration.ofSeconds(30)) < 0 ? orphanWait : Duration.ofSeconds(30);
        context.schedule(every, PunctuationType.STREAM_TIME, this::expire);
    }

    @Override
    public void process(Record<String, PostfixFragment> record) {
        PostfixFragment fragment = record.value();
        if (fragment == null) {
            return;
        }
        QueueState current = store.get(record.key());
        Step step = QueueCorrelator.apply(current, fragment);
        if (!Objects.equals(current, step.state())) {
            store.put(record.key(), step.state());
        }
        for (Delivery d : step.emitted()) {
            context.forward(new Record<>(record.key(), d, d.timestampMs(), record.headers()));
        }
    }

    private void expire(long streamTime) {
        List<KeyValue<String, Step>> changes = new ArrayList<>();
        store.scan((key, state) -> {
            Step step = QueueCorrelator.expire(state, streamTime, orphanWait.toMillis(), queueTtl.toMillis());
            if (step.state() != state) {
                changes.add(KeyValue.pair(key, step));
            }
        });
        for (KeyValue<String, Step> change : changes) {
            store.put(change.key, change.value.state());
            for (Delivery d : change.value.emitted()) {
                context.forward(new Record<>(change.key, d, d.timestampMs()));
            }
        }
    }
}
