package io.typoguard.detect;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;

class DeleteKeyHashTest {
    /** The query side's O(1)-per-deletion hashes equal the index side's hashes of the built strings. */
    @Property(tries = 2000)
    void rollingHashesEqualHashesOfTheDeletedStrings(@ForAll @AlphaChars @StringLength(min = 1, max = 40) String label,
                                                     @ForAll @AlphaChars @StringLength(min = 1, max = 8) String suffix) {
        long[] all = DeleteKeyHash.allOf(suffix, label);

        assertThat(all[0]).isEqualTo(DeleteKeyHash.of(suffix, label));
        for (int i = 0; i < label.length(); i++) {
            assertThat(all[i + 1]).isEqualTo(DeleteKeyHash.of(suffix, label.substring(0, i) + label.substring(i + 1)));
        }
    }

    /** The depth-2 hashes (first letter kept) equal the hashes of the strings with those two characters deleted. */
    @Property(tries = 1000)
    void pairHashesEqualHashesOfTheStringsWithTwoCharactersDeleted(@ForAll @AlphaChars @StringLength(min = 1, max = 40) String label) {
        long[] hashes = new long[label.length() * label.length()];
        int count = DeleteKeyHash.pairs(label, hashes);
        java.util.List<String> seen = new java.util.ArrayList<>();
        int k = 0;
        for (int i = 1; i < label.length(); i++) {
            for (int j = i + 1; j < label.length(); j++) {
                String variant = label.substring(0, i) + label.substring(i + 1, j) + label.substring(j + 1);
                assertThat(hashes[k++]).as("%s without %d and %d", label, i, j).isEqualTo(DeleteKeyHash.of("", variant));
                seen.add(i + "," + j);
            }
        }

        int n = label.length();
        assertThat(count).isEqualTo(n < 3 ? 0 : (n - 1) * (n - 2) / 2).isEqualTo(seen.size());
    }
}
