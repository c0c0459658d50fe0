package io.typoguard.detect;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/** The lines of an operator-edited list file: '#' comments and blank lines dropped, line numbers kept. */
final class ListLines {
    record Line(int number, String text) {
    }

    private ListLines() {
    }

    static List<Line> read(Reader reader) throws IOException {
        List<Line> out = new ArrayList<>();
        BufferedReader r = new BufferedReader(reader);
        int n = 0;
        for (String line; (line = r.readLine()) != null; ) {
            n++;
            if (n == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1); // a UTF-8 byte order mark, as spreadsheet exports write
            }
            int hash = line.indexOf('"') < 0 ? line.indexOf('#') : (line.trim().startsWith("#") ? line.indexOf('#') : -1);
            String l = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (!l.isEmpty()) {
                out.add(new Line(n, l));
            }
        }
        return out;
    }
}
