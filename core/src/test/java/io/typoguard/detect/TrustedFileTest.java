package io.typoguard.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import org.junit.jupiter.api.Test;

/** A trusted list refuses entries that would trust far more than the operator meant, naming the line. */
class TrustedFileTest {

    @Test
    void aPublicSuffixIsRefusedWithItsLine() {
        assertThatThrownBy(() -> TrustedFile.read(new StringReader("domain,organisation\nbbc.co.uk,BBC\nco.uk,oops\n")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("line 3: co.uk is a public suffix: trusting it would trust every domain under it");
        assertThatThrownBy(() -> TrustedFile.read(new StringReader("com.au\n"))).hasMessageStartingWith("line 1: com.au is a public suffix");
        assertThatThrownBy(() -> TrustedFile.read(new StringReader("army.mil\nmil\n"))).hasMessageStartingWith("line 2: mil is a public suffix");
    }

    @Test
    void anIpAddressOrAnInvalidNameIsRefusedWithItsLine() {
        assertThatThrownBy(() -> TrustedFile.read(new StringReader("army.mil\n192.168.1.10\n")))
                .hasMessage("line 2: address literal, not a domain name");
        assertThatThrownBy(() -> TrustedFile.read(new StringReader("army.mil\nbad..name\n"))).hasMessageStartingWith("line 2: ");
        assertThatThrownBy(() -> TrustedFile.read(new StringReader("exa mple.com\n"))).hasMessageStartingWith("line 1: ");
    }

    @Test
    void registrableDomainsAndTheirSubdomainsAreAccepted() throws Exception {
        assertThat(TrustedFile.read(new StringReader("bbc.co.uk\nnews.bbc.co.uk\narmy.mil\nus.af.mil\n")))
                .extracting(TrustedEntry::name).containsExactly("bbc.co.uk", "news.bbc.co.uk", "army.mil", "us.af.mil");
    }
}
