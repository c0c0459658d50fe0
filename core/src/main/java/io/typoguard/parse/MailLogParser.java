package io.typoguard.parse;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Reads one raw record of {@code mail.log.raw}: decodes it (UTF-8, size limit), lets the {@link FormatRouter}
 * decide its format once and hand it to that format's parser ({@link PostfixLines}, {@link SendmailLines},
 * {@link EximLines}, {@link ExchangeTrackingLines}, {@link ExchangeOnlineLines}, {@link JsonEvents}, with
 * {@link ShipperEnvelopes} unwrapped first), then checks what came out (no time before 1970 or more than
 * {@link #MAX_FUTURE_MS} ahead of the clock, at least one recipient). The outcome carries its format. Plain
 * Java; never throws on any input. Not thread-safe (it remembers the latest Exchange header): one per thread.
 */
public final class MailLogParser {
    /** Longest record accepted; longer ones are dead-lettered (a real log line is under 2 KiB). */
    public static final int DEFAULT_MAX_LINE_BYTES = 64 * 1024;

    /**
     * How far ahead of this host's clock a log time may be. A line from the future would move stream time
     * forward and close every open window early (and brokers refuse such records); it is dead-lettered.
     */
    public static final long MAX_FUTURE_MS = 60 * 60_000L;

    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final SyslogTimes times;
    private final FormatRouter router;
    private final int maxLineBytes;

    public MailLogParser(Clock clock, ZoneId zoneForSyslogTimes, int maxLineBytes) {
        this(clock, zoneForSyslogTimes, maxLineBytes, LogFormat.AUTO);
    }

    /**
     * @param format AUTO to detect each record's format; any other value accepts only that format (records of
     *               another format fail with a reason saying so)
     */
    public MailLogParser(Clock clock, ZoneId zoneForSyslogTimes, int maxLineBytes, LogFormat format) {
        this.times = new SyslogTimes(clock, zoneForSyslogTimes);
        this.router = new FormatRouter(times, format, maxLineBytes);
        this.maxLineBytes = maxLineBytes;
    }

    public MailLogParser() {
        this(Clock.systemUTC(), ZoneOffset.UTC, DEFAULT_MAX_LINE_BYTES);
    }

    /**
     * Reads BSD syslog dates (which carry no year) as dates of {@code year}, for scanning an archive of one
     * year; 0 restores the default inference from the clock.
     */
    public MailLogParser useYear(int year) {
        times.useYear(year);
        return this;
    }

    /** Parses raw bytes (UTF-8 expected). */
    public ParseOutcome parse(byte[] raw) {
        return parse(raw, null);
    }

    /**
     * Parses raw bytes; {@code defaultHost} (the record key, when a shipper sets it) names the MTA host for
     * formats whose lines do not (Exim's mainlog).
     */
    public ParseOutcome parse(byte[] raw, String defaultHost) {
        if (raw == null) {
            return new ParseOutcome.Failure("empty record");
        }
        return parse(raw, 0, raw.length, defaultHost);
    }

    /** Parses {@code len} raw bytes of {@code buf} from {@code off} (a line inside a larger buffer, for scans). */
    public ParseOutcome parse(byte[] buf, int off, int len, String defaultHost) {
        if (len == 0) {
            return new ParseOutcome.Failure("empty record");
        }
        if (len > maxLineBytes) {
            return new ParseOutcome.Failure("record of " + len + " bytes exceeds the limit of " + maxLineBytes);
        }
        // The JDK's UTF-8 constructor copies an ASCII line (nearly every mail log line) with a vectorised check; it
        // replaces invalid bytes with U+FFFD, so a line holding U+FFFD is decoded again, strictly, to tell the two apart.
        String line = new String(buf, off, len, StandardCharsets.UTF_8);
        if (line.indexOf('\uFFFD') >= 0) {
            try {
                utf8.reset().decode(ByteBuffer.wrap(buf, off, len));
            } catch (CharacterCodingException e) {
                return new ParseOutcome.Failure("not valid UTF-8");
            }
        }
        return parse(line, defaultHost);
    }

    /** Parses one line of text. */
    public ParseOutcome parse(String line) {
        return parse(line, null);
    }

    /** Parses one line of text, with the host to assume when the line names none. */
    public ParseOutcome parse(String line, String defaultHost) {
        try {
            ParseOutcome o = router.route(line, defaultHost);
            if (!times.yearFixed() && !allTimesWithin(o, Long.MIN_VALUE, times.now() + MAX_FUTURE_MS)) {
                return new ParseOutcome.Failure("timestamp more than " + MAX_FUTURE_MS / 60_000 + " minutes ahead of this host's clock", o.format());
            }
            if (o instanceof ParseOutcome.Deliveries d && d.deliveries().isEmpty()) {
                return new ParseOutcome.Failure("no recipient in the record", o.format());
            }
            if (!allTimesWithin(o, 0, Long.MAX_VALUE)) {
                return new ParseOutcome.Failure("invalid timestamp (before 1970)", o.format());
            }
            return o;
        } catch (RuntimeException | StackOverflowError e) {
            // Defensive: a parser bug must not stop the pipeline; the record is dead-lettered instead.
            return new ParseOutcome.Failure("parser error: " + e.getClass().getSimpleName());
        }
    }

    /** True when every time in the outcome is in [min, max] (loops, not streams: this runs for every line). */
    private static boolean allTimesWithin(ParseOutcome o, long min, long max) {
        if (o instanceof ParseOutcome.Deliveries d) {
            for (Delivery x : d.deliveries()) {
                if (x.timestampMs() < min || x.timestampMs() > max) {
                    return false;
                }
            }
            return true;
        }
        for (QueueFragment f : ParseOutcome.fragmentsOf(o)) {
            if (f.timestampMs() < min || f.timestampMs() > max) {
                return false;
            }
        }
        return true;
    }
}
