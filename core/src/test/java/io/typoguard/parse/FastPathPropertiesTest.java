package io.typoguard.parse;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The parser's hand-written checks on the hot path decide exactly as the regular expressions they replaced:
 * the queue-id splits as {@code QUEUED} (Postfix and Sendmail), Sendmail's field scanner as its {@code FIELD}
 * pattern, and the Exim timestamp pre-check never refuses a line that {@code EXIM_LINE} matches.
 */
class FastPathPropertiesTest {

    @Property(tries = 3000)
    void queueIdSplitAgreesWithTheQueuedPattern(@ForAll("postfixMessages") String msg) {
        var m = PostfixLines.QUEUED.matcher(msg);
        int colon = PostfixLines.queueIdEnd(msg);
        if (m.matches()) {
            assertThat(colon).as(msg).isEqualTo(m.end("qid"));
            assertThat(msg.substring(colon + 2)).isEqualTo(m.group("rest"));
        } else {
            assertThat(colon).as(msg).isEqualTo(-1);
        }
    }

    @Property(tries = 3000)
    void sendmailQueueIdSplitAgreesWithItsPattern(@ForAll("postfixMessages") String msg) {
        var m = SENDMAIL_QUEUED.matcher(msg);
        int colon = SendmailLines.queueIdEnd(msg);
        if (m.matches()) {
            assertThat(colon).as(msg).isEqualTo(m.end("qid"));
        } else {
            assertThat(colon).as(msg).isEqualTo(-1);
        }
    }

    @Property(tries = 3000)
    void sendmailFieldScannerAgreesWithItsPattern(@ForAll("sendmailFields") String text) {
        java.util.Map<String, String> expected = new java.util.HashMap<>();
        var m = SENDMAIL_FIELD.matcher(text);
        while (m.find()) {
            expected.putIfAbsent(m.group("name"), m.group("value").strip());
        }
        assertThat(SendmailLines.fields(text)).as(text).isEqualTo(expected);
    }

    @Property(tries = 3000)
    void pickingFieldsAgreesWithTheWholeMap(@ForAll("sendmailFields") String text) {
        String[] postfixNames = {"to", "orig_to", "relay", "dsn", "status", "from"};
        String[] postfix = PostfixLines.pick(text, postfixNames);
        var postfixAll = PostfixLines.fields(text);
        String[] sendmailNames = {"to", "stat", "dsn", "relay", "from", "msgid"};
        String[] sendmail = SendmailLines.pick(text, sendmailNames);
        var sendmailAll = SendmailLines.fields(text);
        // what Postfix lines read after "QUEUEID: " in place: the same as picking from the text on its own
        String[] inPlace = PostfixLines.pick("4F9D195432C: " + text, "4F9D195432C: ".length(), postfixNames);
        String[] afterName = PostfixLines.pick("x" + text, 1, postfixNames);
        for (int k = 0; k < postfixNames.length; k++) {
            assertThat(postfix[k]).as(postfixNames[k] + " in " + text).isEqualTo(postfixAll.get(postfixNames[k]));
            assertThat(inPlace[k]).as(postfixNames[k] + " in place in " + text).isEqualTo(postfix[k]);
            assertThat(afterName[k]).as(postfixNames[k] + " after a name letter in " + text).isEqualTo(postfix[k]);
        }
        for (int k = 0; k < sendmailNames.length; k++) {
            assertThat(sendmail[k]).as(sendmailNames[k] + " in " + text).isEqualTo(sendmailAll.get(sendmailNames[k]));
        }
    }

    /** The patterns SendmailLines used before its hand-written scanners. */
    private static final java.util.regex.Pattern SENDMAIL_QUEUED = java.util.regex.Pattern.compile("^(?<qid>[0-9A-Za-z]{8,20}): (?<rest>.*)$");
    private static final java.util.regex.Pattern SENDMAIL_FIELD = java.util.regex.Pattern.compile("(?<name>[a-z]+)=(?<value><[^>]*>|[^,]*)");

