package io.typoguard.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Everything a test run writes: every log event at INFO and above (Kafka's clients log their whole configuration at
 * INFO, so a secret that leaks anywhere shows up here), plus System.out and System.err. The console keeps its usual
 * ERROR threshold. Restores the previous levels, appenders and streams on {@link #close()}.
 */
public final class LogCapture implements AutoCloseable {
    private final StringWriter logs = new StringWriter();
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final PrintStream originalOut = System.out;
    private final PrintStream originalErr = System.err;
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
    private final Appender appender;
    private final Level rootLevel;
    private final Level typoguardLevel;

    public LogCapture() {
        Configuration config = context.getConfiguration();
        appender = WriterAppender.newBuilder().setName("security-test-capture").setTarget(logs)
                .setLayout(PatternLayout.newBuilder().withPattern("%d{HH:mm:ss.SSS} %-5level %c{1} [%t] - %msg%n%throwable").build())
                .build();
        appender.start();
        config.addAppender(appender);
        LoggerConfig root = config.getRootLogger();
        rootLevel = root.getLevel();
        // Keep the console at its threshold while the root logger lets INFO through to the capture.
        for (String name : root.getAppenders().keySet()) {
            Appender console = root.getAppenders().get(name);
            root.removeAppender(name);
            root.addAppender(console, rootLevel, null);
        }
        root.addAppender(appender, Level.INFO, null);
        root.setLevel(Level.INFO);
        LoggerConfig typoguard = config.getLoggerConfig("io.typoguard");
        typoguardLevel = typoguard.getLevel();
        if (typoguard.getName().equals("io.typoguard")) {
            typoguard.setLevel(Level.INFO);
        }
        context.updateLoggers();
        System.setOut(new PrintStream(new Tee(originalOut, stdout), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(originalErr, stderr), true, StandardCharsets.UTF_8));
    }

    /** Log events, stdout and stderr so far. */
    public String text() {
        synchronized (stdout) {
            return logs + "\n--- stdout ---\n" + stdout.toString(StandardCharsets.UTF_8) + "\n--- stderr ---\n" + stderr.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        System.setOut(originalOut);
        System.setErr(originalErr);
        Configuration config = context.getConfiguration();
        LoggerConfig root = config.getRootLogger();
        root.removeAppender(appender.getName());
        root.setLevel(rootLevel);
        LoggerConfig typoguard = config.getLoggerConfig("io.typoguard");
        if (typoguard.getName().equals("io.typoguard")) {
            typoguard.setLevel(typoguardLevel);
        }
        context.updateLoggers();
        appender.stop();
    }

    /** Writes to the original stream and to the capture. */
    private static final class Tee extends java.io.OutputStream {
        private final PrintStream original;
        private final ByteArrayOutputStream copy;

        Tee(PrintStream original, ByteArrayOutputStream copy) {
            this.original = original;
            this.copy = copy;
        }

        @Override
        public void write(int b) {
            original.write(b);
            synchronized (copy) {
                copy.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            original.write(b, off, len);
            synchronized (copy) {
                copy.write(b, off, len);
            }
        }
    }
}
