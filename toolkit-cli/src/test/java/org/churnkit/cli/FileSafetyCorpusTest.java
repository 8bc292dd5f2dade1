package org.churnkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.churnkit.io.AtomicOutput;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzz corpus of the file-safety class of inputs (issue 11, "never destroy what the user did not
 * ask to overwrite"). Each case is a command line over a folder of files plus the expected
 * outcome. A refused case must exit 1 with an error that names the option and the file and says
 * why, print no stack trace, and leave every file of the folder byte for byte as it was, with no
 * output and no temporary file added. An accepted case must change only the files it names.
 * {@code @/x} in a command line stands for the file {@code x} of the case's folder.
 */
class FileSafetyCorpusTest {

    @TempDir
    Path dir;

    /** Extra files a case needs beside the common ones. */
    @FunctionalInterface
    interface Setup {
        void in(Path dir) throws IOException;
    }

    /**
     * One case.
     *
     * @param name what it covers
     * @param setup extra files
     * @param args the command line ({@code @/} = the folder)
     * @param code the expected exit code
     * @param says fragments the error (or, for exit 0, stderr) must contain
     * @param changed files an accepted case may change (relative to the folder)
     */
    record Case(String name, Setup setup, List<String> args, int code, List<String> says, Set<String> changed) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case refused(String name, Setup setup, String cmd, String... says) {
        return new Case(name, setup, List.of(cmd.split(" +")), 1, List.of(says), Set.of());
    }

    private static Case refused(String name, String cmd, String... says) {
        return refused(name, d -> { }, cmd, says);
    }

    private static final String LOG = "customer_id,date,amount\n"
            + "a,2024-01-01,10\na,2024-01-20,12\na,2024-03-02,8\nb,2024-01-05,30\nb,2024-02-25,25\n"
            + "c,2024-01-10,5\nd,2024-02-01,7\nd,2024-03-20,9\ne,2024-03-01,11\n";
    private static final String SUMMARY = "customer_id,frequency,recency,T,monetary_value\n"
            + "a,2,9,12,10\nb,1,7,11,25\nc,0,0,10,0\nd,1,7,8,9\n";
    private static final String MODEL = "{\"format_version\": 1, \"model\": \"bg-nbd\", "
            + "\"parameters\": {\"r\": 0.24, \"alpha\": 4.41, \"a\": 0.79, \"b\": 2.43}}\n";
    private static final String SPEND = "{\"format_version\": 1, \"model\": \"gamma-gamma\", "
            + "\"parameters\": {\"p\": 6.25, \"q\": 3.74, \"gamma\": 15.44}}\n";
    private static final String SCORES = "customer_id,p_alive,expected_transactions,clv,frequency,recency,T,monetary_value\n"
            + "a,0.9,1.2,50,2,9,12,10\nb,0.7,0.8,40,1,7,11,25\nc,0.5,0.3,0,0,0,10,0\nd,0.8,0.9,20,1,7,8,9\n";

    private static void common(Path d) throws IOException {
        Files.writeString(d.resolve("log.csv"), LOG);
        Files.writeString(d.resolve("summary.csv"), SUMMARY);
        Files.writeString(d.resolve("model.json"), MODEL);
        Files.writeString(d.resolve("gg.json"), SPEND);
        Files.writeString(d.resolve("scores.csv"), SCORES);
        Files.writeString(d.resolve("segments.csv"), "customer_id,segment\na,A\nb,A\nc,B\nd,B\n");
    }

    private static void marked(Path d, String name, String... files) throws IOException {
        Path out = Files.createDirectories(d.resolve(name));
        Files.writeString(out.resolve(AtomicOutput.MARKER), "written by churnkit\n");
        for (int i = 0; i + 1 < files.length; i += 2) {
            Files.writeString(out.resolve(files[i]), files[i + 1]);
        }
    }

    static Stream<Case> cases() {
        String same = "is the same file as";
        String destroy = "would destroy the input";
        return Stream.of(
                // an output that is an input, however spelled
                refused("summarize onto its input", "summarize -i @/log.csv -o @/log.csv", "--output", same, "--input", destroy),
                refused("summarize onto its input through ./../", d -> Files.createDirectory(d.resolve("sub")),
                        "summarize -i @/log.csv -o @/sub/./../log.csv", same, destroy),
                refused("summarize onto a hard link of its input", d -> Files.createLink(d.resolve("hard.csv"), d.resolve("log.csv")),
                        "summarize -i @/log.csv -o @/hard.csv", same),
                refused("summarize onto a symbolic link to its input",
                        d -> Files.createSymbolicLink(d.resolve("soft.csv"), Path.of("log.csv")),
                        "summarize -i @/log.csv -o @/soft.csv", same),
                refused("split onto its input", "split -i @/log.csv --calibration-end 2024-02-01 -o @/log.csv", same),
                refused("fit onto its summary", "fit -m pareto-nbd -i @/summary.csv -o @/summary.csv", "--output", same, "--input"),
                refused("fit --log onto its log", "fit -m bg-nbd --log @/log.csv -o @/log.csv", same, "--log"),
                refused("score onto the model file",
                        "score -m @/model.json -i @/summary.csv -H 10 -o @/model.json --output-format csv", same, "--model"),
                refused("score onto the spend model",
                        "score -m @/model.json --spend-model @/gg.json -i @/summary.csv -H 10 --time-unit week -o @/gg.json "
                                + "--output-format csv", same, "--spend-model"),
                refused("score onto its summary", "score -m @/model.json -i @/summary.csv -H 10 -o @/summary.csv", same),
                refused("segment onto its scores", "segment --scores @/scores.csv --output @/scores.csv", same, "--scores"),
                refused("segment --model-out onto the scores",
                        "segment --scores @/scores.csv --output @/seg.csv --model-out @/scores.csv", same, "--model-out"),
                refused("segment --output and --model-out one file",
                        "segment --scores @/scores.csv --output @/seg.csv --model-out @/./seg.csv", "are the same file"),
                refused("segment onto its segment model", d -> Files.writeString(d.resolve("seg.json"), "{}"),
                        "segment --scores @/scores.csv --model @/seg.json --output @/seg.json", same, "--model"),
                refused("report onto its segments",
                        "report --scores @/scores.csv --segments @/segments.csv --output @/segments.csv", same, "--segments"),
                refused("target onto its scores", "target --scores @/scores.csv --output @/scores.csv", same),
                refused("simulate onto its model file",
                        "simulate --model-file @/model.json -n 10 --seed 1 -o @/model.json --output-format csv", same, "--model-file"),
                // directories: only churnkit's own
                refused("backtest into the working directory", "backtest -i @/log.csv --origins 2024-02-01 --horizon 4 -o @/",
                        "already holds files churnkit did not write", "gg.json, log.csv, model.json"),
                refused("backtest reading a file it would overwrite",
                        d -> marked(d, "bt", "comparison.csv", LOG),
                        "backtest -i @/bt/comparison.csv --origins 2024-02-01 --horizon 4 -o @/bt", same),
                refused("backtest into a file", "backtest -i @/log.csv --origins 2024-02-01 --horizon 4 -o @/summary.csv",
                        "is not a directory"),
                refused("demo into the working directory", "demo --input @/log.csv --output-dir @/",
                        "already holds files churnkit did not write"),
                refused("demo reading a file it would overwrite", d -> marked(d, "out", "summary.csv", LOG),
                        "demo --input @/out/summary.csv --output-dir @/out", same),
                // targets that are not plain writable files
                refused("read-only output file", d -> {
                    Files.writeString(d.resolve("ro.csv"), "keep\n");
                    Files.setPosixFilePermissions(d.resolve("ro.csv"), PosixFilePermissions.fromString("r--r--r--"));
                }, "summarize -i @/log.csv -o @/ro.csv", "cannot write", "ro.csv", "read-only (r--r--r--)"),
                refused("read-only output directory", d -> {
                    Files.createDirectory(d.resolve("ro"));
                    Files.setPosixFilePermissions(d.resolve("ro"), PosixFilePermissions.fromString("r-xr-xr-x"));
                }, "summarize -i @/log.csv -o @/ro/s.csv", "cannot write", "is read-only", "permission denied"),
                refused("output is a directory", d -> Files.createDirectory(d.resolve("out.csv")),
                        "summarize -i @/log.csv -o @/out.csv", "out.csv: it is a directory"),
                refused("output is a dangling symbolic link",
                        d -> Files.createSymbolicLink(d.resolve("dangling.csv"), Path.of("gone/x.csv")),
                        "summarize -i @/log.csv -o @/dangling.csv", "symbolic link to gone/x.csv, which does not exist"),
                // inputs that cannot be read say why
                refused("missing input", "summarize -i @/nope.csv -o @/s.csv", "nope.csv", "no such file"),
                refused("input is a directory", d -> Files.createDirectory(d.resolve("in.csv")),
                        "summarize -i @/in.csv -o @/s.csv", "in.csv", "is a directory"),
                refused("missing model file", "score -m @/nope.json -i @/summary.csv -H 10 -o @/s.csv",
                        "cannot read model file", "nope.json: no such file or directory"),
                refused("unreadable input", d -> {
                    assumeTrue(!"root".equals(System.getProperty("user.name")), "skipped: root reads every file");
                    Files.writeString(d.resolve("secret.csv"), LOG);
                    Files.setPosixFilePermissions(d.resolve("secret.csv"), PosixFilePermissions.fromString("---------"));
                }, "summarize -i @/secret.csv -o @/s.csv", "secret.csv", "permission denied"),
                // accepted: written through or to the link's target, nothing else touched
                new Case("output onto /dev/null is written through", d -> assumeTrue(Files.exists(Path.of("/dev/null"))),
                        List.of("summarize", "-i", "@/log.csv", "-o", "/dev/null", "--output-format", "csv"), 0,
                        List.of("wrote /dev/null"), Set.of()),
                new Case("output onto a symbolic link replaces its target", d -> {
                    Files.createDirectory(d.resolve("data"));
                    Files.writeString(d.resolve("data/real.csv"), "old\n");
                    Files.createSymbolicLink(d.resolve("out.csv"), Path.of("data/real.csv"));
                }, List.of("summarize", "-i", "@/log.csv", "-o", "@/out.csv"), 0, List.of("wrote"), Set.of("data/real.csv")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void fileSafety(Case c) throws IOException {
        common(dir);
        c.setup().in(dir);
        Map<String, String> before = snapshot(dir);
        String[] args = c.args().stream().map(a -> a.startsWith("@/") ? dir + "/" + a.substring(2) : a).toArray(String[]::new);
        CliRun r = CliRun.run(args);
        assertEquals(c.code(), r.code(), Arrays.toString(args) + "\n" + r.err());
        for (String s : c.says()) {
            assertTrue(r.err().contains(s), "expected '" + s + "' in: " + r.err());
        }
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        Map<String, String> after = snapshot(dir);
        for (String changed : c.changed()) {
            assertTrue(after.containsKey(changed), changed + " written");
            assertTrue(!after.get(changed).equals(before.get(changed)), changed + " replaced");
            before.remove(changed);
            after.remove(changed);
        }
        assertEquals(before, after, "the folder must be left as it was: no output, no temporary file, inputs intact");
        if (c.name().contains("/dev/null")) {
            assertFalse(Files.isRegularFile(Path.of("/dev/null")), "/dev/null must stay a device");
        }
        if (c.name().contains("symbolic link replaces")) {
            assertTrue(Files.isSymbolicLink(dir.resolve("out.csv")), "the link stays a link");
            assertTrue(Files.readString(dir.resolve("data/real.csv")).startsWith("customer_id,frequency"));
        }
    }

    /** Options that name outputs; every other {@code Path} option names an input. */
    private static final Set<String> OUTPUT_OPTIONS = Set.of("--output", "--output-dir", "--model-out",
            "--summaries-out", "--state-out", "--status", "--periods-output", "--feature-stability", "--segment-stability");
    /**
     * Outputs whose name is an input elsewhere ({@code report --survivors} reads what this writes), and
     * {@code update --state}, read and then replaced, so an output as well as an input.
     */
    private static final Map<String, Set<String>> COMMAND_OUTPUTS = Map.of("summarize", Set.of("--survivors"),
            "update", Set.of("--state"));

    private static boolean isOutput(String cmd, String option) {
        return OUTPUT_OPTIONS.contains(option) || COMMAND_OUTPUTS.getOrDefault(cmd, Set.of()).contains(option);
    }

    /** Options without a default that a command needs before it looks at its files. */
    private static final Map<String, List<String>> REQUIRED = Map.of(
            "split", List.of("--calibration-end", "2024-02-01"),
            "fit", List.of("-m", "pareto-nbd"),
            "score", List.of("-H", "10"),
            "simulate", List.of("-n", "10", "--seed", "1"),
            "backtest", List.of("--origins", "2024-02-01", "--horizon", "4"),
            "update", List.of("--as-of", "2024-03-01"),
            "monitor", List.of("--since", "2024-02-01"),
            "labels audit", List.of("--label-column", "churned"));
    /** The files a directory output holds. */
    private static final Map<String, List<String>> DIRECTORY_FILES = Map.of(
            "backtest", org.churnkit.evaluation.BacktestFiles.FILES,
            "demo", org.churnkit.pipeline.DemoPipeline.FILES);

    /**
     * One case per command, output option and input option, read from the command line's own
     * model, so that a command or an option added later is covered without writing its case.
     */
    static Stream<Case> everyOutputAgainstEveryInput() {
        List<Case> cases = new java.util.ArrayList<>();
        for (var e : commandsByPath(ChurnkitCommand.newCommandLine(), "").entrySet()) {
            String cmd = e.getKey();
            List<picocli.CommandLine.Model.OptionSpec> paths = e.getValue().getCommandSpec().options().stream()
                    .filter(o -> o.type() == Path.class).toList();
            List<picocli.CommandLine.Model.OptionSpec> outs = paths.stream()
                    .filter(o -> isOutput(cmd, o.longestName())).toList();
            for (var out : outs) {
                for (var in : paths) {
                    if (isOutput(cmd, in.longestName())) {
                        continue;
                    }
                    List<String> args = new java.util.ArrayList<>(List.of(cmd.split(" ")));
                    args.addAll(REQUIRED.getOrDefault(cmd, List.of()));
                    boolean directory = DIRECTORY_FILES.containsKey(cmd) && out.longestName().startsWith("--output");
                    String target = directory ? "@/out/" + DIRECTORY_FILES.get(cmd).get(0) : "@/shared.csv";
                    args.addAll(List.of(in.longestName(), target, out.longestName(), directory ? "@/out" : target));
                    int other = 0;
                    for (var o : paths) {
                        if (o != in && o != out && o.required()) {
                            args.addAll(List.of(o.longestName(), isOutput(cmd, o.longestName())
                                    ? "@/new-" + other++ + ".csv" : "@/summary.csv"));
                        }
                    }
                    Setup setup = d -> {
                        if (directory) {
                            marked(d, "out", DIRECTORY_FILES.get(cmd).get(0), LOG);
                        } else {
                            Files.writeString(d.resolve("shared.csv"), LOG);
                        }
                    };
                    cases.add(new Case(cmd + " " + out.longestName() + " onto its " + in.longestName(), setup, args, 1,
                            List.of(out.longestName() + " ", "is the same file as " + in.longestName() + " ", "would destroy the input"),
                            Set.of()));
                }
            }
        }
        return cases.stream();
    }

    /** Every command that runs, nested ones ({@code labels audit}) by their path, so none escapes. */
    private static Map<String, picocli.CommandLine> commandsByPath(picocli.CommandLine parent, String prefix) {
        Map<String, picocli.CommandLine> m = new TreeMap<>();
        for (var e : parent.getSubcommands().entrySet()) {
            String path = prefix + e.getKey();
            if (e.getValue().getSubcommands().isEmpty()) {
                m.put(path, e.getValue());
            } else {
                m.putAll(commandsByPath(e.getValue(), path + " "));
            }
        }
        return m;
    }

    @org.junit.jupiter.api.Test
    void theGeneratedCasesCoverEveryCommandWithFiles() {
        Set<String> commands = everyOutputAgainstEveryInput().map(c -> c.name().substring(0, c.name().indexOf(" --")))
                .collect(java.util.stream.Collectors.toSet());
        assertEquals(Set.of("summarize", "split", "fit", "score", "segment", "report", "target", "simulate", "backtest", "demo",
                "update", "monitor", "labels audit", "labels combine"), commands);
        assertTrue(everyOutputAgainstEveryInput().count() >= 19);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyOutputAgainstEveryInput")
    void everyOutputIsCheckedAgainstEveryInputBeforeAnyWork(Case c) throws IOException {
        fileSafety(c);
    }

    @AfterEach
    void writableAgain() throws IOException {
        // so that @TempDir can delete what the read-only cases locked
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.toList()) {
                if (!Files.isSymbolicLink(p)) {
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwx------" : "rw-------"));
                }
            }
        }
    }

    /** Every entry under {@code root}: regular files by SHA-256, links by target, directories and others by kind. */
    static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.toList()) {
                String key = root.relativize(p).toString();
                if (Files.isSymbolicLink(p)) {
                    m.put(key, "link -> " + Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    m.put(key, "directory");
                } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    m.put(key, Files.isReadable(p) ? sha256(Files.readAllBytes(p)) : "unreadable " + Files.size(p));
                } else {
                    m.put(key, "other");
                }
            }
        }
        return m;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
