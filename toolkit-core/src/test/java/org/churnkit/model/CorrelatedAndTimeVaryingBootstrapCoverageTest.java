package org.churnkit.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 16's coverage requirement for the bootstrap of the correlated (Sarmanov) Pareto/NBD model
 * and of the Pareto/NBD model with time-varying covariates: on data simulated from known
 * parameters, the 90 % percentile-bootstrap intervals of every parameter and of the conditional
 * expectations (P(alive) and expected transactions of fixed customers, computed at the true
 * parameters) cover the truth in 85-95 % of 200 repetitions. Each repetition is a full fit and
 * its refits (12,000 refits per model), so these are tagged large; {@link #rates} runs any size.
 */
@Tag("large")
class CorrelatedAndTimeVaryingBootstrapCoverageTest {
    /** Fixed correlated-model customers (x, t_x, T) whose conditional expectations are covered. */
    private static final double[][] FIXED = {{0, 0, 4}, {1, 1.2, 4}, {3, 3.5, 4}, {8, 3.9, 4}};

    @Test
    void correlatedBootstrapIntervalsCoverTheTruthNinetyPercentOfTheTime() {
        check("correlated", rates(true, 200, 1500, 60));
    }

    @Test
    void timeVaryingBootstrapIntervalsCoverTheTruthNinetyPercentOfTheTime() {
        check("time-varying", rates(false, 200, 1500, 60));
    }

    private static void check(String what, double[] rates) {
        for (int j = 0; j < rates.length; j++) {
            assertTrue(rates[j] >= 0.85 && rates[j] <= 0.95, what + " bootstrap coverage of quantity " + j + " is "
                    + rates[j] + "; all: " + Arrays.toString(rates));
        }
    }

    /**
     * Coverage per quantity of {@code reps} data sets of {@code n} customers, each with
     * {@code refits} bootstrap refits (seeds 7000 + rep): the parameters first (r, alpha, s,
     * beta, then omega or the coefficients), then P(alive) and the expected transactions of each
     * fixed customer. Data sets whose fit fails count as misses of every quantity.
     */
    static double[] rates(boolean correlated, int reps, int n, int refits) {
        long t0 = System.nanoTime();
        int[][] hits;
        if (correlated) {
            double omega = CorrelatedAndTimeVaryingBootstrapTest.trueOmega();
            StaticCovariateModel truth = StaticCovariateModel.of(ParetoNbd.of(1.5, 1.5, 1.0, 2.0), List.of(),
                    new double[0], List.of(), new double[0], Map.of()).withCorrelation(omega);
            Histories fixed = Histories.of(Arrays.stream(FIXED).mapToDouble(f -> f[0]).toArray(),
                    Arrays.stream(FIXED).mapToDouble(f -> f[1]).toArray(), Arrays.stream(FIXED).mapToDouble(f -> f[2])
                            .toArray());
            Covariates none = Covariates.none(fixed.size());
            ScoringSettings s = ScoringSettings.of(4).withExecutor(Runnable::run);
            Scores want = truth.score(fixed, none, s);
            double[] params = {1.5, 1.5, 1.0, 2.0, omega};
            hits = new int[reps][];
            IntStream.range(0, reps).parallel().forEach(rep -> {
                Histories h = CorrelatedAndTimeVaryingBootstrapTest.correlated(n, 7000L + rep);
                int[] hit = new int[params.length + 2 * fixed.size()];
                hits[rep] = hit;
                StaticCovariateModel m;
                List<StaticCovariateModel> draws;
                try {
                    m = StaticCovariateFitter.of().fitCorrelated(h).fit().model();
                    draws = CovariatePredictionIntervals.bootstrapDraws(m, h, Covariates.none(h.size()), refits, rep)
                            .draws();
                } catch (RuntimeException e) {
                    return;
                }
                double[][] v = new double[params.length][draws.size()];
                for (int k = 0; k < draws.size(); k++) {
                    double[] t = draws.get(k).plainModel().parameterArray();
                    for (int j = 0; j < 4; j++) {
                        v[j][k] = t[j];
                    }
                    v[4][k] = draws.get(k).omega();
                }
                covered(v, params, hit);
                ScoreIntervals si = CovariatePredictionIntervals.of(m, draws, ParameterDraws.Method.BOOTSTRAP, s)
                        .score(fixed, none, 0.9);
                expectations(si, want, params.length, hit);
            });
        } else {
            List<String> names = TimeVaryingCovariateRecoveryTest.NAMES;
            double[] gp = {0.6, 0.4, -0.3};
            double[] gd = {0.8, -0.6, 0.4};
            TimeVaryingCovariateModel truth = TimeVaryingCovariateModel.of(ParetoNbd.of(0.8, 6, 0.7, 10), names, gp,
                    names, gd, Map.of(), org.churnkit.data.TimeUnit.WEEKS, 1);
            TimeVaryingCovariates fixed = TimeVaryingCovariateRecoveryTest.simulate(truth, 4, 999, 13);
            ScoringSettings s = ScoringSettings.of(13).withExecutor(Runnable::run);
            Scores want = truth.score(fixed, s, null);
            double[] params = {0.8, 6, 0.7, 10, gp[0], gp[1], gp[2], gd[0], gd[1], gd[2]};
            hits = new int[reps][];
            IntStream.range(0, reps).parallel().forEach(rep -> {
                TimeVaryingCovariates d = TimeVaryingCovariateRecoveryTest.simulate(truth, n, 7000L + rep, 0);
                int[] hit = new int[params.length + 2 * fixed.size()];
                hits[rep] = hit;
                TimeVaryingCovariateModel m;
                List<TimeVaryingCovariateModel> draws;
                try {
                    m = TimeVaryingCovariateFitter.of().fit(d, StaticCovariateFitter.Options.of(names, names)).model();
                    draws = TimeVaryingPredictionIntervals.bootstrapDraws(m, d, refits, rep).draws();
                } catch (RuntimeException e) {
                    return;
                }
                double[][] v = new double[params.length][draws.size()];
                for (int k = 0; k < draws.size(); k++) {
                    TimeVaryingCovariateModel x = draws.get(k);
                    double[] t = x.plainModel().parameterArray();
                    for (int j = 0; j < 4; j++) {
                        v[j][k] = t[j];
                    }
                    for (int j = 0; j < 3; j++) {
                        v[4 + j][k] = x.purchaseCoefficients()[j];
                        v[7 + j][k] = x.dropoutCoefficients()[j];
                    }
                }
                covered(v, params, hit);
                ScoreIntervals si = TimeVaryingPredictionIntervals.of(m, draws, ParameterDraws.Method.BOOTSTRAP, s)
                        .score(fixed, null, 0.9);
                expectations(si, want, params.length, hit);
            });
        }
        int q = hits[0].length;
        double[] rates = new double[q];
        for (int[] h : hits) {
            for (int j = 0; j < q; j++) {
                rates[j] += h[j] / (double) reps;
            }
        }
        System.out.printf(Locale.ROOT, "%s bootstrap coverage, %d reps of %d customers, %d refits, %.0f s "
                + "(parameters | p_alive | expected): %s%n", correlated ? "correlated" : "time-varying", reps, n, refits,
                (System.nanoTime() - t0) / 1e9, Arrays.toString(rates));
        return rates;
    }

    /** Whether each parameter's 90 % percentile interval over the draws covers its true value. */
    private static void covered(double[][] v, double[] truth, int[] hit) {
        double[] pair = new double[2];
        double[] scratch = new double[PredictionIntervals.SCRATCH];
        for (int j = 0; j < truth.length; j++) {
            PredictionIntervals.quantiles(v[j].clone(), 0, v[j].length, (1 - 0.9) / 2, (1 + 0.9) / 2, pair, scratch);
            hit[j] = pair[0] <= truth[j] && truth[j] <= pair[1] ? 1 : 0;
        }
    }

    /** Whether the intervals of P(alive) and expected transactions cover those at the truth. */
    private static void expectations(ScoreIntervals si, Scores want, int at, int[] hit) {
        int k = want.size();
        for (int i = 0; i < k; i++) {
            double pa = want.pAlive()[i];
            double et = want.expectedTransactions()[i];
            hit[at + i] = si.lower(ScoreColumn.P_ALIVE)[i] <= pa && pa <= si.upper(ScoreColumn.P_ALIVE)[i] ? 1 : 0;
            hit[at + k + i] = si.lower(ScoreColumn.EXPECTED_TRANSACTIONS)[i] <= et
                    && et <= si.upper(ScoreColumn.EXPECTED_TRANSACTIONS)[i] ? 1 : 0;
        }
    }
}
