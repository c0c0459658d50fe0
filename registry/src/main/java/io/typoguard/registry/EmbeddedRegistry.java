package io.typoguard.registry;

import java.io.IOException;

/** The registry the app serves itself (demo, tests): REST API on 127.0.0.1, state in a compacted topic. */
public final class EmbeddedRegistry implements AutoCloseable {
    private final KafkaRegistryStore store;
    private final RegistryHttpServer server;

    private EmbeddedRegistry(KafkaRegistryStore store, RegistryHttpServer server) {
        this.store = store;
        this.server = server;
    }

    public static EmbeddedRegistry start(String bootstrap, int port) throws IOException {
        RegistryState state = new RegistryState();
        KafkaRegistryStore store = KafkaRegistryStore.open(bootstrap, KafkaRegistryStore.DEFAULT_TOPIC, state);
        try {
            return new EmbeddedRegistry(store, RegistryHttpServer.start(state, port));
        } catch (IOException | RuntimeException e) {
            store.close();
            throw e;
        }
    }

    public String url() {
        return server.url();
    }

    @Override
    public void close() {
        server.close();
        store.close();
    }
}
