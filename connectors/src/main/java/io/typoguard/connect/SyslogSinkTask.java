package io.typoguard.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.typoguard.siemformat.CefFormatter;
import io.typoguard.connect.syslog.SyslogClient;
import io.typoguard.connect.syslog.SyslogFormatter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Formats each alert and sends the whole batch synchronously in {@link #put}: when {@code put} returns, every
 * record of the batch has been written to the receiver's connection; when sending fails it throws
 * {@link RetriableException}, Connect pauses, waits {@code retry.backoff.ms} and hands the same batch again, and
 * the offsets of that batch are not committed meanwhile. Delivery is at-least-once: after a failure in the middle
 * of a batch, its first records can reach the receiver twice.
 *
 * <p>A record that is not an OCSF JSON object cannot become a syslog message; it goes to the worker's error
 * handling (dead-letter queue / log with {@code errors.tolerance=all}, task failure with the default {@code none}).
 */
public final class SyslogSinkTask extends SinkTask {
    private static final Logger log = LoggerFactory.getLogger(SyslogSinkTask.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CefFormatter cef = new CefFormatter();
    private SyslogSinkConfig config;
    private SyslogFormatter syslog;
    private SyslogClient client;
    private ErrantRecordReporter errors;
    private long backoffMs;
    private int failures;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new SyslogSinkConfig(props);
        syslog = new SyslogFormatter(config.getInt(SyslogSinkConfig.SYSLOG_FACILITY), config.syslogHostname(),
                config.getString(SyslogSinkConfig.APP_NAME), config.getString(SyslogSinkConfig.MSG_ID));
        client = config.client();
        backoffMs = config.getLong(SyslogSinkConfig.RETRY_BACKOFF_MS);
        try {
            errors = context.errantRecordReporter();
        } catch (NoSuchMethodError | NoClassDefFoundError e) {
            errors = null; // worker older than 2.6
        }
        log.info("Syslog sink sending {} to {}", config.getString(SyslogSinkConfig.FORMAT), client);
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        List<byte[]> messages = new ArrayList<>(records.size());
        Instant now = Instant.now();
        for (SinkRecord r : records) {
            byte[] m;
            try {
                m = format(r, now);
            } catch (DataException e) {
                reportBad(r, e);
                continue;
            }
            messages.add(m);
        }
        try {
            client.send(messages);
            if (failures > 0) {
                log.info("Syslog receiver {} reachable again after {} failed attempts", client, failures);
                failures = 0;
            }
        } catch (IOException e) {
            failures++;
            if (failures == 1 || failures % 30 == 0) {
                log.warn("Sending {} alerts to {} failed ({} attempts so far); Connect redelivers them in {} ms: {}",
                        messages.size(), client, failures, backoffMs, e.toString());
            }
            context.timeout(backoffMs);
            throw new RetriableException("syslog receiver " + client + " unavailable: " + e.getMessage(), e);
        }
    }

    /** The syslog message for one record (no framing). */
    byte[] format(SinkRecord r, Instant now) {
        Object value = r.value();
        if (value == null) {
            throw new DataException("record has no value (tombstone)");
        }
        String json = value instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : value.toString();
        JsonNode finding;
        try {
            finding = JSON.readTree(json);
        } catch (IOException e) {
            throw new DataException("value is not JSON: " + e.getMessage(), e);
        }
        if (finding == null || !finding.isObject()) {
            throw new DataException("value is not a JSON object");
        }
        String msg;
        if (config.cef()) {
            String line = cef.format(finding);
            msg = switch (config.getString(SyslogSinkConfig.CEF_SYSLOG_HEADER)) {
                case "rfc3164" -> syslog.rfc3164(finding, line, now);
                case "none" -> line;
                default -> syslog.rfc5424(finding, line, now);
            };
        } else {
            // JSON is whitespace-insensitive outside strings and cannot hold raw line breaks inside them, so this
            // keeps the document intact and one message per line for newline framing.
            msg = syslog.rfc5424(finding, json.indexOf('\n') >= 0 || json.indexOf('\r') >= 0
                    ? json.replace('\r', ' ').replace('\n', ' ') : json, now);
        }
        byte[] bytes = msg.getBytes(StandardCharsets.UTF_8);
        if (config.transport() == SyslogClient.Transport.UDP && bytes.length > SyslogClient.MAX_UDP_PAYLOAD) {
            throw new DataException("message of " + bytes.length + " bytes does not fit a UDP datagram");
        }
        return bytes;
    }

    private void reportBad(SinkRecord r, DataException e) {
        if (errors != null) {
            errors.report(r, e);
            log.warn("Record {}-{}@{} cannot be sent as syslog ({}); handed to the worker's error handling",
                    r.topic(), r.kafkaPartition(), r.kafkaOffset(), e.getMessage());
        } else {
            throw e;
        }
    }

    /** put() is synchronous, so everything handed to it has been written; only a final flush of the stream is left. */
    @Override
    public void flush(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
    }

    @Override
    public void stop() {
        if (client != null) {
            client.close();
        }
    }
}
