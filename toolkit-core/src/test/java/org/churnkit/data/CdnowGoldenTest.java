package org.churnkit.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.churnkit.testing.SharedFolder;
import org.churnkit.io.ColumnTable;
import org.churnkit.io.ColumnType;
import org.churnkit.io.TableIO;
import org.churnkit.model.Histories;
import org.junit.jupiter.api.Test;

/**
 * The CDNOW sample (2,357 customers of the 1997Q1 cohort, Fader, Hardie and Lee 2005) against the
 * summaries BTYD's {@code dc.ElogToCbsCbt} produced ({@code cdnow_summary_calibration.csv},
 * recency and T rounded to 2 decimals; {@code cdnow_cbs_with_holdout.csv}, full precision).
 */
class CdnowGoldenTest {

    private static final TransactionReadOptions ELOG = TransactionReadOptions.defaults()
            .withColumns("sampleid", "date", "sales").withDateFormat("yyyyMMdd");

    @Test
    void sampleReproducesBtydCalibrationAndHoldout() {
        Path elog = SharedFolder.require("datasets/cdnow/cdnow_sample_elog.csv");
        Path golden = SharedFolder.require("datasets/cdnow/cdnow_summary_calibration.csv");
        Path cbs = SharedFolder.require("datasets/cdnow/cdnow_cbs_with_holdout.csv");
        TransactionLog log = TransactionReader.read(elog, ELOG);
        CustomerSummaries s = Summarizer.split(log, PeriodEnd.parse("1997-09-30"), SummaryOptions.defaults());

        ColumnTable ref = TableIO.read(golden, null,
                Map.of("ID", ColumnType.STRING, "frequency", ColumnType.LONG, "recency", ColumnType.DOUBLE, "T", ColumnType.DOUBLE), false);
        ColumnTable hold = TableIO.read(cbs, null, Map.of("id", ColumnType.STRING, "x.star", ColumnType.LONG), false);
        assertEquals(2357, ref.rowCount());
        assertEquals(2357, s.size());
        Map<String, Integer> row = new HashMap<>();
        for (int i = 0; i < s.size(); i++) {
            row.put(s.id(i), i);
        }
        String[] id = ref.strings("ID");
        long[] x = ref.longs("frequency");
        double[] tx = ref.doubles("recency");
        double[] t = ref.doubles("T");
        for (int r = 0; r < ref.rowCount(); r++) {
            int i = row.get(id[r]);
            assertEquals(x[r], s.frequency(i), "x of " + id[r]);
            // the golden file rounds to 2 decimals: 0.005 is its resolution
            assertEquals(tx[r], s.recency(i), 0.005, "t_x of " + id[r]);
            assertEquals(t[r], s.age(i), 0.005, "T of " + id[r]);
        }
        String[] hid = hold.strings("id");
        long[] xStar = hold.longs("x.star");
        long sum = 0;
        for (int r = 0; r < hold.rowCount(); r++) {
            int i = row.get(hid[r]);
            assertEquals(xStar[r], s.frequencyHoldout(i), "x.star of " + hid[r]);
            sum += s.frequencyHoldout(i);
        }
        assertEquals(1882, sum);
        // holdout runs from 1997-10-01 to the last transaction, 1998-06-30: 273 days = 39 weeks
        assertEquals(39.0, s.durationHoldout(), 1e-12);
        assertEquals(0, s.counts().customersExcludedAfterCutoff());
        Histories h = Histories.of(s);
        assertEquals(2357, h.size());
        assertTrue(h.hasMonetary());
    }

    @Test
    void masterFileReads() {
        Path master = SharedFolder.require("datasets/cdnow/CDNOW_master.txt");
        TransactionLog log = TransactionReader.read(master, TransactionReadOptions.defaults()
                .withColumns("customer_id", "date", "dollar_value").withDateFormat("yyyyMMdd"));
        assertEquals(23_570, log.customerCount());
        assertEquals(69_659, log.size());
        CustomerSummaries s = Summarizer.summarize(log, SummaryOptions.defaults()
                .withObservationEnd(PeriodEnd.parse("1998-06-30")));
        assertEquals(23_570, s.size());
        // the 1997Q1 cohort joined by 1997-03-31: T between 65 and 78 weeks for everyone
        for (int i = 0; i < s.size(); i++) {
            assertTrue(s.age(i) >= 65 && s.age(i) <= 78.0, s.id(i) + " T=" + s.age(i));
        }
    }
}
