package org.churnkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The help of every command, read at 80 and 120 columns: no picocli warning, every summary a whole
 * sentence, no word or file name broken across lines, examples that fit the width.
 */
class HelpTextTest {

    /** Longest example line: 78 leaves room for a terminal's last column. */
    private static final int EXAMPLE_WIDTH = 78;

    static Stream<Arguments> commandsAndWidths() {
        List<Arguments> cases = new ArrayList<>();
        for (String name : commandNames()) {
            cases.add(Arguments.of(name, 80));
            cases.add(Arguments.of(name, 120));
        }
        return cases.stream();
    }

    static List<String> commandNames() {
        List<String> names = new ArrayList<>();
        names.add("");
        for (String name : ChurnkitCommand.newCommandLine().getSubcommands().keySet()) {
            if (!name.equals("help")) {
                names.add(name);
            }
        }
        return names;
    }

    /** Help text of one command at a fixed width, and everything written to System.err meanwhile. */
    record Help(String text, String systemErr, CommandSpec spec) {
    }

    static Help help(String command, int width, String... extraArgs) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PrintStream savedErr = System.err;
        ByteArrayOutputStream sysErr = new ByteArrayOutputStream();
        CommandLine cl = ChurnkitCommand.newCommandLine();
        cl.setUsageHelpAutoWidth(false);
        cl.setUsageHelpWidth(width);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        List<String> args = new ArrayList<>();
        if (!command.isEmpty()) {
            args.add(command);
        }
        args.addAll(Arrays.asList(extraArgs.length == 0 ? new String[] {"--help"} : extraArgs));
        try {
            System.setErr(new PrintStream(sysErr, true, StandardCharsets.UTF_8));
            cl.execute(args.toArray(String[]::new));
        } finally {
            System.setErr(savedErr);
        }
        CommandSpec spec = command.isEmpty() ? cl.getCommandSpec() : cl.getSubcommands().get(command).getCommandSpec();
        return new Help(out + err.toString(), sysErr.toString(StandardCharsets.UTF_8), spec);
    }

    private static String label(String command) {
        return command.isEmpty() ? "churnkit" : "churnkit " + command;
    }

    @ParameterizedTest(name = "{0} at {1} columns")
    @MethodSource("commandsAndWidths")
    void helpHasNoWarningAndFitsTheWidth(String command, int width) {
        Help h = help(command, width);
        String where = label(command) + " --help at " + width + " columns";
        assertEquals("", h.systemErr(), where + " wrote to System.err");
        assertFalse(h.text().contains("WARN"), where + " has a warning:\n" + h.text());
        for (String line : h.text().split("\n", -1)) {
            assertTrue(line.length() <= width, where + ": line longer than the width:\n" + line);
        }
    }

    @ParameterizedTest(name = "{0} at {1} columns")
    @MethodSource("commandsAndWidths")
    void examplesAreWholeLinesWithExplicitContinuations(String command, int width) {
        Help h = help(command, width);
        String where = label(command) + " --help at " + width + " columns";
        List<String> lines = Arrays.asList(h.text().split("\n", -1));
        int start = lines.indexOf("Examples:");
        assertTrue(start >= 0, where + " has no Examples section:\n" + h.text());
        boolean continued = false;
        int examples = 0;
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.isBlank()) {
                assertFalse(continued, where + ": an example ends in a line continuation");
                continue;
            }
            assertTrue(line.length() <= EXAMPLE_WIDTH, where + ": example line longer than " + EXAMPLE_WIDTH + ":\n" + line);
            if (continued) {
                assertTrue(line.startsWith("      ") && !line.isBlank(),
                        where + ": a continued example line must be indented by six spaces:\n" + line);
            } else {
                assertTrue(line.startsWith("  churnkit"), where + ": example line is neither a command nor a "
                        + "continuation (a line broken by the help formatter?):\n" + line);
                examples++;
            }
            continued = line.endsWith(" \\");
        }
        assertFalse(continued, where + ": the last example ends in a line continuation");
        assertTrue(examples >= 1, where + " has no example");
    }

    @ParameterizedTest(name = "{0} at {1} columns")
    @MethodSource("commandsAndWidths")
    void noWordIsBrokenAcrossLines(String command, int width) {
        Help h = help(command, width);
        Set<String> printed = new HashSet<>(Arrays.asList(h.text().split("\\s+")));
        List<String> source = new ArrayList<>();
        CommandSpec spec = h.spec();
        source.addAll(Arrays.asList(spec.usageMessage().header()));
        source.addAll(Arrays.asList(spec.usageMessage().description()));
        source.addAll(Arrays.asList(spec.usageMessage().footer()));
        for (OptionSpec option : spec.options()) {
            source.addAll(Arrays.asList(option.description()));
            source.add(option.longestName() + (option.typeInfo().isBoolean() ? "" : "=" + option.paramLabel()));
        }
        for (String text : source) {
            for (String token : text.split("\\s+")) {
                String word = token.replaceAll("^[(\\['\"]+|[)\\]'\",;:]+$", "");
                if (word.isEmpty() || word.contains("${") || word.contains("%")) {
                    continue;
                }
                if (printed.stream().noneMatch(p -> p.contains(word))) {
                    fail(label(command) + " --help at " + width + " columns splits '" + word + "' across lines:\n" + h.text());
                }
            }
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("commandNames")
    void summaryIsOneWholeSentenceListedInFull(String command) {
        if (command.isEmpty()) {
            return;
        }
        CommandSpec spec = ChurnkitCommand.newCommandLine().getSubcommands().get(command).getCommandSpec();
        String[] header = spec.usageMessage().header();
        assertEquals(1, header.length, "churnkit " + command + " has a one-line header (its summary)");
        assertTrue(header[0].endsWith("."), "churnkit " + command + " summary ends with a full stop: " + header[0]);
        for (int width : new int[] {80, 120}) {
            String root = help("", width).text();
            String listed = commandListEntry(root, command);
            assertEquals(header[0], listed, "root --help at " + width + " lists the whole summary of " + command);
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("commandNames")
    void descriptionParagraphsAreWholeSentences(String command) {
        CommandSpec spec = command.isEmpty()
                ? ChurnkitCommand.newCommandLine().getCommandSpec()
                : ChurnkitCommand.newCommandLine().getSubcommands().get(command).getCommandSpec();
        for (String paragraph : spec.usageMessage().description()) {
            if (paragraph.isEmpty() || paragraph.startsWith("  ")) {
                continue; // blank separator, or an indented formula line
            }
            assertTrue(paragraph.endsWith(".") || paragraph.endsWith(":"),
                    label(command) + ": description line is cut mid-sentence: " + paragraph);
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("commandNames")
    void usageErrorsPrintNoWarning(String command) {
        Help h = help(command, 80, "--no-such-option");
        assertEquals("", h.systemErr(), label(command) + " usage error wrote to System.err");
        assertFalse(h.text().contains("WARN"), label(command) + " usage error has a warning:\n" + h.text());
        assertTrue(h.text().contains("Usage:"), label(command) + " usage error shows the usage:\n" + h.text());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("commandNames")
    void optionLabelsAreNamedNotFieldNames(String command) {
        CommandSpec spec = command.isEmpty()
                ? ChurnkitCommand.newCommandLine().getCommandSpec()
                : ChurnkitCommand.newCommandLine().getSubcommands().get(command).getCommandSpec();
        for (OptionSpec option : spec.options()) {
            if (!option.typeInfo().isBoolean()) {
                assertFalse(option.paramLabel().startsWith("<"),
                        label(command) + " " + option.longestName() + " has the default label " + option.paramLabel());
            }
        }
        String synopsis = help(command, 120).text();
        for (OptionSpec option : spec.options()) {
            int count = synopsis.split("\\Q" + option.longestName() + "=\\E", -1).length - 1;
            assertTrue(count <= 2, label(command) + " lists " + option.longestName() + " more than once in the synopsis");
        }
    }

    /** The text the root help lists beside {@code command}, its wrapped lines joined. */
    private static String commandListEntry(String rootHelp, String command) {
        List<String> lines = Arrays.asList(rootHelp.split("\n", -1));
        int start = lines.indexOf("Commands:");
        StringBuilder sb = new StringBuilder();
        boolean in = false;
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.isBlank()) {
                break;
            }
            String trimmed = line.trim();
            if (line.startsWith("  ") && !line.startsWith("   ")) {
                if (in) {
                    break;
                }
                String name = trimmed.split("\\s+", 2)[0];
                if (name.equals(command)) {
                    in = true;
                    sb.append(trimmed.substring(name.length()).trim());
                }
            } else if (in) {
                sb.append(' ').append(trimmed);
            }
        }
        return sb.toString();
    }
}
