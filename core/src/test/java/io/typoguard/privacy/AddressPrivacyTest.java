package io.typoguard.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AddressPrivacyTest {
    private static final String KEY = "0123456789abcdef-secret";

    @Test
    void redactKeepsTheFirstCharacterAndTheDomain() {
        assertThat(AddressPrivacy.redact().apply("colonel.smith@army.ml")).isEqualTo("c****@army.ml");
        assertThat(AddressPrivacy.redact().apply("ülrich@example.de")).isEqualTo("ü****@example.de");
        assertThat(AddressPrivacy.redact().apply("")).as("the null sender").isEmpty();
        assertThat(AddressPrivacy.redact().apply(null)).isNull();
        assertThat(AddressPrivacy.CLEAR.apply("colonel.smith@army.ml")).isEqualTo("colonel.smith@army.ml");
    }

    @Test
    void aKeyedHashIsStablePerPersonButMeaninglessWithoutTheKey() {
        AddressPrivacy hmac = AddressPrivacy.hmac(KEY);
        String a = hmac.apply("Colonel.Smith@army.ml");
        assertThat(a).matches("h:[0-9a-f]{16}@army\\.ml").doesNotContain("colonel");
        assertThat(hmac.apply("colonel.smith@army.ml")).as("same person, same hash").isEqualTo(a);
        assertThat(hmac.apply("colonel.smith@army.mil")).as("the domain stays readable").endsWith("@army.mil")
                .startsWith(a.substring(0, a.indexOf('@')));
        assertThat(AddressPrivacy.hmac("another-key-0123456789").apply("colonel.smith@army.ml")).as("another key").isNotEqualTo(a);
        assertThat(hmac.applyIn("Sender colonel.smith@army.ml wrote", "colonel.smith@army.ml")).isEqualTo("Sender " + a.replace("@army.ml", "") + "@army.ml wrote");
        assertThatThrownBy(() -> AddressPrivacy.hmac("short")).hasMessageContaining("at least 16 bytes");
    }
}
