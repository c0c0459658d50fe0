package io.typoguard.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.typoguard.schema.Severity;
import org.junit.jupiter.api.Test;

/** The incident rules on their own (the processors that apply them: PipelineTopologyTest). */
class AlertRulesTest {
    @Test
    void anIncidentReportsItsGrowthOnTheOneTwoFiveSeriesAndVolumeRaisesSeverity() {
        assertThat(AlertRules.isGrowthStep(2)).isTrue();
        assertThat(AlertRules.isGrowthStep(3)).isFalse();
        assertThat(AlertRules.isGrowthStep(20)).isTrue();
        assertThat(AlertRules.isGrowthStep(25)).isFalse();
        assertThat(AlertRules.isGrowthStep(500)).isTrue();
        assertThat(AlertRules.withVolume(Severity.MEDIUM, 9)).isEqualTo(Severity.MEDIUM);
        assertThat(AlertRules.withVolume(Severity.MEDIUM, 10)).isEqualTo(Severity.HIGH);
        assertThat(AlertRules.withVolume(Severity.LOW, 100)).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void theSameIdentifyingFieldsGiveTheSameIdAndAnyDifferenceAnother() {
        assertThat(StableIds.of("postfix", "mx1", "Q1")).isEqualTo(StableIds.of("postfix", "mx1", "Q1")).hasSize(32);
        assertThat(StableIds.of("postfix", "mx1", "Q1")).isNotEqualTo(StableIds.of("postfix", "mx1Q1", ""));
        assertThat(StableIds.of("a", null)).isEqualTo(StableIds.of("a", ""));
    }
}
