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
 * <p>Each correspondent carries the log time from which it is established, and every question is asked as of a
 * log time: a message is judged against the correspondents established before it was logged, so a reprocessing
 * that finds the set already complete judges each message as the live run did. One writer, many readers, like
 * {@link TrustedIndex}. Plain Java, no Kafka.
 */
public final class Correspondents {
    private final EstablishedRule rule;
    private final Allowlist allowlist;
    private final Map<String, Known> byOrganisation = new ConcurrentHashMap<>();

    private record Known(TypoDetector detector, Map<String, Long> since) {
    }

    public Correspondents(EstablishedRule rule, Allowlist allowlist) {
        this.rule = rule;
        this.allowlist = allowlist;
    }

    public EstablishedRule rule() {
        return rule;
    }

    /**
     * Applies the latest state of one relationship: established (from the log time of its latest message, as a
     * model that applies messages in log order would see it) when the rule holds, else withdrawn.
     */
    public void update(Relationship r) {
        if (rule.establishes(r)) {
            Long known = since(r.organisation(), r.domain());
            establish(r.organisation(), r.domain(), known != null ? known : r.lastSeen());
        } else {
            withdraw(r.organisation(), r.domain());
        }
    }

    /** The domain is an established correspondent of the organisation from log time {@code since} on. */
    public void establish(String organisation, String domain, long since) {
        DomainName name = DomainName.tryParse(domain).orElse(null);
        if (name == null || name.label().isEmpty()) {
            return; // not a name a correspondent can have (and a public suffix would cover everything under it)
        }
        Known k = byOrganisation.computeIfAbsent(organisation, o -> new Known(new TypoDetector(new TrustedIndex(), allowlist),
                new ConcurrentHashMap<>()));
        k.since().put(name.ascii(), since);
        k.detector().index().upsert(new TrustedEntry(name, "established correspondent of " + organisation, Sensitivity.NORMAL, true));
    }

    /** The domain is no longer an established correspondent of the organisation. */
    public void withdraw(String organisation, String domain) {
        Known k = byOrganisation.get(organisation);
        if (k == null) {
            return;
        }
        String ascii = DomainName.tryParse(domain).map(DomainName::ascii).orElse(domain);
        k.detector().index().remove(ascii);
        k.since().remove(ascii);
    }

    /** When the domain became an established correspondent of the organisation, or null. */
    public Long since(String organisation, String domain) {
        Known k = byOrganisation.get(organisation);
        return k == null ? null : k.since().get(domain);
    }

    /** Whether the domain (or a parent) is an established correspondent of the organisation, now. */
    public boolean isEstablished(String organisation, String domain) {
        return isEstablished(organisation, domain, Long.MAX_VALUE);
    }

    /** Whether the domain (or a parent) was an established correspondent of the organisation at log time {@code at}. */
    public boolean isEstablished(String organisation, String domain, long at) {
        Known k = byOrganisation.get(organisation);
        if (k == null) {
            return false;
        }
        return DomainName.tryParse(domain).flatMap(n -> k.detector().index().covering(n))
                .map(e -> k.since().getOrDefault(e.name(), Long.MAX_VALUE) <= at).orElse(false);
    }

    /** As {@link #newLookalike(String, String, long)}, now. */
    public Optional<Match> newLookalike(String organisation, String recipientDomain) {
        return newLookalike(organisation, recipientDomain, Long.MAX_VALUE);
    }

    /**
     * The established correspondent a recipient domain imitates, when the domain is not established itself for
     * the organisation at log time {@code at} but is within the detector's families of one that is (acme-crop.com
     * for the established acme-corp.com): the match names it as the intended domain.
     */
    public Optional<Match> newLookalike(String organisation, String recipientDomain, long at) {
        return DomainName.tryParse(recipientDomain).flatMap(d -> newLookalike(organisation, d, at));
    }

    /**
     * As {@link #newLookalike(String, String, long)}, for a domain already parsed. A domain that is itself established
     * (or covered by one that is) is never a look-alike: the index answers it as trusted.
     */
    public Optional<Match> newLookalike(String organisation, DomainName recipientDomain, long at) {
        Known k = byOrganisation.get(organisation);
        if (k == null) {
            return Optional.empty();
        }
        if (k.detector().check(recipientDomain) instanceof Verdict.Typo t
                && k.since().getOrDefault(t.match().intended().name(), Long.MAX_VALUE) <= at) {
            return Optional.of(t.match());
        }
        return Optional.empty();
    }

    /** How many established correspondents the organisation has. */
    public int count(String organisation) {
        Known k = byOrganisation.get(organisation);
        return k == null ? 0 : k.detector().index().size();
    }
}
