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
    private SerdeSettings settings = SerdeSettings.DEFAULTS;
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
        return forValues(registry, type, SerdeSettings.DEFAULTS);
    }

    /** A value serde with the given settings. */
    public static <T extends SpecificRecord> ConfluentAvroSerde<T> forValues(SchemaRegistry registry, Class<T> type, SerdeSettings settings) {
        ConfluentAvroSerde<T> serde = new ConfluentAvroSerde<>(registry, type, false);
        serde.settings = settings;
        return serde;
    }

    public Schema schema() {
        return readerSchema;
    }

    /** The subject of this topic's values (or keys) under the configured {@link SubjectNameStrategy}. */
    public String subject(String topic) {
        return settings.valueStrategy().subject(topic, readerSchema, isKey);
    }

    /** Confluent's serde settings ({@link SerdeSettings}); clears what was cached. */
    @Override
    public void configure(Map<String, ?> configs, boolean key) {
        this.isKey = key;
        this.settings = SerdeSettings.from(configs);
        idBySubject.clear();
        latestWriters.clear();
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
        Integer known = idBySubject.get(subject);
        if (known != null) {
            return known;
        }
        int id = switch (settings.mode()) {
            case REGISTER -> registry.register(subject, readerSchema);
            case LOOKUP -> registry.lookupId(subject, readerSchema);
            case LATEST -> useLatest(subject, registry.latest(subject));
        };
        idBySubject.put(subject, id);
        return id;
    }

    /**
     * The writer id for {@code subject}, known before the first record (start-up checks look every subject up
     * once): the hot path then makes no registry call.
     */
    public void prime(String subject, int id) {
        idBySubject.put(subject, id);
    }

    /** As {@link #prime}, for use.latest.version: records are written in {@code latest}'s shape, fields by name. */
    public int useLatest(String subject, SchemaRegistry.Latest latest) {
        String problem = unwritable(latest.schema());
        if (problem != null) {
            throw new SerializationException("cannot write " + readerSchema.getFullName() + " with the latest version under subject "
                    + subject + " (use.latest.version=true): " + problem);
        }
        latestWriters.put(latest.id(), new LatestWriter(latest.schema(),
                new SpecificDatumWriter<>(latest.schema(), SpecificData.getForSchema(readerSchema))));
        idBySubject.put(subject, latest.id());
        return latest.id();
    }

    /** Why this release's records cannot be written in {@code target}'s shape, or null when they can. */
    public String unwritable(Schema target) {
        if (target.getType() != Schema.Type.RECORD) {
            return "it is a " + target.getType().getName() + ", not a record";
        }
        for (Schema.Field f : target.getFields()) {
            if (readerSchema.getField(f.name()) == null && !f.hasDefaultValue()) {
                return "its field '" + f.name() + "' is unknown to this release and has no default";
            }
        }
        return null;
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
