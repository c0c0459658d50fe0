package io.typoguard.bench;

import io.typoguard.schema.DeliveryStatus;
import io.typoguard.schema.MailEvent;
import io.typoguard.serde.ConfluentAvroSerde;
import io.typoguard.serde.InMemorySchemaRegistry;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * The Avro serde's hot path (schema id cached): serialize + deserialize one MailEvent in the Confluent wire
 * format, one thread. Baseline: copying the serialized bytes (the floor of any serde round trip).
 */
@State(Scope.Thread)
@Threads(1)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SerdeBenchmark {
    private MailEvent event;
    private Serializer<MailEvent> serializer;
    private Deserializer<MailEvent> deserializer;
    private byte[] bytes;

    @Setup
    public void setup() {
        ConfluentAvroSerde<MailEvent> serde = ConfluentAvroSerde.forValues(new InMemorySchemaRegistry(), MailEvent.class);
        serializer = serde.serializer();
        deserializer = serde.deserializer();
        event = MailEvent.newBuilder().setEventId("6f1c2a9e0b7d4e3f8a2b1c0d9e8f7a6b").setTimestamp(Instant.parse("2026-11-27T04:21:12Z"))
                .setHost("mail").setQueueId("27E05160038").setMessageId("20261127042112.004299@vm")
                .setSender("alice@typoguard.test").setRecipient("colonel.smith@army.ml").setRecipientDomain("army.ml")
                .setStatus(DeliveryStatus.SENT).setRelay("127.0.0.1[127.0.0.1]:2525").setDsn("2.0.0").setSourceFormat("postfix").build();
        bytes = serializer.serialize("mail.events", event);
    }

    @Benchmark
    public byte[] baselineCopyBytes() {
        return bytes.clone();
    }

    @Benchmark
    public MailEvent serializeAndDeserialize() {
        return deserializer.deserialize("mail.events", serializer.serialize("mail.events", event));
    }
}
