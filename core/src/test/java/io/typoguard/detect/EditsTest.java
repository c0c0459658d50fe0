package io.typoguard.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EditsTest {
    @Test
    void distanceCountsATranspositionAsOneEdit() {
        assertThat(Edits.distance("gmail", "gmial", 3)).isEqualTo(1);
        assertThat(Edits.distance("army", "navy", 3)).isEqualTo(3);
        assertThat(Edits.distance("abc", "abcdefgh", 2)).isEqualTo(3);
    }

    @Test
    void namesTheSingleEdit() {
        assertThat(Edits.singleEdit("mil", "ml")).isEqualTo(new Edits.Edit(Edits.Kind.OMISSION, 1, 'i', (char) 0));
        assertThat(Edits.singleEdit("gov", "gob")).isEqualTo(new Edits.Edit(Edits.Kind.SUBSTITUTION, 2, 'v', 'b'));
        assertThat(Edits.singleEdit("gmail", "gmaill").kind()).isEqualTo(Edits.Kind.REPETITION);
        assertThat(Edits.singleEdit("gmail", "gmial").kind()).isEqualTo(Edits.Kind.TRANSPOSITION);
        assertThat(Edits.singleEdit("army", "navy")).isNull();
    }

    @Test
    void knowsTheQwertyNeighbours() {
        assertThat(Edits.keyboardAdjacent('a', 's')).isTrue();
        assertThat(Edits.keyboardAdjacent('a', 'q')).isTrue();
        assertThat(Edits.keyboardAdjacent('a', 'w')).isTrue();
        assertThat(Edits.keyboardAdjacent('v', 'b')).isTrue();
        assertThat(Edits.keyboardAdjacent('a', 'p')).isFalse();
    }

    @Test
    void countsTheReplacementsThatAreNoPlausibleSlip() {
        assertThat(Edits.implausibleReplacements("hotmail", "htomali")).as("two swapped pairs").isZero();
        assertThat(Edits.implausibleReplacements("wanadoo", "wananadoo")).as("two insertions").isZero();
        assertThat(Edits.implausibleReplacements("teletalk", "taletak")).as("a vowel and an omission").isZero();
        assertThat(Edits.implausibleReplacements("hotmail", "hotmsil")).as("a neighbouring key").isZero();
        assertThat(Edits.implausibleReplacements("hotmail", "hotmart")).as("i->r and l->t").isEqualTo(2);
        assertThat(Edits.implausibleReplacements("outlook", "onelook")).as("u->n and t->e").isEqualTo(2);
        assertThat(Edits.implausibleReplacements("hotmail", "hotair")).as("an omission and l->r").isEqualTo(1);
    }
}
