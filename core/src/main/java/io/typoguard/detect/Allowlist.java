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
    private static final String PROVIDERS = "detect/provider-domains.txt";
    private final Set<String> domains;
    /** Real providers' own domains (hotmail.com.br, yahoo.fr): excuse only a trusted name under another suffix. */
    private final Set<String> providers;

    private Allowlist(Set<String> domains, Set<String> providers) {
        this.domains = Set.copyOf(domains);
        this.providers = Set.copyOf(providers);
    }

    public static Allowlist none() {
        return new Allowlist(Set.of(), Set.of());
    }

    /** The lists shipped with Typoguard: the allowlist and the mail providers' own domains. */
    public static Allowlist builtIn() {
        return new Allowlist(resource(BUILT_IN), resource(PROVIDERS));
    }

    private static Set<String> resource(String name) {
        try (InputStream in = Allowlist.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("built-in list missing from the jar: " + name);
            }
            return domains(new InputStreamReader(in, StandardCharsets.UTF_8), name);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the built-in list " + name, e);
        }
    }

    /** An operator's allowlist file. @throws IllegalArgumentException naming the line with an invalid domain */
    public static Allowlist read(Reader reader) throws IOException {
        return new Allowlist(domains(reader, "allowlist"), Set.of());
    }

    private static Set<String> domains(Reader reader, String what) throws IOException {
        Set<String> out = new HashSet<>();
        for (ListLines.Line line : ListLines.read(reader)) {
            try {
                out.add(DomainName.parse(line.text()).ascii());
            } catch (InvalidDomainException e) {
                throw new IllegalArgumentException(what + " line " + line.number() + ": " + e.getMessage());
            }
        }
        return out;
    }

    public Allowlist plus(Allowlist other) {
        Set<String> all = new HashSet<>(domains);
        all.addAll(other.domains);
        Set<String> allProviders = new HashSet<>(providers);
        allProviders.addAll(other.providers);
        return new Allowlist(all, allProviders);
    }

    /** True when the domain (or its registrable domain) is a real mail provider's own (hotmail.com.br, news.yahoo.co.jp). */
    public boolean isProviderDomain(DomainName d) {
        return providers.contains(d.ascii()) || providers.contains(d.registrable());
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
