package io.typoguard.alert;

import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;

/** Ids of events, findings and alerts that depend only on what identifies them. */
public final class StableIds {
    private StableIds() {
    }

    /**
     * A stable 128-bit id (32 hex digits) of the fields that identify a record, so a replayed line gets the
     * same id and consumers can deduplicate. Murmur3: ids need to be unique, not unforgeable, and this runs
     * once per event on the ingest thread.
     */
    public static String of(String... parts) {
        // The parts joined by 0x1f, hashed at once: the same bytes, so the same id, as hashing them one by one.
        StringBuilder joined = new StringBuilder(160);
        for (String p : parts) {
            joined.append(p == null ? "" : p).append('\u001f');
        }
        return Hashing.murmur3_128().hashString(joined, StandardCharsets.UTF_8).toString();
    }

}
