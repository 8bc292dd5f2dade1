package org.churnkit.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Writes a file so that readers only ever see a complete one: the content goes to a temporary
 * file in the target's directory (same file system, so the final move is a rename), which is then
 * moved over the target. If writing fails for any reason the temporary file is deleted and the
 * target is left as it was, so a failed command never leaves a truncated output behind.
 */
public final class AtomicOutput {
    private AtomicOutput() {}

    /** Writes content to the temporary path it is given. */
    @FunctionalInterface
    public interface Writer {
        void writeTo(Path temporary) throws IOException;
    }

    /**
     * Writes {@code target} atomically: {@code writer} fills a temporary file beside it, which then
     * replaces {@code target}. Missing parent directories are created.
     *
     * @throws UncheckedIOException on I/O failure (no output is left behind)
     */
    public static void write(Path target, Writer writer) {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
            shareable(tmp);
            writer.writeTo(tmp);
            move(tmp, abs);
            tmp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                deleteQuietly(tmp);
            }
        }
    }

    /** Writes {@code content} as UTF-8 to {@code target} atomically; see {@link #write}. */
    public static void writeString(Path target, String content) {
        write(target, tmp -> Files.writeString(tmp, content, StandardCharsets.UTF_8));
    }

    /**
     * Gives a temporary file the permissions of an ordinary new file (rw-r--r--) where the file
     * system has POSIX permissions: {@link Files#createTempFile} makes it private (rw-------), and
     * the rename would carry that onto the output, unreadable to other users and services.
     */
    static void shareable(Path tmp) throws IOException {
        if (Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class)) {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    /**
     * Like {@link #write} for writers that produce a directory of files (Arrow Dataset): the writer
     * gets a fresh, non-existent temporary directory path beside the target.
     */
    public static Path temporaryDirectoryBeside(Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        Path d = Files.createTempDirectory(abs.getParent(), "." + abs.getFileName() + ".");
        return d;
    }

    /** Renames {@code from} onto {@code to}, atomically where the file system allows it. */
    static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Deletes a file or directory tree, ignoring failures (used only for clean-up). */
    static void deleteQuietly(Path p) {
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(Comparator.reverseOrder()).forEach(q -> {
                try {
                    Files.deleteIfExists(q);
                } catch (IOException ignored) {
                    // clean-up after a failure already being reported
                }
            });
        } catch (IOException ignored) {
            // the path vanished: nothing to clean
        }
    }
}
