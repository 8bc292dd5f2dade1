package org.churnkit.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.churnkit.ChurnkitException;
import org.churnkit.testing.CdnowHoldout;
import org.junit.jupiter.api.Test;

class PredictionIntervalsTest {
    private static final ParetoNbd CDNOW = ParetoNbd.of(0.55, 10.58, 0.61, 11.67);
    private static final double[][] HISTORIES = {{0, 0, 39}, {1, 2, 39}, {2, 30.4, 38.9}, {5, 35, 39}, {10, 38, 39},
        {3, 10, 32}, {0, 0, 27}};

    private static Histories sample(UniformRandomProvider rng, int n) {
        return ParetoNbdSimulator.of(CDNOW).simulateHistories(ParetoNbdSimulator.uniformAges(n, 27, 39, rng), rng);
    }

    private static Histories withSpend(Histories h) {
        double[] m = new double[h.size()];
        for (int i = 0; i < m.length; i++) {
            m[i] = h.frequency(i) == 0 ? 0 : 20 + (i % 7) * 3;
        }
        return Histories.of(h.frequencies(), h.recencies(), h.ages(), m, null, null);
    }

    private static FitResult<ParetoNbd> fit(Histories h) {
        return ModelFitter.of().fitOrThrow(ParetoNbdLikelihood.of(), h);
    }

    @Test
    void theSameSeedGivesTheSameIntervalsToTheBitOnAnyExecutor() {
        Histories h = withSpend(sample(RandomSource.XO_RO_SHI_RO_128_PP.create(3L), 3000));
        FitResult<ParetoNbd> f = fit(h);
        GammaGamma gg = GammaGamma.of(6.25, 3.74, 15.44);
        ScoringSettings s = ScoringSettings.of(39).withSpendModel(gg).withDiscountRate(0.0027).withMargin(0.3);
        ScoreIntervals a = PredictionIntervals.of(f.model(),
                ParameterDraws.asymptotic(f, 100, RandomSource.XO_RO_SHI_RO_128_PP.create(42L)), s).score(h, 0.9);
        ScoreIntervals b = PredictionIntervals.of(f.model(),
                ParameterDraws.asymptotic(f, 100, RandomSource.XO_RO_SHI_RO_128_PP.create(42L)),
                s.withExecutor(Runnable::run)).score(h, 0.9);
        Scores point = Scoring.of(f.model(), s).score(h);
        assertEquals(point, a.point(), "the point is the plain score");
        assertEquals(List.of(ScoreColumn.P_ALIVE, ScoreColumn.EXPECTED_TRANSACTIONS, ScoreColumn.EXPECTED_SPEND,
                ScoreColumn.DERT, ScoreColumn.CLV, ScoreColumn.ALIVE_VALUE, ScoreColumn.VALUE_AT_RISK), a.columns());
        for (ScoreColumn c : a.columns()) {
            assertArrayEquals(a.lower(c), b.lower(c), 0.0, c.column());
            assertArrayEquals(a.upper(c), b.upper(c), 0.0, c.column());
            double[] lo = a.lower(c);
            double[] hi = a.upper(c);
            double[] p = point.get(c);
            int inside = 0;
            for (int i = 0; i < h.size(); i++) {
                assertTrue(Double.isFinite(lo[i]) && lo[i] <= hi[i], c.column() + " row " + i);
                if (lo[i] <= p[i] * (1 + 1e-12) && p[i] <= hi[i] * (1 + 1e-12)) {
                    inside++;
                }
            }
            assertTrue(inside > 0.95 * h.size(), c.column() + ": the estimate lies inside for " + inside);
        }
        // without spend draws the spend model is fixed: a zero-width interval
        assertArrayEquals(a.lower(ScoreColumn.EXPECTED_SPEND), point.expectedSpend(), 0.0);
        assertEquals(a.totalExpectedTransactions(), b.totalExpectedTransactions());
        ScoreIntervals.Band t = a.totalExpectedTransactions();
        assertTrue(t.lower() < t.estimate() && t.estimate() < t.upper(), t.toString());
        // a different seed gives different draws
        ScoreIntervals c = PredictionIntervals.of(f.model(),
                ParameterDraws.asymptotic(f, 100, RandomSource.XO_RO_SHI_RO_128_PP.create(43L)), s).score(h, 0.9);
        assertTrue(c.upper(ScoreColumn.CLV)[0] != a.upper(ScoreColumn.CLV)[0]);
        // spend draws widen expected_spend
        ParameterDraws sd = ParameterDraws.asymptotic(gg.parameterArray(), new double[][] {{0.01, 0, 0}, {0, 0.01, 0},
            {0, 0, 0.01}}, 100, RandomSource.XO_RO_SHI_RO_128_PP.create(5L));
        ScoreIntervals w = PredictionIntervals.of(f.model(),
                ParameterDraws.asymptotic(f, 100, RandomSource.XO_RO_SHI_RO_128_PP.create(42L)), s).withSpendDraws(sd)
                .score(h, 0.9);
        assertTrue(w.upper(ScoreColumn.EXPECTED_SPEND)[0] > w.lower(ScoreColumn.EXPECTED_SPEND)[0]);
    }

