package io.typoguard.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The delete-key table of {@link TrustedIndex}: what a map of sets would answer, and safe to read while it is written. */
class HashKeyedEntriesTest {
    private static final Map<String, TrustedEntry> ENTRIES = new HashMap<>();

    private static TrustedEntry entry(String name) {
        return ENTRIES.computeIfAbsent(name, n -> TrustedEntry.of(n, io.typoguard.schema.Sensitivity.NORMAL));
    }

    record Op(boolean add, long key, String name) {
    }

    @Property(tries = 300)
    void answersAsAMapOfSetsWould(@ForAll("ops") List<Op> ops) {
        HashKeyedEntries table = new HashKeyedEntries();
        Map<Long, Set<String>> model = new HashMap<>();
        for (Op op : ops) {
            if (op.add()) {
                table.add(op.key(), entry(op.name()));
                model.computeIfAbsent(op.key(), k -> new LinkedHashSet<>()).add(op.name());
            } else {
                table.remove(op.key(), op.name());
                Set<String> names = model.get(op.key());
                if (names != null && names.remove(op.name()) && names.isEmpty()) {
                    model.remove(op.key());
                }
            }
        }
        for (long k = 0; k < 65; k++) { // the 64 keys the operations use, and one they never do
            long key = k * 0x1000_0000_0000L;
            List<String> names = table.get(key).stream().map(TrustedEntry::name).toList();
            assertThat(names).as("key %d", key).containsExactlyInAnyOrderElementsOf(model.getOrDefault(key, Set.of()));
        }
        assertThat(table.size()).isEqualTo(model.size());
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        // few keys and names, so that keys share slots, names share keys, and removals hit
        Arbitrary<Long> keys = Arbitraries.longs().between(0, 63).map(k -> k * 0x1000_0000_0000L); // same low bits: collisions
        Arbitrary<String> names = Arbitraries.of("army.mil", "navy.mil", "gmail.com", "web.de", "se.ibm.com");
        return Combinators.combine(Arbitraries.of(true, true, false), keys, names).as(Op::new).list().ofMaxSize(400);
    }

    @Test
    @org.junit.jupiter.api.Timeout(60) // a probe that never ends fails here instead of hanging the build
    void aKeyAddedBeforeReadingStartsIsFoundThroughEveryGrowthAndRemovalOfOthers() throws Exception {
        HashKeyedEntries table = new HashKeyedEntries();
        TrustedEntry army = entry("army.mil");
        for (long k = 0; k < 100; k++) {
            table.add(k, army);
        }
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<String> failure = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            long reads = 0;
            while (!done.get() || reads < 1_000_000) {
                long k = reads++ % 100;
                List<TrustedEntry> got = table.get(k);
                if (got.size() != 1 || got.get(0) != army) {
                    failure.compareAndSet(null, "key " + k + " read as " + got);
                }
            }
        });
        reader.start();
        TrustedEntry gmail = entry("gmail.com");
        List<Long> added = new ArrayList<>();
        for (long k = 1_000; k < 300_000; k++) { // the table grows many times, and removals leave slots to reclaim
            table.add(k, gmail);
            added.add(k);
            if (k % 3 == 0) {
                table.remove(added.get(added.size() / 2), "gmail.com");
            }
        }
        done.set(true);
        reader.join();
        assertThat(failure.get()).isNull();
        assertThat(table.get(299_999)).as("the newest key: removals take the middle one").extracting(TrustedEntry::name).containsExactly("gmail.com");
    }
}
