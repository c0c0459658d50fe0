package io.typoguard.policy;

import io.typoguard.detect.Allowlist;
import io.typoguard.detect.Scoring;
import io.typoguard.detect.TrustedIndex;
import io.typoguard.detect.TypoDetector;
import io.typoguard.detect.Verdict;
import io.typoguard.schema.DeliveryStatus;
import io.typoguard.schema.PolicyAction;
import io.typoguard.schema.PolicyReason;
import io.typoguard.schema.Sensitivity;
import io.typoguard.schema.Severity;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Decides what Postfix should do with one recipient, from the same detector and live trusted index as the
 * Streams app. Plain Java, no I/O. Until the trusted table is loaded, and if the detector fails, the answer is
 * the configured fail-open ({@code DUNNO}) or fail-closed ({@code DEFER_IF_PERMIT}) action.
 */
public final class PolicyDecider {

    /**
     * What to answer for a typo, by the finding's severity and the trusted entry's sensitivity.
     *
     * @param actions       action per (sensitivity, severity); every pair must be present
     * @param rejectCode    enhanced status code of the REJECT answer (RFC 3463), e.g. 5.7.1
     * @param prependHeader header name added by PREPEND
     * @param failClosed    true: DEFER_IF_PERMIT while the table is not loaded or on error; false: DUNNO
     */
    public record Policy(Map<Sensitivity, Map<Severity, PolicyAction>> actions, String rejectCode, String prependHeader,
                         boolean failClosed) {
        public Policy {
            for (Sensitivity s : Sensitivity.values()) {
                Map<Severity, PolicyAction> row = Objects.requireNonNull(actions.get(s), "no actions for sensitivity " + s);
                for (Severity v : Severity.values()) {
                    PolicyAction a = Objects.requireNonNull(row.get(v), "no action for " + s + "/" + v);
                    if (a == PolicyAction.DEFER_IF_PERMIT || a == PolicyAction.UNKNOWN) {
                        throw new IllegalArgumentException("action for a typo must be reject, hold, warn, prepend or dunno, not " + a);
                    }
                }
            }
            if (!rejectCode.matches("5\\.\\d{1,3}\\.\\d{1,3}")) {
                throw new IllegalArgumentException("reject code must be a permanent enhanced status code like 5.7.1, not '" + rejectCode + "'");
            }
            if (!prependHeader.matches("[A-Za-z0-9-]+")) {
                throw new IllegalArgumentException("prepend header must be a header field name, not '" + prependHeader + "'");
            }
            actions = copy(actions);
        }

        /**
         * Defaults: HIGH and CRITICAL findings are rejected, MEDIUM held for review, LOW and INFO warned about
         * in Postfix's log. Look-alikes of CRITICAL-sensitivity domains (army.mil) are rejected from MEDIUM up
         * and held at LOW.
         */
        public static Policy defaults() {
            Map<Sensitivity, Map<Severity, PolicyAction>> t = new EnumMap<>(Sensitivity.class);
            for (Sensitivity s : Sensitivity.values()) {
                Map<Severity, PolicyAction> row = new EnumMap<>(Severity.class);
                row.put(Severity.INFO, PolicyAction.WARN);
                row.put(Severity.LOW, PolicyAction.WARN);
                row.put(Severity.MEDIUM, PolicyAction.HOLD);
                row.put(Severity.HIGH, PolicyAction.REJECT);
                row.put(Severity.CRITICAL, PolicyAction.REJECT);
                t.put(s, row);
            }
            t.get(Sensitivity.CRITICAL).put(Severity.LOW, PolicyAction.HOLD);
            t.get(Sensitivity.CRITICAL).put(Severity.MEDIUM, PolicyAction.REJECT);
            return new Policy(t, "5.7.1", "X-Typoguard-Warning", false);
        }

        /** This policy with one action changed; a null sensitivity changes that severity for every sensitivity. */
        public Policy with(Sensitivity sensitivity, Severity severity, PolicyAction action) {
            Map<Sensitivity, Map<Severity, PolicyAction>> t = copy(actions);
            for (Sensitivity s : Sensitivity.values()) {
                if (sensitivity == null || sensitivity == s) {
                    t.get(s).put(severity, action);
                }
            }
            return new Policy(t, rejectCode, prependHeader, failClosed);
        }

        public Policy withRejectCode(String code) {
            return new Policy(actions, code, prependHeader, failClosed);
        }

        public Policy withFailClosed(boolean closed) {
            return new Policy(actions, rejectCode, prependHeader, closed);
        }

        public PolicyAction action(Sensitivity sensitivity, Severity severity) {
            return actions.get(sensitivity).get(severity);
        }

        private static Map<Sensitivity, Map<Severity, PolicyAction>> copy(Map<Sensitivity, Map<Severity, PolicyAction>> m) {
            Map<Sensitivity, Map<Severity, PolicyAction>> t = new EnumMap<>(Sensitivity.class);
            m.forEach((s, row) -> t.put(s, new EnumMap<>(row)));
            return t;
        }
    }

