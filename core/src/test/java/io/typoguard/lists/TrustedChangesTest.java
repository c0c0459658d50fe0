package io.typoguard.lists;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.typoguard.schema.Sensitivity;
import io.typoguard.schema.TrustedDomain;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrustedChangesTest {
    private static Map<String, TrustedDomain> read(String text) {
        return TrustedChanges.readFile("t.csv", text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theFileComparedWithTheTopicGivesAddsUpdatesAndWithPruneRemovals() {
        Map<String, TrustedDomain> topic = read("army.mil,,critical\ngmail.com\nold.example\n");
        Map<String, TrustedDomain> file = read("army.mil,,critical\ngmail.com,,high\nnew.example\n");

        assertThat(TrustedChanges.plan(topic, file, false)).extracting(Object::toString)
                .containsExactly("update  gmail.com (high, with subdomains)", "add     new.example (normal, with subdomains)");
        assertThat(TrustedChanges.plan(topic, file, true)).extracting(c -> c.kind() + " " + c.domain())
                .containsExactly("UPDATE gmail.com", "ADD new.example", "REMOVE old.example");
        assertThat(TrustedChanges.plan(file, file, true)).as("idempotent").isEmpty();
    }

    @Test
    void anExportReadsBackToTheSameRecords() {
        Map<String, TrustedDomain> original = read("army.mil,\"U.S. Army, \"\"HQ\"\"\",critical,false,navy.mil;marines.mil\nxn--bcher-kva.example\n");
        Map<String, TrustedDomain> again = read(TrustedChanges.toCsv(original.values()));

        assertThat(TrustedChanges.plan(original, again, true)).isEmpty();
        assertThat(again.get("army.mil").getOrganisation()).isEqualTo("U.S. Army, \"HQ\"");
        assertThat(again.get("army.mil").getSensitivity()).isEqualTo(Sensitivity.CRITICAL);
        assertThat(again.get("army.mil").getAllowedLookalikes()).containsExactly("marines.mil", "navy.mil");
    }

    @Test
    void anIdenticalDuplicateIsOneEntryAndEveryProblemOfAFileIsReportedAtOnce() {
        assertThat(read("army.mil,,critical\narmy.mil,,critical\n")).hasSize(1);
        assertThatThrownBy(() -> read("co.uk\nnavy.mil\ncom.au,,high\nnavy.mil,,low\n"))
                .hasMessage(String.join("\n", List.of(
                        "t.csv:1: co.uk is a public suffix: trusting it would trust every domain under it",
                        "t.csv:3: com.au is a public suffix: trusting it would trust every domain under it",
                        "t.csv:4: navy.mil is also on line 2 with other values")));
    }
}