    @Test
    void groupTotalsAreTheQuantilesOfEachDrawsGroupSums() {
        Histories h = withSpend(sample(RandomSource.XO_RO_SHI_RO_128_PP.create(21L), 1500));
        GammaGamma gg = GammaGamma.of(6.25, 3.74, 15.44);
        ScoringSettings s = ScoringSettings.of(39).withSpendModel(gg).withDiscountRate(0.0027).withMargin(0.3);
        ParameterDraws d = ParameterDraws.asymptotic(CDNOW.parameterArray(), diag(0.01), 80,
                RandomSource.XO_RO_SHI_RO_128_PP.create(4L));
        PredictionIntervals pi = PredictionIntervals.of(CDNOW, d, s);
        int[] group = new int[h.size()];
        for (int i = 0; i < group.length; i++) {
            group[i] = (int) Math.min(2, h.frequency(i)); // 0, 1 and 2+ repeat buyers
        }
        PredictionIntervals.GroupTotals t = pi.intervalsOfTotals(group, 3, h, 0.9);
        assertTrue(t.hasClv());
        // the brute force: every draw's scores of every customer, summed per group, then the type-7 quantiles
        double[][] et = new double[3][d.count()];
        double[][] clv = new double[3][d.count()];
        for (int k = 0; k < d.count(); k++) {
            Scores sk = Scoring.of(ParetoNbd.of(d.draw(k)[0], d.draw(k)[1], d.draw(k)[2], d.draw(k)[3]), s).score(h);
            for (int i = 0; i < h.size(); i++) {
                et[group[i]][k] += sk.expectedTransactions()[i];
                clv[group[i]][k] += sk.clv()[i];
            }
        }
        Scores point = Scoring.of(CDNOW, s).score(h);
        double sumLower = 0;
        for (int g = 0; g < 3; g++) {
            ScoreIntervals.Band b = t.expectedTransactions().get(g);
            ScoreIntervals.Band c = t.clv().get(g);
            assertEquals(PredictionIntervals.quantile(et[g].clone(), 0, d.count(), 0.05), b.lower(), 1e-9 * b.lower());
            assertEquals(PredictionIntervals.quantile(et[g].clone(), 0, d.count(), 0.95), b.upper(), 1e-9 * b.upper());
            assertEquals(PredictionIntervals.quantile(clv[g].clone(), 0, d.count(), 0.05), c.lower(), 1e-9 * c.lower());
            assertEquals(PredictionIntervals.quantile(clv[g].clone(), 0, d.count(), 0.95), c.upper(), 1e-9 * c.upper());
            double e = 0;
            for (int i = 0; i < h.size(); i++) {
                e += group[i] == g ? point.expectedTransactions()[i] : 0;
            }
            assertEquals(e, b.estimate(), 1e-9 * e);
            assertTrue(b.lower() < b.estimate() && b.estimate() < b.upper(), b.toString());
            sumLower += b.lower();
        }
        // one group is the total of score(): the same rows added in the same order, the same bits
        ScoreIntervals all = pi.score(h, 0.9);
        PredictionIntervals.GroupTotals one = pi.intervalsOfTotals(new int[h.size()], 1, h, 0.9);
        assertEquals(all.totalExpectedTransactions(), one.expectedTransactions().get(0));
        // the groups' lower ends add up to less than the total's: they are not reached by the same draws
        assertTrue(sumLower < all.totalExpectedTransactions().lower() + 1e-9, sumLower + " " + all.totalExpectedTransactions());
        assertThrows(IllegalArgumentException.class, () -> pi.intervalsOfTotals(new int[] {0, 3}, 3,
                Histories.of(new double[] {0, 1}, new double[] {0, 2}, new double[] {9, 9}), 0.9));
        assertThrows(IllegalArgumentException.class, () -> pi.intervalsOfTotals(new int[3], 1, h, 0.9));
    }

