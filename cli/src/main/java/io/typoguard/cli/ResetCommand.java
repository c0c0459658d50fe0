package io.typoguard.cli;

import io.typoguard.runtime.AppConfig;
import io.typoguard.runtime.TypoguardApp;
import io.typoguard.serde.InMemorySchemaRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.tools.StreamsResetter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code typoguard reset}: reprocess from the start (or from a time). Runs Kafka's own streams application reset
 * tool for the app's application id and input topics (offsets to the start or the time, internal topics deleted),
 * then wipes this machine's local state. Every instance must be stopped first; the tool refuses otherwise.
 */
@Command(name = "reset", mixinStandardHelpOptions = true,
        description = "Reset Typoguard for reprocessing (wraps kafka-streams-application-reset). Stop every instance first.")
final class ResetCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, paramLabel = "<file>", description = "The same properties file as for run (optional).")
    Path config;

    @Option(names = "--set", paramLabel = "<setting=value>", description = "Override one setting; repeatable.")
    Map<String, String> overrides = new java.util.LinkedHashMap<>();

    @Option(names = "--to-datetime", paramLabel = "<yyyy-MM-ddTHH:mm:ss.SSS>",
            description = "Reprocess from this time instead of from the start of the input topics.")
    String toDatetime;

    @Option(names = "--dry-run", description = "Only show what would be done.")
    boolean dryRun;

    @Option(names = "--force", description = "Remove members still in the consumer group. A killed or crashed instance (or a static member) "
            + "stays a member for up to session.timeout.ms (45 s); only use this when every instance really is stopped.")
    boolean force;

    @Override
    public Integer call() {
        AppConfig cfg = AppConfig.from(AppConfig.sources(config, System.getenv(), overrides));
        Map<String, String> kafka = cfg.kafka();
        String appId = kafka.getOrDefault(StreamsConfig.APPLICATION_ID_CONFIG, "typoguard");
        var topics = cfg.topology().topics();
        List<String> args = new ArrayList<>(List.of("--bootstrap-server", kafka.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG),
                "--application-id", appId,
                "--input-topics", String.join(",", topics.raw(), topics.events(), topics.decisions())));
        if (toDatetime != null) {
            args.addAll(List.of("--to-datetime", toDatetime));
        } else {
            args.add("--to-earliest");
        }
        if (dryRun) {
            args.add("--dry-run");
        }
        if (force) {
            args.add("--force");
        }
        Properties client = new Properties();
        kafka.forEach((k, v) -> {
            if (AdminClientConfig.configNames().contains(k) && !k.equals(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG)) {
                client.put(k, v);
            }
        });
        int rc;
        try {
            rc = resetOffsets(args, client);
        } catch (IOException e) {
            System.err.println("typoguard reset: cannot write the reset tool's client settings to a temporary file: " + e.getMessage());
            return 2;
        }
        if (rc != 0 || dryRun) {
            return rc;
        }
        // Local state (RocksDB stores) would otherwise be reused; Streams' cleanUp() removes this machine's copy.
        try (TypoguardApp app = new TypoguardApp(cfg.topology(), new InMemorySchemaRegistry(), kafka)) {
            app.runner().streams().cleanUp();
        }
        System.out.println("Reset done for application id " + appId + ": offsets rewound, internal topics deleted, local state removed."
                + " Start the instances again to reprocess.");
        return 0;
    }

    /**
     * Runs Kafka's reset tool. It builds its admin client from {@code --command-config} only (the properties passed
     * to {@code execute} reach its consumer alone), so on a secured cluster the client settings go to a file too: one
     * only this user can read, since it may hold a password, deleted when the tool is done.
     */
    private static int resetOffsets(List<String> args, Properties client) throws IOException {
        Path file = Files.createTempFile("typoguard-reset-", ".properties",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            try (var out = Files.newBufferedWriter(file)) {
                client.store(out, "typoguard reset: client settings for kafka-streams-application-reset");
            }
            List<String> withConfig = new ArrayList<>(args);
            withConfig.addAll(List.of("--command-config", file.toString()));
            return new StreamsResetter().execute(withConfig.toArray(String[]::new), client);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
