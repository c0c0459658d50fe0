package io.typoguard.relate;

import io.typoguard.detect.Allowlist;
import io.typoguard.detect.DomainName;
import io.typoguard.detect.Match;
import io.typoguard.detect.TrustedEntry;
import io.typoguard.detect.TrustedIndex;
import io.typoguard.detect.TypoDetector;
import io.typoguard.detect.Verdict;
import io.typoguard.schema.Sensitivity;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each organisation's established correspondents (issue 19), kept as a trusted index of their own, so the same
 * detector that checks the trusted list finds the look-alikes of a correspondent: {@link #newLookalike} is the
 * {@code NEW_LOOKALIKE} decision, which needs no trusted list at all.
 *
 * <p>Fed with the latest state of each relationship ({@link #update}); a domain joins its organisation's set when
 * the {@link EstablishedRule} holds and leaves it when it no longer does. One writer, many readers, like
 * {@link TrustedIndex}. Plain Java, no Kafka.
 */
public final class Correspondents {
    private final EstablishedRule rule;
    private final Allowlist allowlist;
    private final Map<String, TypoDetector> byOrganisation = new ConcurrentHashMap<>();

    public Correspondents(EstablishedRule rule, Allowlist allowlist) {
        this.rule = rule;
        this.allowlist = allowlist;
    }

    /** Applies the latest state of one relationship. */
    public void update(Relationship r) {
        DomainName domain = DomainName.tryParse(r.domain()).orElse(null);
        if (domain == null || domain.label().isEmpty()) {
            return; // not a name a correspondent can have (and a public suffix would cover everything under it)
        }
        TypoDetector detector = byOrganisation.computeIfAbsent(r.organisation(), k -> new TypoDetector(new TrustedIndex(), allowlist));
        if (rule.establishes(r)) {
            detector.index().upsert(new TrustedEntry(domain, "established correspondent of " + r.organisation(), Sensitivity.NORMAL, true));
        } else {
            detector.index().remove(domain.ascii());
        }
    }

    /** Whether the domain (or a parent) is an established correspondent of the organisation. */
    public boolean isEstablished(String organisation, String domain) {
        TypoDetector d = byOrganisation.get(organisation);
        return d != null && DomainName.tryParse(domain).flatMap(n -> d.index().covering(n)).isPresent();
    }

    /**
     * The established correspondent a recipient domain imitates, when the domain is not established itself for
     * the organisation but is within the detector's families of one that is (acme-crop.com for the established
     * acme-corp.com): the match names it as the intended domain.
     */
    public Optional<Match> newLookalike(String organisation, String recipientDomain) {
        TypoDetector d = byOrganisation.get(organisation);
        if (d == null) {
            return Optional.empty();
        }
        return d.check(recipientDomain) instanceof Verdict.Typo t ? Optional.of(t.match()) : Optional.empty();
    }

    /** How many established correspondents the organisation has. */
    public int count(String organisation) {
        TypoDetector d = byOrganisation.get(organisation);
        return d == null ? 0 : d.index().size();
    }
}
