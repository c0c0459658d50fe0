package io.typoguard.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.typoguard.detect.DomainName;
import io.typoguard.detect.InvalidDomainException;
import io.typoguard.detect.TrustedEntry;
import io.typoguard.detect.TrustedFile;
import io.typoguard.detect.TrustedIndex;
import io.typoguard.detect.TypoDetector;
import io.typoguard.detect.Verdict;
import io.typoguard.parse.Addresses;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing of the detector side: {@link TypoDetector#check(String)} against a small trusted
 * index, {@link DomainName#tryParse}, {@link TrustedFile#read}, and the {@link Addresses} helpers. Inputs are
 * bytes decoded as UTF-8 (malformed sequences become U+FFFD, as a Reader would give them).
 */
class DetectFuzzTest {

    private static final TypoDetector DETECTOR = FuzzChecks.smallDetector();

    static {
        DETECTOR.check("warm.up"); // loads ICU's confusable data outside the timed calls
    }

    private static String text(byte[] data) {
        return new String(data, StandardCharsets.UTF_8);
    }

    /**
     * The four targets below in one, for CI's bounded campaign (as {@link ParserFuzzTest#everyParser}): the first byte
     * picks the target, the rest is its input.
     */
    @FuzzTest(maxDuration = "300s")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void everyDetectorInput(byte[] data) throws Exception {
        FuzzChecks.oneOf(data, this::detectorCheck, this::domainNameTryParse, this::trustedFileRead, this::addresses);
    }

    /** Never throws; every verdict is one of the documented kinds; Invalid says why. */
    @FuzzTest(maxDuration = "30s")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void detectorCheck(byte[] data) {
        String s = text(data);
        checkVerdict(FuzzChecks.timed("check", () -> DETECTOR.check(s)));
        checkVerdict(FuzzChecks.timed("check(address)", () -> DETECTOR.check("user@" + s)));
    }

    static void checkVerdict(Verdict v) {
        if (v == null) {
            throw new AssertionError("check returned null");
        }
        if (v instanceof Verdict.Invalid i && (i.reason() == null || i.reason().isBlank())) {
            throw new AssertionError("Invalid verdict without a reason");
        }
        if (v instanceof Verdict.Typo t && (t.match() == null || t.match().explanation() == null || t.match().explanation().isBlank())) {
            throw new AssertionError("Typo verdict without an explanation");
        }
        String d = v.describe();
        if (d == null || d.isBlank()) {
            throw new AssertionError("empty description");
        }
    }

    /**
     * tryParse never throws; a parsed name is lower-case LDH ASCII of at most 253 characters whose parts add up,
     * and parsing it again gives the same name (normalisation is idempotent).
     */
    @FuzzTest(maxDuration = "30s")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void domainNameTryParse(byte[] data) {
        String s = text(data);
        Optional<DomainName> d = FuzzChecks.timed("tryParse", () -> DomainName.tryParse(s));
        if (d.isEmpty()) {
            return;
        }
        DomainName n = d.get();
        String a = n.ascii();
        if (a.isEmpty() || a.length() > DomainName.MAX_LENGTH || !a.matches("[a-z0-9_.-]+")) {
            throw new AssertionError("not normalised: " + a);
        }
        String rebuilt = (n.subPart().isEmpty() ? "" : n.subPart() + ".") + n.registrable();
        if (!rebuilt.equals(a)) {
            throw new AssertionError("parts " + n + " do not add up to " + a);
        }
        Optional<DomainName> again = DomainName.tryParse(a);
        if (again.isEmpty() || !again.get().equals(n)) {
            throw new AssertionError("normalising " + a + " again gave " + again);
        }
        n.unicode(); // must not throw either
    }

    /**
     * read either returns entries or throws IllegalArgumentException naming the line (its documented
     * outcome); the entries it returns build an index that checks each of them as trusted.
     */
    @FuzzTest(maxDuration = "30s")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void trustedFileRead(byte[] data) throws IOException {
        String s = text(data);
        List<TrustedEntry> entries;
        try {
            entries = FuzzChecks.timed("TrustedFile.read", () -> {
                try {
                    return TrustedFile.read(new StringReader(s));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        } catch (IllegalArgumentException e) {
            if (e.getMessage() == null || !e.getMessage().startsWith("line ")) {
                throw new AssertionError("rejection does not name the line: " + e.getMessage(), e);
            }
            return;
        }
        TrustedIndex index = new TrustedIndex();
        FuzzChecks.timed("rebuild", () -> {
            index.rebuild(entries);
            return null;
        });
        TypoDetector detector = new TypoDetector(index);
        for (TrustedEntry e : entries) {
            Verdict v = FuzzChecks.timed("check trusted", () -> detector.check(e.name()));
            if (!(v instanceof Verdict.Trusted)) {
                throw new AssertionError("trusted entry " + e.name() + " checked as " + v.describe());
            }
        }
    }

    /** unbracket and senderIdentity never throw; recipientDomain throws only InvalidDomainException. */
    @FuzzTest(maxDuration = "30s")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void addresses(byte[] data) {
        String s = text(data);
        String u = FuzzChecks.timed("unbracket", () -> Addresses.unbracket(s));
        FuzzChecks.timed("senderIdentity", () -> Addresses.senderIdentity(s));
        FuzzChecks.timed("senderIdentity(unbracketed)", () -> Addresses.senderIdentity(u));
        for (String a : new String[] {s, u}) {
            try {
                String domain = FuzzChecks.timed("recipientDomain", () -> Addresses.recipientDomain(a));
                if (domain == null || domain.isEmpty() || domain.length() > DomainName.MAX_LENGTH) {
                    throw new AssertionError("bad recipient domain '" + domain + "'");
                }
            } catch (InvalidDomainException e) {
                if (e.getMessage() == null || e.getMessage().isBlank()) {
                    throw new AssertionError("InvalidDomainException without a reason", e);
                }
            }
        }
    }
}