    @Test
    void identicalCustomersGetTheIntervalsOfTheirDistinctHistory() {
        double[] x = {0, 2, 0, 2, 5};
        double[] tx = {0, 30, 0, 30, 35};
        double[] t = {39, 39, 39, 39, 39};
        Histories h = Histories.of(x, tx, t);
        ParameterDraws d = ParameterDraws.asymptotic(CDNOW.parameterArray(), diag(0.01), 50,
                RandomSource.XO_RO_SHI_RO_128_PP.create(9L));
        ScoreIntervals a = PredictionIntervals.of(CDNOW, d, ScoringSettings.of(39)).score(h, 0.8);
        ScoreIntervals one = PredictionIntervals.of(CDNOW, d, ScoringSettings.of(39))
                .score(Histories.of(new double[] {5}, new double[] {35}, new double[] {39}), 0.8);
        assertEquals(a.lower(ScoreColumn.P_ALIVE)[0], a.lower(ScoreColumn.P_ALIVE)[2], 0.0);
        assertEquals(a.upper(ScoreColumn.EXPECTED_TRANSACTIONS)[1], a.upper(ScoreColumn.EXPECTED_TRANSACTIONS)[3], 0.0);
        assertEquals(one.upper(ScoreColumn.EXPECTED_TRANSACTIONS)[0], a.upper(ScoreColumn.EXPECTED_TRANSACTIONS)[4], 0.0);
    }

