package io.typoguard.parse;

import java.util.List;

/** What one raw log record turned into. Every record gets exactly one outcome: nothing is dropped unseen. */
public sealed interface ParseOutcome {

    /** Complete deliveries (a JSON line, a Postfix RCPT-time reject): ready to become events. */
    record Deliveries(List<Delivery> deliveries) implements ParseOutcome {
    }

    /** A Postfix line that only makes sense joined with others of the same queue id. */
    record Fragment(QueueFragment fragment) implements ParseOutcome {
    }

    /** Several recipients on one line (Sendmail's to=&lt;a&gt;,&lt;b&gt;), each to be joined by queue id. */
    record Fragments(List<QueueFragment> fragments) implements ParseOutcome {
    }

    /** The fragments of a Fragment or Fragments outcome; empty for the others. */
    public static List<QueueFragment> fragmentsOf(ParseOutcome o) {
        if (o instanceof Fragment f) {
            return List.of(f.fragment());
        }
        if (o instanceof Fragments fs) {
            return fs.fragments();
        }
        return List.of();
    }

    /** A recognised line with nothing to check (connect from, statistics): counted, not an error. */
    record Noise(String kind) implements ParseOutcome {
    }

    /** Input that cannot be read; the reason never quotes the content (it may hold addresses). */
    record Failure(String reason) implements ParseOutcome {
    }
}
