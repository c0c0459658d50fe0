package io.typoguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.typoguard.schema.Alert;
import io.typoguard.schema.AlertActivity;
import io.typoguard.schema.AlertType;
import io.typoguard.schema.Severity;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AlertFormatTest {
    private static final Alert THRESHOLD = Alert.newBuilder().setAlertId("sender-threshold-1").setType(AlertType.SENDER_THRESHOLD)
            .setActivity(AlertActivity.CREATE).setSeverity(Severity.HIGH).setTimestamp(Instant.parse("2026-11-27T10:00:00Z"))
            .setSender("alice@typoguard.test").setRecipient("colonel.smith@army.ml").setTypoDomain("army.ml").setIntendedDomain("army.mil")
            .setCount(3).setSummary("Sender alice@typoguard.test wrote to typo domains 3 times within one window").build();

    @Test
    void theDemoPrintsOcsfAndEcsAndRedactsAddressesEverywhereIncludingTheSummary() throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode ocsf = json.readTree(AlertFormat.render(THRESHOLD, AlertFormat.Style.OCSF, true));
        assertThat(ocsf.get("class_uid").asInt()).isEqualTo(2004);
        assertThat(ocsf.toString()).doesNotContain("alice@").doesNotContain("colonel.smith@")
                .contains("a****@typoguard.test").contains("c****@army.ml");

        JsonNode ecs = json.readTree(AlertFormat.render(THRESHOLD, AlertFormat.Style.ECS, false));
        assertThat(ecs.get("event").get("kind").asText()).isEqualTo("alert");
        assertThat(ecs.get("email").get("from").get("address").get(0).asText()).isEqualTo("alice@typoguard.test");
        assertThat(ecs.get("email").get("to").get("address").get(0).asText()).isEqualTo("colonel.smith@army.ml");
        assertThat(ecs.get("destination").get("domain").asText()).isEqualTo("army.ml");
        assertThat(ecs.get("@timestamp").asText()).isEqualTo("2026-11-27T10:00:00Z");

        assertThat(AlertFormat.render(THRESHOLD, AlertFormat.Style.TEXT, true)).contains("a****@typoguard.test -> c****@army.ml");
        assertThat(AlertFormat.render(THRESHOLD, AlertFormat.Style.CEF, true))
                .startsWith("CEF:0|Typoguard|Typoguard|").contains("|SENDER_THRESHOLD|").contains("duser=c****@army.ml")
                .contains("cs1Label=intendedDomain cs1=army.mil").doesNotContain("alice@");
    }
}
