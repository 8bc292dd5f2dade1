package org.churnkit.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The training run of the JVM's ahead-of-time cache (JDK 25+, JEP 483/514/515): the launcher runs
 * this once per build with {@code -XX:AOTCacheOutput}, so that later runs start with the classes of
 * the common jobs already loaded and linked, and with their profiles. It runs the commands a user
 * runs (summarize, fit, score) on the bundled sample log, into a temporary folder that it removes.
 * Not a command: its output is thrown away.
 */
public final class StartupTraining {
    private StartupTraining() {}

    /**
     * Runs the training jobs.
     *
     * @param args the sample transaction log ({@code datasets/retail-weekly.csv})
     * @throws IOException when the temporary folder cannot be made or removed
     */
    public static void main(String[] args) throws IOException {
        Path log = Path.of(args[0]);
        Path dir = Files.createTempDirectory("churnkit-training");
        try {
            String summary = dir.resolve("summary.csv").toString();
            String pnbd = dir.resolve("pnbd.json").toString();
            String gg = dir.resolve("gg.json").toString();
            run("summarize", "--input", log.toString(), "--output", summary, "--time-unit", "week");
            run("fit", "-m", "pareto-nbd", "-i", summary, "-o", pnbd, "--time-unit", "week");
            run("fit", "-m", "gamma-gamma", "-i", summary, "-o", gg, "--time-unit", "week");
            run("score", "--model", pnbd, "--spend-model", gg, "--input", summary,
                    "--output", dir.resolve("scores.csv").toString(), "--horizon", "52");
            run("--version");
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
    }

    private static void run(String... args) {
        ChurnkitCommand.forArguments(args).execute(args);
    }
}
