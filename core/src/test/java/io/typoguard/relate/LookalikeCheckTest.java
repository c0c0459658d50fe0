package io.typoguard.relate;

import static org.assertj.core.api.Assertions.assertThat;

import io.typoguard.detect.Allowlist;
import io.typoguard.detect.TrustedEntry;
import io.typoguard.detect.TrustedIndex;
import io.typoguard.detect.TypoDetector;
import io.typoguard.relate.LookalikeCheck.Flag;
import io.typoguard.schema.DeliveryStatus;
import io.typoguard.schema.FindingKind;
import io.typoguard.schema.Sensitivity;
import io.typoguard.schema.Severity;
import org.junit.jupiter.api.Test;

/** The whole decision for one delivery: the trusted list first, then the organisation's established correspondents. */
class LookalikeCheckTest {
    private static final long T = 1_765_000_000_000L;
    private final TrustedIndex trusted = new TrustedIndex();
    private final Correspondents correspondents = new Correspondents(EstablishedRule.DEFAULT, Allowlist.builtIn());
    private final LookalikeCheck check = new LookalikeCheck(new TypoDetector(trusted, Allowlist.builtIn()), correspondents,
            Organisations.parse("acme.example"));

    @Test
    void withNoTrustedListALookalikeOfAnEstablishedCorrespondentIsANewLookalike() {
        correspondents.establish("acme.example", "northwind-traders.com", T);

        Flag flag = check.check("bob@acme.example", "northwind-tradres.com", null, T + 1).orElseThrow();

        assertThat(flag.kind()).isEqualTo(FindingKind.NEW_LOOKALIKE);
        assertThat(flag.match().intended().name()).isEqualTo("northwind-traders.com");
        assertThat(flag.organisation()).isEqualTo("acme.example");
        assertThat(flag.intendedSince()).isEqualTo(T);
        assertThat(check.check("bob@acme.example", "northwind-tradres.com", null, T - 1)).as("before it was established").isEmpty();
        assertThat(check.check("bob@acme.example", "contoso.org", null, T + 1)).as("a new partner like nobody").isEmpty();
    }

    @Test
    void onlyOutboundMailIsJudgedAgainstCorrespondents() {
        correspondents.establish("acme.example", "northwind-traders.com", T);

        assertThat(check.check("info@northwind-tradres.com", "acme.example", null, T + 1)).as("mail to us").isEmpty();
        assertThat(check.check("", "northwind-tradres.com", null, T + 1)).as("a bounce").isEmpty();
        assertThat(check.check("bob@acme.example", "northwind-tradres.com", "local", T + 1)).as("delivered locally").isEmpty();
    }

    @Test
    void theTrustedListKeepsPriority() {
        trusted.upsert(TrustedEntry.of("army.mil", Sensitivity.HIGH));
        correspondents.establish("acme.example", "army.mil", T);

        Flag flag = check.check("bob@acme.example", "army.ml", null, T + 1).orElseThrow();

        assertThat(flag.kind()).isEqualTo(FindingKind.TRUSTED_LOOKALIKE);
        assertThat(flag.recipientEstablished()).isFalse();
        assertThat(flag.score(DeliveryStatus.SENT).severity()).isIn(Severity.HIGH, Severity.CRITICAL);
    }

    @Test
    void anEstablishedLookalikeOfATrustedDomainIsReportedLowButACriticalEntryIsNeverLowered() {
        trusted.upsert(TrustedEntry.of("northwind-traders.com", Sensitivity.HIGH));
        trusted.upsert(TrustedEntry.of("army.mil", Sensitivity.CRITICAL));
        correspondents.establish("acme.example", "northwind-trader.com", T);
        correspondents.establish("acme.example", "army.ml", T);

        Flag sister = check.check("bob@acme.example", "northwind-trader.com", null, T + 1).orElseThrow();
        assertThat(sister.recipientEstablished()).isTrue();
        assertThat(sister.score(DeliveryStatus.SENT).severity()).as("reported, never dropped").isEqualTo(Severity.LOW);

        Flag mali = check.check("bob@acme.example", "army.ml", null, T + 1).orElseThrow();
        assertThat(mali.recipientEstablished()).isTrue();
        assertThat(mali.score(DeliveryStatus.SENT).severity()).isIn(Severity.HIGH, Severity.CRITICAL);
    }

    @Test
    void withRelationshipsOffOnlyTheTrustedListCounts() {
        trusted.upsert(TrustedEntry.of("army.mil", Sensitivity.HIGH));
        LookalikeCheck off = new LookalikeCheck(new TypoDetector(trusted, Allowlist.builtIn()), null, Organisations.none());

        assertThat(off.check("bob@acme.example", "army.ml", null, T)).map(Flag::kind).contains(FindingKind.TRUSTED_LOOKALIKE);
        assertThat(off.check("bob@acme.example", "contoso.org", null, T)).isEmpty();
    }
}
