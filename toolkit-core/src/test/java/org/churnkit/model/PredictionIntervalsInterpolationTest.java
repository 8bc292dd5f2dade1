package org.churnkit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

/**
 * {@link PredictionIntervals} interpolates the Pareto/NBD factors that depend on the age only
 * within a chunk of histories with many distinct ages (see {@link ParetoNbdScorer}): its interval
 * ends must agree with the quantiles of every draw's exact scores ({@link Scoring} of the drawn
 * model, which never interpolates) to {@value #REL} relative, value at risk to {@value #REL} of
 * the alive value (it is {@code (1 - P(alive))} times it, so its relative error grows as P(alive)
 * nears 1, in the exact scores as much), and be those quantiles to the bit when the ages are few.
 */
class PredictionIntervalsInterpolationTest {
    private static final ParetoNbd CDNOW = ParetoNbd.of(0.55, 10.58, 0.61, 11.67);
    private static final double REL = 1e-13;

    private static Histories histories(int n, double from, double to, boolean wholeWeeks, long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        Histories h = ParetoNbdSimulator.of(CDNOW).simulateHistories(ParetoNbdSimulator.uniformAges(n, from, to, rng), rng);
        double[] x = h.frequencies();
        double[] tx = h.recencies();
        double[] t = h.ages();
        double[] m = new double[n];
        for (int i = 0; i < n; i++) {
            if (wholeWeeks) {
                t[i] = Math.ceil(t[i]);
                tx[i] = Math.min(t[i], tx[i]);
            }
            m[i] = x[i] == 0 ? 0 : 20 + (i % 7) * 3;
        }
        return Histories.of(x, tx, t, m, null, null);
    }

    /** Per column, per customer, the interval of the exact scores of every draw. */
    private static double[][][] bruteForce(ParameterDraws d, ScoringSettings s, Histories h, List<ScoreColumn> cols) {
        return bruteForce(d, null, s, h, cols);
    }

    /**
     * {@link #bruteForce(ParameterDraws, ScoringSettings, Histories, List)} with the spend model of
     * draw k of {@code spend} at draw k ({@code null}: the settings' spend model at every draw).
     */
    private static double[][][] bruteForce(ParameterDraws d, ParameterDraws spend, ScoringSettings s, Histories h,
                                           List<ScoreColumn> cols) {
        int n = h.size();
        double[][][] byDraw = new double[cols.size()][n][d.count()];
        for (int k = 0; k < d.count(); k++) {
            double[] p = d.draw(k);
            double[] g = spend == null ? null : spend.draw(k);
            ScoringSettings sg = g == null ? s : s.withSpendModel(GammaGamma.of(g[0], g[1], g[2]));
            Scores sk = Scoring.of(ParetoNbd.of(p[0], p[1], p[2], p[3]), sg).score(h);
            for (int c = 0; c < cols.size(); c++) {
                double[] v = sk.get(cols.get(c));
                for (int i = 0; i < n; i++) {
                    byDraw[c][i][k] = v[i];
                }
            }
        }
        double[][][] out = new double[cols.size()][n][];
        for (int c = 0; c < cols.size(); c++) {
            for (int i = 0; i < n; i++) {
                out[c][i] = PredictionIntervals.interval(byDraw[c][i], 0.9);
            }
        }
        return out;
    }

    private static ScoringSettings settings() {
        return ScoringSettings.of(39).withSpendModel(GammaGamma.of(6.25, 3.74, 15.44)).withDiscountRate(0.0027)
                .withMargin(0.3);
    }

    @Test
    void interpolatedAgeFactorsKeepTheIntervalsOfTheExactScores() {
        // 6,000 distinct ages within a week: a chunk of 256 spans a sliver of it
        Histories h = histories(6000, 30, 31, false, 5L);
        ScoringSettings s = settings();
        ParameterDraws d = ParameterDraws.asymptotic(CDNOW.parameterArray(), diag(0.01), 60,
                RandomSource.XO_RO_SHI_RO_128_PP.create(8L));
        ScoreIntervals iv = PredictionIntervals.of(CDNOW, d, s).score(h, 0.9);
        List<ScoreColumn> cols = iv.columns();
        double[][][] exact = bruteForce(d, s, h, cols);
        int differ = 0;
        double[] aliveUpper = iv.upper(ScoreColumn.ALIVE_VALUE);
        for (int c = 0; c < cols.size(); c++) {
            ScoreColumn col = cols.get(c);
            double[] lo = iv.lower(col);
            double[] hi = iv.upper(col);
            for (int i = 0; i < h.size(); i++) {
                double scale = col == ScoreColumn.VALUE_AT_RISK ? aliveUpper[i] : Math.abs(exact[c][i][1]);
                assertEquals(exact[c][i][0], lo[i], REL * scale, col + " lower, customer " + i);
                assertEquals(exact[c][i][1], hi[i], REL * scale, col + " upper, customer " + i);
                differ += exact[c][i][0] != lo[i] || exact[c][i][1] != hi[i] ? 1 : 0;
            }
        }
        // the interpolants were in use: the values moved in their last digits
        assertTrue(differ > h.size(), "interval ends not bit-identical to the exact ones: " + differ);
    }

