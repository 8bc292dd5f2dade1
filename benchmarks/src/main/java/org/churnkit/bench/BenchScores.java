package org.churnkit.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.churnkit.model.ScoreColumn;
import org.churnkit.model.GammaGamma;
import org.churnkit.model.GammaGammaSimulator;
import org.churnkit.model.Histories;
import org.churnkit.model.MbgNbd;
import org.churnkit.model.MbgNbdSimulator;
import org.churnkit.segment.ScoreColumns;

/**
 * The benchmarks' input score table: customers simulated from an MBG/NBD model with Gamma-Gamma
 * spend at CDNOW-like parameters in weeks, scored with the true models over 39 weeks. The library
 * ships no fixture generator (the tests keep their own), so the benchmarks build theirs here; the
 * numbers match the tests' synthetic table for the same seed, so timings stay comparable.
 */
final class BenchScores {
    private static final double HORIZON = 39;

    private BenchScores() {}

    static ScoreColumns generate(int n, UniformRandomProvider rng) {
        MbgNbd model = MbgNbd.of(0.243, 4.414, 0.793, 2.426);
        GammaGamma spendModel = GammaGamma.of(6.25, 3.74, 15.44);
        double[] ages = MbgNbdSimulator.uniformAges(n, 27, 39, rng);
        Histories h = GammaGammaSimulator.of(spendModel)
                .addAmounts(MbgNbdSimulator.of(model).simulate(ages, rng, 0L), rng).toHistories();
        String[] ids = new String[n];
        double[] mon = new double[n];
        double[] alive = new double[n];
        double[] exp = new double[n];
        double[] spend = new double[n];
        double[] clv = new double[n];
        for (int i = 0; i < n; i++) {
            ids[i] = String.format(Locale.ROOT, "C%07d", i + 1);
            double x = h.frequency(i);
            mon[i] = h.monetary(i);
            alive[i] = model.pAlive(x, h.recency(i), h.age(i));
            exp[i] = model.expectedTransactions(x, h.recency(i), h.age(i), HORIZON);
            spend[i] = spendModel.expectedSpend(x, mon[i]);
            clv[i] = exp[i] * spend[i];
        }
        Map<String, double[]> cols = new LinkedHashMap<>();
        cols.put(ScoreColumn.FREQUENCY.column(), h.frequencies());
        cols.put(ScoreColumn.RECENCY.column(), h.recencies());
        cols.put(ScoreColumn.AGE.column(), h.ages());
        cols.put(ScoreColumn.MONETARY_VALUE.column(), mon);
        cols.put(ScoreColumn.P_ALIVE.column(), alive);
        cols.put(ScoreColumn.EXPECTED_TRANSACTIONS.column(), exp);
        cols.put("expected_spend", spend);
        cols.put(ScoreColumn.CLV.column(), clv);
        return ScoreColumns.of(ids, cols);
    }
}
