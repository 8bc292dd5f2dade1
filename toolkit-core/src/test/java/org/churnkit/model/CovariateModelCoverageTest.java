package org.churnkit.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.churnkit.data.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Coverage of the asymptotic intervals of the two Pareto/NBD extensions whose draws are not those
 * of the plain or static-covariate models (issue 16, "Must hold"): the correlated (Sarmanov) model,
 * whose draws also vary omega ({@link CovariatePredictionIntervals#asymptoticDraws} from the
 * covariance row {@code omega}, clipped to omega's admissible interval), and the model with
 * time-varying covariates ({@link TimeVaryingPredictionIntervals}).
 *
 * <p>Each repetition simulates a data set from known parameters with its own seed, fits it, draws
 * the fitted model's parameters from their asymptotic normal and takes the 90 % interval of every
 * parameter (the 5 % and 95 % quantiles of its draws: exactly what the draws put into every score
 * interval, omega's clipping included) and of P(alive) and the conditional expected transactions of
 * fixed reference customers. Each interval must contain the value at the true parameters in 85-95 %
 * of the repetitions. A fit that fails, or records no covariance, counts as a miss of every
 * quantity, so such failures cannot hide.
 *
 * <p>Sizes: small enough for the suite (200 repetitions, where the binomial spread of a rate at
 * 0.9 is 0.021), large enough for the asymptotic normal to hold for every quantity (omega is the
 * slowest); fits start at the truth (one start in place of the multistart: the same optimum, see
 * {@link #theOneStartFitsReachTheMultistartOptimum}, at a fraction of the time); the repetitions
 * run in parallel over the cores. Larger runs use the same code: the environment variables
 * {@code COVERAGE_REPS}, {@code COVERAGE_N} and {@code COVERAGE_DRAWS} replace the number of
 * repetitions, of customers per data set and of draws per fit, e.g. {@code COVERAGE_REPS=1000}
 * (spread 0.009).
 */
class CovariateModelCoverageTest {
    private static final double LEVEL = 0.9;

    /** Rates and the names of the quantities they are of; {@code failures} fits that gave no interval. */
    record Coverage(List<String> names, double[] rates, int reps, int failures, double seconds) {
        void check(String model) {
            StringBuilder all = new StringBuilder();
            for (int j = 0; j < rates.length; j++) {
                all.append(String.format(Locale.ROOT, "%s%s %.3f", j == 0 ? "" : ", ", names.get(j), rates[j]));
            }
            String report = model + ": coverage of the 90 % intervals over " + reps + " repetitions (" + failures
                    + " failed fits) in " + String.format(Locale.ROOT, "%.1f s", seconds) + ": " + all;
            System.out.println(report);
            for (int j = 0; j < rates.length; j++) {
                assertTrue(rates[j] >= 0.85 && rates[j] <= 0.95, names.get(j) + " covered at " + rates[j] + "; " + report);
            }
        }
    }

    private static Coverage coverage(List<String> names, int reps, java.util.function.IntFunction<int[]> rep) {
        long t0 = System.nanoTime();
        int[][] hits = new int[reps][];
        IntStream.range(0, reps).parallel().forEach(i -> hits[i] = rep.apply(i));
        int failures = 0;
        double[] rates = new double[names.size()];
        for (int[] h : hits) {
            if (h == null) {
                failures++;
                continue;
            }
            for (int j = 0; j < rates.length; j++) {
                rates[j] += h[j];
            }
        }
        for (int j = 0; j < rates.length; j++) {
            rates[j] /= reps;
        }
        return new Coverage(names, rates, reps, failures, (System.nanoTime() - t0) / 1e9);
    }

    private static int setting(String name, int otherwise) {
        String v = System.getenv(name);
        return v == null ? otherwise : Integer.parseInt(v);
    }

    private static int inside(double lo, double v, double hi) {
        return lo <= v && v <= hi ? 1 : 0;
    }

    /** The 90 % interval of the values: their 5 % and 95 % quantiles (type 7). */
    private static double[] interval(double[] v) {
        double[] out = new double[2];
        PredictionIntervals.quantiles(v.clone(), 0, v.length, (1 - LEVEL) / 2, (1 + LEVEL) / 2, out);
        return out;
    }

    // ---------------------------------------------------------------------------------------------
    // The correlated (Sarmanov) Pareto/NBD with a binary purchase and a binary dropout covariate

    /**
     * r = alpha = s = beta = 1 puts e^-lambda and e^-mu of the reference customer on (0, 1)
     * uniformly, where the Sarmanov term weighs most, so omega is identified at a few thousand
     * customers; omega = -1 (a correlation of -0.06) lies well inside the interval every covariate
     * group admits.
     */
    private static final double[] SARMANOV = {1, 1, 1, 1};
    private static final double GAMMA_P = 0.4;
    private static final double GAMMA_D = -0.4;
    private static final double OMEGA = -1;
    private static final double HORIZON = 4;
    /** Reference histories {x, t_x, T}, each scored with both covariates 0 and both 1. */
    private static final double[][] REFERENCE = {{0, 0, 6}, {2, 1, 6}, {6, 5.5, 6}};

    static StaticCovariateRecoveryTest.Simulated simulateCorrelated(int n, UniformRandomProvider rng) {
        double[][] z = new double[2][n];
        double[] ages = new double[n];
        for (int i = 0; i < n; i++) {
            z[0][i] = rng.nextInt(2);
            z[1][i] = rng.nextInt(2);
            ages[i] = 3 + rng.nextInt(6); // cohorts: customers without repeat purchases share rows
        }
        double[] x = new double[n];
        double[] tx = new double[n];
        // one Sarmanov simulation per covariate group: its customers share alpha_i and beta_i
        for (int g = 0; g < 4; g++) {
            int zp = g & 1;
            int zd = g >> 1;
            int[] rows = IntStream.range(0, n).filter(i -> z[0][i] == zp && z[1][i] == zd).toArray();
            double[] a = new double[rows.length];
            for (int k = 0; k < rows.length; k++) {
                a[k] = ages[rows[k]];
            }
            Histories h = SarmanovSimulator.simulate(SARMANOV[0], SARMANOV[1] * Math.exp(-GAMMA_P * zp), SARMANOV[2],
                    SARMANOV[3] * Math.exp(-GAMMA_D * zd), OMEGA, a, rng);
            for (int k = 0; k < rows.length; k++) {
                x[rows[k]] = h.frequency(k);
                tx[rows[k]] = h.recency(k);
            }
        }
        return new StaticCovariateRecoveryTest.Simulated(Histories.of(x, tx, ages), Covariates.of(List.of("p", "d"), z));
    }

    static Coverage correlatedCoverage(int reps, int n, int draws) {
        StaticCovariateModel truth = StaticCovariateModel.of(ParetoNbd.of(SARMANOV[0], SARMANOV[1], SARMANOV[2],
                SARMANOV[3]), List.of("p"), new double[] {GAMMA_P}, List.of("d"), new double[] {GAMMA_D}, Map.of())
                .withCorrelation(OMEGA);
        int k = REFERENCE.length;
        double[] x = new double[2 * k];
        double[] tx = new double[2 * k];
        double[] t = new double[2 * k];
        double[][] z = new double[2][2 * k];
        for (int i = 0; i < 2 * k; i++) {
            x[i] = REFERENCE[i % k][0];
            tx[i] = REFERENCE[i % k][1];
            t[i] = REFERENCE[i % k][2];
            z[0][i] = i / k;
            z[1][i] = i / k;
        }
        Histories fixed = Histories.of(x, tx, t);
        Covariates zf = Covariates.of(List.of("p", "d"), z);
        ScoringSettings settings = ScoringSettings.of(HORIZON).withExecutor(Runnable::run);
        Scores want = truth.score(fixed, zf, settings);
        double[] params = {SARMANOV[0], SARMANOV[1], SARMANOV[2], SARMANOV[3], GAMMA_P, GAMMA_D, OMEGA};
        List<String> names = new ArrayList<>(List.of("r", "alpha", "s", "beta", "purchase:p", "dropout:d", "omega"));
        for (String col : List.of("p_alive", "expected")) {
            for (int i = 0; i < 2 * k; i++) {
                names.add(col + "(" + (int) x[i] + "," + tx[i] + "," + t[i] + "; z=" + i / k + ")");
            }
        }
        double[] start = {Math.log(SARMANOV[0]), Math.log(SARMANOV[1]), Math.log(SARMANOV[2]), Math.log(SARMANOV[3]),
                GAMMA_P, GAMMA_D};
        StaticCovariateFitter.Options options = StaticCovariateFitter.Options.of(List.of("p"), List.of("d"));
        return coverage(names, reps, rep -> {
            UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(7000L + rep);
            StaticCovariateRecoveryTest.Simulated sim = simulateCorrelated(n, rng);
            List<StaticCovariateModel> d;
            StaticCovariateModel m;
            try {
                // fitCorrelated's correlated step from the truth in place of the independent fit's optimum
                m = StaticCovariateFitter.of().run(ModelKind.PARETO_NBD, sim.histories(), sim.covariates(), options,
                        true, start).fit().model();
                d = CovariatePredictionIntervals.asymptoticDraws(m, draws, rng);
            } catch (org.churnkit.ChurnkitException e) {
                return null;
            }
            int[] hit = new int[names.size()];
            double[][] v = new double[7][draws];
            for (int j = 0; j < draws; j++) {
                StaticCovariateModel dj = d.get(j);
                double[] theta = dj.plainModel().parameterArray();
                for (int p = 0; p < 4; p++) {
                    v[p][j] = theta[p];
                }
                v[4][j] = dj.purchaseCoefficients()[0];
                v[5][j] = dj.dropoutCoefficients()[0];
                v[6][j] = dj.omega();
            }
            for (int p = 0; p < 7; p++) {
                double[] ci = interval(v[p]);
                hit[p] = inside(ci[0], params[p], ci[1]);
            }
            ScoreIntervals si = CovariatePredictionIntervals.of(m, d, ParameterDraws.Method.ASYMPTOTIC, settings)
                    .score(fixed, zf, LEVEL);
            for (int i = 0; i < 2 * k; i++) {
                hit[7 + i] = inside(si.lower(ScoreColumn.P_ALIVE)[i], want.pAlive()[i], si.upper(ScoreColumn.P_ALIVE)[i]);
                hit[7 + 2 * k + i] = inside(si.lower(ScoreColumn.EXPECTED_TRANSACTIONS)[i], want.expectedTransactions()[i],
                        si.upper(ScoreColumn.EXPECTED_TRANSACTIONS)[i]);
            }
            return hit;
        });
    }

    @Test
    void correlatedModelIntervalsCoverTheTruth() {
        correlatedCoverage(setting("COVERAGE_REPS", 200), setting("COVERAGE_N", 2000),
                setting("COVERAGE_DRAWS", 200)).check("correlated Pareto/NBD");
    }

    // ---------------------------------------------------------------------------------------------
    // The Pareto/NBD with time-varying covariates

    private static final List<String> TV_NAMES = List.of("season", "campaign", "gender");
    private static final double[] TV_BASE = {0.8, 6, 0.7, 10};
    /** Coefficients on season, campaign, gender; campaign only on purchase, gender only on dropout. */
    private static final double[] TV_GP = {0.6, 0.4};
    private static final double[] TV_GD = {0.8, 0.4};
    private static final List<String> TV_P = List.of("season", "campaign");
    private static final List<String> TV_D = List.of("season", "gender");
    private static final double TV_PERIOD = 4;
    private static final double TV_HORIZON = 12;

    /**
     * Four-week periods (13 to a year, so a path has at most 17 periods, and each costs a
     * quadrature): customers join over the first half of a year observed to its end; a season of
     * three periods raises purchases and dropout, a per-customer campaign flag switches on and off
     * between periods, a time-invariant indicator raises dropout.
     */
    static TimeVaryingCovariates simulateTimeVarying(TimeVaryingCovariateModel truth, int n, UniformRandomProvider rng) {
        double[] offsets = new double[n];
        double[] ages = new double[n];
        double[][] z = new double[n][];
        for (int i = 0; i < n; i++) {
            int joinDay = rng.nextInt(26 * 7);
            int period = joinDay / 28;
            offsets[i] = (joinDay % 28) / 7.0;
            ages[i] = (52 * 7 - joinDay) / 7.0;
            int periods = 13 - period + (int) Math.ceil(TV_HORIZON / TV_PERIOD) + 1;
            z[i] = new double[periods * 3];
            boolean on = rng.nextDouble() < 0.3;
            double gender = rng.nextInt(2);
            for (int k = 0; k < periods; k++) {
                int cal = (period + k) % 13;
                z[i][3 * k] = cal >= 5 && cal < 8 ? 1 : 0;
                if (rng.nextDouble() < 0.3) {
                    on = !on;
                }
                z[i][3 * k + 1] = on ? 1 : 0;
                z[i][3 * k + 2] = gender;
            }
        }
        return ParetoNbdSimulator.simulateTimeVarying(truth, TV_NAMES, offsets, ages, z, TV_HORIZON, rng);
    }

    static Coverage timeVaryingCoverage(int reps, int n, int draws) {
        TimeVaryingCovariateModel truth = TimeVaryingCovariateModel.of(ParetoNbd.of(TV_BASE[0], TV_BASE[1], TV_BASE[2],
                TV_BASE[3]), TV_P, TV_GP, TV_D, TV_GD, Map.of(), TimeUnit.WEEKS, TV_PERIOD);
        // reference customers: the first of a fixed simulated set with each kind of history
        TimeVaryingCovariates pool = simulateTimeVarying(truth, 400, RandomSource.XO_RO_SHI_RO_128_PP.create(99L));
        Histories ph = pool.histories();
        List<java.util.function.IntPredicate> kinds = List.of(
                i -> ph.frequency(i) == 0,
                i -> ph.frequency(i) == 1 && ph.recency(i) < 0.5 * ph.age(i),
                i -> ph.frequency(i) >= 2 && ph.recency(i) > 0.9 * ph.age(i),
                i -> ph.frequency(i) >= 3 && ph.recency(i) < 0.4 * ph.age(i),
                i -> ph.frequency(i) >= 6 && ph.recency(i) > 0.8 * ph.age(i));
        int[] rows = new int[kinds.size()];
        for (int c = 0; c < rows.length; c++) {
            java.util.function.IntPredicate kind = kinds.get(c);
            int[] taken = java.util.Arrays.copyOf(rows, c);
            rows[c] = IntStream.range(0, ph.size()).filter(kind)
                    .filter(i -> IntStream.of(taken).noneMatch(j -> j == i)).findFirst().orElseThrow();
        }
        TimeVaryingCovariates fixed = pool.select(rows, null);
        ScoringSettings settings = ScoringSettings.of(TV_HORIZON).withExecutor(Runnable::run);
        double[] wantAlive = truth.pAlive(fixed);
        double[] wantExpected = truth.expectedTransactions(fixed, TV_HORIZON);
        int k = rows.length;
        double[] params = {TV_BASE[0], TV_BASE[1], TV_BASE[2], TV_BASE[3], TV_GP[0], TV_GP[1], TV_GD[0], TV_GD[1]};
        List<String> names = new ArrayList<>(List.of("r", "alpha", "s", "beta", "purchase:season", "purchase:campaign",
                "dropout:season", "dropout:gender"));
        for (String col : List.of("p_alive", "expected")) {
            for (int i = 0; i < k; i++) {
                Histories fh = fixed.histories();
                names.add(String.format(Locale.ROOT, "%s(%d,%.1f,%.1f)", col, (int) fh.frequency(i), fh.recency(i),
                        fh.age(i)));
            }
        }
        StaticCovariateFitter.Options options = StaticCovariateFitter.Options.of(TV_P, TV_D);
        double[] start = {Math.log(TV_BASE[0]), Math.log(TV_BASE[1]), Math.log(TV_BASE[2]), Math.log(TV_BASE[3]),
                TV_GP[0], TV_GP[1], TV_GD[0], TV_GD[1]};
        return coverage(names, reps, rep -> {
            UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(9000L + rep);
            TimeVaryingCovariates data = simulateTimeVarying(truth, n, rng);
            TimeVaryingCovariateModel m;
            List<TimeVaryingCovariateModel> d;
            try {
                m = TimeVaryingCovariateFitter.of().fitFrom(data, options, start).model();
                d = TimeVaryingPredictionIntervals.asymptoticDraws(m, draws, 1000L + rep);
            } catch (org.churnkit.ChurnkitException e) {
                return null;
            }
            int[] hit = new int[names.size()];
            double[][] v = new double[8][draws];
            for (int j = 0; j < draws; j++) {
                TimeVaryingCovariateModel dj = d.get(j);
                double[] theta = dj.plainModel().parameterArray();
                for (int p = 0; p < 4; p++) {
                    v[p][j] = theta[p];
                }
                v[4][j] = dj.purchaseCoefficients()[0];
                v[5][j] = dj.purchaseCoefficients()[1];
                v[6][j] = dj.dropoutCoefficients()[0];
                v[7][j] = dj.dropoutCoefficients()[1];
            }
            for (int p = 0; p < 8; p++) {
                double[] ci = interval(v[p]);
                hit[p] = inside(ci[0], params[p], ci[1]);
            }
            ScoreIntervals si = TimeVaryingPredictionIntervals.of(m, d, settings).score(fixed, null, LEVEL);
            for (int i = 0; i < k; i++) {
                hit[8 + i] = inside(si.lower(ScoreColumn.P_ALIVE)[i], wantAlive[i], si.upper(ScoreColumn.P_ALIVE)[i]);
                hit[8 + k + i] = inside(si.lower(ScoreColumn.EXPECTED_TRANSACTIONS)[i], wantExpected[i],
                        si.upper(ScoreColumn.EXPECTED_TRANSACTIONS)[i]);
            }
            return hit;
        });
    }

    @Test
    void timeVaryingModelIntervalsCoverTheTruth() {
        timeVaryingCoverage(setting("COVERAGE_REPS", 200), setting("COVERAGE_N", 2000),
                setting("COVERAGE_DRAWS", 200)).check("time-varying Pareto/NBD");
    }

    /**
     * The coverage checks fit from the truth alone; the public fits start from data-based points
     * (and, for the correlated model, from the independent model's optimum). On one data set of
     * each model both reach the same optimum: the same log-likelihood and parameters to the
     * optimiser's tolerance.
     */
    @Test
    void theOneStartFitsReachTheMultistartOptimum() {
        StaticCovariateRecoveryTest.Simulated sim = simulateCorrelated(2000, RandomSource.XO_RO_SHI_RO_128_PP.create(3L));
        StaticCovariateFitter.Options options = StaticCovariateFitter.Options.of(List.of("p"), List.of("d"));
        StaticCovariateFit full = StaticCovariateFitter.of().fitCorrelated(sim.histories(), sim.covariates(), options)
                .fit();
        StaticCovariateFit one = StaticCovariateFitter.of().run(ModelKind.PARETO_NBD, sim.histories(), sim.covariates(),
                options, true, new double[] {Math.log(SARMANOV[0]), Math.log(SARMANOV[1]), Math.log(SARMANOV[2]),
                        Math.log(SARMANOV[3]), GAMMA_P, GAMMA_D}).fit();
        assertEquals(full.logLikelihood(), one.logLikelihood(), 1e-6 * Math.abs(full.logLikelihood()));
        for (StaticCovariateFit.Estimate e : full.estimates()) {
            StaticCovariateFit.Estimate o = one.estimate(e.name());
            assertEquals(e.estimate(), o.estimate(), 0.02 * e.standardError(), e.name());
            assertEquals(e.standardError(), o.standardError(), 0.02 * e.standardError(), e.name());
        }

        TimeVaryingCovariateModel truth = TimeVaryingCovariateModel.of(ParetoNbd.of(TV_BASE[0], TV_BASE[1], TV_BASE[2],
                TV_BASE[3]), TV_P, TV_GP, TV_D, TV_GD, Map.of(), TimeUnit.WEEKS, TV_PERIOD);
        TimeVaryingCovariates d = simulateTimeVarying(truth, 1500, RandomSource.XO_RO_SHI_RO_128_PP.create(4L));
        StaticCovariateFitter.Options tv = StaticCovariateFitter.Options.of(TV_P, TV_D);
        TimeVaryingCovariateFit a = TimeVaryingCovariateFitter.of().fit(d, tv);
        TimeVaryingCovariateFit b = TimeVaryingCovariateFitter.of().fitFrom(d, tv, new double[] {Math.log(TV_BASE[0]),
                Math.log(TV_BASE[1]), Math.log(TV_BASE[2]), Math.log(TV_BASE[3]), TV_GP[0], TV_GP[1], TV_GD[0], TV_GD[1]});
        assertTrue(a.converged() && b.converged(), a.message() + " / " + b.message());
        assertEquals(a.logLikelihood(), b.logLikelihood(), 1e-6 * Math.abs(a.logLikelihood()));
        for (StaticCovariateFit.Estimate e : a.estimates()) {
            StaticCovariateFit.Estimate o = b.estimate(e.name());
            assertEquals(e.estimate(), o.estimate(), 0.02 * e.standardError(), e.name());
            assertEquals(e.standardError(), o.standardError(), 0.02 * e.standardError(), e.name());
        }
        assertArrayEquals(a.model().purchaseCoefficients(), b.model().purchaseCoefficients(), 0.02);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> TimeVaryingCovariateFitter.of().fitFrom(d, tv, new double[4]), "a start of the wrong length");
    }
}
