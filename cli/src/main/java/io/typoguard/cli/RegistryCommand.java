package io.typoguard.cli;

import io.typoguard.registry.RegistryHttpServer;
import io.typoguard.registry.RegistryState;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code typoguard registry}: serve the Confluent-compatible schema registry API alone (in memory), on 127.0.0.1. */
@Command(name = "registry", mixinStandardHelpOptions = true,
        description = "Serve the Confluent-compatible schema registry REST API on 127.0.0.1 (state in memory), until Ctrl-C.")
final class RegistryCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "8081", description = "Port on 127.0.0.1 (0: any free port). Default: ${DEFAULT-VALUE}.")
    int port;

    @Override
    public Integer call() throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        try (RegistryHttpServer server = RegistryHttpServer.start(new RegistryState(), port)) {
            System.out.println("Schema registry API at " + server.url());
            System.out.flush();
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "registry-shutdown"));
            stop.await();
        }
        return 0;
    }
}
