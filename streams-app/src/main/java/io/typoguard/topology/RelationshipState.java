package io.typoguard.topology;

import io.typoguard.relate.Relationship;

/**
 * A row of the relationship store: the relationship and the log time from which it has been established
 * ({@link Relationship#NEVER} while it is not). Once established a relationship stays so: its counts and days only grow.
 */
record RelationshipState(Relationship relationship, long establishedSince) {
    boolean established() {
        return establishedSince != Relationship.NEVER;
    }
}
