package io.typoguard.parse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Shipper envelopes taken apart by {@link ShipperEnvelopes} alone (the router reads what is inside). */
class ShipperEnvelopesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ShipperEnvelopes.Envelope open(String json, String defaultHost) throws Exception {
        return ShipperEnvelopes.open(JSON.readTree(json), defaultHost);
    }

    @Test
    void filebeatNamesTheHostInAnObjectAndNoProgram() throws Exception {
        ShipperEnvelopes.Envelope e = open("{\"@timestamp\":\"2026-11-27T04:21:13.000Z\",\"message\":\" Nov 27 04:21:12 mail postfix/smtp[1]: x \","
                + "\"host\":{\"name\":\"mail\"}}", "key-host");

        assertThat(e).isEqualTo(new ShipperEnvelopes.Envelope("mail", null, "Nov 27 04:21:12 mail postfix/smtp[1]: x",
                "2026-11-27T04:21:13.000Z"));
    }

    @Test
    void theProgramLosesItsPidAndColon() throws Exception {
        assertThat(open("{\"ident\":\"postfix/smtp[4298]:\",\"message\":\"b\",\"time\":\"Nov 27 04:21:12\"}", "k").program())
                .isEqualTo("postfix/smtp");
        assertThat(open("{\"SYSLOG_IDENTIFIER\":\"postfix/qmgr\",\"MESSAGE\":\"b\"}", "k"))
                .isEqualTo(new ShipperEnvelopes.Envelope("k", "postfix/qmgr", "b", null));
    }

    @Test
    void anObjectWithoutAMessageIsNoEnvelope() throws Exception {
        assertThat(open("{\"hostname\":\"mail\",\"appname\":\"postfix\"}", null)).isNull();
    }
}
