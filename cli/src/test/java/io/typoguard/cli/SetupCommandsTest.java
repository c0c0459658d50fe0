package io.typoguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code typoguard topics} and {@code typoguard acls} print; OperatorDayOneIT runs the scripts on a broker. */
class SetupCommandsTest {
    @TempDir
    Path dir;

    @Test
    void topicsPrintsOneIdempotentCreateForEveryTopicWithTheSettingsTheAppNeeds() throws Exception {
        String script = run("topics", "--config", config("typoguard.topics.partitions=12\ntypoguard.topics.retention=3d\n"),
                "--command-config", "/etc/kafka/admin client.properties");
        List<String> commands = script.lines().filter(l -> l.startsWith("kafka-topics.sh")).toList();
        assertThat(commands).hasSize(12).allSatisfy(c -> assertThat(c)
                .startsWith("kafka-topics.sh --bootstrap-server kafka1:9092 --command-config '/etc/kafka/admin client.properties' --create --if-not-exists"));
        assertThat(script).contains("--topic mail.events --partitions 12 --replication-factor 3 --config message.timestamp.type=LogAppendTime --config retention.ms=259200000")
                .contains("--topic trusted.domains --partitions 1 --replication-factor 3 --config cleanup.policy=compact")
                .startsWith("#!/usr/bin/env bash\nset -euo pipefail\n");
    }

    @Test
    void aclsGiveThePrincipalItsTopicsGroupAndTransactionalIdsByApplicationId() throws Exception {
        String script = run("acls", "--config", config("application.id=typoguard-eu\n"), "--principal", "User:typoguard");
        assertThat(script).contains("--allow-principal User:typoguard --operation READ --topic mail.log.raw\n")
                .contains("--operation READ --operation WRITE --operation DESCRIBE --topic trusted.domains\n")
                .contains("--operation ALL --topic typoguard-eu --resource-pattern-type prefixed\n")
                .contains("--operation READ --group typoguard-eu\n")
                .contains("--operation WRITE --operation DESCRIBE --transactional-id typoguard-eu --resource-pattern-type prefixed\n")
                .doesNotContain("--cluster");
        String readOnlyTables = run("acls", "--config", config(""), "--principal", "User:typoguard", "--no-table-writes");
        assertThat(readOnlyTables).contains("--operation READ --topic trusted.domains\n");
    }

    @Test
    void withoutBootstrapServersNothingIsPrinted() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = TypoguardCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), "topics", "--set", "typoguard.topics.partitions=3");
        assertThat(code).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).contains("bootstrap.servers");
    }

    private String config(String extra) throws Exception {
        Path file = dir.resolve("typoguard-" + System.nanoTime() + ".properties");
        Files.writeString(file, "bootstrap.servers=kafka1:9092\n" + extra);
        return file.toString();
    }

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = TypoguardCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        assertThat(code).as(err.toString()).isZero();
        return out.toString();
    }
}
