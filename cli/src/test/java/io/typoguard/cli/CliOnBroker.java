package io.typoguard.cli;

import io.typoguard.testkit.EmbeddedKafkaBroker;
import io.typoguard.runtime.TopicSetup;
import io.typoguard.topology.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** A fresh in-process broker with the app's topics, a config file pointing at it, and the CLI run as an operator runs it. */
final class CliOnBroker implements AutoCloseable {
    final EmbeddedKafkaBroker broker;
    final Path config;

    /** The exit code, stdout and stderr of one command line. */
    record Result(int code, String out, String err) {
    }

    CliOnBroker(Path dir) throws IOException {
        broker = EmbeddedKafkaBroker.inTempDir().start();
        broker.createTopics(TopicSetup.plan(Topics.defaults(), 1, (short) 1));
        config = dir.resolve("typoguard.properties");
        Files.writeString(config, "bootstrap.servers=" + broker.bootstrapServers() + "\n");
    }

    static Result typoguard(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = TypoguardCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    @Override
    public void close() {
        broker.close();
    }
}
