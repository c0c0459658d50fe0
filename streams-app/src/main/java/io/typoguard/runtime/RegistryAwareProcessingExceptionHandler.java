package io.typoguard.runtime;

import io.typoguard.registry.RegistryException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' log-and-continue handler (the failed record goes to the dead-letter topic, processing goes
 * on), except when the schema registry could not be reached: then the task fails, the record stays
 * uncommitted, and the bounded-restart handler retries it, so a registry outage does not turn every record
 * into a dead letter. A registry that answers "no" (unknown id, incompatible schema) is a record problem and
 * dead-letters as usual.
 */
public final class RegistryAwareProcessingExceptionHandler extends LogAndContinueProcessingExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(RegistryAwareProcessingExceptionHandler.class);

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof RegistryException r && r.retriable()) {
                log.error("Schema registry unavailable ({}); stopping the task so the record is retried, not dead-lettered",
                        r.getMessage());
                return Response.fail();
            }
        }
        return super.handleError(context, record, exception);
    }
}
