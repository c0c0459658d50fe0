package io.typoguard.runtime;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
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

    public void close(Duration timeout) {
        if (!streams.close(timeout)) {
            log.warn("Kafka Streams did not close within {}", timeout);
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }
}
