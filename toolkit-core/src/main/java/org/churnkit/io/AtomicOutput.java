package org.churnkit.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.churnkit.ChurnkitException;

/**
 * Writes outputs so that nothing the user did not name is lost and readers only ever see a
 * complete file.
 *
 * <ul>
 *   <li><b>Atomic.</b> The content goes to a temporary file beside the target (same file system,
 *       so the final move is a rename), which then replaces the target. If writing fails the
 *       temporary file is deleted and the target is left as it was.</li>
 *   <li><b>Temporary files are cleaned up.</b> They are named {@code .NAME.churnkit-PID-N.tmp}.
 *       A shutdown hook deletes the ones still being written when the JVM exits (Ctrl-C,
 *       SIGTERM); after a run that could not clean up (kill -9, power loss) the next write to the
 *       same target deletes those whose process is gone.</li>
 *   <li><b>Only regular files are replaced.</b> A symbolic link is followed: its real target is
 *       replaced (atomically, beside the real target) and the link stays. A device, FIFO or
 *       socket ({@code /dev/null}, {@code /dev/stdout}, a named pipe) is written through: the
 *       content is written to a private temporary file, then copied into it, and the node itself
 *       is never replaced. A dangling symbolic link and a directory are refused.</li>
 *   <li><b>Read-only is respected.</b> An existing output file or an output directory that is
 *       read-only is refused with that reason, also for a user (root) whom the system would let
 *       write: the permission bits are checked, not only {@link Files#isWritable}.</li>
 *   <li><b>Directories are only written into when churnkit owns them</b>
 *       ({@link #writeDirectory}, {@link #claimDirectory}): a new directory, an empty one, one
 *       that holds only the files the command writes, or one marked by a previous run
 *       ({@value #MARKER}). Only the command's own files are replaced; nothing else is deleted.</li>
 * </ul>
 */
public final class AtomicOutput {
    /** Name of the marker file that tells a directory was written by churnkit. */
    public static final String MARKER = ".churnkit-output";

    private static final String TAG = ".churnkit-";
    private static final long PID = ProcessHandle.current().pid();
    /** Temporary files and directories this process is writing, deleted by the shutdown hook. */
    private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();

