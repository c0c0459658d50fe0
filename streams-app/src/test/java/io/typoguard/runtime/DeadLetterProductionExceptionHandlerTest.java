package io.typoguard.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.typoguard.topology.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

class DeadLetterProductionExceptionHandlerTest {
    private final DeadLetterProductionExceptionHandler handler = new DeadLetterProductionExceptionHandler();
    private final ProducerRecord<byte[], byte[]> event = new ProducerRecord<>("mail.events", "alice".getBytes(), new byte[] {0, 0, 0, 0, 1});
    private final ErrorHandlerContext context = new ErrorHandlerContext() {
        public String topic() { return "mail.log.raw"; }
        public int partition() { return 1; }
        public long offset() { return 42; }
        public Headers headers() { return new RecordHeaders(); }
        public String processorNodeId() { return "mail-events-sink"; }
        public TaskId taskId() { return new TaskId(0, 1); }
        public long timestamp() { return 0; }
        public byte[] sourceRawKey() { return null; }
        public byte[] sourceRawValue() { return "raw line".getBytes(StandardCharsets.UTF_8); }
    };

    DeadLetterProductionExceptionHandlerTest() {
        handler.configure(Map.of(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "mail.deadletter"));
    }

    @Test
    void aRecordTheBrokerRefusesGoesToTheDeadLetterTopicWithTheReasonAndTheAppGoesOn() {
        ProductionExceptionHandler.Response r = handler.handleError(context, event, new InvalidTimestampException("Timestamp out of range"));

        assertThat(r.result()).isEqualTo(ProductionExceptionHandler.Result.RESUME);
        assertThat(r.deadLetterQueueRecords()).singleElement().satisfies(dl -> {
            assertThat(dl.topic()).isEqualTo("mail.deadletter");
            assertThat(new String(dl.value(), StandardCharsets.UTF_8)).isEqualTo("raw line");
            assertThat(new String(dl.headers().lastHeader(DeadLetters.REASON).value(), StandardCharsets.UTF_8))
                    .isEqualTo("broker refused the record: Timestamp out of range");
            assertThat(new String(dl.headers().lastHeader(DeadLetters.SOURCE_OFFSET).value(), StandardCharsets.UTF_8)).isEqualTo("42");
        });
        assertThat(handler.handleError(context, event, new RecordTooLargeException("too big")).result())
                .isEqualTo(ProductionExceptionHandler.Result.RESUME);
    }

    @Test
    void aBrokerThatIsAwayStillStopsTheTaskInsteadOfDroppingRecords() {
        assertThat(handler.handleError(context, event, new TimeoutException("broker away")).result())
                .isEqualTo(ProductionExceptionHandler.Result.FAIL);
    }
}
