package io.typoguard.detect;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * Known legitimate look-alikes that must never be reported, whatever they resemble: one domain a line,
 * '#' comments. The built-in list holds real mail providers and organisations that sit one edit away from
 * big providers (mail.com is not a typo of gmail.com). Per-entry exceptions live on the trusted entry.
 */
public final class Allowlist {
    private static final String BUILT_IN = "detect/allowlist.txt";
    private final Set<String> domains;

    private Allowlist(Set<String> domains) {
        this.domains = Set.copyOf(domains);
    }

    public static Allowlist none() {
        return new Allowlist(Set.of());
    }

    /** The list shipped with Typoguard. */
    public static Allowlist builtIn() {
        try (InputStream in = Allowlist.class.getClassLoader().getResourceAsStream(BUILT_IN)) {
            if (in == null) {
                throw new IllegalStateException("built-in allowlist missing from the jar: " + BUILT_IN);
            }
            return read(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the built-in allowlist", e);
        }
    }

    /** @throws IllegalArgumentException naming the line with an invalid domain */
    public static Allowlist read(Reader reader) throws IOException {
        Set<String> out = new HashSet<>();
        for (ListLines.Line line : ListLines.read(reader)) {
            try {
                out.add(DomainName.parse(line.text()).ascii());
            } catch (InvalidDomainException e) {
                throw new IllegalArgumentException("allowlist line " + line.number() + ": " + e.getMessage());
            }
        }
        return new Allowlist(out);
    }

    public Allowlist plus(Allowlist other) {
        Set<String> all = new HashSet<>(domains);
        all.addAll(other.domains);
        return new Allowlist(all);
    }

    /** True when the domain, or its registrable domain, is allowlisted. */
    public boolean contains(DomainName d) {
        return domains.contains(d.ascii()) || domains.contains(d.registrable());
    }

    /** True when exactly this domain is allowlisted. */
    public boolean containsExactly(DomainName d) {
        return domains.contains(d.ascii());
    }

    public int size() {
        return domains.size();
    }
}