    static {
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(AtomicOutput::deleteLive, "churnkit-temporary-files"));
        } catch (IllegalStateException | SecurityException e) {
            // already shutting down: nothing can be written any more anyway
        }
    }

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
     * Checks before any work that {@code target} can be written as an output file: it is not a
     * directory, not a dangling symbolic link, not read-only, and its directory (or the nearest
     * existing ancestor, when directories are to be created) is a writable directory. Devices
     * and FIFOs pass (they are written through).
     *
     * @param target the output file
     * @throws ChurnkitException saying why the file cannot be written
     */
    public static void checkTarget(Path target) {
        try {
            resolve(target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + IoErrors.reason(target, e), e);
        }
    }

    /**
     * Writes {@code target} atomically: {@code writer} fills a temporary file beside it, which then
     * replaces {@code target}. Missing parent directories are created. See the class comment for
     * symbolic links, devices, read-only files and temporary files.
     *
     * @throws UncheckedIOException on I/O failure (no output is left behind)
     * @throws ChurnkitException when the target is refused (directory, read-only, dangling link)
     * @param target the final path
     * @param writer writes the content to the temporary path
     */
    public static void write(Path target, Writer writer) {
        Path tmp = null;
        try {
            Target t = resolve(target);
            if (t.writeThrough()) {
                writeThrough(t.path(), writer);
                return;
            }
            Path dir = t.path().getParent();
            Files.createDirectories(dir);
            String name = t.path().getFileName().toString();
            removeStale(dir, name);
            tmp = createTempFile(dir, name);
            writer.writeTo(tmp);
            move(tmp, t.path());
            forget(tmp);
            tmp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + IoErrors.reason(target, e), e);
        } finally {
            if (tmp != null) {
                deleteQuietly(tmp);
                forget(tmp);
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
     * A fresh, empty temporary directory beside {@code target}, named like the temporary files
     * ({@code .NAME.churnkit-PID-N}) and deleted by the shutdown hook if the JVM exits before the
     * caller deletes it (for writers that produce a directory of files, such as Arrow Dataset).
     *
     * @param target the final path the directory's content is for
     * @return a newly created, empty temporary directory in the target's parent
     * @throws IOException when the directory cannot be examined or created
     */
    public static Path temporaryDirectoryBeside(Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        return createTempDirectory(abs.getParent(), abs.getFileName().toString());
    }

    /**
     * Checks before any work that {@code dir} can take a command's output files: it does not exist
     * yet (its nearest existing ancestor is a writable directory), or it is a writable directory
     * that is empty, holds only files named in {@code files} (and churnkit's temporary files), or
     * carries the {@value #MARKER} of an earlier run.
     *
     * @param dir the output directory
     * @param files the names of the files the command writes into it
     * @throws ChurnkitException naming a file churnkit did not write when the directory holds one,
     *                           or saying why the directory cannot be written
     */
    public static void checkDirectory(Path dir, Collection<String> files) {
        Path abs = dir.toAbsolutePath();
        try {
            if (!Files.exists(abs)) {
                if (Files.isSymbolicLink(abs)) {
                    throw new ChurnkitException("cannot write into " + dir + ": it is a symbolic link to "
                            + Files.readSymbolicLink(abs) + ", which does not exist");
                }
                requireWritableDirectory(dir, nearestExisting(abs.getParent()));
                return;
            }
            if (!Files.isDirectory(abs)) {
                throw new ChurnkitException("cannot write into " + dir + ": it exists and is not a directory");
            }
            requireWritableDirectory(dir, abs);
            if (Files.exists(abs.resolve(MARKER), LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            List<String> foreign = new ArrayList<>();
            try (Stream<Path> s = Files.list(abs)) {
                s.map(p -> p.getFileName().toString())
                        .filter(n -> !files.contains(n) && !isTemporaryName(n))
                        .sorted().limit(3).forEach(foreign::add);
            }
            if (!foreign.isEmpty()) {
                throw new ChurnkitException("will not write into " + dir + ": it already holds files churnkit did not write ("
                        + String.join(", ", foreign) + (foreign.size() == 3 ? ", ..." : "")
                        + "); give a new or empty directory (churnkit writes " + String.join(", ", files) + " there and "
                        + "marks the directory with " + MARKER + ")");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write into " + dir + ": " + IoErrors.reason(dir, e), e);
        }
    }

    /**
     * Makes {@code dir} an output directory of churnkit: checks it ({@link #checkDirectory}),
     * creates it when missing and writes its {@value #MARKER}. The caller then writes its files
     * into it, each with {@link #write}.
     *
     * @param dir the output directory
     * @param files the names of the files the command writes into it
     * @throws ChurnkitException when the directory is refused (see {@link #checkDirectory})
     * @throws UncheckedIOException when it cannot be created or marked
     */
    public static void claimDirectory(Path dir, Collection<String> files) {
        checkDirectory(dir, files);
        try {
            Files.createDirectories(dir.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create directory " + dir + ": " + IoErrors.reason(dir, e), e);
        }
        if (!Files.exists(dir.toAbsolutePath().resolve(MARKER), LinkOption.NOFOLLOW_LINKS)) {
            writeString(dir.toAbsolutePath().resolve(MARKER), markerText(files));
        }
    }

    /**
     * Writes a set of files into directory {@code target}. {@code writer} fills a fresh temporary
     * directory (flat: regular files only); a failure while it writes leaves {@code target} as it
     * was. A new directory appears whole (the temporary directory is renamed to it); into an
     * existing one, which must pass {@link #checkDirectory} for the names written, each file is
     * renamed onto its namesake. Files of the directory that the writer did not write are kept:
     * nothing is ever deleted but churnkit's own temporary files.
     *
     * @throws UncheckedIOException on I/O failure (the temporary directory is removed)
     * @throws ChurnkitException when the directory holds files churnkit did not write
     * @param target the final directory
     * @param files the names of the files {@code writer} writes (checked before it runs)
     * @param writer writes the directory's files to the temporary directory path
     */
    public static void writeDirectory(Path target, Collection<String> files, Writer writer) {
        Path abs = target.toAbsolutePath();
        checkDirectory(target, files);
        Path tmp = null;
        try {
            boolean exists = Files.exists(abs);
            if (exists) {
                removeStale(abs, abs.getFileName().toString());
                tmp = createTempDirectory(abs, abs.getFileName().toString());
            } else {
                tmp = temporaryDirectoryBeside(abs);
            }
            writer.writeTo(tmp);
            List<Path> written;
            try (Stream<Path> s = Files.list(tmp)) {
                written = s.sorted().toList();
            }
            for (Path p : written) {
                String n = p.getFileName().toString();
                if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) || !files.contains(n)) {
                    throw new IOException("the writer produced " + n + ", which is not one of the files announced " + files);
                }
            }
            if (exists) {
                if (!Files.exists(abs.resolve(MARKER), LinkOption.NOFOLLOW_LINKS)) {
                    writeString(abs.resolve(MARKER), markerText(files));
                }
                for (Path p : written) {
                    Path to = abs.resolve(p.getFileName().toString());
                    if (Files.isDirectory(to, LinkOption.NOFOLLOW_LINKS)) {
                        throw new IOException(to + " is a directory");
                    }
                    move(p, to);
                }
                Files.delete(tmp);
                forget(tmp);
            } else {
                Files.writeString(tmp.resolve(MARKER), markerText(files), StandardCharsets.UTF_8);
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE);
                forget(tmp);
            }
            tmp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + IoErrors.reason(target, e), e);
        } finally {
            if (tmp != null) {
                deleteQuietly(tmp);
                forget(tmp);
            }
        }
    }

    // ------------------------------------------------------------------------------- targets

    /** Where to write: the real regular file to replace, or a node to write through. */
    private record Target(Path path, boolean writeThrough) {}

    /**
     * Follows symbolic links to the file to replace and refuses what must not be written.
     */
    private static Target resolve(Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        if (Files.exists(abs)) {
            if (Files.isDirectory(abs)) {
                throw new ChurnkitException("cannot write " + target + ": it is a directory");
            }
            if (!Files.isRegularFile(abs)) {
                // a device, FIFO or socket (also behind a link such as /dev/stdout): never replaced
                return new Target(abs, true);
            }
            Path real = abs.toRealPath();
            if (readOnly(real)) {
                throw new ChurnkitException("cannot write " + target + ": the file is read-only (" + permissions(real)
                        + "); make it writable (chmod u+w) or choose another output");
            }
            requireWritableDirectory(target, real.getParent());
            return new Target(real, false);
        }
        if (Files.isSymbolicLink(abs)) {
            throw new ChurnkitException("cannot write " + target + ": it is a symbolic link to "
                    + Files.readSymbolicLink(abs) + ", which does not exist");
        }
        requireWritableDirectory(target, nearestExisting(abs.getParent()));
        return new Target(abs, false);
    }

    private static Path nearestExisting(Path dir) {
        Path p = dir;
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        return p;
    }

    private static void requireWritableDirectory(Path target, Path dir) {
        if (dir == null) {
            return;
        }
        if (!Files.isDirectory(dir)) {
            throw new ChurnkitException("cannot write " + target + ": " + dir + " is not a directory");
        }
        if (readOnly(dir)) {
            throw new ChurnkitException("cannot write " + target + ": the directory " + dir + " is read-only ("
                    + permissions(dir) + ", permission denied); choose another output or make it writable");
        }
    }

    /**
     * Not writable by this user, or (for a user such as root whom the system lets write anything)
     * without any write permission bit: the owner marked it read-only.
     */
    private static boolean readOnly(Path p) {
        if (!Files.isWritable(p)) {
            return true;
        }
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
            return !perms.contains(PosixFilePermission.OWNER_WRITE) && !perms.contains(PosixFilePermission.GROUP_WRITE)
                    && !perms.contains(PosixFilePermission.OTHERS_WRITE);
        } catch (UnsupportedOperationException | IOException e) {
            return false;
        }
    }

    private static String permissions(Path p) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
        } catch (UnsupportedOperationException | IOException e) {
            return "not writable";
        }
    }

    /**
     * Writes a device or FIFO without replacing it: the writer fills a private temporary file
     * (it may need a seekable file, as Parquet does), whose bytes are then copied into the node.
     */
    private static void writeThrough(Path node, Writer writer) throws IOException {
        Path dir = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
        String name = node.getFileName() == null ? "output" : node.getFileName().toString();
        removeStale(dir, name);
        Path tmp = createTempFile(dir, name);
        try {
            writer.writeTo(tmp);
            try (OutputStream out = Files.newOutputStream(node, StandardOpenOption.WRITE)) {
                Files.copy(tmp, out);
            }
        } finally {
            deleteQuietly(tmp);
            forget(tmp);
        }
    }

    // ------------------------------------------------------------------------------- temporary files

    private static String markerText(Collection<String> files) {
        return "This directory holds output written by churnkit: " + String.join(", ", files) + ".\n"
                + "churnkit replaces only these files here when it writes into the directory again, and deletes nothing else.\n";
    }

    /** Whether {@code n} is the name of one of churnkit's temporary files or directories. */
    static boolean isTemporaryName(String n) {
        return n.startsWith(".") && n.contains(TAG);
    }

    /** {@code .NAME.churnkit-PID-...} (also {@code ..NAME.churnkit-PID-N.tmp.churnkit-PID-M} beside it). */
    private static Pattern staleOf(String name) {
        return Pattern.compile("^\\.+" + Pattern.quote(name) + Pattern.quote(TAG) + "(\\d+)-.*");
    }

    /**
     * Deletes temporary files of earlier writes to {@code name} in {@code dir} whose process is
     * gone (or is another process that started after the file was last written: a reused id).
     */
    static void removeStale(Path dir, String name) {
        Pattern p = staleOf(name);
        List<Path> stale = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.forEach(f -> {
                Matcher m = p.matcher(f.getFileName().toString());
                if (m.matches() && !LIVE.contains(f) && !writerAlive(Long.parseLong(m.group(1)), f)) {
                    stale.add(f);
                }
            });
        } catch (IOException | NumberFormatException e) {
            return; // nothing to list or a name that only looks like ours: leave it
        }
        stale.forEach(AtomicOutput::deleteQuietly);
    }

    private static boolean writerAlive(long pid, Path file) {
        if (pid == PID) {
            return false; // ours, and not being written (not in LIVE): left over from a failed clean-up
        }
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isEmpty() || !h.get().isAlive()) {
            return false;
        }
        Optional<Instant> started = h.get().info().startInstant();
        if (started.isEmpty()) {
            return true;
        }
        try {
            FileTime modified = Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS);
            return !started.get().isAfter(modified.toInstant().plusSeconds(1));
        } catch (IOException e) {
            return true;
        }
    }

    /** Numbers this process's temporary names; a name taken by another writer is skipped. */
    private static final AtomicLong COUNTER = new AtomicLong();

    /**
     * A temporary file beside the target, readable by all (rw-r--r--, less the umask) like a file
     * written directly: {@code Files.createTempFile} alone would leave the output private (rw-------).
     * Names are {@code .NAME.churnkit-PID-N.tmp}, unique because {@code CREATE_NEW} refuses a name that
     * exists; {@code Files.createTempFile} would draw N from {@code SecureRandom}, whose seeding and
     * security providers cost a short run tens of milliseconds.
     */
    private static Path createTempFile(Path dir, String name) throws IOException {
        return createTemp(dir, name, ".tmp", "rw-r--r--", Files::createFile);
    }

    /** A temporary directory beside the target, {@code .NAME.churnkit-PID-N}, rwxr-xr-x (less the umask). */
    private static Path createTempDirectory(Path dir, String name) throws IOException {
        return createTemp(dir, name, "", "rwxr-xr-x", Files::createDirectory);
    }

    /** Creates a file or a directory, failing with {@link FileAlreadyExistsException} when the name is taken. */
    @FunctionalInterface
    private interface Creation {
        Path create(Path path, FileAttribute<?>... attributes) throws IOException;
    }

    /**
     * The first free name {@code .NAME.churnkit-PID-N} + {@code suffix} in {@code dir}, created there
     * (with {@code permissions} where the file system has POSIX permissions) and tracked until it is
     * moved into place or deleted: the one place that names, claims and tracks temporary paths.
     */
    private static Path createTemp(Path dir, String name, String suffix, String permissions, Creation creation)
            throws IOException {
        String prefix = "." + name + TAG + PID + "-";
        while (true) {
            Path tmp = dir.resolve(prefix + COUNTER.incrementAndGet() + suffix);
            try {
                if (posix(dir)) {
                    creation.create(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions)));
                } else {
                    creation.create(tmp);
                }
            } catch (FileAlreadyExistsException taken) {
                continue;
            }
            LIVE.add(tmp);
            return tmp;
        }
    }

    /**
     * Stops tracking a temporary path (it was moved into place, or deleted by its creator).
     *
     * @param tmp a path from {@link #temporaryDirectoryBeside}
     */
    public static void forget(Path tmp) {
        LIVE.remove(tmp);
    }

    private static void deleteLive() {
        for (Path p : List.copyOf(LIVE)) {
            deleteQuietly(p);
        }
    }

    private static boolean posix(Path dir) {
        return dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /**
     * Renames {@code from} onto {@code to}, atomically where the file system allows it (for
     * writers, such as a Parquet writer, that produce a file elsewhere and move it into place).
     *
     * @param from the file written
     * @param to its final name, replaced if it exists
     * @throws IOException when the move fails
     */
    public static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Deletes a file or directory tree, ignoring failures (used only for clean-up).
     *
     * @param p the file or directory
     */
    public static void deleteQuietly(Path p) {
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(Comparator.reverseOrder()).forEach(q -> {
                try {
                    Files.deleteIfExists(q);
                } catch (IOException ignored) {
                    // clean-up after a failure already being reported
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // the path vanished: nothing to clean
        }
    }
}