    @Provide
    Arbitrary<String> sendmailFields() {
        Arbitrary<String> piece = Arbitraries.oneOf(
                Arbitraries.of("to=", "from=", "stat=", "dsn=", "relay=", "ctladdr=", "Xa=", "=", "==", "a==b", "msgid=", "orig_to=",
                        "status=", "xto=", "_to="),
                Arbitraries.of("<a@b.test>", "<a@b,c>", "<x", "x>", "<>", "<a>,<b>", "root (0/0)", "Sent (Ok: queued as 4ABC)", ""),
                Arbitraries.of(", ", ",", " ", "  "),
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(6));
        return piece.list().ofMaxSize(14).map(l -> String.join("", l));
    }

    /** A syslog line's Postfix body read in place, after any prefix, gives the outcome of the body on its own. */
    @Property(tries = 5000)
    void aBodyReadInPlaceParsesAsTheBodyAlone(@ForAll("linePrefixes") String prefix, @ForAll("postfixBodies") String body) {
        ParseOutcome alone = PostfixLines.parse(1_764_217_272_000L, "mx1", body);
        ParseOutcome inPlace = PostfixLines.parse(1_764_217_272_000L, () -> "mx1", prefix + body, prefix.length());
        assertThat(inPlace).as(prefix + body).isEqualTo(alone);
        int colon = PostfixLines.queueIdEnd(body);
        assertThat(PostfixLines.queueIdEnd(prefix + body, prefix.length(), 5)).as(prefix + body)
                .isEqualTo(colon < 0 ? -1 : colon + prefix.length());
    }

    /** The router's in-place program check answers what lower-casing the program name and asking would. */
    @Property(tries = 3000)
    void programCheckedInPlaceAsLowerCased(@ForAll("programs") String program) {
        SyslogPrefix p = SyslogPrefix.split("Nov 27 04:21:12 mx1 " + program + "[42]: body");
        if (p == null) {
            return; // not a program name the prefix accepts
        }
        for (String wanted : new String[] {"postfix", "sendmail", "sm-", "exim"}) {
            assertThat(p.programStartsWith(wanted)).as(program + " starts with " + wanted)
                    .isEqualTo(program.toLowerCase(java.util.Locale.ROOT).startsWith(wanted));
        }
    }

    /** A time read in place in its line, from the cache of the line before or afresh, is the time read from a copy. */
    @Property(tries = 2000)
    void timeReadInPlaceAsFromACopy(@ForAll("syslogTimes") java.util.List<String> times) {
        java.time.Clock clock = java.time.Clock.fixed(java.time.Instant.parse("2026-12-07T12:00:00Z"), java.time.ZoneOffset.UTC);
        SyslogTimes inPlace = new SyslogTimes(clock, java.time.ZoneOffset.UTC);
        SyslogTimes copied = new SyslogTimes(clock, java.time.ZoneOffset.UTC);
        for (String ts : times) {
            String line = "<" + ts + "> x";
            Object expected;
            try {
                expected = copied.millis(ts);
            } catch (RuntimeException e) {
                expected = e.getClass();
            }
            Object actual;
            try {
                actual = inPlace.millis(line, 1, 1 + ts.length());
            } catch (RuntimeException e) {
                actual = e.getClass();
            }
            assertThat(actual).as(ts).isEqualTo(expected);
        }
    }

    @Provide
    Arbitrary<String> linePrefixes() {
        return Arbitraries.of("", "Nov 27 04:21:12 mx1 postfix/smtp[1]: ", "x", "; from=<a@b.test> ", "; to=<c@d.test> x: ",
                "2026-11-27T04:21:12.123+00:00 mx1.lon postfix/qmgr[9]: ");
    }

