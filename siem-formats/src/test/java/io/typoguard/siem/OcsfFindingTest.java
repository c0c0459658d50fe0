package io.typoguard.siem;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.typoguard.schema.Alert;
import io.typoguard.schema.AlertActivity;
import io.typoguard.schema.AlertType;
import io.typoguard.schema.Severity;
import io.typoguard.schema.Technique;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OcsfFindingTest {
    private static final Instant T = Instant.parse("2026-11-27T10:00:00Z");

    static Alert alert(AlertType type, AlertActivity activity, Severity severity) {
        return Alert.newBuilder().setAlertId("incident-abc").setType(type).setActivity(activity).setRevision(2)
                .setSeverity(severity).setTimestamp(T.plusSeconds(60)).setFirstSeen(T).setLastSeen(T.plusSeconds(60))
                .setSender("alice@example.mil").setRecipient("colonel.smith@army.ml").setTypoDomain("army.ml")
                .setIntendedDomain("army.mil").setTechnique(Technique.TLD_SUBSTITUTION).setCount(5).setDeliveredCount(5)
                .setSummary("5 messages were delivered to army.ml, a look-alike of army.mil").build();
    }

    @ParameterizedTest
    @EnumSource(AlertActivity.class)
    void everyLifecycleStepHasEveryAttributeOcsfRequiresForADetectionFinding(AlertActivity activity) {
        for (AlertType type : new AlertType[] {AlertType.DELIVERED_TYPO, AlertType.SENDER_THRESHOLD, AlertType.TYPO_DOMAIN_VOLUME}) {
            for (Severity s : Severity.values()) {
                String json = OcsfFinding.json(alert(type, activity, s));
                assertThat(OcsfRequiredFields.problems(json)).as(type + "/" + activity + "/" + s + ": " + json).isEmpty();
            }
        }
    }

    @Test
    void theMappingCarriesTheIncidentAndTheMailFields() throws Exception {
        JsonNode n = new ObjectMapper().readTree(OcsfFinding.json(alert(AlertType.DELIVERED_TYPO, AlertActivity.UPDATE, Severity.HIGH)));
        assertThat(n.get("activity_id").asInt()).isEqualTo(2);
        assertThat(n.get("type_uid").asInt()).isEqualTo(200402);
        assertThat(n.get("severity_id").asInt()).isEqualTo(4);
        assertThat(n.get("time").asLong()).isEqualTo(T.plusSeconds(60).toEpochMilli());
        assertThat(n.get("start_time").asLong()).isEqualTo(T.toEpochMilli());
        assertThat(n.get("finding_info").get("uid").asText()).isEqualTo("incident-abc");
        assertThat(n.get("finding_info").get("title").asText()).isEqualTo("Mail delivered to typo domain army.ml (meant army.mil)");
        assertThat(n.get("metadata").get("uid").asText()).as("one uid per revision").isEqualTo("incident-abc#2");
        assertThat(n.get("resources").get(0).get("name").asText()).isEqualTo("army.ml");
        JsonNode t = n.get("unmapped").get("typoguard");
        assertThat(t.get("sender").asText()).isEqualTo("alice@example.mil");
        assertThat(t.get("recipient").asText()).isEqualTo("colonel.smith@army.ml");
        assertThat(t.get("technique").asText()).isEqualTo("TLD_SUBSTITUTION");
        assertThat(n.get("is_alert").asBoolean()).isTrue();
    }

    @Test
    void theCheckerItselfCatchesAMissingRequiredAttribute() {
        String json = OcsfFinding.json(alert(AlertType.DELIVERED_TYPO, AlertActivity.CREATE, Severity.HIGH));
        String broken = json.replace("\"finding_info\":{\"uid\"", "\"finding_info\":{\"x\"").replace("\"type_uid\":200401", "\"type_uid\":1");
        assertThat(OcsfRequiredFields.problems(broken)).contains("missing required finding_info.uid", "type_uid is not class_uid * 100 + activity_id");
    }
}
