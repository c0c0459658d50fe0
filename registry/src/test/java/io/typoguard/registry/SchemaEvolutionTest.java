package io.typoguard.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/**
 * Fails when a change to schemas/src/main/avro is not BACKWARD compatible with the last released version in
 * schemas/history (the rule every Confluent-compatible registry enforces by default, so an incompatible change
 * would be refused at registration in production).
 */
class SchemaEvolutionTest {
    private static final Path SCHEMAS = Path.of("../schemas");

    @Test
    void everySchemaIsBackwardCompatibleWithTheLastRelease() throws IOException {
        Path release = latestRelease();
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Path released : list(release)) {
            Path current = SCHEMAS.resolve("src/main/avro").resolve(released.getFileName());
            if (!Files.exists(current)) {
                problems.add(released.getFileName() + " was removed");
                continue;
            }
            Schema.Parser oldParser = parserWithEnums(release);
            Schema.Parser newParser = parserWithEnums(SCHEMAS.resolve("src/main/avro"));
            Schema old = oldParser.getTypes().get(name(released)) != null ? oldParser.getTypes().get(name(released)) : oldParser.parse(released.toFile());
            Schema now = newParser.getTypes().get(name(released)) != null ? newParser.getTypes().get(name(released)) : newParser.parse(current.toFile());
            if (!Compatibility.BACKWARD.allows(now, List.of(old))) {
                problems.add(released.getFileName() + " is not BACKWARD compatible with release " + release.getFileName());
            }
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(5);
        assertThat(problems).isEmpty();
    }

    @Test
    void theCheckCatchesARealIncompatibility() {
        Schema old = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}");
        Schema requiredField = new Schema.Parser().parse(
                "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"b\",\"type\":\"int\"}]}");
        Schema optionalField = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"},"
                + "{\"name\":\"b\",\"type\":[\"null\",\"int\"],\"default\":null}]}");

        assertThat(Compatibility.BACKWARD.allows(requiredField, List.of(old))).isFalse();
        assertThat(Compatibility.BACKWARD.allows(optionalField, List.of(old))).isTrue();
    }

    private static String name(Path avsc) {
        return "io.typoguard.schema." + avsc.getFileName().toString().replace(".avsc", "");
    }

    /** A parser that already knows the shared enums, as the build's imports do. */
    private static Schema.Parser parserWithEnums(Path dir) throws IOException {
        Schema.Parser p = new Schema.Parser();
        for (String shared : List.of("DeliveryStatus.avsc", "Technique.avsc", "Severity.avsc")) {
            p.parse(dir.resolve(shared).toFile());
        }
        return p;
    }

    private static Path latestRelease() throws IOException {
        try (Stream<Path> s = Files.list(SCHEMAS.resolve("history"))) {
            return s.filter(Files::isDirectory).max(Comparator.comparing(p -> p.getFileName().toString())).orElseThrow();
        }
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".avsc")).sorted().toList();
        }
    }
}
