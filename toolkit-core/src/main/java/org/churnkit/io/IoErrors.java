package org.churnkit.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Says in words why a file operation failed. The message of a {@code java.nio.file} exception is
 * just the path ({@code NoSuchFileException: secret.csv}), so "cannot read secret.csv: secret.csv"
 * is what a plain {@code getMessage()} prints; every reader and writer of the library builds its
 * message here instead, as "cannot read secret.csv: permission denied".
 */
public final class IoErrors {
    private IoErrors() {}

    /**
     * The reason of an I/O failure in words: "no such file or directory", "permission denied",
     * "is a directory", "read-only file system", "no space left on device", ..., followed by the
     * path the system named when it is another one than {@code file} (a parent directory, say).
     *
     * @param file the file the operation was about (may be {@code null})
     * @param e the failure
     * @return a short lower-case reason, never just a path
     */
    public static String reason(Path file, IOException e) {
        String why = switch (e) {
            case NoSuchFileException n -> "no such file or directory";
            case AccessDeniedException a -> "permission denied";
            case FileAlreadyExistsException f -> "already exists";
            case DirectoryNotEmptyException d -> "directory not empty";
            case NotDirectoryException d -> "not a directory";
            case FileSystemLoopException l -> "too many levels of symbolic links";
            case FileSystemException f when f.getReason() != null -> words(f.getReason());
            case FileSystemException f -> e.getClass().getSimpleName();
            default -> e.getMessage() != null && !e.getMessage().isBlank() ? e.getMessage() : e.getClass().getSimpleName();
        };
        if (e instanceof FileSystemException f && f.getFile() != null && file != null
                && !Path.of(f.getFile()).toAbsolutePath().normalize().equals(file.toAbsolutePath().normalize())) {
            why += " (" + f.getFile() + (f.getOtherFile() != null ? " -> " + f.getOtherFile() : "") + ")";
        }
        return why;
    }

    /**
     * "cannot read FILE: REASON", the message every reader gives when the system refuses a file.
     *
     * @param file the file that could not be read
     * @param e the failure
     * @return the message
     */
    public static String cannotRead(Path file, IOException e) {
        return "cannot read " + file + ": " + reason(file, e);
    }

    /**
     * Rethrows the {@link OutOfMemoryError} that {@code t} is or was caused by, so that a reader
     * that wraps whatever its parser throws (FastCSV reports any failure while reading a record as
     * a {@code CsvParseException}) never reports running out of memory as bad input.
     *
     * @param t a caught exception
     * @throws OutOfMemoryError when {@code t} or one of its causes is one
     */
    public static void rethrowOutOfMemory(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof OutOfMemoryError oom) {
                throw oom;
            }
        }
    }

    /** "Read-only file system" -> "read-only file system"; keeps acronyms such as "I/O". */
    private static String words(String reason) {
        String r = reason.strip();
        if (r.length() > 1 && Character.isUpperCase(r.charAt(0)) && !Character.isUpperCase(r.charAt(1))) {
            r = r.substring(0, 1).toLowerCase(Locale.ROOT) + r.substring(1);
        }
        return r;
    }

    /**
     * Checks that {@code file} is a readable, non-empty regular file.
     *
     * @param file the file
     * @throws BadInputException saying what it is instead (missing, a directory, unreadable, empty)
     */
    public static void requireReadable(Path file) {
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw BadInputException.at(file, 0, null, java.nio.file.Files.isDirectory(file) ? "is a directory, expected a file"
                    : java.nio.file.Files.exists(file) ? "not a regular file" : "no such file");
        }
        if (!java.nio.file.Files.isReadable(file)) {
            throw BadInputException.at(file, 0, null, "cannot read: permission denied");
        }
        try {
            if (java.nio.file.Files.size(file) == 0) {
                throw BadInputException.at(file, 0, null, "the file is empty");
            }
        } catch (IOException e) {
            throw BadInputException.at(file, 0, null, "cannot read: " + reason(file, e));
        }
    }
}
