package io.typoguard.lists;

import io.typoguard.detect.DomainName;
import io.typoguard.detect.TrustedEntry;
import io.typoguard.detect.TrustedFile;
import io.typoguard.schema.TrustedDomain;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What an import of a trusted list ({@code typoguard trusted import}, {@code POST /api/trusted/import}) would change
 * on the trusted-domain topic: the file read strictly (every row checked before anything is written), compared with
 * what the topic holds. Plain Java, no Kafka.
 */
public final class TrustedChanges {
    private TrustedChanges() {
    }

    /** One change: ADD or UPDATE writes {@code value}; REMOVE writes a tombstone. */
    public record Change(Kind kind, String domain, TrustedDomain value) {
        public enum Kind { ADD, UPDATE, REMOVE }

        @Override
        public String toString() {
            return switch (kind) {
                case ADD -> "add     " + domain + " (" + describe(value) + ")";
                case UPDATE -> "update  " + domain + " (" + describe(value) + ")";
                case REMOVE -> "remove  " + domain;
            };
        }
    }

    /** A file that cannot be imported: every problem found, each as "file:line: reason". */
    public static final class BadFileException extends IllegalArgumentException {
        BadFileException(String message) {
            super(message);
        }

        /** Each problem, as "file:line: reason". */
        public List<String> problems() {
            return List.of(getMessage().split("\n"));
        }
    }

