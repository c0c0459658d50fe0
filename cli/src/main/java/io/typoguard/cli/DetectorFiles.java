package io.typoguard.cli;

import io.typoguard.detect.Allowlist;
import io.typoguard.detect.TrustedEntry;
import io.typoguard.detect.TrustedFile;
import io.typoguard.detect.TrustedIndex;
import io.typoguard.detect.TypoDetector;
import io.typoguard.config.ConfigException;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Loads the trusted list and allowlist files named on the command line, with errors a user can act on. */
final class DetectorFiles {
    private DetectorFiles() {
    }

    static TypoDetector detector(Path trusted, Path allowlist) {
        TrustedIndex index = new TrustedIndex();
        index.rebuild(trusted(trusted));
        Allowlist allow = Allowlist.builtIn();
        if (allowlist != null) {
            if (!Files.isRegularFile(allowlist)) {
                throw new ConfigException("allowlist file not found: " + allowlist);
            }
            try (Reader r = Files.newBufferedReader(allowlist)) {
                allow = allow.plus(Allowlist.read(r));
            } catch (IOException e) {
                throw new ConfigException("cannot read allowlist file " + allowlist + ": " + e.getMessage());
            } catch (IllegalArgumentException e) {
                throw new ConfigException("allowlist file " + allowlist + ": " + e.getMessage());
            }
        }
        return new TypoDetector(index, allow);
    }

    static List<TrustedEntry> trusted(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("trusted file not found: " + file);
        }
        List<TrustedEntry> entries;
        try (Reader r = Files.newBufferedReader(file)) {
            entries = TrustedFile.read(r);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new ConfigException("trusted file " + file + " is not UTF-8 text");
        } catch (IOException e) {
            throw new ConfigException("cannot read trusted file " + file + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("trusted file " + file + ": " + e.getMessage());
        }
        if (entries.isEmpty()) {
            throw new ConfigException("trusted file " + file + " lists no domains");
        }
        return entries;
    }
}
