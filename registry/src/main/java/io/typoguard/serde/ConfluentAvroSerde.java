package io.typoguard.serde;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Avro specific records in the Confluent wire format: magic byte 0, 4-byte big-endian schema id, Avro
 * binary. Subjects follow {@code TopicNameStrategy} ({@code <topic>-value}, or {@code -key}). Writer schemas
 * are resolved through the {@link SchemaRegistry} once per id and cached, so the hot path makes no registry
 * call. Readers resolve the writer schema against the generated class's schema (schema evolution).
 */
public final class ConfluentAvroSerde<T extends SpecificRecord> implements Serde<T> {
    static final byte MAGIC = 0;

    private final SchemaRegistry registry;
    private final Schema readerSchema;
    private boolean isKey;
    private boolean autoRegister = true;
    private boolean useLatestVersion;
    private boolean recordNameStrategy;
    private final Map<String, Integer> idBySubject = new ConcurrentHashMap<>();
    private final Map<Integer, SpecificDatumReader<T>> readers = new ConcurrentHashMap<>();
    private final SpecificDatumWriter<T> writer;

    public ConfluentAvroSerde(SchemaRegistry registry, Class<T> type, boolean isKey) {
        this.registry = registry;
        this.readerSchema = SpecificData.get().getSchema(type);
        this.isKey = isKey;
        this.writer = new SpecificDatumWriter<>(readerSchema);
    }

    public static <T extends SpecificRecord> ConfluentAvroSerde<T> forValues(SchemaRegistry registry, Class<T> type) {
        return new ConfluentAvroSerde<>(registry, type, false);
    }

    public Schema schema() {
        return readerSchema;
    }

    /** TopicNameStrategy ({@code <topic>-value}, the default) or RecordNameStrategy (the record's full name). */
    public String subject(String topic) {
        return recordNameStrategy ? readerSchema.getFullName() : topic + (isKey ? "-key" : "-value");
    }

    /**
     * Confluent's serde settings: {@code auto.register.schemas} (default true), {@code use.latest.version}
     * (default false: write with the id of the subject's latest version instead of registering),
     * {@code value.subject.name.strategy} / {@code key.subject.name.strategy} (TopicNameStrategy or
     * RecordNameStrategy, short or Confluent class names).
     */
    @Override
    public void configure(Map<String, ?> configs, boolean key) {
        this.isKey = key;
        this.autoRegister = bool(configs, "auto.register.schemas", true);
        this.useLatestVersion = bool(configs, "use.latest.version", false);
        Object strategy = configs.get(key ? "key.subject.name.strategy" : "value.subject.name.strategy");
        if (strategy != null) {
            String s = strategy.toString();
            if (s.endsWith("RecordNameStrategy")) {
                recordNameStrategy = true;
            } else if (s.endsWith("TopicNameStrategy")) {
                recordNameStrategy = false;
            } else {
                throw new IllegalArgumentException("subject name strategy '" + s + "' not supported: use TopicNameStrategy or RecordNameStrategy");
            }
        }
        idBySubject.clear();
    }

    private static boolean bool(Map<String, ?> configs, String key, boolean def) {
        Object v = configs.get(key);
        if (v == null) {
            return def;
        }
        String s = v.toString().strip();
        if (!s.equals("true") && !s.equals("false")) {
            throw new IllegalArgumentException("setting " + key + ": expected true or false, not '" + s + "'");
        }
        return Boolean.parseBoolean(s);
    }

    private final Map<Integer, LatestWriter> latestWriters = new ConcurrentHashMap<>();

    private record LatestWriter(Schema schema, SpecificDatumWriter<Object> writer) {
    }

    /** The record re-shaped for another (compatible) writer schema: fields by name, defaults for the rest. */
    private Object byName(T data, Schema target) {
        org.apache.avro.generic.GenericData.Record out = new org.apache.avro.generic.GenericData.Record(target);
        for (Schema.Field f : target.getFields()) {
            Schema.Field mine = readerSchema.getField(f.name());
            out.put(f.pos(), mine != null ? data.get(mine.pos()) : SpecificData.get().getDefaultValue(f));
        }
        return out;
    }

    private int writerId(String subject) {
        return idBySubject.computeIfAbsent(subject, s -> {
            if (useLatestVersion) {
                SchemaRegistry.Latest latest = registry.latest(s);
                latestWriters.put(latest.id(), new LatestWriter(latest.schema(),
                        new SpecificDatumWriter<>(latest.schema(), SpecificData.getForSchema(readerSchema))));
                return latest.id();
            }
            return autoRegister ? registry.register(s, readerSchema) : registry.lookupId(s, readerSchema);
        });
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            int id = writerId(subject(topic));
            LatestWriter latestWriter = latestWriters.get(id);
            // A per-thread buffer and encoder, reused: serialisers are shared by the stream threads.
            EncoderScratch scratch = EncoderScratch.get();
            EncoderScratch.Buffer out = scratch.out;
            out.write(MAGIC);
            out.write(id >>> 24);
            out.write(id >>> 16);
            out.write(id >>> 8);
            out.write(id);
            BinaryEncoder encoder = scratch.encoder();
            try {
                if (latestWriter == null || latestWriter.schema().equals(readerSchema)) {
                    writer.write(data, encoder);
                } else {
                    latestWriter.writer().write(byName(data, latestWriter.schema()), encoder);
                }
                encoder.flush();
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("cannot serialize " + readerSchema.getFullName() + " for topic " + topic, e);
            }
            return out.toByteArray();
        };
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (bytes.length < 5 || bytes[0] != MAGIC) {
                throw new SerializationException("not Confluent Avro wire format (magic byte 0 and schema id expected)");
            }
            int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
            SpecificDatumReader<T> reader = readers.computeIfAbsent(id,
                    i -> new SpecificDatumReader<>(registry.getById(i), readerSchema));
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null);
            try {
                return reader.read(null, decoder);
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("cannot read " + readerSchema.getFullName() + " with schema id " + id, e);
            }
        };
    }
}
