package io.typoguard.bench;

import io.typoguard.detect.Allowlist;
import io.typoguard.relate.Correspondents;
import io.typoguard.relate.EstablishedRule;
import io.typoguard.relate.Relationship;
import io.typoguard.schema.DeliveryStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Heap held by issue 19's relationship model for N (organisation, domain) pairs: the Relationship values (as an
 * in-memory table would hold them; the topology's store will hold them serialised) and the Correspondents index of
 * the established ones. Each pair gets 1 to 8 senders, mail on 1 to 10 days and, for half of them, replies that
 * establish it. Run: java -Xmx8g -cp <test classpath> io.typoguard.bench.RelationshipFootprint 100000 1000000
 */
public final class RelationshipFootprint {
    private static final long DAY = 86_400_000L;
    private static final long T0 = 1_764_547_200_000L;

    /**
     * The {@code i}-th synthetic pair: one of 20 organisations, a made-up domain, 1 to 8 senders, mail on 1 to 10 days,
     * and for even {@code i} a reply each day (which establishes it from the third day).
     */
    static Relationship pair(Random r, int i) {
        String org = "org" + (i % 20) + ".example";
        Relationship rel = Relationship.empty(org, BenchData.name(r) + i + ".com");
        int days = 1 + r.nextInt(10);
        int senders = 1 + r.nextInt(8);
        for (int d = 0; d < days; d++) {
            rel = rel.withSent("user" + r.nextInt(senders) + "@" + org, DeliveryStatus.SENT, T0 + d * DAY);
            if (i % 2 == 0) {
                rel = rel.withReceived(T0 + d * DAY + 60_000L);
            }
        }
        return rel;
    }

    public static void main(String[] args) throws Exception {
        for (String a : args.length == 0 ? new String[] {"100000", "1000000"} : args) {
            int n = Integer.parseInt(a);
            Random r = new Random(7);
            long before = IndexFootprint.used();
            List<Relationship> table = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                table.add(pair(r, i));
            }
            long afterTable = IndexFootprint.used();
            Correspondents correspondents = new Correspondents(EstablishedRule.DEFAULT, Allowlist.none());
            int established = 0;
            for (Relationship rel : table) {
                correspondents.update(rel);
                established += EstablishedRule.DEFAULT.establishes(rel) ? 1 : 0;
            }
            long afterIndex = IndexFootprint.used();
            System.out.printf("pairs=%d table_heap_mb=%.1f bytes_per_pair=%.0f established=%d correspondents_index_heap_mb=%.1f bytes_per_established=%.0f%n",
                    n, (afterTable - before) / 1048576.0, (double) (afterTable - before) / n, established,
                    (afterIndex - afterTable) / 1048576.0, (double) (afterIndex - afterTable) / Math.max(1, established));
            if (table.size() != n || correspondents.count("org0.example") == 0) {
                throw new IllegalStateException("nothing built");
            }
        }
    }
}
