package org.churnkit.segment.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.churnkit.segment.ScoreColumns;
import org.churnkit.model.GammaGamma;
import org.churnkit.model.GammaGammaSimulator;
import org.churnkit.model.Histories;
import org.churnkit.model.MbgNbd;
import org.churnkit.model.MbgNbdSimulator;
import org.churnkit.model.ScoreColumn;
import org.churnkit.model.SimulatedLog;

/**
 * A seeded synthetic score table with the structure of real BTYD output, a test fixture (the
 * benchmarks keep their own copy): customers simulated by {@link MbgNbdSimulator} (MBG/NBD, Batislam, Denizel,
 * Filiztekin 2007, IJRM 24:201-209) with spend from {@link GammaGammaSimulator} (Fader, Hardie, Lee
 * 2005), then scored with the same models: P(alive) and expected transactions over
 * {@value #HORIZON} weeks from {@link MbgNbd}, expected spend from {@link GammaGamma}, and CLV as
 * expected transactions x expected spend, undiscounted. Parameters are close to published CDNOW fits
 * in weeks (r = 0.243, alpha = 4.414, a = 0.793, b = 2.426; p = 6.25, q = 3.74, gamma = 15.44), and
 * T is uniform on [27, 39] weeks as in CDNOW's first-purchase quarter. The scores are the true
 * model's, not a fit's, so never use them as reference values for fitting.
 */
public final class SyntheticScores {
    /** Prediction horizon of the expected-transaction column, in weeks. */
    public static final double HORIZON = 39;

    private SyntheticScores() {}

    /**
     * {@code n} synthetic customers with all score columns, ids {@code C0000001...}.
     *
     * @param n number of customers, {@code >= 1}
     * @param rng source of randomness (seed it for reproducible customers)
     * @return the customers' score columns, from an MBG/NBD and Gamma-Gamma simulation
     */
    public static ScoreColumns generate(int n, UniformRandomProvider rng) {
        MbgNbd model = MbgNbd.of(0.243, 4.414, 0.793, 2.426);
        GammaGamma spendModel = GammaGamma.of(6.25, 3.74, 15.44);
        double[] ages = MbgNbdSimulator.uniformAges(n, 27, 39, rng);
        SimulatedLog log = GammaGammaSimulator.of(spendModel).addAmounts(MbgNbdSimulator.of(model).simulate(ages, rng, 0L), rng);
        Histories h = log.toHistories();
        String[] ids = new String[n];
        double[] mon = new double[n];
        double[] alive = new double[n];
        double[] exp = new double[n];
        double[] spend = new double[n];
        double[] clv = new double[n];
        for (int i = 0; i < n; i++) {
            ids[i] = String.format(java.util.Locale.ROOT, "C%07d", i + 1);
            double x = h.frequency(i);
            double tx = h.recency(i);
            double t = h.age(i);
            mon[i] = h.monetary(i);
            alive[i] = model.pAlive(x, tx, t);
            exp[i] = model.expectedTransactions(x, tx, t, HORIZON);
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
        cols.put(ScoreColumn.EXPECTED_SPEND.column(), spend);
        cols.put(ScoreColumn.CLV.column(), clv);
        return ScoreColumns.of(ids, cols);
    }
}