    /**
     * The answer and why. The request and the reason are for the decision event, never for logs.
     *
     * @param reply     the action line without "action=", as sent to Postfix
     * @param action    its action word
     * @param reason    why
     * @param verdict   the detector's verdict, when it ran
     * @param severity  the finding's severity, for typos
     * @param exception the approved exception that let a typo through, if any
     * @param request   what Postfix asked
     */
    public record Decision(String reply, PolicyAction action, PolicyReason reason, Verdict verdict, Severity severity,
                           PolicyExceptions.Exception exception, PolicyRequest request) {
        /** The protocol line: "action=..." */
        public String line() {
            return "action=" + reply;
        }

        /** Refused or held: the mail did not leave. */
        public boolean blocked() {
            return action == PolicyAction.REJECT || action == PolicyAction.HOLD;
        }
    }

    private final TypoDetector detector;
    private final Policy policy;
    private final PolicyExceptions exceptions;
    private final Clock clock;
    private volatile boolean ready;

    public PolicyDecider(TrustedIndex index, Policy policy) {
        this(index, Allowlist.builtIn(), policy, new PolicyExceptions(), Clock.systemUTC());
    }

    public PolicyDecider(TrustedIndex index, Allowlist allowlist, Policy policy, PolicyExceptions exceptions, Clock clock) {
        this.detector = new TypoDetector(index, allowlist);
        this.policy = policy;
        this.exceptions = exceptions;
        this.clock = clock;
    }

    /** Called when the trusted table has been loaded. */
    public void markReady() {
        ready = true;
    }

    public boolean isReady() {
        return ready;
    }

    public Decision decide(PolicyRequest request) {
        if (!request.isRcpt()) {
            return new Decision("DUNNO", PolicyAction.DUNNO, PolicyReason.NOT_RCPT, null, null, null, request);
        }
        if (!ready) {
            return failure(request, PolicyReason.NOT_READY);
        }
        try {
            String recipient = request.get("recipient");
            if (recipient == null || recipient.isEmpty()) {
                return new Decision("DUNNO", PolicyAction.DUNNO, PolicyReason.OTHER, null, null, null, request);
            }
            Verdict v = detector.check(recipient);
            if (!(v instanceof Verdict.Typo typo)) {
                return new Decision("DUNNO", PolicyAction.DUNNO, PolicyReason.NOT_A_TYPO, v, null, null, request);
            }
            Severity severity = Scoring.score(typo.match(), DeliveryStatus.SENT).severity();
            PolicyExceptions.Exception approved = exceptions.find(request.get("sender"), recipient, clock.instant());
            if (approved != null) {
                return new Decision("DUNNO", PolicyAction.DUNNO, PolicyReason.APPROVED_EXCEPTION, v, severity, approved, request);
            }
            String typoDomain = typo.match().candidate().ascii();
            String meant = typo.match().intended().domain().ascii();
            PolicyAction action = policy.action(typo.match().intended().sensitivity(), severity);
            String reply = switch (action) {
                case REJECT -> "REJECT " + policy.rejectCode() + " Recipient domain " + typoDomain + " looks like a typo of "
                        + meant + "; did you mean " + suggestion(recipient, meant) + "?";
                case HOLD -> "HOLD recipient domain " + typoDomain + " looks like a typo of " + meant;
                case WARN -> "WARN recipient domain " + typoDomain + " looks like a typo of " + meant;
                case PREPEND -> "PREPEND " + policy.prependHeader() + ": recipient domain " + typoDomain
                        + " looks like a typo of " + meant;
                default -> "DUNNO";
            };
            return new Decision(reply, action, PolicyReason.TYPO, v, severity, null, request);
        } catch (RuntimeException e) {
            return failure(request, PolicyReason.ERROR);
        }
    }

    private static String suggestion(String recipient, String meant) {
        int at = recipient.lastIndexOf('@');
        return at <= 0 ? meant : recipient.substring(0, at) + "@" + meant.toLowerCase(Locale.ROOT);
    }

    private Decision failure(PolicyRequest request, PolicyReason reason) {
        return policy.failClosed()
                ? new Decision("DEFER_IF_PERMIT Typoguard policy service not ready, try again later", PolicyAction.DEFER_IF_PERMIT,
                        reason, null, null, null, request)
                : new Decision("DUNNO", PolicyAction.DUNNO, reason, null, null, null, request);
    }
}
