package org.churnkit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * File safety where only a real process can show it: a {@code score} run killed while it writes
 * (SIGTERM, which runs the JVM's shutdown hooks, and kill -9, which runs nothing), and a run that
 * runs out of memory. The child is the CLI's entry point ({@link Main}) on this test's class path.
 */
class ChildProcessFileSafetyTest {

    @TempDir
    Path dir;

    private static final String MODEL = "{\"format_version\": 1, \"model\": \"bg-nbd\", "
            + "\"parameters\": {\"r\": 0.24, \"alpha\": 4.41, \"a\": 0.79, \"b\": 2.43}}\n";
    private static final byte[] OLD = "customer_id,p_alive\nprevious,0.5\n".getBytes(StandardCharsets.UTF_8);

    /** {@code java [module flags] [-Xmx] -cp CLASSPATH org.churnkit.cli.ChurnkitCommand args}. */
    static ProcessBuilder cli(Path dir, String heap, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-opens") || a.startsWith("--enable-native-access")) {
                cmd.add(a);
            }
        }
        if (Runtime.version().feature() >= 24) {
            cmd.add("--sun-misc-unsafe-memory-access=allow");
        }
        if (heap != null) {
            cmd.add("-Xmx" + heap);
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(dir.resolve("child.out").toFile()).redirectError(dir.resolve("child.err").toFile());
    }

    /** A customer summary with {@code n} rows of plausible histories. */
    static Path summary(Path file, int n) throws IOException {
        SplittableRandom rnd = new SplittableRandom(11);
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            w.write("customer_id,frequency,recency,T,monetary_value\n");
            for (int i = 0; i < n; i++) {
                int x = rnd.nextInt(8);
                double t = 1 + rnd.nextDouble() * 51;
                double tx = x == 0 ? 0 : (0.001 + 0.999 * rnd.nextDouble()) * t; // recency > 0 after a repeat
                w.write(String.format(Locale.ROOT, "customer-%d,%d,%.3f,%.3f,%.2f%n", i, x, tx, t, x == 0 ? 0.0 : 5 + 40 * rnd.nextDouble()));
            }
        }
        return file;
    }

    private List<Path> temporaries() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().contains(".churnkit-")).toList();
        }
    }

    /**
     * Starts {@code score} over a big summary onto an existing scores.csv and stops it with
     * {@code kill} as soon as its temporary output exists and has bytes in it (mid-write).
     */
    private Process scoreKilledMidWrite(boolean forcibly) throws Exception {
        Files.writeString(dir.resolve("model.json"), MODEL);
        Files.write(dir.resolve("scores.csv"), OLD);
        for (int rows = 400_000; rows <= 1_600_000; rows *= 2) {
            summary(dir.resolve("summary.csv"), rows);
            Process p = cli(dir, "1g", "score", "-m", "model.json", "-i", "summary.csv", "-H", "10", "-o", "scores.csv").start();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
            while (p.isAlive() && System.nanoTime() < deadline) {
                List<Path> t = temporaries();
                if (!t.isEmpty() && Files.exists(t.get(0)) && Files.size(t.get(0)) > 0) {
                    if (forcibly) {
                        p.destroyForcibly();
                    } else {
                        p.destroy();
                    }
                    assertTrue(p.waitFor(2, TimeUnit.MINUTES), "the child stops");
                    return p;
                }
                Thread.sleep(2);
            }
            if (p.isAlive()) {
                p.destroyForcibly().waitFor();
                fail("score did not reach its write within 4 minutes: " + Files.readString(dir.resolve("child.err")));
            }
            // it finished before the write could be caught: start over with a bigger input
            assertEquals(0, p.exitValue(), Files.readString(dir.resolve("child.err")));
            Files.write(dir.resolve("scores.csv"), OLD);
        }
        fail("score finished every time before it could be interrupted mid-write");
        return null;
    }

    @Test
    void sigtermMidWriteLeavesTheTargetAsItWasAndNoTemporaryFile() throws Exception {
        Process p = scoreKilledMidWrite(false);
        assertNotEquals(0, p.exitValue(), "a terminated run does not succeed");
        assertArrayEquals(OLD, Files.readAllBytes(dir.resolve("scores.csv")), "the previous output is untouched");
        assertEquals(List.of(), temporaries(), "the shutdown hook removed the temporary file");
    }

    @Test
    void killMinus9MidWriteLeavesAStaleTemporaryFileThatTheNextRunRemoves() throws Exception {
        Process p = scoreKilledMidWrite(true);
        assertEquals(137, p.exitValue(), "killed by SIGKILL");
        assertArrayEquals(OLD, Files.readAllBytes(dir.resolve("scores.csv")), "the previous output is untouched");
        List<Path> stale = temporaries();
        assertEquals(1, stale.size(), "kill -9 runs no clean-up: " + stale);
        assertTrue(stale.get(0).getFileName().toString().matches("\\.scores\\.csv\\.churnkit-" + p.pid() + "-\\d+\\.tmp"),
                stale.get(0).toString());

        summary(dir.resolve("small.csv"), 50);
        CliRun next = CliRun.run("score", "-m", dir.resolve("model.json").toString(), "-i", dir.resolve("small.csv").toString(),
                "-H", "10", "-o", dir.resolve("scores.csv").toString());
        assertEquals(0, next.code(), next.err());
        assertEquals(List.of(), temporaries(), "the next write to the same target removed the dead run's temporary file");
        assertEquals(51, Files.readAllLines(dir.resolve("scores.csv")).size());
    }

    @Test
    void runningOutOfMemorySaysSoAndHowToGiveMore() throws Exception {
        Path log = dir.resolve("big-log.csv");
        SplittableRandom rnd = new SplittableRandom(3);
        try (BufferedWriter w = Files.newBufferedWriter(log)) {
            w.write("customer_id,date,amount\n");
            for (int i = 0; i < 800_000; i++) {
                w.write(String.format(Locale.ROOT, "c%d,2024-%02d-%02d,%d.50%n", rnd.nextInt(300_000), 1 + rnd.nextInt(12),
                        1 + rnd.nextInt(28), rnd.nextInt(100)));
            }
        }
        byte[] before = Files.readAllBytes(log);
        Process p = cli(dir, "24m", "summarize", "-i", "big-log.csv", "-o", "summary.csv").start();
        assertTrue(p.waitFor(4, TimeUnit.MINUTES), "the child stops");
        String err = Files.readString(dir.resolve("child.err"));
        assertEquals(1, p.exitValue(), err);
        assertTrue(err.contains("churnkit summarize: error: out of memory"), err);
        // the heap's limit as the JVM reports it (a collector may keep a survivor space out of it)
        assertTrue(err.matches("(?s).*the data did not fit in the 2[0-4] MB of memory.*"), "says how much memory there was: " + err);
        assertTrue(err.contains("CHURNKIT_JAVA_OPTS=-Xmx"), "says how to give more: " + err);
        assertFalse(err.contains("not valid CSV"), err);
        assertFalse(err.contains("\tat "), "no stack trace: " + err);
        assertFalse(Files.exists(dir.resolve("summary.csv")));
        assertEquals(List.of(), temporaries());
        assertArrayEquals(before, Files.readAllBytes(log));
    }

    @Test
    void theOutOfMemoryMessageSuggestsAtLeastTwiceTheHeap() {
        String small = ErrorHandler.outOfMemory("score", 256L << 20);
        assertTrue(small.startsWith("churnkit score: error: out of memory: the data did not fit in the 256 MB"), small);
        assertTrue(small.contains("CHURNKIT_JAVA_OPTS=-Xmx2g ./churnkit score"), small);
        assertTrue(ErrorHandler.outOfMemory("summarize", 4096L << 20).contains("-Xmx8g"));
        assertTrue(ErrorHandler.outOfMemory("summarize", 6000L << 20).contains("-Xmx16g"));
        assertTrue(ErrorHandler.outOfMemory("summarize", 8192L << 20).contains("-Xmx16g"));
    }

    @Test
    void theLauncherPassesChurnkitJavaOptsToTheJvm() throws IOException {
        // Surefire runs in toolkit-cli/, the launcher is in the repository root.
        Path launcher = Path.of("..", "churnkit");
        assertTrue(Files.isRegularFile(launcher), launcher.toAbsolutePath().toString());
        String exec = Files.readAllLines(launcher).stream().filter(l -> l.startsWith("exec ")).findFirst().orElse("");
        assertTrue(exec.matches("exec \"\\$JAVA_BIN\" .*\\$\\{CHURNKIT_JAVA_OPTS:-} -jar .*"), exec);
    }
}
