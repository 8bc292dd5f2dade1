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
}
