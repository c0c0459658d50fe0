package io.typoguard.parse;

import java.util.List;

/**
 * What one raw log record turned into. Every record gets exactly one outcome: nothing is dropped unseen.
 * Each outcome carries the format of the line it came from, as the {@link FormatRouter} decided it once (null
 * when no format recognised the record, or for another program's syslog line); the format parsers create
 * outcomes without it and the router stamps it.
 */
public sealed interface ParseOutcome {

    /** The format that read the record (for a shipper envelope, the format of the line inside), or null. */
    LogFormat format();

    /** This outcome with {@code f} as its format. */
    ParseOutcome in(LogFormat f);

    /** Complete deliveries (a JSON line, a Postfix RCPT-time reject): ready to become events. */
    record Deliveries(List<Delivery> deliveries, LogFormat format) implements ParseOutcome {
        public Deliveries(List<Delivery> deliveries) {
            this(deliveries, null);
        }

        @Override
        public Deliveries in(LogFormat f) {
            return new Deliveries(deliveries, f);
        }
    }

    /** A Postfix line that only makes sense joined with others of the same queue id. */
    record Fragment(QueueFragment fragment, LogFormat format) implements ParseOutcome {
        public Fragment(QueueFragment fragment) {
            this(fragment, null);
        }

        @Override
        public Fragment in(LogFormat f) {
            return new Fragment(fragment, f);
        }
    }

    /** Several recipients on one line (Sendmail's to=&lt;a&gt;,&lt;b&gt;), each to be joined by queue id. */
    record Fragments(List<QueueFragment> fragments, LogFormat format) implements ParseOutcome {
        public Fragments(List<QueueFragment> fragments) {
            this(fragments, null);
        }

        @Override
        public Fragments in(LogFormat f) {
            return new Fragments(fragments, f);
        }
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
    record Noise(String kind, LogFormat format) implements ParseOutcome {
        public Noise(String kind) {
            this(kind, null);
        }

        @Override
        public Noise in(LogFormat f) {
            return new Noise(kind, f);
        }
    }

    /** Input that cannot be read; the reason never quotes the content (it may hold addresses). */
    record Failure(String reason, LogFormat format) implements ParseOutcome {
        public Failure(String reason) {
            this(reason, null);
        }

        @Override
        public Failure in(LogFormat f) {
            return new Failure(reason, f);
        }
    }
}
