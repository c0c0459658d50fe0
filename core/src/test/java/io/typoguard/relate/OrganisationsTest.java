package io.typoguard.relate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.typoguard.config.ConfigException;
import io.typoguard.relate.Organisations.Traffic;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class OrganisationsTest {
    /** The fast path for sender domains already in normal form agrees with the full parser. */
    @net.jqwik.api.Property(tries = 5000)
    void aDomainTheFastPathTakesAsIsIsOneTheParserLeavesUnchanged(
            @net.jqwik.api.ForAll @net.jqwik.api.constraints.StringLength(max = 70) @net.jqwik.api.constraints.Chars({'a', 'b', 'x', 'n', '0', '9', '-', '.', 'Z', '\u00e9'}) String d) {
        if (Organisations.isNormalAscii(d)) {
            assertThat(io.typoguard.detect.DomainName.tryParse(d)).as(d).hasValueSatisfying(n -> assertThat(n.ascii()).isEqualTo(d));
        }
    }

    @Test
    void theFastPathTakesOrdinaryDomainsAndLeavesTheRestToTheParser() {
        assertThat(Organisations.isNormalAscii("acme.example")).isTrue();
        assertThat(Organisations.isNormalAscii("mail.acme-corp.co.uk")).isTrue();
        for (String other : new String[] {"Acme.example", "acme.example.", ".acme.example", "acme..example", "xn--bcher-kva.example",
                "1.2.3.4", "acme", "-acme.example", "acme-.example", "b\u00fccher.example", "a".repeat(64) + ".example"}) {
            assertThat(Organisations.isNormalAscii(other)).as(other).isFalse();
        }
    }

    private final Organisations acme = Organisations.parse("acme.com acme.de=acme; globex.example");

    @Test
    void ourMailToAnotherDomainIsOutboundForTheSendersOrganisation() {
        assertThat(acme.classify("alice@acme.de", "partner.example", "mx.partner.example[192.0.2.1]:25"))
                .contains(new Traffic("acme", "partner.example", true));
        assertThat(acme.classify("bob@globex.example", "army.ml", "mx.army.ml[192.0.2.9]:25"))
                .contains(new Traffic("globex.example", "army.ml", true));
    }

    @Test
    void mailDeliveredHereFromAnotherDomainIsInboundForTheRecipientsOrganisation() {
        assertThat(acme.classify("carol@partner.example", "acme.com", "local")).contains(new Traffic("acme", "partner.example", false));
        assertThat(acme.classify("carol@partner.example", "acme.de", "mx1.acme.de[private/dovecot-lmtp]"))
                .contains(new Traffic("acme", "partner.example", false));
    }

    @Test
    void withoutConfiguredDomainsLocalDeliveryAloneTellsInboundMail() {
        Organisations none = Organisations.none();

        assertThat(none.classify("carol@partner.example", "acme.com", "dovecot")).contains(new Traffic("acme.com", "partner.example", false));
        assertThat(none.classify("alice@acme.com", "partner.example", "mx.partner.example[192.0.2.1]:25"))
                .contains(new Traffic("acme.com", "partner.example", true));
    }

    @Test
    void internalMailAndBouncesBelongToNoRelationship() {
        assertThat(acme.classify("alice@acme.com", "acme.de", "local")).isEmpty();
        assertThat(acme.classify("alice@acme.com", "acme.de", "mx.acme.de[192.0.2.3]:25")).isEmpty();
        assertThat(acme.classify("", "partner.example", "mx.partner.example[192.0.2.1]:25")).as("null sender").isEmpty();
        assertThat(acme.classify(null, "partner.example", null)).isEmpty();
        assertThat(acme.classify("alice@acme.com", "acme.com", "local")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"local, true", "virtual, true", "dovecot, true", "private/dovecot-lmtp, true", "mx1.acme.de[private/dovecot-lmtp], true",
        "lmtp, true", "'mx.partner.example[192.0.2.1]:25', false", "none, false", "'', false"})
    void knowsTheTransportsThatDeliverIntoAMailbox(String relay, boolean local) {
        assertThat(Organisations.isLocal(relay)).isEqualTo(local);
    }

    @Test
    void aMappingWithSomethingThatIsNoDomainIsRefusedByName() {
        assertThatThrownBy(() -> Organisations.parse("acme.com, not a domain!=acme")).isInstanceOf(ConfigException.class).hasMessageContaining("not a domain");
    }
}
