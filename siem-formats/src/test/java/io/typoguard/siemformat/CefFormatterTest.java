package io.typoguard.siemformat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class CefFormatterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final CefFormatter cef = new CefFormatter();

    private String format(String json) throws Exception {
        return cef.format(JSON.readTree(json));
    }

    @Test
    void mapsTheContractDocument() throws Exception {
        String json = """
                {"class_uid":2004,"activity_id":1,"activity_name":"Create","time":1764240000000,"severity_id":4,"severity":"High",
                 "message":"colonel.smith@army.ml looks like a typo of army.mil","is_alert":true,
                 "finding_info":{"uid":"inc-1","title":"Mail to typo domain army.ml (army.mil)","first_seen_time":1764240000000,
                                 "last_seen_time":1764240060000,"src_url":null},
                 "metadata":{"version":"1.3.0","product":{"name":"Typoguard","vendor_name":"Typoguard","version":"0.2.0"},"uid":"alert-1"},
                 "count":3,
                 "unmapped":{"typoguard":{"alert_type":"DELIVERED_TYPO","sender":"alice@example.mil","recipient":"colonel.smith@army.ml",
                   "typo_domain":"army.ml","intended_domain":"army.mil","technique":"TLD_SUBSTITUTION","delivery_status":"SENT",
                   "host":"mx1","queue_id":"4ABC","message_id":"<m1@example.mil>"}}}""";
        assertThat(format(json)).isEqualTo("CEF:0|Typoguard|Typoguard|0.2.0|DELIVERED_TYPO|Mail to typo domain army.ml (army.mil)|8|"
                + "rt=1764240000000 act=Create externalId=inc-1 msg=colonel.smith@army.ml looks like a typo of army.mil "
                + "suser=alice@example.mil duser=colonel.smith@army.ml dhost=army.ml shost=mx1 cnt=3 start=1764240000000 "
                + "end=1764240060000 cs1Label=intendedDomain cs1=army.mil cs2Label=technique cs2=TLD_SUBSTITUTION "
                + "cs3Label=deliveryStatus cs3=SENT cs4Label=alertId cs4=alert-1 cs5Label=queueId cs5=4ABC "
                + "cs6Label=messageId cs6=<m1@example.mil>");
    }

    @Test
    void absentAndNullFieldsAreLeftOutAndTheHeaderHasDefaults() throws Exception {
        assertThat(format("{\"severity_id\":null,\"unmapped\":null,\"message\":null,\"count\":null}"))
                .isEqualTo("CEF:0|Typoguard|Typoguard|unknown|TYPO_DOMAIN|Typoguard alert|0|");
        assertThat(format("{\"message\":\"m\"}")).isEqualTo("CEF:0|Typoguard|Typoguard|unknown|TYPO_DOMAIN|m|0|msg=m");
    }

    @Test
    void escapesHeaderAndExtensionValuesPerTheCefSpec() throws Exception {
        String json = "{\"finding_info\":{\"title\":\"a|b\\\\c\\nd\"},\"message\":\"x=y\\\\z\\r\\nnext | pipe\","
                + "\"unmapped\":{\"typoguard\":{\"alert_type\":\"T|1\",\"sender\":\"a=b@c\"}}}";
        assertThat(format(json)).isEqualTo("CEF:0|Typoguard|Typoguard|unknown|T\\|1|a\\|b\\\\c d|0|"
                + "msg=x\\=y\\\\z\\r\\nnext | pipe suser=a\\=b@c");
    }

    @Test
    void severityScale() {
        assertThat(new int[] {CefFormatter.cefSeverity(1), CefFormatter.cefSeverity(2), CefFormatter.cefSeverity(3),
                CefFormatter.cefSeverity(4), CefFormatter.cefSeverity(5), CefFormatter.cefSeverity(0), CefFormatter.cefSeverity(99)})
                .containsExactly(1, 3, 5, 8, 10, 0, 0);
    }
}
