package io.typoguard.detect;

/** A domain or address that cannot be checked; the message is safe to show and to put in a header. */
public final class InvalidDomainException extends IllegalArgumentException {
    public InvalidDomainException(String reason) {
        super(reason);
    }
}
