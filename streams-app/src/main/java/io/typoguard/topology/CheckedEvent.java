package io.typoguard.topology;

import io.typoguard.schema.MailEvent;
import io.typoguard.schema.TypoFinding;

/**
 * An event after detection: the finding is null when the recipient is fine. Lives only between the detect
 * processor and its children inside one sub-topology (no repartition), so it needs no serde.
 */
record CheckedEvent(MailEvent event, TypoFinding finding) {
    boolean flagged() {
        return finding != null;
    }
}