    @Provide
    Arbitrary<String> postfixBodies() {
        Arbitrary<String> piece = Arbitraries.oneOf(
                Arbitraries.of("4F9D195432C: ", "NOQUEUE: ", "ABCDE: ", "reject: ", "milter-reject: ", "reject_warning: ", "discard: ",
                        "RCPT from x[1.2.3.4]: ", "554 5.7.1 <a@army.ml>: Recipient address rejected", "; from=<s@x.test>",
                        " to=<a@army.ml>", "; to=<v@army.ml>", " proto=ESMTP helo=<h>", "to=<a@army.ml>, ", "to=a@army.ml, ",
                        "orig_to=<b@army.mil>, ", "relay=x[1.2.3.4]:25, ", "dsn=2.0.0, ", "status=sent (250 ok)", "status=expired",
                        "from=<s@x.test>, size=1, nrcpt=1 (queue active)", "from=<", "removed", "message-id=<m@x.test>",
                        "connect from x[1.2.3.4]", "client=x[1.2.3.4]", "to=<a@", "status=bounced", "5.1.1", "\u0085", "\n"),
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(5));
        return piece.list().ofMaxSize(8).map(l -> String.join("", l));
    }

    @Provide
    Arbitrary<String> programs() {
        Arbitrary<String> name = Arbitraries.of("postfix/smtp", "Postfix/qmgr", "POSTFIX", "sendmail", "SendMail", "sm-mta", "SM-msp-queue",
                "exim4", "EXIM", "postfi", "sm", "dovecot", "\u212Aexim", "\u0130exim", "ex\u0130m", "\u017Fendmail", "po\u017Ftfix", "postfix\u212A");
        Arbitrary<String> tail = Arbitraries.strings().withCharRange('a', 'z').withChars("/-_.KSİſ").ofMaxLength(3);
        return net.jqwik.api.Combinators.combine(name, tail).as((a, b) -> a + b);
    }

    @Provide
    Arbitrary<java.util.List<String>> syslogTimes() {
        Arbitrary<String> ts = Arbitraries.of("Nov 27 04:21:12", "Nov 27 04:21:13", "Mar  7 04:30:01", "Mar 7 04:30:01", "Mar  7 04:30:01.123456",
                "Feb 29 10:00:00", "Feb 30 10:00:00", "Xyz 27 04:21:12", "Nov 27 25:21:12", "2026-11-27T04:21:12.123+00:00",
                "2026-11-27T04:21:12Z", "1764217272.123456", "1764217272", "Nov 27 04:21:1x");
        return ts.list().ofMinSize(1).ofMaxSize(6);
    }

    @Property(tries = 3000)
    void eximPrecheckNeverRefusesAnEximLine(@ForAll("eximish") String line) {
        if (EximLines.EXIM_LINE.matcher(line).matches()) {
            assertThat(EximLines.startsWithEximTime(line)).as(line).isTrue();
        }
    }

    @Provide
    Arbitrary<String> postfixMessages() {
        Arbitrary<String> id = Arbitraries.strings().withCharRange('0', '9').withCharRange('A', 'Z').withCharRange('a', 'z')
                .withChars("_-.:é").ofMinLength(0).ofMaxLength(24);
        Arbitrary<String> sep = Arbitraries.of(": ", ":", " : ", ":  ", "", ": \n", ":\u2028");
        Arbitrary<String> rest = Arbitraries.strings().withCharRange(' ', '~').withChars("\u0085\u2028\u2029\r\n\té")
                .ofMinLength(0).ofMaxLength(40);
        return net.jqwik.api.Combinators.combine(id, sep, rest).as((a, b, c) -> a + b + c);
    }

    @Provide
    Arbitrary<String> eximish() {
        Arbitrary<String> date = Arbitraries.strings().withChars("0123456789-: .T+").ofLength(19);
        Arbitrary<String> rest = Arbitraries.of("", " 1rX2y3-000ABC-Zz <= a@b.ml", ".123 +0100 [42] => x@y.mil", " [7] ** z@q.ml");
        Arbitrary<String> real = Arbitraries.longs().between(0, 4_000_000_000L)
                .map(s -> java.time.LocalDateTime.ofEpochSecond(s, 0, java.time.ZoneOffset.UTC)
                        .format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")));
        return net.jqwik.api.Combinators.combine(Arbitraries.oneOf(date, real), rest).as((a, b) -> a + b);
    }
}
