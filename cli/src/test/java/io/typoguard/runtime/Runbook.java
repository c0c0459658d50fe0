package io.typoguard.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The day-one runbook in docs/operations.md, as its reader gets it: each block after a {@code <!-- day-one:NAME -->}
 * marker, with the site's names ({@code kafka1:9092}, {@code /etc/typoguard}, ports) replaced by the test's own.
 */
final class Runbook {
    private static final Pattern BLOCK = Pattern.compile("<!-- day-one:([a-z-]+) -->\\s*```[a-z]*\\n(.*?)\\n```", Pattern.DOTALL);

    private final Map<String, String> blocks = new LinkedHashMap<>();

    private Runbook(String markdown, Map<String, String> replacements) {
        Matcher m = BLOCK.matcher(markdown);
        while (m.find()) {
            String text = m.group(2);
            for (Map.Entry<String, String> r : replacements.entrySet()) {
                text = text.replace(r.getKey(), r.getValue());
            }
            if (blocks.put(m.group(1), text) != null) {
                throw new IllegalStateException("two runbook blocks named " + m.group(1));
            }
        }
    }

    /** @param replacements applied in their iteration order */
    static Runbook read(Path operationsMd, Map<String, String> replacements) throws IOException {
        return new Runbook(Files.readString(operationsMd), replacements);
    }

    String block(String name) {
        String b = blocks.get(name);
        if (b == null) {
            throw new IllegalStateException("docs/operations.md has no block marked <!-- day-one:" + name + " --> (has " + blocks.keySet() + ")");
        }
        return b;
    }

    java.util.Set<String> names() {
        return blocks.keySet();
    }
}
