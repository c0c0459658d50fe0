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
