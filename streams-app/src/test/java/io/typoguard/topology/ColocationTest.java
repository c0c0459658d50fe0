package io.typoguard.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ColocationTest {

    private static boolean keyNames(String key, String host) {
        return Colocation.keyNamesHost(key == null ? null : key.getBytes(StandardCharsets.UTF_8), host);
    }

    @Test
    void aKeyNamesTheHostWhenItIsTheSameName() {
        assertThat(keyNames("mx1", "mx1")).isTrue();
        assertThat(keyNames("mx1.lon.example.com", "mx1.lon.example.com")).isTrue();
    }

    @Test
    void aShipperKeyingByTheFullNameWhileSyslogWritesTheShortOneStillNamesTheHost() {
        assertThat(keyNames("mx1.lon.example.com", "mx1.lon")).as("key FQDN, line short").isTrue();
        assertThat(keyNames("mx1.lon.example.com", "mx1")).isTrue();
        assertThat(keyNames("mx1", "mx1.lon.example.com")).as("key short, line FQDN (PreserveFQDN)").isTrue();
    }

    @Test
    void caseDoesNotMatterInAHostName() {
        assertThat(keyNames("MX1.Example.COM", "mx1")).isTrue();
        assertThat(keyNames("mx1", "MX1")).isTrue();
    }

    @Test
    void aPrefixThatDoesNotEndAtALabelIsAnotherHost() {
        assertThat(keyNames("mx10.example.com", "mx1")).isFalse();
        assertThat(keyNames("mx1", "mx10")).isFalse();
        assertThat(keyNames("mx1-backup", "mx1")).isFalse();
        assertThat(keyNames("mx2.example.com", "mx1")).isFalse();
        assertThat(keyNames("example.com", "mx1.example.com")).as("a domain, not the host").isFalse();
    }

    @Test
    void noKeyOrNoHostNamesNothing() {
        assertThat(keyNames(null, "mx1")).isFalse();
        assertThat(keyNames("", "mx1")).isFalse();
        assertThat(keyNames("mx1", null)).isFalse();
        assertThat(keyNames("mx1", "")).isFalse();
    }
}
