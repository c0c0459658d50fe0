package io.typoguard.relate;

import io.typoguard.detect.Match;
import io.typoguard.detect.Scoring;
import io.typoguard.detect.TypoDetector;
import io.typoguard.detect.Verdict;
import io.typoguard.schema.DeliveryStatus;
import io.typoguard.schema.FindingKind;
import io.typoguard.schema.Sensitivity;
import io.typoguard.schema.Severity;
import java.util.Optional;

/**
 * The whole decision for one delivery (issue 19): the trusted list first, then the sender organisation's
 * established correspondents.
 *
 * <ul>
 *   <li>A look-alike of a trusted entry is a {@code TRUSTED_LOOKALIKE}, as before. When the recipient domain is
 *       itself an established (two-way) correspondent of the sender's organisation it is still reported, at LOW,
 *       never silently dropped; a look-alike of a CRITICAL entry keeps its severity whatever the relationships.</li>
 *   <li>Otherwise, for outbound mail only, a domain that is not an established correspondent of the organisation
 *       but looks like one that is (the detector's families, against the correspondents established before the
 *       message was logged) is a {@code NEW_LOOKALIKE}, with that correspondent as the intended domain. Volume
 *       never helps: only replies establish a domain ({@link EstablishedRule}), so a look-alike the organisation
 *       writes to every day for years and that never writes back is flagged every time.</li>
 * </ul>
 * The detector's allowlists apply to both. Plain Java, no Kafka.
 */
public final class LookalikeCheck {
    private final TypoDetector trusted;
    private final Correspondents correspondents;
    private final Organisations organisations;

    /** A flagged delivery: the match and where its intended domain came from. */
    public record Flag(Match match, FindingKind kind, String organisation, boolean recipientEstablished, Long intendedSince) {
        /**
         * The score and severity for the delivery's outcome: the detector's, except that a recipient established
         * two-way is LOW (its score kept within LOW's band), unless the trusted entry is CRITICAL.
         */
        public Scoring.Score score(DeliveryStatus status) {
            Scoring.Score s = Scoring.score(match, status);
            if (recipientEstablished && match.intended().sensitivity() != Sensitivity.CRITICAL) {
                return new Scoring.Score(Math.max(35, Math.min(54, s.value())), Severity.LOW);
            }
            return s;
        }
    }

    /** With {@code correspondents} null, the trusted list alone (relationships switched off). */
    public LookalikeCheck(TypoDetector trusted, Correspondents correspondents, Organisations organisations) {
        this.trusted = trusted;
        this.correspondents = correspondents;
        this.organisations = organisations;
    }

    /**
     * @param sender          envelope sender (may be null or empty: a bounce)
     * @param recipientDomain the recipient's domain, normalised
     * @param relay           the next hop logged, may be null (tells local delivery, that is inbound mail)
     * @param at              the log time of the delivery (epoch ms)
     */
    public Optional<Flag> check(String sender, String recipientDomain, String relay, long at) {
        return check(correspondents == null ? null : outboundOrganisation(sender, recipientDomain, relay), recipientDomain, at);
    }

    /**
     * As {@link #check(String, String, String, long)}, with the sender's organisation already worked out
     * ({@link #outboundOrganisation}; null when the mail is not outbound), so a caller that needs it too classifies once.
     */
    public Optional<Flag> check(String organisation, String recipientDomain, long at) {
        Verdict verdict = trusted.check(recipientDomain);
        if (verdict instanceof Verdict.Typo t) {
            boolean established = correspondents != null && organisation != null && correspondents.isEstablished(organisation, recipientDomain, at);
            return Optional.of(new Flag(t.match(), FindingKind.TRUSTED_LOOKALIKE, correspondents == null ? null : organisation, established, null));
        }
        if (correspondents == null || organisation == null || !(verdict instanceof Verdict.Clean clean)) {
            return Optional.empty(); // trusted, allowlisted, not a domain, or not outbound
        }
        // One look-up in the organisation's index: an established domain comes back as trusted, not as a look-alike.
        return correspondents.newLookalike(organisation, clean.domain(), at).map(m -> new Flag(m, FindingKind.NEW_LOOKALIKE, organisation,
                false, correspondents.since(organisation, m.intended().name())));
    }

    /** The sender's organisation when the delivery is outbound mail to another domain, else null. */
    public String outboundOrganisation(String sender, String recipientDomain, String relay) {
        return organisations.classify(sender, recipientDomain, relay).filter(Organisations.Traffic::outbound)
                .map(Organisations.Traffic::organisation).orElse(null);
    }
}
