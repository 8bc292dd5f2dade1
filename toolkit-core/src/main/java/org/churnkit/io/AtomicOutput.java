package org.churnkit.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
        /**
         * Writes the content.
         *
         * @param temporary the path to write to (a file, or a directory path for directory writers)
         * @throws IOException on I/O failure
         */
        void writeTo(Path temporary) throws IOException;
    }

    /**
     * Writes {@code target} atomically: {@code writer} fills a temporary file beside it, which then
     * replaces {@code target}. Missing parent directories are created.
     *
     * @throws UncheckedIOException on I/O failure (no output is left behind)
     * @param target the final path
     * @param writer writes the content to the temporary path
     */
    public static void write(Path target, Writer writer) {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = createTempFile(dir, abs.getFileName().toString());
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

    /**
     * Writes {@code content} as UTF-8 to {@code target} atomically; see {@link #write}.
     *
     * @param target the final path
     * @param content the text to write
     */
    public static void writeString(Path target, String content) {
        write(target, tmp -> Files.writeString(tmp, content, StandardCharsets.UTF_8));
    }

    /**
     * Like {@link #write} for writers that produce a directory of files (Arrow Dataset): the writer
     * gets a fresh, empty temporary directory beside the target.
     *
     * @param target the final directory path
     * @return a newly created, empty temporary directory in the target's parent
     * @throws IOException when the directory cannot be examined or created
     */
    public static Path temporaryDirectoryBeside(Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        String prefix = "." + abs.getFileName() + ".";
        if (posix(abs.getParent())) {
            return Files.createTempDirectory(abs.getParent(), prefix,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        }
        return Files.createTempDirectory(abs.getParent(), prefix);
    }

    /**
     * Writes a directory of files so that {@code target} only ever holds a complete set: {@code writer}
     * fills a fresh temporary directory beside it, which is then renamed to {@code target}. An existing
     * {@code target} is first renamed aside and deleted only once the new one is in place, so a failure
     * at any point leaves either the old directory or the new one, never a mixture.
     *
     * @throws UncheckedIOException on I/O failure (the temporary directory is removed)
     * @param target the final directory
     * @param writer writes the directory's files to the temporary directory path
     */
    public static void writeDirectory(Path target, Writer writer) {
        Path abs = target.toAbsolutePath();
        Path tmp = null;
        Path old = null;
        try {
            tmp = temporaryDirectoryBeside(abs);
            writer.writeTo(tmp);
            if (Files.exists(abs)) {
                if (!Files.isDirectory(abs)) {
                    throw new IOException(abs + " exists and is not a directory");
                }
                old = Files.createTempDirectory(abs.getParent(), "." + abs.getFileName() + ".old.");
                Files.delete(old);
                Files.move(abs, old, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE);
            tmp = null;
        } catch (IOException e) {
            if (old != null && Files.exists(old) && !Files.exists(abs)) {
                try {
                    Files.move(old, abs, StandardCopyOption.ATOMIC_MOVE);
                    old = null;
                } catch (IOException ignored) {
                    // the original error is the one to report
                }
            }
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                deleteQuietly(tmp);
            }
            if (old != null) {
                deleteQuietly(old);
            }
        }
    }

    /**
     * A temporary file beside the target, readable by all (rw-r--r--, less the umask) like a file
     * written directly: {@code Files.createTempFile} alone would leave the output private (rw-------).
     */
    private static Path createTempFile(Path dir, String name) throws IOException {
        String prefix = "." + name + ".";
        if (posix(dir)) {
            return Files.createTempFile(dir, prefix, ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
        }
        return Files.createTempFile(dir, prefix, ".tmp");
    }

    private static boolean posix(Path dir) {
        return dir.getFileSystem().supportedFileAttributeViews().contains("posix");
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
