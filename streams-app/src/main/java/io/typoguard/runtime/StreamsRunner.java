package io.typoguard.runtime;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a topology: sets the state listener and a bounded-restart uncaught-exception handler before
 * {@code start()}, waits for RUNNING, closes with a timeout, and remembers whether the app ended in ERROR.
 */
public final class StreamsRunner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StreamsRunner.class);
    /** A stream thread that dies is replaced at most this many times per {@link #RESTART_WINDOW}. */
    static final int MAX_RESTARTS = 3;
    static final Duration RESTART_WINDOW = Duration.ofMinutes(10);

    private final KafkaStreams streams;
    private final boolean staticMember;
    private final CountDownLatch running = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicReference<KafkaStreams.State> lastState = new AtomicReference<>(KafkaStreams.State.CREATED);
    private final AtomicInteger restarts = new AtomicInteger();
    private volatile long windowStartedMs = System.currentTimeMillis();
    private volatile boolean sawError;
    private volatile boolean reachedRunning;

    private final java.util.List<KafkaStreams.StateListener> stateListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * Also tells {@code listener} of every state change from now on. Kafka Streams takes one state listener,
     * and this runner's is it; others register here.
     */
    public void onStateChange(KafkaStreams.StateListener listener) {
        stateListeners.add(listener);
    }

    public StreamsRunner(Topology topology, Properties props) {
        this.streams = new KafkaStreams(topology, props);
        this.staticMember = !props.getProperty(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG,
                props.getProperty(StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), "")).isBlank();
        streams.setStateListener((newState, oldState) -> {
            lastState.set(newState);
            log.info("Kafka Streams state {} -> {}", oldState, newState);
            stateListeners.forEach(l -> l.onChange(newState, oldState));
            if (newState == KafkaStreams.State.RUNNING) {
                reachedRunning = true;
                running.countDown();
            }
            if (newState == KafkaStreams.State.ERROR) {
                sawError = true;
            }
            if (newState == KafkaStreams.State.ERROR || newState == KafkaStreams.State.NOT_RUNNING) {
                running.countDown();
                stopped.countDown();
            }
        });
        streams.setUncaughtExceptionHandler(e -> {
            if (isPositionLost(e)) {
                // Replacing the thread would meet the same missing records again: stop, and say what to do.
                positionsLost.incrementAndGet();
                log.error("A position of the app on its own topics is no longer on the broker: records were deleted before "
                        + "Typoguard read them, and it does not skip its own data silently ({}). The usual cause is an outage "
                        + "longer than the topic's retention (typoguard.topics.retention). To accept the loss: kafka-consumer-groups.sh "
                        + "--group <application.id> --topic <topic> --reset-offsets --to-earliest --execute; see docs/operations.md "
                        + "\"Retention\". Shutting down.", rootMessage(e));
                return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            }
            long now = System.currentTimeMillis();
            if (now - windowStartedMs > RESTART_WINDOW.toMillis()) {
                windowStartedMs = now;
                restarts.set(0);
            }
            if (restarts.incrementAndGet() <= MAX_RESTARTS) {
                log.error("Stream thread died ({}); replacing it ({} of {} within {})", e.getClass().getName(),
                        restarts.get(), MAX_RESTARTS, RESTART_WINDOW);
                return StreamThreadExceptionResponse.REPLACE_THREAD;
            }
            log.error("Stream thread died too often; shutting down", e);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
    }

    private final AtomicInteger positionsLost = new AtomicInteger();

    /** How often a stream thread met a position the broker no longer has on a topic read without reset (metric). */
    public int positionsLost() {
        return positionsLost.get();
    }

    /**
     * True for Kafka Streams' refusal to reset a source read with {@code AutoOffsetReset.none()}: an
     * {@code InvalidOffsetException} (out of range, or no committed position) in the chain.
     */
    static boolean isPositionLost(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.apache.kafka.clients.consumer.InvalidOffsetException) {
                return true;
            }
            if (t.getMessage() != null && t.getMessage().startsWith("No valid committed offset found for input")) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null) {
                if (sb.length() > 0) {
                    sb.append(" <- ");
                }
                sb.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
            }
        }
        return sb.toString();
    }

    public StreamsRunner start() {
        streams.start();
        return this;
    }

    /** Waits until Streams is RUNNING; false on timeout or when it stopped instead. */
    /** True once Streams has been RUNNING: every global store (trusted domains, exceptions) was restored. */
    public boolean reachedRunning() {
        return reachedRunning;
    }

    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        return running.await(timeout.toMillis(), TimeUnit.MILLISECONDS) && lastState.get() == KafkaStreams.State.RUNNING;
    }

    /** Waits until Streams stops by itself (ERROR or NOT_RUNNING). */
    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    public KafkaStreams streams() {
        return streams;
    }

    /** True when the app went through ERROR: the process should then exit non-zero. */
    public boolean endedInError() {
        return sawError;
    }

    /**
     * Closes Streams and, unless the instance is a static member ({@code group.instance.id} set), leaves the consumer
     * group, so that a restarted process (or the other instances) gets the tasks at once instead of after the
     * session timeout (45 s by default). A static member stays in the group: that is what static membership is for.
     */
    public void close(Duration timeout) {
        CloseOptions options = CloseOptions.timeout(timeout).withGroupMembershipOperation(staticMember
                ? CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP : CloseOptions.GroupMembershipOperation.LEAVE_GROUP);
        if (!streams.close(options)) {
            log.warn("Kafka Streams did not close within {}", timeout);
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }
}
