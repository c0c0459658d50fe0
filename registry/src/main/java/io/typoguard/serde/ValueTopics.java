package io.typoguard.serde;

/**
 * The topics whose values are Avro records, by what they hold: their names give the registry subjects
 * ({@code <topic>-value}). The topology's {@code Topics} is one; the serdes need nothing else of it.
 */
public interface ValueTopics {
    String events();

    String trusted();

    String findings();

    String senderStats();

    String alerts();

    String exceptions();

    String decisions();

    String domainStats();

    String correspondents();
}
