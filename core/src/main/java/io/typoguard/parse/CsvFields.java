package io.typoguard.parse;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/** One CSV line read with Jackson's CSV reader (quoted fields, doubled quotes), and columns by header name. */
final class CsvFields {
    private static final CsvMapper CSV = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);

    private CsvFields() {
    }

    /** The fields of one line, or null when it is not readable CSV. */
    static String[] split(String line) {
        try (MappingIterator<String[]> it = CSV.readerFor(String[].class).readValues(line)) {
            return it.hasNext() ? it.next() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Column positions by name (blanks and quotes around names removed). */
    static Map<String, Integer> index(String[] names) {
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < names.length; i++) {
            m.put(names[i].strip().replace("\"", ""), i);
        }
        return m;
    }

    /** The named field, or null when the column is unknown, missing from the line, or empty. */
    static String get(String[] f, Map<String, Integer> columns, String name) {
        Integer i = columns.get(name);
        return i == null || i >= f.length || f[i].isEmpty() ? null : f[i];
    }

    static String orElse(String v, String fallback) {
        return v == null ? fallback : v;
    }
}