    /**
     * Reads a trusted list for import. Refused as a whole (nothing is written) for: bytes that are not UTF-8, a
     * byte-order mark, Windows line ends, any row {@link TrustedFile} refuses (a bad name, an IP address, an unknown
     * sensitivity), a public suffix ({@code co.uk}), or one domain given twice with different values. Returns the entries by domain, in
     * file order.
     */
    public static Map<String, TrustedDomain> readFile(String name, byte[] bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new BadFileException(name + ": not UTF-8 text");
        }
        if (text.startsWith("\uFEFF")) {
            throw new BadFileException(name + ":1: the file starts with a byte-order mark; save it as UTF-8 without BOM");
        }
        int cr = text.indexOf('\r');
        if (cr >= 0) {
            throw new BadFileException(name + ":" + lineOf(text, cr) + ": Windows line ends (CRLF); save the file with LF line ends "
                    + "(for example: sed -i 's/\\r$//' " + name + ")");
        }
        List<TrustedEntry> entries;
        try {
            entries = TrustedFile.read(new StringReader(text), false);
        } catch (IllegalArgumentException e) {
            throw new BadFileException(name + ":" + e.getMessage().replaceFirst("^line ", ""));
        } catch (IOException e) {
            throw new BadFileException(name + ": " + e.getMessage());
        }
        List<String> problems = new ArrayList<>();
        Map<String, TrustedDomain> out = new LinkedHashMap<>();
        Map<String, Integer> seenAt = new TreeMap<>();
        int index = 0;
        List<Integer> rowLines = rowLines(text);
        for (TrustedEntry e : entries) {
            int line = rowLines.get(index);
            index++;
            DomainName d = e.domain();
            String publicSuffix = TrustedFile.publicSuffixProblem(d);
            if (publicSuffix != null) {
                problems.add(name + ":" + line + ": " + publicSuffix);
                continue;
            }
            TrustedDomain value = toRecord(e);
            TrustedDomain before = out.get(e.name());
            if (before != null && !same(before, value)) {
                problems.add(name + ":" + line + ": " + e.name() + " is also on line " + seenAt.get(e.name()) + " with other values");
                continue;
            }
            if (before == null) {
                out.put(e.name(), value);
                seenAt.put(e.name(), line);
            }
        }
        if (!problems.isEmpty()) {
            throw new BadFileException(String.join("\n", problems));
        }
        return out;
    }

    /** The changes that make the topic hold the file: ADD and UPDATE in file order, then REMOVE (with prune) sorted. */
    public static List<Change> plan(Map<String, TrustedDomain> current, Map<String, TrustedDomain> file, boolean prune) {
        List<Change> out = new ArrayList<>();
        for (var e : file.entrySet()) {
            TrustedDomain now = current.get(e.getKey());
            if (now == null) {
                out.add(new Change(Change.Kind.ADD, e.getKey(), e.getValue()));
            } else if (!same(now, e.getValue())) {
                out.add(new Change(Change.Kind.UPDATE, e.getKey(), e.getValue()));
            }
        }
        if (prune) {
            for (String domain : new TreeSet<>(current.keySet())) {
                if (!file.containsKey(domain)) {
                    out.add(new Change(Change.Kind.REMOVE, domain, null));
                }
            }
        }
        return out;
    }

    /** How many entries an import names, and what it adds, updates, removes and leaves as they are. */
    public record Summary(int entries, long added, long updated, long removed) {
        public static Summary of(int entries, List<Change> changes) {
            long added = changes.stream().filter(c -> c.kind() == Change.Kind.ADD).count();
            long updated = changes.stream().filter(c -> c.kind() == Change.Kind.UPDATE).count();
            return new Summary(entries, added, updated, changes.size() - added - updated);
        }

        public long unchanged() {
            return entries - added - updated;
        }
    }

    /** The records that carry out {@code changes} on the topic, in order: the encoded value, or a tombstone (null). */
    public static List<Map.Entry<String, byte[]>> records(List<Change> changes, Function<TrustedDomain, byte[]> encode) {
        List<Map.Entry<String, byte[]>> out = new ArrayList<>();
        for (Change c : changes) {
            out.add(new AbstractMap.SimpleEntry<>(c.domain(), c.value() == null ? null : encode.apply(c.value())));
        }
        return out;
    }

    public static TrustedDomain toRecord(TrustedEntry e) {
        return TrustedDomain.newBuilder().setDomain(e.name()).setOrganisation(e.organisation()).setSensitivity(e.sensitivity())
                .setIncludeSubdomains(e.includeSubdomains()).setAllowedLookalikes(new ArrayList<>(new TreeSet<>(e.allowedLookalikes())))
                .build();
    }

    /** Equal for the purpose of the list: the note is not part of the CSV, and look-alikes compare as a set. */
    public static boolean same(TrustedDomain a, TrustedDomain b) {
        return a.getDomain().equals(b.getDomain()) && Objects.equals(a.getOrganisation(), b.getOrganisation())
                && a.getSensitivity() == b.getSensitivity() && a.getIncludeSubdomains() == b.getIncludeSubdomains()
                && new TreeSet<>(a.getAllowedLookalikes()).equals(new TreeSet<>(b.getAllowedLookalikes()));
    }

    /** The CSV that {@link #readFile} reads back to the same records. */
    public static String toCsv(Iterable<TrustedDomain> domains) {
        StringBuilder sb = new StringBuilder("domain,organisation,sensitivity,include_subdomains,allowed_lookalikes\n");
        for (TrustedDomain d : domains) {
            sb.append(d.getDomain()).append(',').append(csvField(d.getOrganisation())).append(',')
                    .append(d.getSensitivity().name().toLowerCase(Locale.ROOT)).append(',').append(d.getIncludeSubdomains()).append(',')
                    .append(String.join(";", new TreeSet<>(d.getAllowedLookalikes()))).append('\n');
        }
        return sb.toString();
    }

    public static String describe(TrustedDomain d) {
        return d.getSensitivity().name().toLowerCase(Locale.ROOT) + (d.getIncludeSubdomains() ? ", with subdomains" : ", this name only")
                + (d.getOrganisation() == null ? "" : ", " + d.getOrganisation())
                + (d.getAllowedLookalikes().isEmpty() ? "" : ", allows " + String.join(";", new TreeSet<>(d.getAllowedLookalikes())));
    }

    private static String csvField(String s) {
        if (s == null) {
            return "";
        }
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static int lineOf(String text, int index) {
        int line = 1;
        for (int i = 0; i < index; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** Line numbers of the data rows, in order (no blank, comment or header lines), as TrustedFile reads them. */
    private static List<Integer> rowLines(String text) {
        List<Integer> out = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        boolean first = true;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int hash = line.indexOf('"') < 0 ? line.indexOf('#') : (line.trim().startsWith("#") ? line.indexOf('#') : -1);
            String l = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (l.isEmpty()) {
                continue;
            }
            if (first && l.toLowerCase(Locale.ROOT).startsWith("domain,")) {
                first = false;
                continue;
            }
            first = false;
            out.add(i + 1);
        }
        return out;
    }
}
