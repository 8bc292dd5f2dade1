package org.churnkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a real {@code churnkit} process ends. {@link Main} answers {@code --version} without picocli and
 * returns (rather than calling {@code System.exit(0)}) after a successful command, both for start-up
 * time; these tests hold that the output is the same as picocli's, that a successful job still ends
 * promptly with status 0 (no thread keeps the JVM alive) and leaves no temporary file, and that
 * failures still give their non-zero status.
 */
class ChildProcessExitTest {

    @TempDir
    Path dir;

    private int run(String... args) throws IOException, InterruptedException {
        Process p = ChildProcessFileSafetyTest.cli(dir, null, args).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the child did not end within 120 s: " + String.join(" ", args));
        return p.exitValue();
    }

    private String out() throws IOException {
        return Files.readString(dir.resolve("child.out"), StandardCharsets.UTF_8);
    }

    @Test
    void versionWithoutPicocliPrintsWhatPicocliPrints() throws Exception {
        CliRun picocli = CliRun.run("--version");
        assertEquals(0, picocli.code());
        for (String flag : new String[] {"--version", "-V"}) {
            assertEquals(0, run(flag), flag);
            assertEquals(picocli.out().strip().lines().toList(), out().strip().lines().toList(), flag);
            assertTrue(out().startsWith("churnkit "), out());
        }
    }

    @Test
    void successfulJobEndsWithStatusZeroAndNoTemporaryFile() throws Exception {
        // the bundled sample log, as a user's first run: summarize, fit, score
        Path log = Path.of("..", "datasets", "retail-weekly.csv").toAbsolutePath();
        Path summary = dir.resolve("summary.csv");
        assertEquals(0, run("summarize", "--input", log.toString(), "--output", summary.toString(),
                "--time-unit", "week"), () -> stderr());
        assertEquals(0, run("fit", "-m", "pareto-nbd", "-i", summary.toString(), "-o", dir.resolve("m.json").toString(),
                "--time-unit", "week"), () -> stderr());
        assertEquals(0, run("score", "-m", dir.resolve("m.json").toString(), "-i", summary.toString(),
                "-o", dir.resolve("scores.csv").toString(), "--horizon", "52"), () -> stderr());
        long customers = Files.readAllLines(summary).size();
        assertTrue(customers > 100, "customers in the sample: " + customers);
        assertEquals(customers, Files.readAllLines(dir.resolve("scores.csv")).size());
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(0, s.filter(f -> f.getFileName().toString().contains(".churnkit-")).count());
        }
    }

    @Test
    void failuresKeepTheirStatus() throws Exception {
        assertEquals(2, run("score", "--no-such-option"));
        assertEquals(1, run("score", "-m", dir.resolve("missing.json").toString(), "-i",
                dir.resolve("missing.csv").toString(), "-o", dir.resolve("o.csv").toString(), "--horizon", "52"));
    }

    private String stderr() {
        try {
            return Files.readString(dir.resolve("child.err"));
        } catch (IOException e) {
            return e.toString();
        }
    }
}