    @Test
    void everyPlainModelHasIntervals() {
        Histories h = sample(RandomSource.XO_RO_SHI_RO_128_PP.create(12L), 500);
        Histories opportunities = Histories.of(new double[] {0, 2, 5, 6}, new double[] {0, 3, 6, 6},
                new double[] {6, 6, 6, 6});
        List<TransactionModel> models = List.of(BgNbd.of(0.243, 4.414, 0.793, 2.426),
                MbgNbd.of(0.525, 6.183, 0.891, 1.614), BgBb.of(1.204, 0.750, 0.657, 2.783));
        for (TransactionModel m : models) {
            Histories data = m instanceof BgBb ? opportunities : h;
            // DERT only for BG/BB: the BG/NBD family integrates it numerically, ~1 ms a customer at every draw
            ScoringSettings s = m instanceof BgBb ? ScoringSettings.of(5).withDiscountRate(0.01) : ScoringSettings.of(39);
            ParameterDraws d = ParameterDraws.asymptotic(m.parameterArray(), diag(0.02), 60,
                    RandomSource.XO_RO_SHI_RO_128_PP.create(2L));
            ScoreIntervals a = PredictionIntervals.of(m, d, s).score(data, 0.9);
            ScoreIntervals b = PredictionIntervals.of(m, d, s.withExecutor(Runnable::run)).score(data, 0.9);
            assertEquals(m instanceof BgBb ? List.of(ScoreColumn.P_ALIVE, ScoreColumn.EXPECTED_TRANSACTIONS, ScoreColumn.DERT)
                    : List.of(ScoreColumn.P_ALIVE, ScoreColumn.EXPECTED_TRANSACTIONS), a.columns());
            for (ScoreColumn c : a.columns()) {
                assertArrayEquals(a.lower(c), b.lower(c), 0.0);
                assertArrayEquals(a.upper(c), b.upper(c), 0.0);
                for (int i = 0; i < data.size(); i++) {
                    assertTrue(a.lower(c)[i] <= a.upper(c)[i] && Double.isFinite(a.upper(c)[i]), m + " " + c);
                }
            }
            double[] et = a.point().expectedTransactions();
            int i = data.size() - 1;
            assertTrue(a.upper(ScoreColumn.EXPECTED_TRANSACTIONS)[i] > a.lower(ScoreColumn.EXPECTED_TRANSACTIONS)[i]
                    && a.lower(ScoreColumn.EXPECTED_TRANSACTIONS)[i] <= et[i] && et[i] <= a.upper(
                    ScoreColumn.EXPECTED_TRANSACTIONS)[i], m.toString());
        }
    }

    private static double[][] diag(double v) {
        double[][] c = new double[4][4];
        for (int i = 0; i < 4; i++) {
            c[i][i] = v;
        }
        return c;
    }

    @Test
    void quantilesInterpolateBetweenOrderStatistics() {
        double[] v = {5, 1, 4, 2, 3};
        assertEquals(1.0, PredictionIntervals.quantile(v.clone(), 0, 5, 0));
        assertEquals(5.0, PredictionIntervals.quantile(v.clone(), 0, 5, 1));
        assertEquals(3.0, PredictionIntervals.quantile(v.clone(), 0, 5, 0.5));
        assertEquals(1.4, PredictionIntervals.quantile(v.clone(), 0, 5, 0.1), 1e-15);
        double[] w = {9, 9, 5, 1, 4, 2, 3};
        assertEquals(4.6, PredictionIntervals.quantile(w, 2, 5, 0.9), 1e-15);
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(77L);
        double[] pair = new double[2];
        for (int n : new int[] {1, 2, 3, 10, 200, 201}) {
            for (int rep = 0; rep < 50; rep++) {
                double[] a = new double[n + 3];
                for (int i = 0; i < a.length; i++) {
                    a[i] = rng.nextInt(5) == 0 ? 1.0 : rng.nextDouble(); // ties too
                }
                for (double[] p : new double[][] {{0.05, 0.95}, {0.1, 0.9}, {0.25, 0.75}, {0.5, 0.5}}) {
                    double lo = PredictionIntervals.quantile(a.clone(), 3, n, p[0]);
                    double hi = PredictionIntervals.quantile(a.clone(), 3, n, p[1]);
                    PredictionIntervals.quantiles(a.clone(), 3, n, p[0], p[1], pair);
                    assertEquals(lo, pair[0], 0.0, n + " " + p[0]);
                    assertEquals(hi, pair[1], 0.0, n + " " + p[1]);
                }
            }
        }
    }

    @Test
    void theTrackingBandSurroundsTheEstimateAndGrows() {
        Histories h = sample(RandomSource.XO_RO_SHI_RO_128_PP.create(4L), 2000);
        FitResult<ParetoNbd> f = fit(h);
        double[] birth = new double[2000];
        for (int i = 0; i < birth.length; i++) {
            birth[i] = (i % 12) + 0.5;
        }
        PredictionIntervals.CurveBand b = PredictionIntervals.of(f.model(),
                ParameterDraws.asymptotic(f, 100, RandomSource.XO_RO_SHI_RO_128_PP.create(1L)), ScoringSettings.of(39))
                .tracking(birth, 0, 78, 0.9);
        assertEquals(78, b.time().length);
        for (int j = 1; j < 78; j++) {
            assertTrue(b.lower()[j] <= b.estimate()[j] && b.estimate()[j] <= b.upper()[j], "period " + j);
            assertTrue(b.upper()[j] - b.lower()[j] >= b.upper()[j - 1] - b.lower()[j - 1] - 1e-9, "period " + j);
        }
    }

