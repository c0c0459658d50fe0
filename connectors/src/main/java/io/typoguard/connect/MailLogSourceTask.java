package io.typoguard.connect;

import io.typoguard.connect.tail.FileId;
import io.typoguard.connect.tail.LogTailer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads new lines of its share of the globs through a {@link LogTailer} and returns them in batches. Each record's
 * source offset is the byte position just past its line, so whatever Connect has committed is exactly where a
 * restarted task continues: a line is never skipped, and, with offsets committed, never sent twice.
 */
public final class MailLogSourceTask extends SourceTask {
    private static final Logger log = LoggerFactory.getLogger(MailLogSourceTask.class);

    private final Object lock = new Object();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Map<FileId, Map<String, Object>> partitions = new HashMap<>();
    private MailLogSourceConfig config;
    private LogTailer tailer;
    private String topic;
    private String key;
    private boolean bytesValues;
    private int maxLineBytes;
    private int batchLines;
    private long batchBytes;
    private long pollIntervalMs;
    private long scanIntervalNanos;
    private long nextScan;
    private long longLines;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new MailLogSourceConfig(props);
        topic = config.getString(MailLogSourceConfig.TOPIC);
        key = config.hostKey();
        bytesValues = config.bytesValues();
        maxLineBytes = config.getInt(MailLogSourceConfig.MAX_LINE_BYTES);
        batchLines = config.getInt(MailLogSourceConfig.BATCH_MAX_LINES);
        batchBytes = config.getLong(MailLogSourceConfig.BATCH_MAX_BYTES);
        pollIntervalMs = config.getLong(MailLogSourceConfig.POLL_INTERVAL_MS);
        scanIntervalNanos = TimeUnit.MILLISECONDS.toNanos(config.getLong(MailLogSourceConfig.SCAN_INTERVAL_MS));
        OffsetStorageReader reader = context.offsetStorageReader();
        tailer = new LogTailer(config.files(), config.getBoolean(MailLogSourceConfig.READ_GZIP),
                config.getInt(MailLogSourceConfig.MAX_LINE_HARD_BYTES), config.getLong(MailLogSourceConfig.ROTATED_IDLE_MS),
                files -> storedPositions(reader, files), System::nanoTime);
        synchronized (lock) {
            scan();
        }
        log.info("Mail-log source following {} into {} with key {}", config.files(), topic, key);
    }

    private static Map<FileId, Long> storedPositions(OffsetStorageReader reader, Collection<FileId> files) {
        Map<Map<String, Object>, FileId> byPartition = new HashMap<>();
        for (FileId f : files) {
            byPartition.put(f.sourcePartition(), f);
        }
        Map<FileId, Long> positions = new HashMap<>();
        reader.offsets(byPartition.keySet()).forEach((partition, offset) -> {
            if (offset != null && offset.get(FileId.POSITION) instanceof Number n) {
                positions.put(byPartition.get(partition), n.longValue());
            }
        });
        return positions;
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        List<SourceRecord> records = new ArrayList<>();
        synchronized (lock) {
            if (tailer == null) {
                return null;
            }
            if (System.nanoTime() - nextScan >= 0) {
                scan();
            }
            try {
                tailer.poll(batchLines, batchBytes, (file, line, end, truncated, full) -> records.add(record(file, line, end, truncated, full)));
            } catch (IOException e) {
                throw new ConnectException("reading log files failed", e);
            }
        }
        if (records.isEmpty()) {
            stopped.await(pollIntervalMs, TimeUnit.MILLISECONDS);
            return null;
        }
        return records;
    }

    private void scan() {
        try {
            tailer.scan();
        } catch (IOException e) {
            throw new ConnectException("expanding " + config.files() + " failed", e);
        }
        nextScan = System.nanoTime() + scanIntervalNanos;
    }

    private SourceRecord record(FileId file, byte[] line, long end, boolean truncated, long full) {
        Map<String, Object> partition = partitions.computeIfAbsent(file, FileId::sourcePartition);
        ConnectHeaders headers = null;
        if (truncated) {
            headers = new ConnectHeaders();
            headers.addBoolean(MailLogSourceConfig.TRUNCATED_HEADER, true);
            headers.addLong(MailLogSourceConfig.LINE_BYTES_HEADER, full);
            log.warn("Line of {} bytes ending at byte {} of {} is over max.line.hard.bytes: sent its first {} bytes with header {}=true",
                    full, end, file, line.length, MailLogSourceConfig.TRUNCATED_HEADER);
        } else if (full > maxLineBytes && (longLines++ % 1000) == 0) {
            log.warn("Line of {} bytes ending at byte {} of {} is over max.line.bytes ({}); sent whole ({} such lines so far)",
                    full, end, file, maxLineBytes, longLines);
        }
        Object value = bytesValues ? line : new String(line, StandardCharsets.UTF_8);
        return new SourceRecord(partition, FileId.sourceOffset(end), topic, null,
                Schema.OPTIONAL_STRING_SCHEMA, key,
                bytesValues ? Schema.BYTES_SCHEMA : Schema.STRING_SCHEMA, value, null, headers);
    }

    @Override
    public void stop() {
        stopped.countDown();
        synchronized (lock) {
            if (tailer != null) {
                tailer.close();
                tailer = null;
            }
        }
    }
}
