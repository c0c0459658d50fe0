package io.typoguard.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class Rfc3339Test {
    /** The fast reader agrees with java.time on every timestamp shape rsyslog and shippers write. */
    @Property(tries = 2000)
    void agreesWithJavaTime(@ForAll @LongRange(min = 0, max = 4_102_444_800_000L) long millis,
                            @ForAll @IntRange(min = -14 * 4, max = 14 * 4) int quarterHours,
                            @ForAll @IntRange(min = 0, max = 3) int style) {
        ZoneOffset offset = ZoneOffset.ofTotalSeconds(quarterHours * 900);
        OffsetDateTime t = Instant.ofEpochMilli(millis).atOffset(offset);
        String text = switch (style) {
            case 0 -> t.format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx"));
            case 1 -> t.format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx"));
            case 2 -> t.format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx"));
            default -> t.withOffsetSameInstant(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'"));
        };
        long expected = style == 2 ? millis - Math.floorMod(millis, 1000) : millis;

        assertThat(Rfc3339.epochMillis(text)).as(text).isEqualTo(expected);
    }

    @Property
    void rejectsWhatItDoesNotKnow(@ForAll String junk) {
        long v = Rfc3339.epochMillis(junk);
        assertThat(v == Long.MIN_VALUE || junk.length() >= 20).isTrue();
    }
}
