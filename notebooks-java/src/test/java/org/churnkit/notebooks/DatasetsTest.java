package org.churnkit.notebooks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.churnkit.data.CustomerSummaries;
import org.churnkit.data.PeriodEnd;
import org.churnkit.data.Summarizer;
import org.churnkit.data.SummaryOptions;
import org.churnkit.data.TimeUnit;
import org.churnkit.data.TransactionLog;
import org.churnkit.data.TransactionReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed logs in {@code datasets/} are exactly what the generator writes, and read cleanly. */
class DatasetsTest {
    private static final Path DATASETS = Path.of(System.getProperty("churnkit.notebooks.dir", "."))
            .resolve("../datasets").normalize();

    @Test
    void regeneratingGivesIdenticalBytes(@TempDir Path tmp) throws Exception {
        GenerateDatasets.writeAll(tmp);
        for (String name : List.of(GenerateDatasets.RETAIL_FILE, GenerateDatasets.APP_FILE)) {
            Path committed = DATASETS.resolve(name);
            assertTrue(Files.exists(committed), "missing " + committed + " (run datasets/generate)");
            assertArrayEquals(Files.readAllBytes(committed), Files.readAllBytes(tmp.resolve(name)),
                    name + " differs from a fresh datasets/generate run");
        }
    }

    @Test
    void retailLogSummarisesInWeeksWithinItsObservationWindow() {
        TransactionLog log = TransactionReader.read(DATASETS.resolve(GenerateDatasets.RETAIL_FILE));
        assertEquals(GenerateDatasets.RETAIL_CUSTOMERS, log.customerCount());
        assertTrue(log.hasAmounts());
        CustomerSummaries s = Summarizer.summarize(log,
                SummaryOptions.defaults().withObservationEnd(PeriodEnd.of(GenerateDatasets.RETAIL_END)));
        for (int i = 0; i < s.size(); i++) {
            // joins fall in the first 26 of 104 weeks, so 78 < T <= 104 (weeks, whole days)
            assertTrue(s.age(i) > 78 - 1e-9 && s.age(i) <= 104 + 1e-9, "T of " + s.id(i) + " = " + s.age(i));
            assertTrue(s.recency(i) <= s.age(i));
        }
    }

    @Test
    void appLogSummarisesInDays() {
        TransactionLog log = TransactionReader.read(DATASETS.resolve(GenerateDatasets.APP_FILE));
        assertEquals(GenerateDatasets.APP_PLAYERS, log.customerCount());
        CustomerSummaries s = Summarizer.summarize(log, SummaryOptions.defaults().withUnit(TimeUnit.DAYS)
                .withObservationEnd(PeriodEnd.of(GenerateDatasets.APP_END)));
        for (int i = 0; i < s.size(); i++) {
            // installs fall in the first 60 of 181 days
            assertTrue(s.age(i) > 121 - 1e-9 && s.age(i) <= 181 + 1e-9, "T of " + s.id(i) + " = " + s.age(i));
        }
    }
}
