package org.churnkit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.churnkit.ChurnkitException;
import org.churnkit.data.CustomerSummaries;
import org.churnkit.data.PeriodEnd;
import org.churnkit.data.Summarizer;
import org.churnkit.data.SummaryOptions;
import org.churnkit.data.SummaryTable;
import org.churnkit.data.TimeUnit;
import org.churnkit.data.TransactionLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fit's data preparation: from a summary table or summaries to the rows a model is fitted on. */
class FitDataTest {

    @TempDir
    Path dir;

    private static long day(String d) {
        return LocalDate.parse(d).toEpochDay() * 86_400L;
    }

    private static CustomerSummaries summaries(boolean amounts) {
        TransactionLog log = TransactionLog.of(new String[] {"a", "a", "b", "c"},
                new long[] {day("2020-01-01"), day("2020-01-11"), day("2020-01-05"), day("2020-01-31")},
                amounts ? new double[] {10, 20, 5, 3} : null);
        return Summarizer.summarize(log, SummaryOptions.defaults().withUnit(TimeUnit.DAYS)
                .withObservationEnd(PeriodEnd.parse("2020-01-31")));
    }

    @Test
    void aSummaryTableGivesEveryRowWithItsName() throws IOException {
        Path f = dir.resolve("s.csv");
        Files.writeString(f, "frequency,recency,T,monetary_value\n1,2,3,4\n0,0,0,\n");
        Histories h = FitData.histories(SummaryTable.read(f, SummaryTable.Columns.of(), SummaryTable.Options.of()
                .withSpend(SummaryTable.Spend.REQUIRED)));
        assertEquals(2, h.size());
        assertEquals("row 2", h.id(0));
        assertEquals(4.0, h.monetary(0));
        assertEquals(1, FitData.firstZeroAge(h));
        FitData d = FitData.of(ModelKind.PARETO_NBD, h);
        assertEquals(1, d.histories().size());
        assertEquals(1, d.exclusions().count(org.churnkit.data.Exclusions.ZERO_AGE));
    }

    @Test
    void summariesGiveSpendToTheSpendModelOnly() {
        CustomerSummaries s = summaries(true);
        Histories pnbd = FitData.histories(ModelKind.PARETO_NBD, s);
        Histories gg = FitData.histories(ModelKind.GAMMA_GAMMA, s);
        assertFalse(pnbd.hasMonetary());
        assertTrue(gg.hasMonetary());
        assertEquals(3, gg.size());
        assertEquals("a", gg.id(0));
        assertEquals(1.0, gg.frequency(0));
        assertEquals(10.0, gg.recency(0));
        assertEquals(20.0, gg.monetary(0));
        assertEquals(2, FitData.firstZeroAge(gg)); // c bought on the last day
    }

    @Test
    void theSpendModelNeedsAmounts() {
        CustomerSummaries s = summaries(false);
        ChurnkitException e = assertThrows(ChurnkitException.class, () -> FitData.histories(ModelKind.GAMMA_GAMMA, s));
        assertTrue(e.getMessage().contains("gamma-gamma"), e.getMessage());
        assertEquals(3, FitData.histories(ModelKind.BG_NBD, s).size());
    }

    @Test
    void noZeroAgeRowIsMinusOne() {
        Histories h = Histories.of(new double[] {0, 1}, new double[] {0, 1}, new double[] {2, 3});
        assertEquals(-1, FitData.firstZeroAge(h));
    }
}
