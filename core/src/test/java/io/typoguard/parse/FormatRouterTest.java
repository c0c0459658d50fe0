package io.typoguard.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The router decides each line's format once and the outcome carries it, whatever kind of outcome it is. */
class FormatRouterTest {

    private static FormatRouter router(LogFormat fixed) {
        return new FormatRouter(new SyslogTimes(Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC), ZoneOffset.UTC),
                fixed, 65536);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            postfix sender line        | postfix         | Nov 27 04:21:12 mail postfix/qmgr[1]: ABCDE12345: from=<a@b.test>, size=1, nrcpt=1
            postfix noise              | postfix         | Nov 27 04:21:12 mail postfix/smtpd[1]: connect from unknown[127.0.0.1]
            sendmail sender line       | sendmail        | Nov 27 04:21:12 mx3 sendmail[1]: 4ARAbc0D012345: from=<alice@typoguard.test>, size=1, nrcpts=1
            exim arrival in syslog     | exim            | Nov 27 04:21:12 mx exim[1]: 1vABCd-000123-Ab <= alice@typoguard.test P=esmtp S=1
            exim mainlog arrival       | exim            | 2026-11-27 04:21:12 1vABCd-000123-Ab <= alice@typoguard.test P=esmtp S=1
            exchange header            | exchange        | #Software: Microsoft Exchange Server
            exchange online trace      | exchange-online | "11/27/2026 4:21:12 AM","a@contoso.com","x@army.ml","s","Delivered","","","1","","","0"
            json event                 | json            | {"timestamp":"2026-11-27T04:21:12Z","from":"a@b.test","to":["x@army.ml"]}
            postfix in an envelope     | postfix         | {"appname":"postfix/qmgr","hostname":"mail","message":"ABCDE12345: from=<a@b.test>, size=1","timestamp":"Nov 27 04:21:12"}
            whole line in an envelope  | sendmail        | {"message":"Nov 27 04:21:12 mx3 sendmail[1]: 4ARAbc0D012345: from=<a@b.test>, size=1"}
            """)
    void eachLineCarriesTheFormatThatReadIt(String what, String format, String line) {
        ParseOutcome o = router(LogFormat.AUTO).route(line, "key-host");

        assertThat(o).as(what).isNotInstanceOf(ParseOutcome.Failure.class);
        assertThat(o.format()).as(what).isEqualTo(LogFormat.parse(format));
    }

    @Test
    void linesNoFormatReadsCarryNone() {
        assertThat(router(LogFormat.AUTO).route("Nov 27 04:21:12 mail sshd[1]: Accepted publickey", null).format()).isNull();
        assertThat(router(LogFormat.AUTO).route("something else entirely", null))
                .isEqualTo(new ParseOutcome.Failure("unrecognised log format"));
    }

    @Test
    void aFixedFormatRefusesOtherFormatsAndEnvelopesAreTheirOwnFormat() {
        String bare = "Nov 27 04:21:12 mail postfix/qmgr[1]: ABCDE12345: from=<a@b.test>, size=1";
        String wrapped = "{\"message\":\"" + bare + "\"}";

        assertThat(router(LogFormat.POSTFIX).route(bare, null).format()).isEqualTo(LogFormat.POSTFIX);
        assertThat(router(LogFormat.POSTFIX).route(wrapped, null))
                .isEqualTo(new ParseOutcome.Failure("record is envelope, not postfix (format fixed by configuration)", LogFormat.POSTFIX));
        assertThat(router(LogFormat.ENVELOPE).route(wrapped, null)).isInstanceOf(ParseOutcome.Fragment.class);
        assertThat(router(LogFormat.ENVELOPE).route(bare, null))
                .isEqualTo(new ParseOutcome.Failure("record is postfix, not envelope (format fixed by configuration)", LogFormat.POSTFIX));
    }

    @Test
    void refusesBeforeAnyFormatReads() {
        FormatRouter r = router(LogFormat.AUTO);

        assertThat(r.route("  ", null)).isEqualTo(new ParseOutcome.Failure("blank line"));
        assertThat(r.route("  continued", null)).isEqualTo(new ParseOutcome.Noise("continuation line"));
        assertThat(r.route("Nov 27 04:21:12 mail postfix/smtp[1]: A\u0001B", null)).isEqualTo(new ParseOutcome.Failure("control character in line"));
        assertThat(r.route("{\"message\":\"{\\\"from\\\":1}\"}", null)).isEqualTo(new ParseOutcome.Failure("JSON nested in a shipper envelope"));
    }
}
