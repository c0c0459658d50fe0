package io.typoguard.relate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.typoguard.config.ConfigException;
import io.typoguard.detect.Allowlist;
import io.typoguard.detect.Match;
import io.typoguard.schema.DeliveryStatus;
import org.junit.jupiter.api.Test;

/** Established correspondents and the NEW_LOOKALIKE decision, with no trusted list at all. */
class CorrespondentsTest {
    private static final long DAY = 86_400_000L;
    private static final long T0 = 1_764_979_200_000L;
    private static final String ORG = "acme.example";

    private final Correspondents correspondents = new Correspondents(EstablishedRule.DEFAULT, Allowlist.builtIn());

    /** {@code days} days of mail to the domain, and replies on the days given. */
    private static Relationship history(String domain, int days, int... replyDays) {
        Relationship r = Relationship.empty(ORG, domain);
        for (int d = 0; d < days; d++) {
            r = r.withSent("alice@" + ORG, DeliveryStatus.SENT, T0 + d * DAY);
        }
        for (int d : replyDays) {
            r = r.withReceived(T0 + d * DAY + 3_600_000L);
        }
        return r;
    }

    @Test
    void aCorrespondentThatWritesBackOnSeveralDaysIsEstablished() {
        correspondents.update(history("northwind-traders.com", 5, 1, 3));

        assertThat(correspondents.isEstablished(ORG, "northwind-traders.com")).isTrue();
        assertThat(correspondents.isEstablished(ORG, "sales.northwind-traders.com")).isTrue();
        assertThat(correspondents.isEstablished("other.example", "northwind-traders.com")).as("per organisation").isFalse();
    }

    @Test
    void aDomainThatNeverWritesBackIsNeverEstablishedHoweverMuchWeSendThere() {
        Relationship decadeOfArmyMl = Relationship.empty(ORG, "army.ml");
        for (int d = 0; d < 3650; d++) {
            decadeOfArmyMl = decadeOfArmyMl.withSent("colonel" + (d % 40) + "@" + ORG, DeliveryStatus.SENT, T0 + d * DAY);
        }
        correspondents.update(decadeOfArmyMl);

        assertThat(correspondents.isEstablished(ORG, "army.ml")).isFalse();
        assertThat(EstablishedRule.DEFAULT.establishes(decadeOfArmyMl)).isFalse();
    }

    @Test
    void oneBurstOnOneDayDoesNotEstablishADomain() {
        Relationship burst = Relationship.empty(ORG, "autoreply.example");
        for (int i = 0; i < 10; i++) {
            burst = burst.withSent("alice@" + ORG, DeliveryStatus.SENT, T0 + i * 60_000L).withReceived(T0 + i * 60_000L + 1_000L);
        }

        assertThat(EstablishedRule.DEFAULT.establishes(burst)).isFalse();
    }

    @Test
    void aFirstMessageToALookalikeOfAnEstablishedCorrespondentIsANewLookalike() {
        correspondents.update(history("northwind-traders.com", 5, 1, 3));

        Match m = correspondents.newLookalike(ORG, "northwind-tarders.com").orElseThrow();

        assertThat(m.intended().name()).isEqualTo("northwind-traders.com");
        assertThat(m.explanation()).contains("northwind-traders.com");
        assertThat(correspondents.newLookalike(ORG, "northwind-traders.co")).isPresent();
        assertThat(correspondents.newLookalike(ORG, "northwindtraders.com")).isPresent();
    }

    @Test
    void aNewLegitimateCorrespondentThatLooksLikeNothingIsNoFinding() {
        correspondents.update(history("northwind-traders.com", 5, 1, 3));

        assertThat(correspondents.newLookalike(ORG, "contoso-pharma.com")).isEmpty();
        assertThat(correspondents.newLookalike(ORG, "northwind-traders.com")).as("the correspondent itself").isEmpty();
        assertThat(correspondents.newLookalike("other.example", "northwind-tarders.com")).as("another organisation's").isEmpty();
    }

    @Test
    void aDomainThatStopsMeetingTheRuleLeavesTheSet() {
        correspondents.update(history("northwind-traders.com", 5, 1, 3));
        correspondents.update(Relationship.empty(ORG, "northwind-traders.com"));

        assertThat(correspondents.count(ORG)).isZero();
        assertThat(correspondents.newLookalike(ORG, "northwind-tarders.com")).isEmpty();
    }

    @Test
    void everyQuestionIsAskedAsOfALogTimeSoAMessageIsJudgedByWhatWasEstablishedBeforeIt() {
        correspondents.establish(ORG, "northwind-traders.com", T0 + 3 * DAY);

        assertThat(correspondents.isEstablished(ORG, "northwind-traders.com", T0 + 3 * DAY - 1)).isFalse();
        assertThat(correspondents.isEstablished(ORG, "northwind-traders.com", T0 + 3 * DAY)).isTrue();
        assertThat(correspondents.newLookalike(ORG, "northwind-tarders.com", T0 + 2 * DAY)).as("before it was established").isEmpty();
        assertThat(correspondents.newLookalike(ORG, "northwind-tarders.com", T0 + 4 * DAY)).isPresent();
        assertThat(correspondents.since(ORG, "northwind-traders.com")).isEqualTo(T0 + 3 * DAY);

        correspondents.withdraw(ORG, "northwind-traders.com");
        assertThat(correspondents.newLookalike(ORG, "northwind-tarders.com", T0 + 4 * DAY)).isEmpty();
    }

    @Test
    void aRuleThatWouldLetVolumeAloneEstablishADomainIsRefused() {
        assertThatThrownBy(() -> new EstablishedRule(3, 3, 0)).isInstanceOf(ConfigException.class).hasMessageContaining("replies are the evidence");
        assertThatThrownBy(() -> new EstablishedRule(0, 3, 1)).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> new EstablishedRule(Relationship.TRACKED_DAYS + 1, 3, 1)).isInstanceOf(ConfigException.class);
    }
}
