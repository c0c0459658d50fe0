package io.typoguard.detect;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;

class DeleteKeyHashTest {
    /** The query side's O(1)-per-deletion hashes equal the index side's hashes of the built strings. */
    @Property(tries = 2000)
    void rollingHashesEqualHashesOfTheDeletedStrings(@ForAll @AlphaChars @StringLength(min = 1, max = 40) String label) {
        long[] all = DeleteKeyHash.allOf(label);

        assertThat(all[0]).isEqualTo(DeleteKeyHash.of(label));
        for (int i = 0; i < label.length(); i++) {
            assertThat(all[i + 1]).isEqualTo(DeleteKeyHash.of(label.substring(0, i) + label.substring(i + 1)));
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
                assertThat(hashes[k++]).as("%s without %d and %d", label, i, j).isEqualTo(DeleteKeyHash.of(variant));
                seen.add(i + "," + j);
            }
        }

        int n = label.length();
        assertThat(count).isEqualTo(n < 3 ? 0 : (n - 1) * (n - 2) / 2).isEqualTo(seen.size());
    }

    /**
     * Different keys get different hashes: every label, one-deletion and first-letter-keeping two-deletion of 3,000
     * random DNS labels (about 120,000 distinct strings) has its own 64-bit hash, and the bits the Bloom filter picks
     * its word and bits from (the low 40) collide no more than chance allows.
     */
    @org.junit.jupiter.api.Test
    void distinctKeysGetDistinctHashes() {
        java.util.Random random = new java.util.Random(3);
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-";
        java.util.Map<Long, String> byHash = new java.util.HashMap<>();
        java.util.Set<Long> low40 = new java.util.HashSet<>();
        java.util.List<String> collisions = new java.util.ArrayList<>();
        long[] pairs = new long[64 * 63 / 2];
        for (int l = 0; l < 3_000; l++) {
            StringBuilder b = new StringBuilder();
            int n = 3 + random.nextInt(14);
            for (int i = 0; i < n; i++) {
                b.append(alphabet.charAt(random.nextInt(i == 0 ? 36 : alphabet.length())));
            }
            String label = b.toString();
            java.util.List<String> variants = new java.util.ArrayList<>();
            variants.add(label);
            for (int i = 0; i < n; i++) {
                variants.add(label.substring(0, i) + label.substring(i + 1));
            }
            for (int i = 1; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    variants.add(label.substring(0, i) + label.substring(i + 1, j) + label.substring(j + 1));
                }
            }
            for (String v : variants) {
                long h = DeleteKeyHash.of(v);
                String before = byHash.putIfAbsent(h, v);
                if (before == null) {
                    low40.add(h & ((1L << 40) - 1));
                } else if (!before.equals(v)) {
                    collisions.add(before + " / " + v);
                }
            }
        }
        assertThat(byHash).hasSizeGreaterThan(100_000);
        assertThat(collisions).isEmpty();
        // n^2 / 2^41 is about 0.01 expected collisions in the low 40 bits: allow 2.
        assertThat(byHash.size() - low40.size()).isLessThanOrEqualTo(2);
    }
}
