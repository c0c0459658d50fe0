package io.typoguard.runtime;

import io.typoguard.topology.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the broker refuses one record for what it is (too large, a timestamp outside the broker's accepted
 * range), that record goes to the dead-letter topic with the reason and the app goes on; anything else
 * (a broker that is away, authorisation) still stops the task, as the default handler does. Kafka Streams'
 * default handler fails on both, which would let one bad log line stop the pipeline.
 */
public final class DeadLetterProductionExceptionHandler implements ProductionExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(DeadLetterProductionExceptionHandler.class);
    private String deadLetterTopic;

    @Override
    public void configure(Map<String, ?> configs) {
        Object t = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        deadLetterTopic = t == null ? null : t.toString();
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (!(exception instanceof InvalidRecordException || exception instanceof InvalidTimestampException
                || exception instanceof RecordTooLargeException)) {
            return Response.fail();
        }
        log.warn("Broker refused a record for topic {} ({}); sending it to the dead-letter topic",
                record.topic(), exception.getClass().getSimpleName());
        if (deadLetterTopic == null || deadLetterTopic.equals(record.topic())) {
            return Response.resume();
        }
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        put(headers, DeadLetters.REASON, "broker refused the record: " + exception.getMessage());
        put(headers, DeadLetters.STAGE, "produce");
        put(headers, DeadLetters.SOURCE_TOPIC, context.topic() == null ? "" : context.topic());
        put(headers, DeadLetters.SOURCE_PARTITION, Integer.toString(context.partition()));
        put(headers, DeadLetters.SOURCE_OFFSET, Long.toString(context.offset()));
        put(headers, "typoguard.target.topic", record.topic());
        // The original source bytes when Streams kept them (they fit the dead-letter topic), else the record.
        byte[] key = context.sourceRawKey() != null ? context.sourceRawKey() : record.key();
        byte[] value = context.sourceRawValue() != null ? context.sourceRawValue() : record.value();
        return Response.resume(List.of(new ProducerRecord<>(deadLetterTopic, null, null, key, value, headers)));
    }

    private static void put(RecordHeaders headers, String k, String v) {
        headers.remove(k);
        headers.add(k, v.getBytes(StandardCharsets.UTF_8));
    }
}
