package org.churnkit.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.churnkit.ChurnkitException;

/**
 * The check every command runs before any work: no output may destroy an input or another output,
 * and every output must be writable. Inputs and outputs are registered with the option that named
 * them; {@link #check()} then refuses
 *
 * <ul>
 *   <li>an output that is the same file as an input, however spelled: {@code ./../dir/x}, a
 *       symbolic link, a hard link ({@link Files#isSameFile}, real paths);</li>
 *   <li>an output inside an input directory that is a dataset (a Parquet dataset directory would
 *       read it back as part of the data);</li>
 *   <li>two outputs that are the same file;</li>
 *   <li>an output file that {@link AtomicOutput#checkTarget} refuses (a directory, a read-only
 *       file or directory, a dangling link) and an output directory that
 *       {@link AtomicOutput#checkDirectory} refuses (one holding files churnkit did not write).</li>
 * </ul>
 *
 * <p>Options that were not given ({@code null} paths) are skipped, so a command registers all of
 * its file options in one statement.
 */
public final class OutputSafety {
    private record Named(String option, Path path) {}

    private final List<Named> inputs = new ArrayList<>();
    private final List<Named> outputs = new ArrayList<>();
    private final List<Named> directories = new ArrayList<>();
    private final List<Collection<String>> directoryFiles = new ArrayList<>();

    private OutputSafety() {}

    /**
     * An empty check.
     *
     * @return a check with no files registered
     */
    public static OutputSafety of() {
        return new OutputSafety();
    }

    /**
     * Registers an input.
     *
     * @param option the option that named it, for messages (e.g. {@code --input})
     * @param file the input file or directory; {@code null} when the option was not given
     * @return this check
     */
    public OutputSafety input(String option, Path file) {
        if (file != null) {
            inputs.add(new Named(option, file));
        }
        return this;
    }

    /**
     * Registers an output file.
     *
     * @param option the option that named it, for messages (e.g. {@code --output})
     * @param file the output file; {@code null} when the option was not given
     * @return this check
     */
    public OutputSafety output(String option, Path file) {
        if (file != null) {
            outputs.add(new Named(option, file));
        }
        return this;
    }

    /**
     * Registers an output directory and the names of the files written into it.
     *
     * @param option the option that named it, for messages (e.g. {@code --output-dir})
     * @param dir the output directory; {@code null} when the option was not given
     * @param files the names of the files written into it
     * @return this check
     */
    public OutputSafety outputDirectory(String option, Path dir, Collection<String> files) {
        if (dir != null) {
            directories.add(new Named(option, dir));
            directoryFiles.add(List.copyOf(files));
            for (String f : files) {
                outputs.add(new Named(option, dir.resolve(f)));
            }
        }
        return this;
    }

    /**
     * Runs the check.
     *
     * @throws ChurnkitException naming the options and files when an output would destroy an input
     *                           or another output, or cannot be written
     */
    public void check() {
        for (int i = 0; i < outputs.size(); i++) {
            Named o = outputs.get(i);
            for (Named in : inputs) {
                if (same(o.path(), in.path())) {
                    throw new ChurnkitException(describe(o) + " is the same file as " + describe(in)
                            + ": writing it would destroy the input; choose another output file");
                }
                if (inside(o.path(), in.path())) {
                    throw new ChurnkitException(describe(o) + " is inside the input directory " + describe(in)
                            + ": writing it would change the input; choose an output outside it");
                }
            }
            for (int j = 0; j < i; j++) {
                Named other = outputs.get(j);
                if (same(o.path(), other.path())) {
                    throw new ChurnkitException(describe(o) + " and " + describe(other)
                            + " are the same file: one output would overwrite the other; choose two different files");
                }
            }
        }
        for (int d = 0; d < directories.size(); d++) {
            AtomicOutput.checkDirectory(directories.get(d).path(), directoryFiles.get(d));
        }
        for (Named o : outputs) {
            // also the files of a directory output: one of them may be read-only
            AtomicOutput.checkTarget(o.path());
        }
    }

    private static String describe(Named n) {
        return n.option() + " " + n.path();
    }

    /** Whether {@code a} and {@code b} are one file: by identity when both exist, else by real path. */
    static boolean same(Path a, Path b) {
        try {
            if (Files.exists(a) && Files.exists(b)) {
                return Files.isSameFile(a, b);
            }
        } catch (IOException e) {
            // fall back to comparing paths
        }
        return canonical(a).equals(canonical(b));
    }

    /** Whether {@code file} lies inside {@code dir}, an existing directory of data files (a Parquet dataset). */
    private static boolean inside(Path file, Path dir) {
        if (!Files.isDirectory(dir) || !dataset(dir)) {
            return false;
        }
        Path d = canonical(dir);
        Path f = canonical(file);
        return !f.equals(d) && f.startsWith(d);
    }

    /** A directory read as a dataset: named *.parquet, or holding *.parquet files or key=value partitions. */
    private static boolean dataset(Path dir) {
        if (dir.getFileName() != null && dir.getFileName().toString().endsWith(".parquet")) {
            return true;
        }
        try (java.util.stream.Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).anyMatch(n -> n.endsWith(".parquet") || n.contains("="));
        } catch (IOException | java.io.UncheckedIOException e) {
            return false;
        }
    }

    /**
     * The real path of {@code p}: of the file when it exists, else of its nearest existing
     * ancestor with the rest of the path appended (normalised).
     */
    static Path canonical(Path p) {
        Path abs = p.toAbsolutePath();
        Path existing = abs;
        List<Path> rest = new ArrayList<>();
        while (existing != null) {
            try {
                Path real = existing.toRealPath();
                for (int i = rest.size() - 1; i >= 0; i--) {
                    real = real.resolve(rest.get(i));
                }
                return real.normalize();
            } catch (IOException e) {
                if (existing.getFileName() == null) {
                    break;
                }
                rest.add(existing.getFileName());
                existing = existing.getParent();
            }
        }
        return abs.normalize();
    }
}
