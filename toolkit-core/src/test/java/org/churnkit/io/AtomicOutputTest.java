package org.churnkit.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicOutputTest {

    @Test
    void outputsAreReadableByOthersLikeAnyNewFile(@TempDir Path dir) throws IOException {
        assumeTrue(Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class),
                "skipped: the file system has no POSIX permissions");
        Path out = dir.resolve("scores.csv");
        AtomicOutput.writeString(out, "customer_id\nc1\n");
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
    }

    @Test
    void aFailedWriteLeavesNeitherOutputNorTemporaryFile(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("model.json");
        assertThrows(UncheckedIOException.class, () -> AtomicOutput.write(out, tmp -> {
            Files.writeString(tmp, "half");
            throw new IOException("disk full");
        }));
        assertFalse(Files.exists(out));
        try (var s = Files.list(dir)) {
            assertEquals(0, s.count());
        }
    }
}
