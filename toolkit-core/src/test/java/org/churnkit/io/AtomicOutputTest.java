package org.churnkit.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.churnkit.ChurnkitException;
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

    private static Set<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    private static void assumePosix(Path dir) throws IOException {
        assumeTrue(Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class),
                "skipped: the file system has no POSIX permissions");
    }

    /** A process id that is not running: a child that has exited. */
    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        assertEquals(0, p.waitFor());
        long pid = p.pid();
        assumeTrue(ProcessHandle.of(pid).isEmpty(), "skipped: the process id was reused at once");
        return pid;
    }

    @Test
    void temporaryFilesAreNamedForTheirProcessAndLeftNowhere(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("scores.csv");
        List<String> seen = new java.util.ArrayList<>();
        AtomicOutput.write(out, tmp -> {
            seen.add(tmp.getFileName().toString());
            Files.writeString(tmp, "x\n");
        });
        assertTrue(seen.get(0).matches("\\.scores\\.csv\\.churnkit-" + ProcessHandle.current().pid() + "-\\d+\\.tmp"), seen.get(0));
        assertEquals(Set.of("scores.csv"), names(dir));
    }

    @Test
    void staleTemporaryFilesOfDeadProcessesAreRemovedByTheNextWrite(@TempDir Path dir) throws Exception {
        long dead = deadPid();
        Path stale = Files.writeString(dir.resolve(".scores.csv.churnkit-" + dead + "-123.tmp"), "half");
        Path staleParquetDir = Files.createDirectories(dir.resolve("..scores.csv.churnkit-" + dead + "-1.tmp.churnkit-" + dead + "-2"));
        Files.writeString(staleParquetDir.resolve("part-0.parquet"), "half");
        assumeTrue(ProcessHandle.of(1).isPresent(), "skipped: process 1 is not visible");
        // pid 1 is alive and started before this file was written: another run still writing
        Path live = Files.writeString(dir.resolve(".scores.csv.churnkit-1-456.tmp"), "busy");
        Path other = Files.writeString(dir.resolve(".other.csv.churnkit-" + dead + "-7.tmp"), "not ours to judge");
        AtomicOutput.writeString(dir.resolve("scores.csv"), "customer_id\n");
        assertFalse(Files.exists(stale));
        assertFalse(Files.exists(staleParquetDir));
        assertTrue(Files.exists(live));
        assertTrue(Files.exists(other), "only temporary files of the target written are judged");
    }

    @Test
    void aSymbolicLinkIsFollowedAndKept(@TempDir Path dir) throws IOException {
        Path real = Files.writeString(Files.createDirectories(dir.resolve("data")).resolve("real.csv"), "old\n");
        Path link = Files.createSymbolicLink(dir.resolve("link.csv"), Path.of("data/real.csv"));
        AtomicOutput.writeString(link, "new\n");
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("new\n", Files.readString(real));
        assertEquals(Set.of("real.csv"), names(dir.resolve("data")), "the temporary file was beside the real target");
    }

    @Test
    void aDanglingLinkADirectoryAndAReadOnlyFileAreRefused(@TempDir Path dir) throws IOException {
        assumePosix(dir);
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling.csv"), Path.of("nowhere/x.csv"));
        var e1 = assertThrows(ChurnkitException.class, () -> AtomicOutput.writeString(dangling, "x"));
        assertTrue(e1.getMessage().contains("symbolic link to nowhere/x.csv, which does not exist"), e1.getMessage());
        assertFalse(Files.exists(dir.resolve("nowhere")));

        Path sub = Files.createDirectory(dir.resolve("sub.csv"));
        var e2 = assertThrows(ChurnkitException.class, () -> AtomicOutput.writeString(sub, "x"));
        assertTrue(e2.getMessage().endsWith("it is a directory"), e2.getMessage());

        Path ro = Files.writeString(dir.resolve("ro.csv"), "keep\n");
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r--r--r--"));
        var e3 = assertThrows(ChurnkitException.class, () -> AtomicOutput.writeString(ro, "x"));
        assertTrue(e3.getMessage().contains("read-only (r--r--r--)"), e3.getMessage());
        assertEquals("keep\n", Files.readString(ro));

        Path roDir = Files.createDirectory(dir.resolve("ro-dir"));
        Files.setPosixFilePermissions(roDir, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            var e4 = assertThrows(ChurnkitException.class, () -> AtomicOutput.writeString(roDir.resolve("x.csv"), "x"));
            assertTrue(e4.getMessage().contains("is read-only (r-xr-xr-x, permission denied)"), e4.getMessage());
            var e5 = assertThrows(ChurnkitException.class, () -> AtomicOutput.checkTarget(roDir.resolve("new/x.csv")));
            assertTrue(e5.getMessage().contains("read-only"), e5.getMessage());
        } finally {
            Files.setPosixFilePermissions(roDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        assertEquals(Set.of("dangling.csv", "sub.csv", "ro.csv", "ro-dir"), names(dir));
    }

    @Test
    void devicesAreWrittenThroughNotReplaced() throws IOException {
        Path devNull = Path.of("/dev/null");
        assumeTrue(Files.exists(devNull) && !Files.isRegularFile(devNull), "skipped: no /dev/null device");
        AtomicOutput.writeString(devNull, "discarded\n");
        assertFalse(Files.isRegularFile(devNull), "/dev/null must still be a device");
        assertEquals(0, Files.size(devNull));
    }

    @Test
    void aFifoIsStreamedInto(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("pipe.csv");
        Process mk;
        try {
            mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        } catch (IOException e) {
            org.junit.jupiter.api.Assumptions.abort("skipped: no mkfifo on this machine");
            return;
        }
        assumeTrue(mk.waitFor() == 0, "skipped: mkfifo failed");
        CompletableFuture<String> reader = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = Files.newInputStream(fifo)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        AtomicOutput.writeString(fifo, "customer_id\nc1\n");
        assertEquals("customer_id\nc1\n", reader.get(30, TimeUnit.SECONDS));
        assertTrue(Files.exists(fifo) && !Files.isRegularFile(fifo), "the FIFO must still be a FIFO");
        assertEquals(Set.of("pipe.csv"), names(dir));
    }

    @Test
    void aNewDirectoryAppearsWholeAndMarked(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("bt");
        AtomicOutput.writeDirectory(out, List.of("a.csv", "b.csv"), tmp -> {
            Files.writeString(tmp.resolve("a.csv"), "a");
            Files.writeString(tmp.resolve("b.csv"), "b");
        });
        assertEquals(Set.of("a.csv", "b.csv", AtomicOutput.MARKER), names(out));
        assertEquals(Set.of("bt"), names(dir));
    }

    @Test
    void aDirectoryHoldingTheUsersFilesIsRefusedAndUntouched(@TempDir Path dir) throws IOException {
        Path log = Files.writeString(dir.resolve("log.csv"), "customer_id,date\nc1,2024-01-01\n");
        var e = assertThrows(ChurnkitException.class, () -> AtomicOutput.writeDirectory(dir, List.of("a.csv"),
                tmp -> Files.writeString(tmp.resolve("a.csv"), "a")));
        assertTrue(e.getMessage().contains("already holds files churnkit did not write (log.csv)"), e.getMessage());
        assertEquals(Set.of("log.csv"), names(dir));
        assertEquals("customer_id,date\nc1,2024-01-01\n", Files.readString(log));
    }

    @Test
    void aMarkedDirectoryGetsOnlyItsOwnFilesReplaced(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("bt");
        AtomicOutput.writeDirectory(out, List.of("a.csv"), tmp -> Files.writeString(tmp.resolve("a.csv"), "1"));
        Files.writeString(out.resolve("notes.txt"), "mine");
        AtomicOutput.writeDirectory(out, List.of("a.csv"), tmp -> Files.writeString(tmp.resolve("a.csv"), "2"));
        assertEquals("2", Files.readString(out.resolve("a.csv")));
        assertEquals("mine", Files.readString(out.resolve("notes.txt")));
        assertEquals(Set.of("a.csv", "notes.txt", AtomicOutput.MARKER), names(out));
    }

    @Test
    void anExistingDirectoryHoldingOnlyTheCommandsFilesIsAcceptedAndAFailedWriteKeepsThem(@TempDir Path dir)
            throws IOException {
        Files.writeString(dir.resolve("a.csv"), "old");
        assertThrows(UncheckedIOException.class, () -> AtomicOutput.writeDirectory(dir, List.of("a.csv"), tmp -> {
            Files.writeString(tmp.resolve("a.csv"), "half");
            throw new IOException("disk full");
        }));
        assertEquals("old", Files.readString(dir.resolve("a.csv")));
        assertEquals(Set.of("a.csv"), names(dir));
        AtomicOutput.writeDirectory(dir, List.of("a.csv"), tmp -> Files.writeString(tmp.resolve("a.csv"), "new"));
        assertEquals("new", Files.readString(dir.resolve("a.csv")));
        assertTrue(Files.exists(dir.resolve(AtomicOutput.MARKER), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void ioErrorsAreSaidInWords() {
        Path f = Path.of("secret.csv");
        assertEquals("no such file or directory", IoErrors.reason(f, new java.nio.file.NoSuchFileException("secret.csv")));
        assertEquals("permission denied", IoErrors.reason(f, new java.nio.file.AccessDeniedException("secret.csv")));
        assertEquals("read-only file system",
                IoErrors.reason(f, new java.nio.file.FileSystemException("secret.csv", null, "Read-only file system")));
        assertEquals("permission denied (/data)", IoErrors.reason(f, new java.nio.file.AccessDeniedException("/data")));
        assertEquals("cannot read secret.csv: no such file or directory",
                IoErrors.cannotRead(f, new java.nio.file.NoSuchFileException("secret.csv")));
        OutOfMemoryError oom = new OutOfMemoryError("Java heap space");
        assertThrows(OutOfMemoryError.class, () -> IoErrors.rethrowOutOfMemory(new RuntimeException(new IllegalStateException(oom))));
        IoErrors.rethrowOutOfMemory(new RuntimeException("not memory"));
    }
}
