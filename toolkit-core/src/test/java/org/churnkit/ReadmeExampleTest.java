package org.churnkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.churnkit.data.CustomerSummaries;
import org.churnkit.data.SummaryOptions;
import org.churnkit.data.Summarizer;
import org.churnkit.data.TimeUnit;
import org.churnkit.data.TransactionLog;
import org.churnkit.data.TransactionReader;
import org.churnkit.model.FitResult;
import org.churnkit.model.Histories;
import org.churnkit.model.ModelFiles;
import org.churnkit.model.ModelFitter;
import org.churnkit.model.ParetoNbd;
import org.churnkit.model.ParetoNbdSimulator;
import org.churnkit.model.SimulatedLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The library example in README.md, line for line, so that it stays true. */
class ReadmeExampleTest {

    @Test
    void readmeLibraryExampleRuns(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("transactions.csv");
        writeSimulatedLog(csv);

        // --- README example from here ---
        TransactionLog log = TransactionReader.read(csv);
        CustomerSummaries summaries = Summarizer.summarize(log,
                SummaryOptions.defaults().withUnit(TimeUnit.WEEKS));
        Histories histories = Histories.of(summaries);

        FitResult<ParetoNbd> fit = ModelFitter.of().fitOrThrow(ParetoNbd.likelihood(), histories);
        ParetoNbd model = fit.model();

        double[] pAlive = model.pAlive(histories);
        double[] next13 = model.expectedTransactions(histories, 13);
        double delta = TimeUnit.WEEKS.continuousRateFromAnnual(0.15);
        double[] dert = model.discountedExpectedTransactions(histories, delta, Double.POSITIVE_INFINITY);

        ModelFiles.write(model, dir.resolve("pnbd.json"));
        ParetoNbd again = ModelFiles.read(dir.resolve("pnbd.json"), ParetoNbd.class);
        // --- to here ---

        assertTrue(fit.summary().converged());
        assertEquals(histories.size(), pAlive.length);
        for (int i = 0; i < pAlive.length; i++) {
            assertTrue(pAlive[i] >= 0 && pAlive[i] <= 1);
            assertTrue(next13[i] >= 0 && dert[i] >= next13[i] * Math.exp(-delta * 13) - 1e-12);
        }
        assertEquals(model, again);
    }

    /** 2,000 simulated customers (Pareto/NBD, CDNOW-like parameters), first purchases spread over a year. */
    private static void writeSimulatedLog(Path csv) throws IOException {
        SimulatedLog sim = ParetoNbdSimulator.of(ParetoNbd.of(0.55, 10.6, 0.61, 11.7)).simulate(2000, 20, 52, 7L);
        LocalDate end = LocalDate.of(2025, 1, 1);
        StringBuilder sb = new StringBuilder("customer_id,date,amount\n");
        for (int k = 0; k < sim.transactions(); k++) {
            int c = sim.customer()[k];
            LocalDate birth = end.minusDays(Math.round(sim.age()[c] * 7));
            LocalDate day = birth.plusDays((long) Math.floor(sim.time()[k] * 7));
            sb.append('c').append(c).append(',').append(day).append(',').append(10 + c % 7).append('\n');
        }
        Files.writeString(csv, sb);
    }
}
