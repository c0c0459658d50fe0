package io.typoguard.detect;

import io.typoguard.schema.Sensitivity;
import java.util.Objects;

/**
 * One trusted domain as the detector sees it.
 *
 * @param domain            normalised domain
 * @param organisation      owner, for explanations (may be null)
 * @param sensitivity       how bad a leak to a look-alike would be
 * @param includeSubdomains whether subdomains are trusted too
 */
public record TrustedEntry(DomainName domain, String organisation, Sensitivity sensitivity, boolean includeSubdomains) {
    public TrustedEntry {
        Objects.requireNonNull(domain, "domain");
        sensitivity = sensitivity == null ? Sensitivity.NORMAL : sensitivity;
    }

    public static TrustedEntry of(String domain, Sensitivity sensitivity) {
        return new TrustedEntry(DomainName.parse(domain), null, sensitivity, true);
    }

    public String name() {
        return domain.ascii();
    }
}
