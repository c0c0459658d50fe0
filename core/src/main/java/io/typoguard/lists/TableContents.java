package io.typoguard.lists;

import java.util.List;
import java.util.Map;

/**
 * What a list's compacted topic holds now: the latest value per key, and the values that could not be read
 * (reported with their offset, never dropped unseen).
 */
public record TableContents<V>(Map<String, V> values, List<TableContents.Unreadable> unreadable) {

    /** An unreadable value: its offset, its key and why. */
    public record Unreadable(long offset, String key, String reason) {
    }
}
