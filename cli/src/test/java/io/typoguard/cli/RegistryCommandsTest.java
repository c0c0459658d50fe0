package io.typoguard.cli;

import static io.typoguard.cli.CliOnBroker.typoguard;
import static org.assertj.core.api.Assertions.assertThat;

import io.typoguard.registry.HttpSchemaRegistry;
import io.typoguard.registry.RegistryHttpServer;
import io.typoguard.registry.RegistryState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an operator and a release pipeline do with the registry: list, register and check the subjects; run refuses clearly. */
class RegistryCommandsTest {
    private RegistryHttpServer server;
    private HttpSchemaRegistry registry;

    @BeforeEach
    void start() throws IOException {
        server = RegistryHttpServer.start(new RegistryState(), 0);
        registry = new HttpSchemaRegistry(Map.of("schema.registry.url", server.url()));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Path config(Path dir, String bootstrap, String... lines) throws IOException {
        Path file = dir.resolve("app.properties");
        Files.writeString(file, "bootstrap.servers=" + bootstrap + "\napplication.id=typoguard-prod\nschema.registry.url=" + server.url()
                + "\n" + String.join("\n", lines) + "\n");
        return file;
    }

    @Test
    void subjectsListsTheAppsSubjectsIncludingItsInternalTopicsWithoutAskingTheRegistry(@TempDir Path dir) throws IOException {
        CliOnBroker.Result r = typoguard("registry", "subjects", "--config", config(dir, "unused:9092").toString());

        assertThat(r.code()).isZero();
        assertThat(r.out().lines()).hasSize(14)
                .anySatisfy(l -> assertThat(l).startsWith("mail.events-value").contains("io.typoguard.schema.MailEvent"))
                .anySatisfy(l -> assertThat(l).startsWith("typoguard-prod-incident-store-changelog-value").contains("io.typoguard.schema.Alert"))
                .anySatisfy(l -> assertThat(l).startsWith("typoguard-prod-findings-by-typo-domain-repartition-value"));
        assertThat(registry.requestCount()).isZero();
        assertThat(registry.subjects()).isEmpty();

        CliOnBroker.Result byRecord = typoguard("registry", "subjects", "--config", config(dir, "unused:9092").toString(),
                "--set", "value.subject.name.strategy=RecordNameStrategy");
        assertThat(byRecord.out().lines().map(l -> l.split("\\s+")[0]).distinct()).hasSize(9).contains("io.typoguard.schema.Alert");
    }

    @Test
    void aReleasePipelineRegistersEverySubjectThenCheckSaysRunWouldStart(@TempDir Path dir) throws IOException {
        Path file = config(dir, "unused:9092", "auto.register.schemas=false");

        CliOnBroker.Result before = typoguard("registry", "check", "--config", file.toString());
        assertThat(before.code()).isEqualTo(2);
        assertThat(before.err()).contains("subject mail.events-value: this release's io.typoguard.schema.MailEvent is not registered")
                .contains("subject typoguard-prod-sender-window-store-changelog-value");

        CliOnBroker.Result register = typoguard("registry", "register", "--config", file.toString());
        assertThat(register.code()).as(register.err()).isZero();
        assertThat(register.out().lines()).hasSize(14).allSatisfy(l -> assertThat(l).startsWith("registered"));
        assertThat(registry.subjects()).hasSize(14);

        CliOnBroker.Result after = typoguard("registry", "check", "--config", file.toString());
        assertThat(after.code()).isZero();
        assertThat(after.out().lines()).hasSize(14).allSatisfy(l -> assertThat(l).startsWith("found"));
    }

    @Test
    void runRefusesAnIncompatibleSubjectWithExitCode2NamingItAndRegistersNothing(@TempDir Path dir) throws IOException {
        registry.register("mail.findings-value", new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"TypoFinding\","
                + "\"namespace\":\"io.typoguard.schema\",\"fields\":[{\"name\":\"recipient\",\"type\":\"int\"}]}"));
        try (CliOnBroker cli = new CliOnBroker(dir)) {
            CliOnBroker.Result r = typoguard("run", "--config", config(dir, cli.broker.bootstrapServers(), "typoguard.http.port=-1").toString());

            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).startsWith("typoguard: schema registry check failed; nothing was registered:")
                    .contains("subject mail.findings-value: the registry would refuse this release's io.typoguard.schema.TypoFinding");
            assertThat(registry.subjects()).containsExactly("mail.findings-value");
        }
    }

    @Test
    void runStopsWithExitCode2WhenTheRegistryCannotBeReached(@TempDir Path dir) throws IOException {
        try (CliOnBroker cli = new CliOnBroker(dir)) {
            Path file = dir.resolve("down.properties");
            Files.writeString(file, "bootstrap.servers=" + cli.broker.bootstrapServers() + "\nschema.registry.url=http://127.0.0.1:1\n"
                    + "max.retries=0\ntypoguard.http.port=-1\n");

            CliOnBroker.Result r = typoguard("run", "--config", file.toString());

            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).startsWith("typoguard: schema registry: cannot look up subject mail.events-value: "
                    + "schema registry unreachable at http://127.0.0.1:1").contains("nothing was registered");
        }
    }

    @Test
    void aMisspelledRegistrySettingIsReportedAtStart(@TempDir Path dir) throws IOException {
        CliOnBroker.Result r = typoguard("run", "--config", config(dir, "unused:9092", "auto.register.schema=false").toString());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("unknown registry setting auto.register.schema (did you mean auto.register.schemas?)");
    }
}
