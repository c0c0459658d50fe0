package io.typoguard.topology;

import io.typoguard.schema.MailEvent;
import io.typoguard.schema.PolicyDecision;
import io.typoguard.schema.TypoFinding;

/**
 * What one sender did, as the per-sender windows count it: an event after detection (the finding is null when
 * the recipient is fine), or a recipient the policy service refused or held before the mail left ({@code blocked}).
 * Lives only inside one sub-topology (no repartition), so it needs no serde.
 */
record CheckedEvent(MailEvent event, TypoFinding finding, PolicyDecision blocked) {
    CheckedEvent(MailEvent event, TypoFinding finding) {
        this(event, finding, null);
    }

    static CheckedEvent blocked(PolicyDecision decision) {
        return new CheckedEvent(null, null, decision);
    }

    boolean flagged() {
        return finding != null;
    }
}
