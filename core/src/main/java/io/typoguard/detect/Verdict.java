package io.typoguard.detect;

/** The detector's answer for one domain. */
public sealed interface Verdict {

    /** One line for people: what was decided and why. */
    String describe();

    /** The domain is trusted (exactly, or as a covered subdomain). */
    record Trusted(DomainName domain, TrustedEntry entry) implements Verdict {
        public String describe() {
            return domain + " is trusted" + (domain.ascii().equals(entry.name()) ? "" : " (subdomain of " + entry.name() + ")");
        }
    }

    /** The domain looks like a typo of a trusted domain. */
    record Typo(Match match) implements Verdict {
        public String describe() {
            return "TYPO (" + match.technique() + "): " + match.explanation();
        }
    }

    /** Looks like a trusted domain but is a known legitimate look-alike; says which list excused it. */
    record Allowlisted(Match match, String by) implements Verdict {
        public String describe() {
            return match.candidate() + " resembles " + match.intended().name() + " (" + match.technique()
                    + ") but is allowlisted (" + by + ")";
        }
    }

    /** Neither trusted nor close to anything trusted. */
    record Clean(DomainName domain) implements Verdict {
        public String describe() {
            return domain + " is not trusted and does not look like a trusted domain";
        }
    }

    /** The input is not a checkable domain; the reason says why. */
    record Invalid(String input, String reason) implements Verdict {
        public String describe() {
            return "cannot check: " + reason;
        }
    }
}
