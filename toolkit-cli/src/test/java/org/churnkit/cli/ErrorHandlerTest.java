package org.churnkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.churnkit.ChurnkitException;
import org.churnkit.NotComputableException;
import org.churnkit.io.BadInputException;
import org.churnkit.model.ModelFiles;
import org.churnkit.model.NotConvergedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class ErrorHandlerTest {
    @TempDir
    Path dir;

    /** A command that throws what it is given, run with the CLI's handler. */
    @Command(name = "boom")
    static final class Boom implements Callable<Integer> {
        private final RuntimeException e;

        Boom(RuntimeException e) {
            this.e = e;
        }

        @Override
        public Integer call() {
            throw e;
        }
    }

    private static CliRun run(RuntimeException e) {
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new Boom(e));
        cl.setErr(new PrintWriter(err));
        cl.setExecutionExceptionHandler(new ErrorHandler());
        int code = cl.execute();
        return new CliRun(code, "", err.toString());
    }

    @Test
    void everyCauseInTheFamilyIsAUserErrorPrintedAsItsMessage() {
        List<ChurnkitException> causes = List.of(
                BadInputException.at(Path.of("t.csv"), 3, "date", "expected a date like 19970101, found 'x'"),
                BadInputException.of("model file m.json: parameter 'r' is missing"),
                new NotComputableException("customer 'c7' (x=2.0, t_x=30.0, T=38.0)", "cannot compute P(alive) for customer 'c7'"),
                new NotConvergedException(org.churnkit.model.ModelKind.PARETO_NBD, null, "the pareto-nbd fit did not converge"),
                new ChurnkitException("no customer left to summarise"));
        for (ChurnkitException e : causes) {
            CliRun r = run(e);
            assertEquals(ErrorHandler.EXIT_USER_ERROR, r.code(), e.getClass().getSimpleName());
            assertEquals(ErrorHandler.EXIT_USER_ERROR, ErrorHandler.exitCode(e), e.getClass().getSimpleName());
            assertEquals("churnkit boom: error: " + e.getMessage(), r.err().strip(), "the message alone, no stack trace");
        }
    }

    @Test
    void anIllegalArgumentIsABugWithItsStackTrace() {
        CliRun r = run(new IllegalArgumentException("horizon must be finite"));
        assertEquals(ErrorHandler.EXIT_INTERNAL_ERROR, r.code());
        assertTrue(r.err().contains("internal error (please report)") && r.err().contains("\tat "), r.err());
    }

    @Test
    void aModelFileOfAnotherKindIsRefusedNamingBothKinds() throws IOException {
        Path gg = dir.resolve("gg.json");
        Files.writeString(gg, "{\"model\": \"gamma-gamma\", \"parameters\": {\"p\": 6.25, \"q\": 3.74, \"gamma\": 15.44}}");
        Path pnbd = dir.resolve("pnbd.json");
        Files.writeString(pnbd, "{\"model\": \"pareto-nbd\", \"time_unit\": \"week\", "
                + "\"parameters\": {\"r\": 0.55, \"alpha\": 10.6, \"s\": 0.61, \"beta\": 11.7}}");
        Path in = dir.resolve("summary.csv");
        Files.writeString(in, "customer_id,frequency,recency,T,monetary_value\na,2,30,38,20.5\nb,0,0,38,\n");
        Path out = dir.resolve("scores.csv");

        CliRun asModel = CliRun.run("score", "-H", "13", "--model", gg.toString(), "-i", in.toString(), "-o", out.toString());
        assertEquals(ErrorHandler.EXIT_USER_ERROR, asModel.code(), asModel.err());
        assertTrue(asModel.err().contains("model file " + gg + " holds a Gamma-Gamma model; expected a TransactionModel "
                + "(pareto-nbd, bg-nbd, mbg-nbd or bg-bb); give a gamma-gamma file as --spend-model"), asModel.err());
        assertFalse(Files.exists(out));

        CliRun asSpend = CliRun.run("score", "-H", "13", "--model", pnbd.toString(), "--spend-model", pnbd.toString(),
                "-i", in.toString(), "-o", out.toString());
        assertEquals(ErrorHandler.EXIT_USER_ERROR, asSpend.code(), asSpend.err());
        assertTrue(asSpend.err().contains("holds a Pareto/NBD model; expected a SpendModel (gamma-gamma)"), asSpend.err());

        CliRun ok = CliRun.run("score", "-H", "13", "--model", pnbd.toString(), "--spend-model", gg.toString(),
                "-i", in.toString(), "-o", out.toString());
        assertEquals(0, ok.code(), ok.err());
        assertEquals(0.55, ModelFiles.read(pnbd).parameters().get("r"));
    }
}
