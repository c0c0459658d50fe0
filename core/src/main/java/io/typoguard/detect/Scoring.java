package io.typoguard.detect;

import io.typoguard.schema.DeliveryStatus;
import io.typoguard.schema.Severity;
import io.typoguard.schema.Technique;

/**
 * Turns a match and the delivery outcome into a 0-100 score and a severity. Deterministic and simple
 * enough to explain to an analyst: technique base + confidence from the label length + the trusted
 * entry's sensitivity + what happened to the message.
 */
public final class Scoring {
    private Scoring() {
    }

    public record Score(int value, Severity severity) {
    }

    public static Score score(Match match, DeliveryStatus status) {
        int s = base(match.technique());
        // Longer names make a one-edit match less likely to be a coincidence.
        s += Math.min(10, Math.max(-10, (match.intended().domain().label().length() - 5) * 2));
        s += switch (match.intended().sensitivity()) {
            case LOW -> -10;
            case NORMAL -> 0;
            case HIGH -> 10;
            case CRITICAL -> 15;
        };
        s += switch (status == null ? DeliveryStatus.UNKNOWN : status) {
            case SENT -> 10;
            case DEFERRED, UNKNOWN -> 0;
            case BOUNCED, EXPIRED, REJECTED -> -10;
        };
        s = Math.max(0, Math.min(100, s));
        return new Score(s, severity(s));
    }

    public static Severity severity(int score) {
        if (score >= 90) {
            return Severity.CRITICAL;
        }
        if (score >= 75) {
            return Severity.HIGH;
        }
        if (score >= 55) {
            return Severity.MEDIUM;
        }
        if (score >= 35) {
            return Severity.LOW;
        }
        return Severity.INFO;
    }

    static int base(Technique t) {
        return switch (t) {
            case TLD_OMISSION, TLD_SUBSTITUTION, TLD_KEYBOARD_REPLACEMENT, TLD_TRANSPOSITION, MISSING_DOT -> 75;
            case TLD_INSERTION, TLD_APPENDED, LABEL_TRANSPOSITION, LABEL_REPETITION, HOMOGLYPH, IDN_HOMOGRAPH -> 70;
            case LABEL_OMISSION, LABEL_KEYBOARD_REPLACEMENT, EXTRA_DOT, DOT_DASH_SWAP, SUBDOMAIN_TYPO -> 65;
            case VOWEL_SWAP, LABEL_INSERTION, HYPHENATION, LABEL_AND_TLD -> 55;
            case TLD_SWAP, BITSQUATTING, LABEL_REPLACEMENT, LABEL_TWO_EDITS -> 50;
            case OTHER -> 40;
        };
    }
}
