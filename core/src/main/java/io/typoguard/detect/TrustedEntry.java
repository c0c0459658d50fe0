package io.typoguard.detect;

import io.typoguard.schema.Sensitivity;
import java.util.Objects;
import java.util.Set;

/**
 * One trusted domain as the detector sees it.
 *
 * @param domain            normalised domain
 * @param organisation      owner, for explanations (may be null)
 * @param sensitivity       how bad a leak to a look-alike would be
 * @param includeSubdomains whether subdomains are trusted too
 * @param allowedLookalikes domains that look like this one but are known to be legitimate (navy.mil for
 *                          army.mil): never reported as its typos
 */
public record TrustedEntry(DomainName domain, String organisation, Sensitivity sensitivity, boolean includeSubdomains,
                           Set<String> allowedLookalikes) {
    public TrustedEntry {
        Objects.requireNonNull(domain, "domain");
        sensitivity = sensitivity == null ? Sensitivity.NORMAL : sensitivity;
        allowedLookalikes = allowedLookalikes == null ? Set.of() : Set.copyOf(allowedLookalikes);
    }

    public TrustedEntry(DomainName domain, String organisation, Sensitivity sensitivity, boolean includeSubdomains) {
        this(domain, organisation, sensitivity, includeSubdomains, Set.of());
    }

    public static TrustedEntry of(String domain, Sensitivity sensitivity) {
        return new TrustedEntry(DomainName.parse(domain), null, sensitivity, true);
    }

    public String name() {
        return domain.ascii();
    }
}
