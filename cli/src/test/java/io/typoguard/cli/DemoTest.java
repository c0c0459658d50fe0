package io.typoguard.cli;

import io.typoguard.testkit.EmbeddedKafkaBroker;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code typoguard demo} end to end: its own broker, traffic and printed alerts, then a clean exit. */
class DemoTest {
    @Test
    void demoPrintsAnArmyMlAlertAndExitsZero() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int rc;
        try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            rc = new Demo(new Demo.Options(Duration.ofSeconds(20), 100, true, out)).run();
        }
        String printed = buffer.toString(StandardCharsets.UTF_8);

        assertThat(rc).isZero();
        assertThat(printed.lines()).anySatisfy(l -> assertThat(l).startsWith("ALERT").contains("@army.ml").contains("meant army.mil"));
        assertThat(printed).as("--redact masks local parts").contains("a****@typoguard.test").doesNotContain("alice@typoguard.test");
        assertThat(printed).contains("| events").contains("Stopped.");
    }

    /**
     * The live page, in a real browser: Debian's headless Chromium loads it from the running demo, runs its
     * JavaScript against the query API, and the DOM it ends up with shows the army.ml incident. Metrics and
     * health answer on the same port.
     */
    @Test
    void theLivePageShowsAnArmyMlAlertInHeadlessChromiumAndMetricsAndHealthAnswer() throws Exception {
        String chromium = java.nio.file.Files.isExecutable(java.nio.file.Path.of("/usr/bin/chromium")) ? "/usr/bin/chromium" : "chromium";
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        Demo demo = new Demo(new Demo.Options(Duration.ofSeconds(90), 100, false, out, AlertFormat.Style.TEXT, 0));
        java.util.concurrent.CompletableFuture<Integer> run = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return demo.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60))
                    .until(() -> demo.url() != null && buffer.toString(StandardCharsets.UTF_8).contains("@army.ml"));
            var http = java.net.http.HttpClient.newHttpClient();
            var ready = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(demo.url() + "/health/ready")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).isEqualTo(200);
            var metrics = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(demo.url() + "/metrics")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).contains("typoguard_alerts_total{").contains("typoguard_records_parsed_total{format=\"postfix\"}")
                    .contains("typoguard_findings_total{technique=").contains("typoguard_end_to_end_lag_seconds_count")
                    .contains("kafka_stream_thread_process_rate");

            java.nio.file.Path profile = java.nio.file.Files.createTempDirectory("chromium-profile-");
            Process p = new ProcessBuilder(chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--user-data-dir=" + profile, "--virtual-time-budget=10000", "--dump-dom", demo.url() + "/")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
            EmbeddedKafkaBroker.deleteRecursively(profile);
            assertThat(dom).as("the DOM Chromium rendered").contains("<tr class=\"alert\">")
                    .containsPattern("<td class=\"recipient\">[^<]*@army\\.ml</td>")
                    .contains("Sub-topology: 0").contains("raw-log-source");
        } finally {
            demo.requestStop();
            assertThat(run.get(60, java.util.concurrent.TimeUnit.SECONDS)).isZero();
        }
    }
}
