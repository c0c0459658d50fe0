package io.typoguard.topology;

import io.typoguard.parse.ParseOutcome;

/** A parse outcome travelling with the record's original bytes, so a failure can be dead-lettered as it came. */
record Parsed(ParseOutcome outcome, byte[] original) {
}
