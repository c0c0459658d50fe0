package io.typoguard.connect;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.cli.ConnectStandalone;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorInfo;
import org.apache.kafka.connect.runtime.standalone.StandaloneHerder;
import org.apache.kafka.connect.util.FutureCallback;

/** A real standalone Kafka Connect worker in this JVM (plugins found on the class path through service loading). */
final class ConnectWorker implements AutoCloseable {
    private final Connect<StandaloneHerder> connect;

    private ConnectWorker(Connect<StandaloneHerder> connect) {
        this.connect = connect;
    }

    static ConnectWorker start(String bootstrap, Path offsetsFile, Map<String, String> extra) {
        Map<String, String> p = new HashMap<>();
        p.put("bootstrap.servers", bootstrap);
        p.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        p.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        p.put("offset.storage.file.filename", offsetsFile.toString());
        p.put("offset.flush.interval.ms", "500");
        p.put("listeners", "http://127.0.0.1:0");
        p.put("plugin.discovery", "service_load");
        p.put("connector.client.config.override.policy", "All");
        p.putAll(extra);
        return new ConnectWorker(new ConnectStandalone().startConnect(p));
    }

    void putConnector(String name, Map<String, String> config) throws Exception {
        Map<String, String> c = new HashMap<>(config);
        c.put("name", name);
        FutureCallback<org.apache.kafka.connect.runtime.Herder.Created<ConnectorInfo>> cb = new FutureCallback<>();
        connect.herder().putConnectorConfig(name, c, true, cb);
        cb.get(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        connect.stop();
        connect.awaitStop();
    }
}
