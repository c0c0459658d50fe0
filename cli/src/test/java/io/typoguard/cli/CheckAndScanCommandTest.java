package io.typoguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckAndScanCommandTest {
    private static final String TRUSTED = "../testkit/src/main/resources/demo/trusted.csv";
    private static final String REAL_LOG = "../testkit/src/main/resources/demo/postfix-real.log";
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return TypoguardCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void checkExplainsATypoAndExitsOne() {
        int rc = run("check", "--trusted", TRUSTED, "colonel.smith@army.ml", "army.mil");

        assertThat(rc).isEqualTo(1);
        assertThat(out.toString())
                .contains("TYPO     colonel.smith@army.ml -> meant army.mil [tld omission; severity CRITICAL")
                .contains("army.ml is army.mil with the 'i' of the TLD missing")
                .contains("TRUSTED  army.mil");
    }

    @Test
    void aSpreadsheetExportWithABomAndQuotedCommasIsRead(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("trusted.csv");
        Files.writeString(csv, "\uFEFFdomain,organisation,sensitivity,include_subdomains\n\"army.mil\",\"U.S. Army, HQ\",CRITICAL,true\n");

        assertThat(run("check", "--trusted", csv.toString(), "army.ml")).isEqualTo(1);
        assertThat(out.toString()).contains("meant army.mil");
    }

    @Test
    void checkOfCleanDomainsExitsZero() {
        assertThat(run("check", "--trusted", TRUSTED, "example.net", "navy.mil")).isZero();
    }

    @Test
    void aMissingOrMalformedTrustedFileIsAClearErrorWithExitTwo(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("trusted.csv");
        Files.writeString(bad, "army.mil,U.S. Army,CRITICAL,true\nnot a domain!,x\n");

        assertThat(run("check", "--trusted", dir.resolve("missing.csv").toString(), "army.ml")).isEqualTo(2);
        assertThat(err.toString()).contains("trusted file not found");
        assertThat(run("scan", "--trusted", bad.toString(), REAL_LOG)).isEqualTo(2);
        assertThat(err.toString()).contains("trusted file " + bad + ": line 2: not a valid domain name");
    }

    @Test
    void scanFindsTheTyposInTheRealPostfixLogAndReadsGzip(@TempDir Path dir) throws IOException {
        Path gz = dir.resolve("mail.log.1.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
            o.write(Files.readAllBytes(Path.of(REAL_LOG)));
        }
        Path findings = dir.resolve("findings.jsonl");

        int rc = run("scan", "--trusted", TRUSTED, "--year", "2026", "--output", findings.toString(), gz.toString());

        assertThat(rc).isZero();
        List<JsonNode> rows = Files.readAllLines(findings, StandardCharsets.UTF_8).stream().map(CheckAndScanCommandTest::json).toList();
        assertThat(rows).extracting(r -> r.get("recipient_domain").asText())
                .containsExactlyInAnyOrder("army.ml", "gmial.com", "state.gob", "navy.ml");
        JsonNode army = rows.stream().filter(r -> r.get("recipient_domain").asText().equals("army.ml")).findFirst().orElseThrow();
        assertThat(army.get("sender").asText()).isEqualTo("alice@typoguard.test");
        assertThat(army.get("intended_domain").asText()).isEqualTo("army.mil");
        assertThat(army.get("technique").asText()).isEqualTo("TLD_OMISSION");
        assertThat(army.get("timestamp").asText()).isEqualTo("2026-11-27T04:21:12Z");
    }

    @Test
    void scanWritesCsvAndRedactsWhenAsked(@TempDir Path dir) throws IOException {
        Path findings = dir.resolve("findings.csv");

        run("scan", "--trusted", TRUSTED, "--format", "csv", "--redact", "-o", findings.toString(), REAL_LOG);

        List<String> lines = Files.readAllLines(findings);
        assertThat(lines.get(0)).startsWith("timestamp,host,queue_id");
        assertThat(lines).hasSize(5);
        assertThat(String.join("\n", lines)).contains("a****@typoguard.test").doesNotContain("alice@").doesNotContain("colonel.smith@");
    }

    @Test
    void scanSaysPerFileWhatItReadAndWhatNotAndFlagsATypoBeforeAnAlias(@TempDir Path dir) throws IOException {
        Path aliased = dir.resolve("relay.log");
        Files.writeString(aliased, String.join("\n",
                "Nov 27 10:01:00 mx1 postfix/qmgr[7]: 5ABCDE1234: from=<alice@typoguard.test>, size=1, nrcpt=1 (queue active)",
                "Nov 27 10:01:00 mx1 postfix/smtp[9]: 5ABCDE1234: to=<ops-desk@typoguard.test>, orig_to=<ops@army.ml>, relay=x, dsn=2.0.0, status=sent (ok)",
                "Nov 27 10:01:01 mx1 postfix/smtpd[3]: connect from unknown[192.0.2.1]",
                "relay note: carol@secret.example asked for 12 copies",
                "relay note: dave@secret.example asked for 3 copies",
                "") + "\n");
        Path findings = dir.resolve("findings.jsonl");

        int rc = run("scan", "--trusted", TRUSTED, "--year", "2026", "--threads", "2", "-o", findings.toString(), REAL_LOG, aliased.toString());

        assertThat(rc).isZero();
        String summary = err.toString();
        assertThat(summary).contains("  " + REAL_LOG + "\n", "  " + aliased + "\n", "most common shapes (addresses masked):",
                "       2  relay note: <addr> asked for 9 copies", "postfix line without queue id").doesNotContain("secret.example");
        assertThat(summary).containsPattern("unreadable lines +3\\n"); // the two notes and the blank line
        JsonNode alias = Files.readAllLines(findings, StandardCharsets.UTF_8).stream().map(CheckAndScanCommandTest::json)
                .filter(r -> r.get("recipient_domain").asText().equals("army.ml") && r.get("flagged_address").asText().equals("original recipient"))
                .findFirst().orElseThrow();
        assertThat(alias.get("recipient").asText()).isEqualTo("ops-desk@typoguard.test");
        assertThat(alias.get("original_recipient").asText()).isEqualTo("ops@army.ml");
    }

    private static JsonNode json(String s) {
        try {
            return new ObjectMapper().readTree(s);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
