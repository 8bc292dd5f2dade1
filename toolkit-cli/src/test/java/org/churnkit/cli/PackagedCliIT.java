package org.churnkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.churnkit.ChurnkitVersion;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line as it is shipped and run: the packaged jar with its {@code lib/} folder (and its
 * manifest's class path, {@code Add-Opens} and {@code Enable-Native-Access}), started by
 * {@code java -jar} and by the {@code churnkit} launcher, never by this test's class path. Unit
 * tests run on Maven's test class path, which holds test-scoped jars too, so they cannot see a jar
 * missing from {@code lib/}: the Parquet writer once failed that way for users (Arrow's databind
 * was test-scoped) while every unit test passed.
 */
class PackagedCliIT {

    private static final String MODEL = "{\"format_version\": 1, \"model\": \"bg-nbd\", "
            + "\"parameters\": {\"r\": 0.24, \"alpha\": 4.41, \"a\": 0.79, \"b\": 2.43}}\n";

    private static Path jar;

    @TempDir
    Path dir;

    @BeforeAll
    static void findJar() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("target"))) {
            jar = s.filter(p -> p.getFileName().toString().matches("toolkit-cli-.*\\.jar")
                    && !p.getFileName().toString().matches(".*-(sources|javadoc|tests)\\.jar"))
                    .findFirst().orElseThrow(() -> new AssertionError("no packaged toolkit-cli jar in target/"))
                    .toAbsolutePath();
        }
    }

    private record Run(int code, String out, String err) {}

    private Run run(List<String> command) throws IOException, InterruptedException {
        Path out = dir.resolve("run.out");
        Path err = dir.resolve("run.err");
        Process p = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "did not end within 300 s: " + command);
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    /** {@code java -jar toolkit-cli.jar args}: no flag but the one JDK 24+ needs for Arrow's Unsafe. */
    private Run java(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (Runtime.version().feature() >= 24) {
            cmd.add("--sun-misc-unsafe-memory-access=allow");
        }
        cmd.add("-jar");
        cmd.add(jar.toString());
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    @Test
    void versionNamesThisBuild() throws Exception {
        Run r = java("--version");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("churnkit " + ChurnkitVersion.get() + "\n"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void scoresThroughEveryTableFormatWithTheShippedLibraries() throws Exception {
        Path model = Files.writeString(dir.resolve("bgnbd.json"), MODEL);
        Path summary = ChildProcessFileSafetyTest.summary(dir.resolve("summary.csv"), 300);
        String[] outputs = {"scores.parquet", "scores.arrow", "scores.csv"};
        Path input = summary;
        for (String name : outputs) {
            Run r = java("score", "-m", model.toString(), "-i", input.toString(), "-o", dir.resolve(name).toString(),
                    "--horizon", "52");
            assertEquals(0, r.code(), name + ": " + r.err());
            // no JVM warning (native access, Unsafe, opens) reaches a user's terminal
            assertTrue(r.err().lines().noneMatch(l -> l.startsWith("WARNING")), r.err());
            input = dir.resolve(name);
        }
        Run direct = java("score", "-m", model.toString(), "-i", summary.toString(), "-o",
                dir.resolve("direct.csv").toString(), "--horizon", "52");
        assertEquals(0, direct.code(), direct.err());
        // CSV -> Parquet -> Arrow -> CSV scores the same customers to the same values as CSV -> CSV
        assertEquals(Files.readAllLines(dir.resolve("direct.csv")), Files.readAllLines(dir.resolve("scores.csv")));
        assertEquals(301, Files.readAllLines(dir.resolve("scores.csv")).size());
    }

    @Test
    void launcherRunsTheSampleJob() throws Exception {
        Path launcher = Path.of("..", "churnkit").toAbsolutePath().normalize();
        Path log = Path.of("..", "datasets", "retail-weekly.csv").toAbsolutePath().normalize();
        Run version = run(List.of("bash", launcher.toString(), "--version"));
        assertEquals(0, version.code(), version.err());
        assertTrue(version.out().startsWith("churnkit " + ChurnkitVersion.get()), version.out());
        // the launcher must find the jar this build made, not rebuild it
        assertTrue(!version.err().contains("building"), version.err());
        Path summary = dir.resolve("summary.parquet");
        Run summarize = run(List.of("bash", launcher.toString(), "summarize", "--input", log.toString(),
                "--output", summary.toString(), "--time-unit", "week"));
        assertEquals(0, summarize.code(), summarize.err());
        Run fit = run(List.of("bash", launcher.toString(), "fit", "-m", "pareto-nbd", "-i", summary.toString(),
                "-o", dir.resolve("pnbd.json").toString(), "--time-unit", "week"));
        assertEquals(0, fit.code(), fit.err());
        assertTrue(Files.readString(dir.resolve("pnbd.json")).contains("\"pareto-nbd\""));
    }
}
