package org.churnkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ChurnkitCommandTest {

    @Test
    void everyCommandHasHelpWithExamples() {
        CommandLine root = ChurnkitCommand.newCommandLine();
        for (var entry : root.getSubcommands().entrySet()) {
            if (entry.getKey().equals("help")) {
                continue;
            }
            StringWriter out = new StringWriter();
            CommandLine cl = ChurnkitCommand.newCommandLine();
            cl.setOut(new PrintWriter(out));
            int code = cl.execute(entry.getKey(), "--help");
            assertEquals(0, code, entry.getKey() + " --help exit code");
            assertTrue(out.toString().contains("Example"), entry.getKey() + " --help has examples:\n" + out);
        }
    }

    @Test
    void versionNamesTheLibrary() {
        StringWriter out = new StringWriter();
        CommandLine cl = ChurnkitCommand.newCommandLine();
        cl.setOut(new PrintWriter(out));
        assertEquals(0, cl.execute("--version"));
        assertTrue(out.toString().startsWith("churnkit "), out.toString());
    }

    @Test
    void aRunBuildsOnlyTheCommandItNames() {
        assertEquals(java.util.Set.of(), ChurnkitCommand.forArguments(new String[] {"--version"}).getSubcommands().keySet());
        assertEquals(java.util.Set.of("score"),
                ChurnkitCommand.forArguments(new String[] {"score", "--model", "m.json"}).getSubcommands().keySet());
        // help, a bare call and anything picocli must correct see every command, in the listed order
        for (String[] args : new String[][] {{}, {"--help"}, {"help", "score"}, {"scroe"}, {"-x"}}) {
            assertEquals(ChurnkitCommand.COMMANDS, java.util.List.copyOf(
                    ChurnkitCommand.forArguments(args).getSubcommands().keySet()), String.join(" ", args));
        }
    }

    @Test
    void aCommandBuiltAloneBehavesAsAmongAllOthers() {
        for (String name : ChurnkitCommand.COMMANDS) {
            if (name.equals("help")) {
                continue;
            }
            StringWriter alone = new StringWriter();
            CommandLine one = ChurnkitCommand.forArguments(new String[] {name, "--help"});
            one.setOut(new PrintWriter(alone));
            assertEquals(0, one.execute(name, "--help"));
            StringWriter among = new StringWriter();
            CommandLine all = ChurnkitCommand.newCommandLine();
            all.setOut(new PrintWriter(among));
            assertEquals(0, all.execute(name, "--help"));
            assertEquals(among.toString(), alone.toString(), name);
        }
    }

    @Test
    void theStartupTrainingRunsTheCommonJobsAndLeavesNothing() throws java.io.IOException {
        java.nio.file.Path log = java.nio.file.Path.of("..", "datasets", "retail-weekly.csv");
        assertTrue(java.nio.file.Files.isRegularFile(log), log.toAbsolutePath().toString());
        java.nio.file.Path tmp = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"));
        java.util.function.Supplier<java.util.Set<String>> left = () -> {
            try (var s = java.nio.file.Files.list(tmp)) {
                return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("churnkit-training"))
                        .collect(java.util.stream.Collectors.toSet());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        java.util.Set<String> before = left.get();
        java.io.PrintStream out = System.out;
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream seen = new java.io.ByteArrayOutputStream();
        try {
            System.setOut(new java.io.PrintStream(seen, true, java.nio.charset.StandardCharsets.UTF_8));
            System.setErr(new java.io.PrintStream(seen, true, java.nio.charset.StandardCharsets.UTF_8));
            StartupTraining.main(new String[] {log.toString()});
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        String text = seen.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(text.contains("score: wrote 5,000 customers"), text);
        assertEquals(before, left.get(), "the training folder is removed");
    }
}
