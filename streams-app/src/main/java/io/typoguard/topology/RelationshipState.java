package io.typoguard.topology;

import io.typoguard.relate.Relationship;

/**
 * A row of the relationship store: the relationship and the log time from which it has been established
 * ({@link Relationship#NEVER} while it is not). Once established a relationship stays so: its counts and days only grow.
 */
public record RelationshipState(Relationship relationship, long establishedSince) {
    public boolean established() {
        return establishedSince != Relationship.NEVER;
    }

    /** The store's key for a pair: {@code "<organisation> <domain>"} (a domain has no space; an organisation name may). */
    public static String key(String organisation, String domain) {
        return organisation + " " + domain;
    }
}
