package io.typoguard.policy;

import io.typoguard.detect.Scoring;
import io.typoguard.detect.TrustedIndex;
import io.typoguard.detect.TypoDetector;
import io.typoguard.detect.Verdict;
import io.typoguard.schema.DeliveryStatus;
import io.typoguard.schema.Severity;

/**
 * Decides what Postfix should do with one recipient, from the same detector and live trusted index as the
 * Streams app. Plain Java, no I/O. Until the trusted table is loaded, and if the detector fails, the answer is
 * the configured fail-open ({@code DUNNO}) or fail-closed ({@code DEFER_IF_PERMIT}) action.
 */
public final class PolicyDecider {
    /** What to answer for a typo at or above a severity. */
    public enum Action { REJECT, HOLD, WARN, DUNNO }

    /**
     * @param rejectAtOrAbove severity from which a typo is rejected
     * @param holdAtOrAbove   severity from which (below reject) the message is held for review
     * @param rejectCode      enhanced status code of the REJECT answer
     * @param failClosed      true: DEFER_IF_PERMIT while the table is not loaded or on error; false: DUNNO
     */
    public record Policy(Severity rejectAtOrAbove, Severity holdAtOrAbove, String rejectCode, boolean failClosed) {
        public static Policy defaults() {
            return new Policy(Severity.HIGH, Severity.MEDIUM, "5.1.10", false);
        }
    }

    /** The answer and why (the reason is for the decision event, never for logs). */
    public record Decision(String action, Verdict verdict) {
        /** The protocol line: "action=..." */
        public String line() {
            return "action=" + action;
        }
    }

    private final TypoDetector detector;
    private final Policy policy;
    private final PolicyExceptions exceptions;
    private final java.time.Clock clock;
    private volatile boolean ready;

    public PolicyDecider(TrustedIndex index, Policy policy) {
        this(index, policy, new PolicyExceptions(), java.time.Clock.systemUTC());
    }

    public PolicyDecider(TrustedIndex index, Policy policy, PolicyExceptions exceptions, java.time.Clock clock) {
        this.detector = new TypoDetector(index);
        this.policy = policy;
        this.exceptions = exceptions;
        this.clock = clock;
    }

    /** Called when the trusted table has been loaded. */
    public void markReady() {
        ready = true;
    }

    public Decision decide(PolicyRequest request) {
        if (!request.isRcpt()) {
            return new Decision("DUNNO", null);
        }
        if (!ready) {
            return failure();
        }
        try {
            String recipient = request.get("recipient");
            if (recipient == null || recipient.isEmpty()) {
                return new Decision("DUNNO", null);
            }
            Verdict v = detector.check(recipient);
            if (!(v instanceof Verdict.Typo typo)) {
                return new Decision("DUNNO", v);
            }
            PolicyExceptions.Exception approved = exceptions.find(request.get("sender"), recipient, clock.instant());
            if (approved != null) {
                return new Decision("DUNNO", v); // allowed by exception; the decision event records who approved it
            }
            Severity severity = Scoring.score(typo.match(), DeliveryStatus.SENT).severity();
            String meant = typo.match().intended().name();
            String local = recipient.substring(0, Math.max(0, recipient.lastIndexOf('@')));
            String suggestion = local.isEmpty() ? meant : local + "@" + meant;
            if (severity.compareTo(policy.rejectAtOrAbove()) >= 0) {
                return new Decision("REJECT " + policy.rejectCode() + " Recipient domain " + typo.match().candidate().ascii()
                        + " looks like a typo of " + meant + "; did you mean " + suggestion + "?", v);
            }
            if (severity.compareTo(policy.holdAtOrAbove()) >= 0) {
                return new Decision("HOLD recipient domain looks like a typo of " + meant, v);
            }
            return new Decision("WARN recipient domain looks like a typo of " + meant, v);
        } catch (RuntimeException e) {
            return failure();
        }
    }

    private Decision failure() {
        return new Decision(policy.failClosed() ? "DEFER_IF_PERMIT Typoguard policy service not ready, try again later" : "DUNNO", null);
    }
}