    /**
     * 90 % intervals, 200 data sets of 2,000 customers simulated from known Pareto/NBD parameters:
     * the Wald intervals of the parameters and the draw intervals of P(alive) and the conditional
     * expectation of fixed histories (at the true parameters) must cover the truth 85-95 % of the time.
     */
    @Test
    void ninetyPercentIntervalsCoverTheTruthNinetyPercentOfTheTime() {
        int reps = 200;
        int n = 2000;
        Histories fixed = Histories.of(column(0), column(1), column(2));
        Scores truth = Scoring.of(CDNOW, 39).score(fixed);
        int k = HISTORIES.length;
        int[][] hits = new int[reps][4 + 2 * k];
        IntStream.range(0, reps).parallel().forEach(rep -> {
            UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(1000L + rep);
            // one start (at the truth) instead of the default multistart: the same optimum, a quarter of the time
            FitResult<ParetoNbd> f = ModelFitter.of(ModelFitter.Settings.defaults()
                    .withStarts(new double[][] {CDNOW.parameterArray()})).fitOrThrow(ParetoNbdLikelihood.of(), sample(rng, n));
            double[][] ci = f.confidenceIntervals(0.9);
            double[] p = CDNOW.parameterArray();
            for (int i = 0; i < 4; i++) {
                hits[rep][i] = ci[i][0] <= p[i] && p[i] <= ci[i][1] ? 1 : 0;
            }
            ScoreIntervals s = PredictionIntervals.of(f.model(), ParameterDraws.asymptotic(f, 200, rng),
                    ScoringSettings.of(39).withExecutor(Runnable::run)).score(fixed, 0.9);
            for (int c = 0; c < k; c++) {
                double pa = truth.pAlive()[c];
                double et = truth.expectedTransactions()[c];
                hits[rep][4 + c] = s.lower(ScoreColumn.P_ALIVE)[c] <= pa && pa <= s.upper(ScoreColumn.P_ALIVE)[c] ? 1 : 0;
                hits[rep][4 + k + c] = s.lower(ScoreColumn.EXPECTED_TRANSACTIONS)[c] <= et
                        && et <= s.upper(ScoreColumn.EXPECTED_TRANSACTIONS)[c] ? 1 : 0;
            }
        });
        StringBuilder rates = new StringBuilder();
        for (int j = 0; j < 4 + 2 * k; j++) {
            int sum = 0;
            for (int[] r : hits) {
                sum += r[j];
            }
            double rate = sum / (double) reps;
            rates.append(String.format(java.util.Locale.ROOT, "%s%.3f", j == 0 ? "" : " ", rate));
            assertTrue(rate >= 0.85 && rate <= 0.95, "coverage of quantity " + j + " is " + rate);
        }
        assertTrue(rates.length() > 0, rates.toString());
        System.out.println("coverage (r alpha s beta | p_alive x7 | expected x7): " + rates);
    }

    private static double[] column(int j) {
        double[] v = new double[HISTORIES.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = HISTORIES[i][j];
        }
        return v;
    }

