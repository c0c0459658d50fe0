package io.typoguard.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.typoguard.parse.QueueCorrelator.QueueState;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The correlation store's cache on its own, over a real (in-memory, unlogged) Kafka Streams store; every write
 * that reaches that store is recorded, as the changelog would record it. The logged store in the topology is
 * covered by {@code PipelineTopologyTest} (changelog) and {@code ExactlyOnceCrashTest} (a killed app).
 */
class QueueStateStoreTest {
    private static final QueueState OPEN = new QueueState("alice@typoguard.test", null, 1_000L, List.of());
    private static final QueueState SENDER_CHANGED = new QueueState("bob@typoguard.test", null, 1_000L, List.of());

    private final List<String> writes = new ArrayList<>();
    private KeyValueStore<String, QueueState> inner;
    private QueueStateStore store;

    @BeforeEach
    void open() {
        KeyValueStore<String, QueueState> memory = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("queue"), Serdes.String(),
                InternalSerdes.queueState()).withLoggingDisabled().withCachingDisabled().build();
        inner = recordingPuts(memory);
        store = new QueueStateStore(inner);
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        store.startProcessing();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aMessageOpenedAndClosedBetweenTwoCommitsIsNeverWritten() {
        store.put("mx1|A1", OPEN);
        store.put("mx1|A1", SENDER_CHANGED);
        store.put("mx1|A1", null);

        store.flushCache();

        assertThat(writes).isEmpty();
    }

    @Test
    void anOpenEntryIsWrittenAtTheCommitAndItsRemovalAtTheNext() {
        store.put("mx1|A1", OPEN);
        assertThat(writes).as("nothing before the commit").isEmpty();
        assertThat(store.get("mx1|A1")).as("but read back at once").isEqualTo(OPEN);

        store.flushCache();
        assertThat(writes).containsExactly("mx1|A1=alice@typoguard.test");
        assertThat(inner.get("mx1|A1")).isEqualTo(OPEN);

        store.put("mx1|A1", null);
        assertThat(store.get("mx1|A1")).isNull();
        store.flushCache();
        assertThat(writes).containsExactly("mx1|A1=alice@typoguard.test", "mx1|A1=<removed>");
        assertThat(inner.get("mx1|A1")).isNull();
    }

    @Test
    void onlyTheLastOfSeveralChangesBetweenCommitsIsWritten() {
        store.put("mx1|A1", OPEN);
        store.put("mx1|A1", SENDER_CHANGED);

        store.flushCache();

        assertThat(writes).containsExactly("mx1|A1=bob@typoguard.test");
    }

    @Test
    void whenTooManyChangesWaitTheOldestIsWrittenBeforeTheCommit() {
        for (int i = 0; i <= QueueStateStore.MAX_DIRTY; i++) {
            store.put("mx1|Q" + i, OPEN);
        }

        assertThat(writes).containsExactly("mx1|Q0=alice@typoguard.test");
        assertThat(store.pendingWrites()).isEqualTo(QueueStateStore.MAX_DIRTY);
    }

    @Test
    void entriesBeyondTheCachesAreReadFromTheStore() {
        int entries = QueueStateStore.HOT_ENTRIES + QueueStateStore.MAX_DIRTY + 10;
        for (int i = 0; i < entries; i++) {
            store.put("mx1|Q" + i, new QueueState("s" + i + "@typoguard.test", null, i, List.of()));
        }
        store.flushCache();

        for (int i = 0; i < entries; i++) {
            assertThat(store.get("mx1|Q" + i).sender()).isEqualTo("s" + i + "@typoguard.test");
        }
    }

    @Test
    void droppedUncommittedChangesAreNotWrittenAndTheStoreIsReadAgain() {
        store.put("mx1|A1", OPEN);
        store.flushCache();
        store.put("mx1|A1", SENDER_CHANGED);

        store.clearCache(); // Kafka Streams drops the task's uncommitted state
        store.flushCache();

        assertThat(writes).containsExactly("mx1|A1=alice@typoguard.test");
        assertThat(store.get("mx1|A1")).isEqualTo(OPEN);
    }

    @Test
    void entriesRestoredIntoTheStoreBehindTheCacheAreFoundOnceProcessingStarts() {
        store.get("mx1|A1"); // the filter now says "not there" for this key
        inner.put("mx1|A1", OPEN); // as restoration or a standby update writes: straight to the store
        writes.clear();

        store.startProcessing();

        assertThat(store.get("mx1|A1")).isEqualTo(OPEN);
        store.put("mx1|A1", null);
        store.flushCache();
        assertThat(writes).as("its removal is written").containsExactly("mx1|A1=<removed>");
    }

    @Test
    void aScanSeesPendingChangesWithoutWritingThem() {
        store.put("mx1|A1", OPEN);
        store.put("mx1|B2", SENDER_CHANGED);
        store.flushCache();
        writes.clear();
        store.put("mx1|A1", SENDER_CHANGED); // a stored entry changed
        store.put("mx1|B2", null);           // a stored entry removed
        store.put("mx1|C3", OPEN);           // a new entry
        store.put("mx1|D4", OPEN);           // a message opened ...

        List<String> seen = new ArrayList<>();
        store.scan((k, v) -> seen.add(k + "=" + v.sender()));

        assertThat(seen).containsExactly("mx1|A1=bob@typoguard.test", "mx1|C3=alice@typoguard.test", "mx1|D4=alice@typoguard.test");
        assertThat(writes).as("a scan writes nothing").isEmpty();

        store.put("mx1|D4", null);           // ... and closed before the commit
        store.flushCache();

        assertThat(writes).containsExactlyInAnyOrder("mx1|A1=bob@typoguard.test", "mx1|B2=<removed>", "mx1|C3=alice@typoguard.test");
        assertThat(inner.get("mx1|B2")).isNull();
    }

    /** {@code store} with every put recorded as "key=sender" or "key=&lt;removed&gt;". */
    @SuppressWarnings("unchecked")
    private KeyValueStore<String, QueueState> recordingPuts(KeyValueStore<String, QueueState> store) {
        return (KeyValueStore<String, QueueState>) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {KeyValueStore.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("put")) {
                        QueueState v = (QueueState) args[1];
                        writes.add(args[0] + "=" + (v == null ? "<removed>" : Objects.toString(v.sender())));
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