    /**
     * Every kind of history in chunks of many distinct ages (where the series of R are summed from
     * tables of coefficients per draw and repeat count, and the age factors interpolated): x = 0,
     * a few repeats, heavy buyers, t_x = T and t_x near 0, under draws with alpha below, equal to
     * and above beta. The interval ends must be those of the exact scores of every draw within
     * {@value #REL} relative (value at risk: of the alive value).
     */
    @Test
    void everyKindOfHistoryKeepsTheIntervalsOfTheExactScores() {
        int n = 4000;
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(21L);
        double[] x = new double[n];
        double[] tx = new double[n];
        double[] t = new double[n];
        double[] m = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = 20 + rng.nextDouble();
            int kind = rng.nextInt(10);
            x[i] = kind < 4 ? 0 : kind < 8 ? 1 + rng.nextInt(30) : kind == 8 ? 100 + rng.nextInt(300) : 1 + rng.nextInt(5);
            tx[i] = x[i] == 0 ? 0 : switch (rng.nextInt(4)) {
                case 0 -> t[i];
                case 1 -> t[i] * 1e-4;
                default -> t[i] * rng.nextDouble();
            };
            m[i] = x[i] == 0 ? 0 : 10 + rng.nextInt(40);
        }
        Histories h = Histories.of(x, tx, t, m, null, null);
        // alpha / beta of 0.6, 1 and 1.7 in turn, r and s spread around CDNOW's
        double[][] draws = new double[45][];
        for (int k = 0; k < draws.length; k++) {
            double alpha = 9 + 3 * rng.nextDouble();
            double ratio = new double[] {0.6, 1.0, 1.7}[k % 3];
            draws[k] = new double[] {0.45 + 0.2 * rng.nextDouble(), alpha, 0.4 + 0.5 * rng.nextDouble(), alpha / ratio};
        }
        ParameterDraws d = ParameterDraws.of(ParameterDraws.Method.ASYMPTOTIC, CDNOW.parameterArray(), draws);
        ScoringSettings s = settings();
        ScoreIntervals iv = PredictionIntervals.of(CDNOW, d, s).score(h, 0.9);
        List<ScoreColumn> cols = iv.columns();
        double[][][] exact = bruteForce(d, s, h, cols);
        double[] aliveUpper = iv.upper(ScoreColumn.ALIVE_VALUE);
        int differ = 0;
        for (int c = 0; c < cols.size(); c++) {
            ScoreColumn col = cols.get(c);
            for (int i = 0; i < n; i++) {
                double scale = col == ScoreColumn.VALUE_AT_RISK ? aliveUpper[i] : Math.abs(exact[c][i][1]);
                assertEquals(exact[c][i][0], iv.lower(col)[i], REL * scale, col + " lower, " + h.describe(i));
                assertEquals(exact[c][i][1], iv.upper(col)[i], REL * scale, col + " upper, " + h.describe(i));
                differ += exact[c][i][0] != iv.lower(col)[i] || exact[c][i][1] != iv.upper(col)[i] ? 1 : 0;
            }
        }
        assertTrue(differ > n, "interval ends not bit-identical to the exact ones: " + differ);
    }

    @Test
    void fewDistinctAgesKeepTheExactScoresToTheBit() {
        // whole weeks: at most 13 distinct ages, so each chunk's table of exact factors serves
        Histories h = histories(3000, 27, 39, true, 6L);
        ScoringSettings s = settings();
        ParameterDraws d = ParameterDraws.asymptotic(CDNOW.parameterArray(), diag(0.01), 40,
                RandomSource.XO_RO_SHI_RO_128_PP.create(9L));
        ScoreIntervals iv = PredictionIntervals.of(CDNOW, d, s).score(h, 0.9);
        List<ScoreColumn> cols = iv.columns();
        double[][][] exact = bruteForce(d, s, h, cols);
        for (int c = 0; c < cols.size(); c++) {
            for (int i = 0; i < h.size(); i++) {
                assertEquals(exact[c][i][0], iv.lower(cols.get(c))[i], 0.0, cols.get(c) + " customer " + i);
                assertEquals(exact[c][i][1], iv.upper(cols.get(c))[i], 0.0, cols.get(c) + " customer " + i);
            }
        }
    }

    /**
     * Customers that share a history {@code (x, t_x, T)} but not their spend or group: a triple
     * then has several rows, stored after it in the order the triples are searched in. Every
     * customer keeps the interval ends of the exact scores to the bit (the ages are whole weeks),
     * and the group totals, whose groups split the triples, the quantiles of each draw's sums.
     */
    @Test
    void historiesSharedBySeveralSpendsAndGroupsKeepEachCustomersIntervals() {
        int n = 3000;
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(33L);
        double[] x = new double[n];
        double[] tx = new double[n];
        double[] t = new double[n];
        double[] m = new double[n];
        int[] group = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = 30 + rng.nextInt(3);
            x[i] = rng.nextInt(4);
            tx[i] = x[i] == 0 ? 0 : 1 + rng.nextInt((int) t[i]);
            m[i] = x[i] == 0 ? 0 : 10 + 5 * rng.nextInt(6);
            group[i] = rng.nextInt(3);
        }
        Histories h = Histories.of(x, tx, t, m, null, null);
        ScoringSettings s = settings();
        ParameterDraws d = ParameterDraws.asymptotic(CDNOW.parameterArray(), diag(0.01), 40,
                RandomSource.XO_RO_SHI_RO_128_PP.create(10L));
        PredictionIntervals pi = PredictionIntervals.of(CDNOW, d, s);
        ScoreIntervals iv = pi.score(h, 0.9);
        List<ScoreColumn> cols = iv.columns();
        double[][][] exact = bruteForce(d, s, h, cols);
        for (int c = 0; c < cols.size(); c++) {
            for (int i = 0; i < n; i++) {
                assertEquals(exact[c][i][0], iv.lower(cols.get(c))[i], 0.0, cols.get(c) + " " + h.describe(i));
                assertEquals(exact[c][i][1], iv.upper(cols.get(c))[i], 0.0, cols.get(c) + " " + h.describe(i));
            }
        }
        PredictionIntervals.GroupTotals totals = pi.intervalsOfTotals(group, 3, h, 0.9);
        double[][] clv = new double[3][d.count()];
        for (int k = 0; k < d.count(); k++) {
            double[] p = d.draw(k);
            double[] v = Scoring.of(ParetoNbd.of(p[0], p[1], p[2], p[3]), s).score(h).clv();
            for (int i = 0; i < n; i++) {
                clv[group[i]][k] += v[i];
            }
        }
        for (int g = 0; g < 3; g++) {
            ScoreIntervals.Band b = totals.clv().get(g);
            assertEquals(PredictionIntervals.quantile(clv[g], 0, d.count(), 0.05), b.lower(), 1e-12 * b.lower());
            assertEquals(PredictionIntervals.quantile(clv[g], 0, d.count(), 0.95), b.upper(), 1e-12 * b.upper());
        }
    }

    /**
     * Drawn spend models, so that the spend columns rank the draws by the monetary value (they are
     * stored and searched in the order of x and m, the transaction columns in the order of t_x),
     * and every draw twice, so that values tie at the tails' bounds: a value equal to the bound
     * that is not at the last row's tail draws must send the search to its full pass. Every
     * customer keeps the interval ends of each draw's exact scores to the bit (whole weeks).
     */
    @Test
    void drawnSpendModelsAndTiedDrawsKeepEachCustomersIntervals() {
        int n = 4000;
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(44L);
        double[] x = new double[n];
        double[] tx = new double[n];
        double[] t = new double[n];
        double[] m = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = 30 + rng.nextInt(3);
            x[i] = rng.nextInt(3) == 0 ? 0 : 1 + rng.nextInt(12);
            tx[i] = x[i] == 0 ? 0 : 1 + rng.nextInt((int) t[i]);
            m[i] = x[i] == 0 ? 0 : 5 + rng.nextInt(20_000) / 100.0;
        }
        Histories h = Histories.of(x, tx, t, m, null, null);
        GammaGamma gg = GammaGamma.of(6.25, 3.74, 15.44);
        ParameterDraws once = ParameterDraws.asymptotic(CDNOW.parameterArray(), diag(0.01), 30,
                RandomSource.XO_RO_SHI_RO_128_PP.create(11L));
        double[][] spendCov = {{0.03, 0, 0}, {0, 0.02, 0}, {0, 0, 0.05}};
        ParameterDraws spendOnce = ParameterDraws.asymptotic(gg.parameterArray(), spendCov, 30,
                RandomSource.XO_RO_SHI_RO_128_PP.create(12L));
        double[][] tr = new double[60][];
        double[][] sp = new double[60][];
        for (int k = 0; k < 60; k++) {
            tr[k] = once.draw(k % 30);
            sp[k] = spendOnce.draw(k % 30);
        }
        ParameterDraws d = ParameterDraws.of(ParameterDraws.Method.ASYMPTOTIC, CDNOW.parameterArray(), tr);
        ParameterDraws sd = ParameterDraws.of(ParameterDraws.Method.ASYMPTOTIC, gg.parameterArray(), sp);
        ScoringSettings s = settings();
        ScoreIntervals iv = PredictionIntervals.of(CDNOW, d, s).withSpendDraws(sd).score(h, 0.9);
        List<ScoreColumn> cols = iv.columns();
        double[][][] exact = bruteForce(d, sd, s, h, cols);
        for (int c = 0; c < cols.size(); c++) {
            for (int i = 0; i < n; i++) {
                assertEquals(exact[c][i][0], iv.lower(cols.get(c))[i], 0.0, cols.get(c) + " " + h.describe(i));
                assertEquals(exact[c][i][1], iv.upper(cols.get(c))[i], 0.0, cols.get(c) + " " + h.describe(i));
            }
        }
    }

    private static double[][] diag(double v) {
        double[][] m = new double[4][4];
        for (int i = 0; i < 4; i++) {
            m[i][i] = v;
        }
        return m;
    }
}