    @Test
    void predictiveProbabilitiesSumToOneAndHaveTheModelsMean() {
        List<TransactionModel> models = List.of(CDNOW, BgNbd.of(0.243, 4.414, 0.793, 2.426),
                MbgNbd.of(0.525, 6.183, 0.891, 1.614));
        for (TransactionModel m : models) {
            PredictiveDistribution d = PredictiveDistribution.of(m, 39);
            for (double[] hh : HISTORIES) {
                double[] p = d.probabilities(hh[0], hh[1], hh[2], 400);
                double mass = 0;
                double mean = 0;
                for (int k = 0; k < p.length; k++) {
                    mass += p[k];
                    mean += k * p[k];
                }
                double e = m.expectedTransactions(hh[0], hh[1], hh[2], 39);
                assertEquals(1, mass, 1e-10, m + " " + java.util.Arrays.toString(hh));
                assertEquals(e, mean, 1e-9 * Math.max(1, e), m + " " + java.util.Arrays.toString(hh));
            }
        }
        BgBb bgbb = BgBb.of(1.204, 0.750, 0.657, 2.783);
        PredictiveDistribution d = PredictiveDistribution.of(bgbb, 5);
        for (double[] hh : new double[][] {{0, 0, 6}, {3, 4, 6}, {6, 6, 6}, {1, 1, 6}}) {
            double[] p = d.probabilities(hh[0], hh[1], hh[2], 10);
            double mass = 0;
            double mean = 0;
            for (int k = 0; k < p.length; k++) {
                mass += p[k];
                mean += k * p[k];
            }
            assertEquals(1, mass, 1e-12);
            assertEquals(bgbb.expectedTransactions(hh[0], hh[1], hh[2], 5), mean, 1e-12);
        }
        assertThrows(IllegalArgumentException.class, () -> PredictiveDistribution.of(bgbb, 2.5));
    }

    /**
     * A window far longer than the posterior scales (alpha + T, beta + T): the death-time density
     * falls by orders of magnitude within it, where one 48-point rule over the window left the mean
     * 3e-4 off; the pieces keep it to 1e-9.
     */
    @Test
    void predictiveMeanHoldsWhenTheWindowDwarfsTheScales() {
        ParetoNbd m = ParetoNbd.of(0.5, 0.2, 0.6, 0.1);
        PredictiveDistribution d = PredictiveDistribution.of(m, 52);
        for (double[] hh : new double[][] {{0, 0, 0.05}, {2, 0.5, 1}, {0, 0, 0}}) {
            double[] p = d.probabilities(hh[0], hh[1], hh[2], 20_000);
            double mass = 0;
            double mean = 0;
            for (int k = 0; k < p.length; k++) {
                mass += p[k];
                mean += k * p[k];
            }
            double e = m.expectedTransactions(hh[0], hh[1], hh[2], 52);
            assertEquals(1, mass, 1e-9, java.util.Arrays.toString(hh));
            assertEquals(e, mean, 1e-9 * e, java.util.Arrays.toString(hh));
        }
    }

    @Test
    void predictiveIntervalsHoldTheirLevel() {
        PredictiveDistribution d = PredictiveDistribution.of(CDNOW, 39);
        int[] q = d.interval(10, 38, 39, 0.9);
        double[] p = d.probabilities(10, 38, 39, q[1]);
        double below = 0;
        for (int k = 0; k < q[0]; k++) {
            below += p[k];
        }
        double upTo = below;
        for (int k = q[0]; k <= q[1]; k++) {
            upTo += p[k];
        }
        assertTrue(below <= 0.05 && upTo >= 0.95, below + " " + upTo);
        assertTrue(below + p[q[0]] >= 0.05 && upTo - p[q[1]] < 0.95, "the shortest such quantiles");
        Histories h = Histories.of(new double[] {0, 10, 0}, new double[] {0, 38, 0}, new double[] {39, 39, 39});
        double[][] iv = d.intervals(h, 0.9);
        assertEquals(q[0], iv[0][1]);
        assertEquals(q[1], iv[1][1]);
        assertEquals(iv[1][0], iv[1][2]);
    }

