package io.typoguard.runtime;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * How every long-running command lives and ends ({@code run}, {@code demo}, {@code policy}): it starts what it
 * needs, {@link #await}s a stop (Ctrl-C, SIGTERM, a time limit, or its own end such as Kafka Streams stopping),
 * closes what it started, and returns its exit code. Under {@link #forProcess}, Ctrl-C and SIGTERM only ask for the
 * stop, so a clean stop after a signal still exits 0; a shutdown hook covers the JVM ending some other way
 * ({@code System.exit} elsewhere): it asks for the stop and holds the exit until the command has closed, up to a
 * grace period.
 */
public final class Lifecycle implements AutoCloseable {
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);
    private final List<Runnable> onStop = new CopyOnWriteArrayList<>();
    private final Thread hook;

    private Lifecycle(Duration grace) {
        if (grace == null) {
            hook = null;
            return;
        }
        hook = new Thread(() -> {
            requestStop();
            try {
                closed.await(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "typoguard-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        for (String signal : new String[] {"INT", "TERM"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(signal), s -> requestStop());
            } catch (IllegalArgumentException e) {
                // signal not available on this platform: the shutdown hook still stops the command
            }
        }
    }

    /** The process's lifecycle: signals ask for the stop; a shutdown hook waits up to {@code grace} for {@link #close()}. */
    public static Lifecycle forProcess(Duration grace) {
        return new Lifecycle(grace);
    }

    /** Without signals or hooks: for a command embedded in another program or a test, stopped by {@link #requestStop()}. */
    public static Lifecycle inProcess() {
        return new Lifecycle(null);
    }

    /** Also runs {@code action} when the stop is requested (at once if it already was). */
    public Lifecycle onStop(Runnable action) {
        onStop.add(action);
        if (stopRequested.get()) {
            action.run();
        }
        return this;
    }

    /** Asks for the stop; idempotent, and safe from a signal handler. */
    public void requestStop() {
        if (stopRequested.compareAndSet(false, true)) {
            stop.countDown();
            onStop.forEach(Runnable::run);
        }
    }

    public boolean stopRequested() {
        return stopRequested.get();
    }

    /**
     * Returns when the stop is requested, when {@code limit} has passed (null: no limit), or when {@code finished}
     * says the work has ended on its own; {@code everySecond} runs once a second meanwhile. True when a stop was
     * requested, false when the limit passed or the work finished.
     */
    public boolean await(Duration limit, BooleanSupplier finished, Runnable everySecond) throws InterruptedException {
        boolean limited = limit != null && !limit.isZero();
        long deadline = limited ? System.nanoTime() + limit.toNanos() : 0;
        while (true) {
            long waitMs = limited ? Math.max(1, Math.min(1000, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))) : 1000;
            if (stop.await(waitMs, TimeUnit.MILLISECONDS)) {
                return true;
            }
            if ((limited && System.nanoTime() - deadline >= 0) || finished.getAsBoolean()) {
                return false;
            }
            everySecond.run();
        }
    }

    /** The command has closed what it started: a pending JVM exit may go on. */
    @Override
    public void close() {
        closed.countDown();
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook is running and has just been released
            }
        }
    }
}
