package io.typoguard.relate;

import io.typoguard.config.ConfigException;

/**
 * When a domain counts as an established correspondent of an organisation (issue 19): it has written to us at
 * least {@code minReceived} times, we have written to it at least {@code minSent} times, and mail went either way
 * on at least {@code minDays} distinct days.
 *
 * <p>Replies are the evidence, not volume: mail to army.ml went on for a decade and army.ml never wrote back,
 * so no amount of sending establishes a domain on its own. The days keep one burst (a thread of a few hours
 * with a domain that auto-replies) from establishing it. Defaults: 3 days, 3 messages sent, 1 received.
 *
 * @param minDays     distinct days with mail either way, 1 to {@link Relationship#TRACKED_DAYS}
 * @param minSent     messages from the organisation to the domain, at least 1
 * @param minReceived messages from the domain to the organisation, at least 1
 */
public record EstablishedRule(int minDays, long minSent, long minReceived) {
    public static final EstablishedRule DEFAULT = new EstablishedRule(3, 3, 1);

    public EstablishedRule {
        if (minDays < 1 || minDays > Relationship.TRACKED_DAYS) {
            throw new ConfigException("established correspondents: minimum days must be 1 to " + Relationship.TRACKED_DAYS + ", got " + minDays);
        }
        if (minSent < 1 || minReceived < 1) {
            throw new ConfigException("established correspondents: at least one message each way is needed (replies are the evidence), got sent "
                    + minSent + ", received " + minReceived);
        }
    }

    public boolean establishes(Relationship r) {
        return r.sent() >= minSent && r.received() >= minReceived && r.activeDays() >= minDays;
    }
}
