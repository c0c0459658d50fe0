package io.typoguard.detect;

import io.typoguard.schema.Sensitivity;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a trusted-domain list: CSV lines
 * {@code domain,organisation,sensitivity,include_subdomains,allowed_lookalikes}; only
 * the domain is required; '#' starts a comment; an optional header line starting with "domain" is skipped.
 * Sensitivity is LOW, NORMAL (default), HIGH or CRITICAL; include_subdomains is true (default) or false;
 * allowed_lookalikes is a ';'-separated list of legitimate domains that resemble this one.
 */
public final class TrustedFile {
    private TrustedFile() {
    }

    private static final com.fasterxml.jackson.dataformat.csv.CsvMapper CSV = new com.fasterxml.jackson.dataformat.csv.CsvMapper()
            .enable(com.fasterxml.jackson.dataformat.csv.CsvParser.Feature.WRAP_AS_ARRAY);

    /** CSV fields of one line: quoted fields may hold commas ("U.S. Army, HQ"); null when the quotes do not balance. */
    private static String[] fields(String line) {
        if (line.indexOf('"') < 0) {
            return line.split(",", -1);
        }
        try (com.fasterxml.jackson.databind.MappingIterator<String[]> it = CSV.readerFor(String[].class).readValues(line)) {
            return it.hasNext() ? it.next() : null;
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    /** @throws IllegalArgumentException naming the line and what is wrong with it, a public suffix included */
    public static List<TrustedEntry> read(Reader reader) throws IOException {
        return read(reader, true);
    }

    /**
     * As {@link #read(Reader)}; with {@code refusePublicSuffixes} false a public suffix is returned as an entry,
     * for a caller that reports every problem of a file at once ({@code TrustedChanges}).
     */
    public static List<TrustedEntry> read(Reader reader, boolean refusePublicSuffixes) throws IOException {
        List<TrustedEntry> out = new ArrayList<>();
        for (ListLines.Line line : ListLines.read(reader)) {
            int n = line.number();
            String l = line.text();
            if (out.isEmpty() && l.toLowerCase(Locale.ROOT).startsWith("domain,")) {
                continue;
            }
            String[] f = fields(l);
            if (f == null) {
                throw new IllegalArgumentException("line " + n + ": unbalanced quotes");
            }
            if (f.length > 5) {
                throw new IllegalArgumentException("line " + n + ": expected at most 5 fields (domain,organisation,sensitivity,include_subdomains,allowed_lookalikes), got " + f.length);
            }
            DomainName domain;
            try {
                domain = DomainName.parse(f[0]);
            } catch (InvalidDomainException e) {
                throw new IllegalArgumentException("line " + n + ": " + e.getMessage());
            }
            String refused = refusePublicSuffixes ? publicSuffixProblem(domain) : null;
            if (refused != null) {
                throw new IllegalArgumentException("line " + n + ": " + refused);
            }
            String org = f.length > 1 && !f[1].isBlank() ? f[1].strip() : null;
            Sensitivity sensitivity = Sensitivity.NORMAL;
            if (f.length > 2 && !f[2].isBlank()) {
                try {
                    sensitivity = Sensitivity.valueOf(f[2].strip().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("line " + n + ": sensitivity must be LOW, NORMAL, HIGH or CRITICAL, not '" + f[2].strip() + "'");
                }
            }
            boolean subs = true;
            if (f.length > 3 && !f[3].isBlank()) {
                String v = f[3].strip().toLowerCase(Locale.ROOT);
                if (!v.equals("true") && !v.equals("false")) {
                    throw new IllegalArgumentException("line " + n + ": include_subdomains must be true or false, not '" + f[3].strip() + "'");
                }
                subs = Boolean.parseBoolean(v);
            }
            java.util.Set<String> allowed = new java.util.HashSet<>();
            if (f.length > 4 && !f[4].isBlank()) {
                for (String a : f[4].split(";")) {
                    try {
                        allowed.add(DomainName.parse(a).ascii());
                    } catch (InvalidDomainException e) {
                        throw new IllegalArgumentException("line " + n + ": allowed look-alike: " + e.getMessage());
                    }
                }
            }
            out.add(new TrustedEntry(domain, org, sensitivity, subs, allowed));
        }
        return out;
    }

    /**
     * Why a well-formed name cannot be a trusted entry, or null: a public suffix (co.uk, com.au, mil) would trust
     * every domain registered under it. (IP addresses and invalid names never parse as a {@link DomainName}.)
     */
    public static String publicSuffixProblem(DomainName d) {
        return d.label().isEmpty() ? d.ascii() + " is a public suffix: trusting it would trust every domain under it" : null;
    }
}