    /**
     * CDNOW: calibration 39 weeks, holdout 39 weeks. The predictive intervals of each customer's
     * holdout count must hold the realised counts at least at their level (they are discrete, so
     * they hold at least that much probability), and the realised rate must agree with the rate the
     * model itself expects, {@code mean over customers of P(lower <= X <= upper)}, within 5 points.
     */
    @Test
    void predictiveIntervalsCoverTheCdnowHoldoutCounts() throws IOException {
        CdnowHoldout cbs = CdnowHoldout.read();
        int n = cbs.size();
        double[] x = cbs.x();
        double[] tx = cbs.tx();
        double[] t = cbs.t();
        double[] star = cbs.star();
        Histories h = cbs.histories();
        ParetoNbd m = fit(h).model();
        PredictiveDistribution d = PredictiveDistribution.of(m, 39);
        StringBuilder report = new StringBuilder();
        double[] levels = {0.5, 0.8, 0.9};
        double[] rates = new double[3];
        double[] modelRates = new double[3];
        int j = 0;
        for (double level : levels) {
            double[][] iv = d.intervals(h, level);
            int covered = 0;
            double expected = 0;
            for (int i = 0; i < n; i++) {
                if (iv[0][i] <= star[i] && star[i] <= iv[1][i]) {
                    covered++;
                }
                double[] pr = d.probabilities(x[i], tx[i], t[i], (int) iv[1][i]);
                for (int k = (int) iv[0][i]; k <= iv[1][i]; k++) {
                    expected += pr[k] / n;
                }
            }
            double rate = covered / (double) n;
            report.append(String.format(java.util.Locale.ROOT, " %.0f%%: realised %.3f, model %.3f;", level * 100, rate,
                    expected));
            rates[j] = rate;
            modelRates[j++] = expected;
        }
        for (int k = 0; k < 3; k++) {
            // discrete intervals hold at least their level; the realised rate stays within 5 points of
            // the model's own (at 50 % most intervals are [0, 0], whose mass the model puts at 0.87)
            assertTrue(modelRates[k] >= levels[k] - 1e-9 && rates[k] >= levels[k], report.toString());
            assertEquals(modelRates[k], rates[k], 0.05, report.toString());
        }
        System.out.println("CDNOW holdout coverage of predictive intervals:" + report);
    }

    @Test
    void aModelFileWithoutCovarianceIsAClearErrorAndAnOldFittedFileDraws() throws IOException {
        FittedModel hand = ModelFiles.parse("{\"model\": \"pareto-nbd\", \"parameters\": {\"r\": 0.55, "
                + "\"alpha\": 10.6, \"s\": 0.61, \"beta\": 11.7}}", "hand.json");
        ChurnkitException e = assertThrows(ChurnkitException.class, () -> PredictionIntervals.logCovariance(hand));
        assertTrue(e.getMessage().contains("refit"), e.getMessage());
        String json;
        try (InputStream in = getClass().getResourceAsStream("pareto-nbd-format1.json")) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        FittedModel old = ModelFiles.parse(json, "pareto-nbd-format1.json");
        double[][] cov = PredictionIntervals.logCovariance(old);
        double[] se = old.fit().orElseThrow().standardErrors();
        double[] theta = old.parameterArray();
        for (int i = 0; i < 4; i++) {
            assertEquals(se[i] / theta[i], Math.sqrt(cov[i][i]), 1e-12 * se[i] / theta[i]);
        }
        // a fresh fit's file records the log covariance and the method, and gives back the fit's covariance
        FitResult<ParetoNbd> f = fit(sample(RandomSource.XO_RO_SHI_RO_128_PP.create(8L), 2000));
        String written = ModelFiles.toJson(f.model());
        assertTrue(written.contains("\"interval_method\"") && written.contains("\"log_covariance\""), written);
        double[][] back = PredictionIntervals.logCovariance(ModelFiles.parse(written, "fit.json"));
        double[][] exact = f.logCovariance();
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                assertEquals(exact[i][j], back[i][j], 1e-14 * Math.sqrt(exact[i][i] * exact[j][j]));
            }
        }
    }
}
