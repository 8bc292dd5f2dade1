package org.churnkit.io;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.churnkit.ChurnkitException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputSafetyTest {

    private static String refused(OutputSafety check) {
        return assertThrows(ChurnkitException.class, check::check).getMessage();
    }

    @Test
    void anOutputThatIsAnInputIsRefusedHoweverSpelled(@TempDir Path dir) throws IOException {
        Path log = Files.writeString(dir.resolve("log.csv"), "customer_id,date\n");
        Path sub = Files.createDirectory(dir.resolve("sub"));
        Path dotted = sub.resolve("./../sub/../log.csv");
        Path hard = Files.createLink(dir.resolve("hard.csv"), log);
        Path soft = Files.createSymbolicLink(dir.resolve("soft.csv"), log.getFileName());
        for (Path out : List.of(log, dotted, hard, soft)) {
            String m = refused(OutputSafety.of().input("--input", log).output("--output", out));
            assertTrue(m.contains("--output " + out + " is the same file as --input " + log), m);
            assertTrue(m.contains("would destroy the input"), m);
        }
    }

    @Test
    void twoOutputsThatAreOneFileAreRefusedEvenBeforeEitherExists(@TempDir Path dir) {
        Path a = dir.resolve("seg.json");
        Path b = dir.resolve("x/../seg.json");
        String m = refused(OutputSafety.of().output("--output", a).output("--model-out", b));
        assertTrue(m.contains("are the same file"), m);
    }

    @Test
    void anOutputInsideAnInputDatasetIsRefused(@TempDir Path dir) throws IOException {
        Path ds = Files.createDirectory(dir.resolve("log.parquet"));
        Files.writeString(ds.resolve("part-0.parquet"), "PAR1");
        String m = refused(OutputSafety.of().input("--input", ds).output("--output", ds.resolve("summary.csv")));
        assertTrue(m.contains("inside the input directory"), m);
    }

    @Test
    void distinctFilesAndOptionsNotGivenPass(@TempDir Path dir) throws IOException {
        Path log = Files.writeString(dir.resolve("log.csv"), "customer_id,date\n");
        assertDoesNotThrow(() -> OutputSafety.of().input("--input", log).input("--model", null)
                .output("--output", dir.resolve("summary.csv")).output("--model-out", null).check());
    }

    @Test
    void aReadOnlyFileInAnOutputDirectoryIsRefusedBeforeAnyWork(@TempDir Path dir) throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                Files.getFileStore(dir).supportsFileAttributeView(java.nio.file.attribute.PosixFileAttributeView.class));
        Path out = Files.createDirectory(dir.resolve("bt"));
        Path locked = Files.writeString(out.resolve("comparison.csv"), "old");
        Files.setPosixFilePermissions(locked, java.nio.file.attribute.PosixFilePermissions.fromString("r--r--r--"));
        String m = refused(OutputSafety.of().outputDirectory("--output", out, List.of("comparison.csv", "drift.csv")));
        assertTrue(m.contains("comparison.csv: the file is read-only"), m);
    }

    @Test
    void anInputThatAnOutputDirectoryWouldOverwriteIsRefused(@TempDir Path dir) throws IOException {
        Path out = Files.createDirectory(dir.resolve("bt"));
        Files.writeString(out.resolve(AtomicOutput.MARKER), "");
        Path input = Files.writeString(out.resolve("comparison.csv"), "user data");
        String m = refused(OutputSafety.of().input("--input", input).outputDirectory("--output", out, List.of("comparison.csv")));
        assertTrue(m.contains("is the same file as --input"), m);
    }
}
