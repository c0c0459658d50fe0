package io.typoguard.relate;

import io.typoguard.schema.Correspondent;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Established correspondents worth putting on the trusted list (issue 19): an organisation's established
 * correspondents, ranked by how many of its people write to them, then by how much mail goes both ways
 * (the smaller of sent and received, so a busy one-way flow ranks below a real conversation), then by name.
 * Each comes with one line that says why. Plain Java, no Kafka.
 */
public final class Suggestions {
    private Suggestions() {
    }

    /** The ranking: most distinct senders first, then most mail both ways, then by name. */
    public static final Comparator<Correspondent> RANK = Comparator.comparingLong(Correspondent::getDistinctSenders).reversed()
            .thenComparing(Comparator.comparingLong(Suggestions::bothWays).reversed())
            .thenComparing(c -> c.getDomain());

    /**
     * The {@code top} best established correspondents of {@code organisation} (every organisation when null),
     * leaving out those in {@code alreadyTrusted}.
     */
    public static List<Correspondent> rank(Collection<Correspondent> all, String organisation, Set<String> alreadyTrusted, int top) {
        return all.stream()
                .filter(c -> c.getEstablished() && (organisation == null || organisation.equals(c.getOrganisation())))
                .filter(c -> !alreadyTrusted.contains(c.getDomain()))
                .sorted(RANK)
                .limit(top)
                .toList();
    }

    private static long bothWays(Correspondent c) {
        return Math.min(c.getSent(), c.getReceived());
    }

    /** One line: who writes there, how much either way, since when. */
    public static String reason(Correspondent c) {
        return String.format(Locale.ROOT, "%d %s of %s wrote to it; %d sent, %d received, on %s%d days between %s and %s; established %s",
                c.getDistinctSenders(), c.getDistinctSenders() == 1 ? "sender" : "senders", c.getOrganisation(), c.getSent(), c.getReceived(),
                c.getActiveDays() >= Relationship.TRACKED_DAYS ? "at least " : "", c.getActiveDays(), day(c.getFirstSeen().toEpochMilli()),
                day(c.getLastSeen().toEpochMilli()), c.getEstablishedSince() == null ? "-" : day(c.getEstablishedSince().toEpochMilli()));
    }

    /**
     * The suggestions as a trusted-list CSV that {@code typoguard trusted import} reads: a comment with the reason
     * above each row; normal sensitivity, subdomains included, no organisation (the operator knows it, we do not).
     */
    public static String toCsv(List<Correspondent> ranked) {
        StringBuilder sb = new StringBuilder("# Suggested by typoguard trusted suggest: established correspondents, most senders first.\n"
                + "# Review, set organisation and sensitivity, then: typoguard trusted import FILE\n"
                + "domain,organisation,sensitivity,include_subdomains,allowed_lookalikes\n");
        for (Correspondent c : ranked) {
            sb.append("# ").append(reason(c)).append('\n').append(c.getDomain()).append(",,normal,true,\n");
        }
        return sb.toString();
    }

    private static String day(long epochMillis) {
        return LocalDate.ofInstant(java.time.Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC).toString();
    }
}
