package io.typoguard.relate;

import static org.assertj.core.api.Assertions.assertThat;

import io.typoguard.detect.Allowlist;
import io.typoguard.detect.Match;
import io.typoguard.relate.CorrespondenceMonth.Message;
import io.typoguard.schema.DeliveryStatus;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * NEW_LOOKALIKE with an empty trusted list, on a generated month (issue 19, item 6; targets: recall >= 90% of typo
 * messages to look-alikes of established correspondents, precision >= 95%; the model meets the first, not the
 * second). The model alone, in event-time order,
 * as the topology will apply it: each outbound message is judged against the correspondents established before
 * it, then counted. Generated data (our own slips): a check of the model, not a measurement on real mail.
 */
class NewLookalikeMonthTest {
    record Score(int typos, int caught, int flagged, int flaggedRight, int legitimate, int newLegitimateFlagged) {
        double recall() {
            return (double) caught / typos;
        }

        double precision() {
            return flagged == 0 ? 1 : (double) flaggedRight / flagged;
        }
    }

    static Score run(CorrespondenceMonth month) {
        Correspondents correspondents = new Correspondents(EstablishedRule.DEFAULT, Allowlist.builtIn());
        Map<String, Relationship> table = new HashMap<>();
        int typos = 0, caught = 0, flagged = 0, flaggedRight = 0, legitimate = 0, newLegitFlagged = 0;
        for (Message m : month.messages()) {
            String key = m.organisation() + "|" + m.domain();
            if (m.outbound() && m.measured()) {
                Optional<Match> finding = correspondents.isEstablished(m.organisation(), m.domain()) ? Optional.empty()
                        : correspondents.newLookalike(m.organisation(), m.domain());
                boolean right = finding.isPresent() && m.isTypo() && finding.get().intended().name().equals(m.typoOf());
                if (m.isTypo() && correspondents.isEstablished(m.organisation(), m.typoOf())) {
                    typos++;
                    caught += right ? 1 : 0;
                }
                if (!m.isTypo()) {
                    legitimate++;
                    newLegitFlagged += finding.isPresent() ? 1 : 0;
                }
                flagged += finding.isPresent() ? 1 : 0;
                flaggedRight += right ? 1 : 0;
            }
            Relationship r = table.getOrDefault(key, Relationship.empty(m.organisation(), m.domain()));
            r = m.outbound() ? r.withSent(m.sender(), DeliveryStatus.SENT, m.time()) : r.withReceived(m.time());
            table.put(key, r);
            correspondents.update(r);
        }
        return new Score(typos, caught, flagged, flaggedRight, legitimate, newLegitFlagged);
    }

    @Test
    void withNoTrustedListTheTyposToEstablishedCorrespondentsAreFoundAndNewNearNamesAreTheFalseAlarms() {
        CorrespondenceMonth month = new CorrespondenceMonth(42, 3, 60, 80, 1.0 / 500);

        Score s = run(month);
        System.out.printf("generated month (seed 42, 3 organisations, 60 senders and 80 correspondents each, 1 typo in 500 messages):"
                + " %d messages; typo messages to look-alikes of established correspondents %d, caught with the right intended domain %d"
                + " (recall %.1f%%); flagged %d, right %d (precision %.1f%%); legitimate messages flagged %d of %d%n",
                month.messages().size(), s.typos(), s.caught(), 100 * s.recall(), s.flagged(), s.flaggedRight(), 100 * s.precision(),
                s.newLegitimateFlagged(), s.legitimate());

        // Pinned as measured (docs/detection.md quotes them), so a change to the model or the generator shows here.
        // Precision is below the 95% target: the first messages to a new sister or near-name correspondent are
        // flagged until it has written back on enough days.
        assertThat(s.typos()).as("typo messages to look-alikes of established correspondents").isEqualTo(114);
        assertThat(s.caught()).isEqualTo(114);
        assertThat(s.flagged()).isEqualTo(123);
        assertThat(s.newLegitimateFlagged()).isEqualTo(9);
    }
}
