package io.typoguard.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.typoguard.schema.DeliveryStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Generated valid Postfix delivery lines parse back to the fields they were made from. */
class PostfixLinePropertiesTest {
    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    private final MailLogParser parser = new MailLogParser(Clock.fixed(NOW, ZoneOffset.UTC), ZoneOffset.UTC, 65536);

    record Line(LocalDateTime time, String host, String queueId, String local, String domain, String status, String dsn, boolean rfc3339) {
        String text() {
            String ts = rfc3339 ? time.format(DateTimeFormatter.ISO_LOCAL_DATE_TIME) + "+00:00"
                    : time.format(DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.US));
            return ts + " " + host + " postfix/smtp[4298]: " + queueId + ": to=<" + local + "@" + domain + ">, relay=mx." + domain
                    + "[192.0.2.1]:25, delay=0.4, delays=0.1/0/0.2/0.1, dsn=" + dsn + ", status=" + status + " (250 ok)";
        }
    }

    @Property(tries = 1000)
    void deliveryLinesRoundTrip(@ForAll("lines") Line l) {
        ParseOutcome o = parser.parse(l.text());

        assertThat(o).as(l.text()).isInstanceOf(ParseOutcome.Fragment.class);
        QueueFragment f = ((ParseOutcome.Fragment) o).fragment();
        assertThat(f.host()).isEqualTo(l.host());
        assertThat(f.queueId()).isEqualTo(l.queueId());
        assertThat(f.delivery().recipient()).isEqualTo(l.local() + "@" + l.domain());
        assertThat(f.delivery().recipientDomain()).isEqualTo(l.domain().toLowerCase(Locale.ROOT));
        assertThat(f.delivery().dsn()).isEqualTo(l.dsn());
        assertThat(f.delivery().status()).isEqualTo(PostfixLines.status(l.status()));
        assertThat(f.timestampMs()).isEqualTo(l.time().toInstant(ZoneOffset.UTC).toEpochMilli());
    }

    @Provide
    Arbitrary<Line> lines() {
        Arbitrary<LocalDateTime> time = Arbitraries.longs().between(0, 300L * 24 * 3600)
                .map(s -> LocalDateTime.ofEpochSecond(NOW.getEpochSecond() - s, 0, ZoneOffset.UTC));
        Arbitrary<String> host = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12).map(h -> h + ".example");
        Arbitrary<String> qid = Arbitraries.strings().withCharRange('0', '9').withCharRange('A', 'F').ofMinLength(6).ofMaxLength(12);
        Arbitrary<String> longQid = Arbitraries.strings().withChars("BCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789").ofMinLength(12).ofMaxLength(16);
        Arbitrary<String> local = Arbitraries.strings().withCharRange('a', 'z').withChars("._+-0123456789").ofMinLength(1).ofMaxLength(20)
                .filter(s -> Character.isLetter(s.charAt(0)));
        Arbitrary<String> label = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(2).ofMaxLength(15);
        Arbitrary<String> domain = Combinators.combine(label, Arbitraries.of("com", "mil", "ml", "co.uk", "gov", "de"))
                .as((a, b) -> a + "." + b);
        Arbitrary<String> status = Arbitraries.of("sent", "deferred", "bounced");
        Arbitrary<String> dsn = Arbitraries.of("2.0.0", "4.4.1", "5.1.1");
        return Combinators.combine(time, host, Arbitraries.oneOf(qid, longQid), local, domain, status, dsn, Arbitraries.of(true, false))
                .as(Line::new);
    }
}
