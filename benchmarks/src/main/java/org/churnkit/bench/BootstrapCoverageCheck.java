package org.churnkit.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.churnkit.data.TimeUnit;
import org.churnkit.model.CovariatePredictionIntervals;
import org.churnkit.model.Covariates;
import org.churnkit.model.Histories;
import org.churnkit.model.ParameterDraws;
import org.churnkit.model.ParetoNbd;
import org.churnkit.model.ParetoNbdSimulator;
import org.churnkit.model.PredictionIntervals;
import org.churnkit.model.SarmanovSimulator;
import org.churnkit.model.ScoreColumn;
import org.churnkit.model.ScoreIntervals;
import org.churnkit.model.Scores;
import org.churnkit.model.ScoringSettings;
import org.churnkit.model.StaticCovariateFitter;
import org.churnkit.model.StaticCovariateModel;
import org.churnkit.model.TimeVaryingCovariateFitter;
import org.churnkit.model.TimeVaryingCovariateModel;
import org.churnkit.model.TimeVaryingCovariates;
import org.churnkit.model.TimeVaryingPredictionIntervals;

/**
 * Issue 16's coverage requirement for the bootstrap of the correlated (Sarmanov) Pareto/NBD model
 * and of the Pareto/NBD model with time-varying covariates, too expensive for the test suite (each
 * repetition is a full fit and its refits): on data simulated from known parameters, the 90 %
 * percentile-bootstrap intervals (the refits' order statistics of ranks {@code (B + 1)(1 -+ 0.9)/2},
 * {@link ParameterDraws.Method#BOOTSTRAP}) of every parameter and of the conditional expectations
 * (P(alive) and expected transactions of four fixed customers, at the true parameters) must cover
 * the truth in 85-95 % of the repetitions. Run after {@code ./mvnw -pl benchmarks -am package}:
 *
 * <pre>
 *   java -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" \
 *       org.churnkit.bench.BootstrapCoverageCheck correlated|time-varying [REPS [N [REFITS]]]
 * </pre>
 *
 * (defaults 200 repetitions of 1,500 customers, 60 refits; the class path file is the one
 * {@code ./bench} writes). Prints the rate of every quantity and exits with status 1 when one lies
 * outside 85-95 %. Repetition {@code k} simulates from seed {@code 7000 + k} and bootstraps with
 * seed {@code k}; a repetition whose fit or bootstrap fails counts as a miss of every quantity.
 *
 * <p>Designs: correlated, r = 1.5, alpha = 1.5, s = 1, beta = 2 and omega at 30 % of its lower
 * bound, ages uniform on [2, 6]; time-varying, r = 0.8, alpha = 6, s = 0.7, beta = 10 (weeks), a
 * calendar season, a campaign flag switching on and off and a fixed indicator on both processes
 * (coefficients 0.6, 0.4, -0.3 and 0.8, -0.6, 0.4), cohorts joining over half a year and observed
 * to a common end at week 52 ({@link ParetoNbdSimulator#simulateWeeklyCohorts}, the design of the
 * core's recovery test).
 */
public final class BootstrapCoverageCheck {
    private BootstrapCoverageCheck() {}

    private static final double LEVEL = 0.9;
    /** Refits left out of the draws, over all repetitions. */
    private static final java.util.concurrent.atomic.LongAdder FAILED = new java.util.concurrent.atomic.LongAdder();

    /**
     * Runs the check.
     *
     * @param args {@code correlated} or {@code time-varying}, then optionally repetitions, customers
     *     and refits
     */
    public static void main(String[] args) {
        if (args.length < 1 || !List.of("correlated", "time-varying").contains(args[0])) {
            System.err.println("usage: BootstrapCoverageCheck correlated|time-varying [REPS [N [REFITS]]]");
            System.exit(2);
        }
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 1500;
        int refits = args.length > 3 ? Integer.parseInt(args[3]) : 60;
        long t0 = System.nanoTime();
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        double load0 = os.getSystemLoadAverage();
        double[] rates = args[0].equals("correlated") ? correlated(reps, n, refits) : timeVarying(reps, n, refits);
        boolean ok = true;
        for (double r : rates) {
            ok &= r >= 0.85 && r <= 0.95;
        }
        System.out.printf(Locale.ROOT, "%s bootstrap coverage of 90 %% intervals, %d repetitions of %d customers, "
                + "%d refits, %.0f s (load average %.2f at the start, %.2f at the end; %d refits failed)%n"
                + "  parameters then p_alive then expected transactions of 4 customers:%n  %s%n  %s%n",
                args[0], reps, n, refits, (System.nanoTime() - t0) / 1e9, load0, os.getSystemLoadAverage(),
                FAILED.sum(), Arrays.toString(rates), ok ? "all within 85-95 %" : "OUTSIDE 85-95 %");
        System.exit(ok ? 0 : 1);
    }

    private static double[] correlated(int reps, int n, int refits) {
        double r = 1.5;
        double alpha = 1.5;
        double s = 1.0;
        double beta = 2.0;
        double l1 = Math.pow(alpha / (alpha + 1), r);
        double l2 = Math.pow(beta / (beta + 1), s);
        // the lower bound of omega that keeps the mixing density non-negative (SarmanovSimulator's)
        double omega = 0.3 * -1 / Math.max(l1 * l2, (1 - l1) * (1 - l2));
        StaticCovariateModel truth = StaticCovariateModel.of(ParetoNbd.of(r, alpha, s, beta), List.of(), new double[0],
                List.of(), new double[0], Map.of()).withCorrelation(omega);
        Histories fixed = Histories.of(new double[] {0, 1, 3, 8}, new double[] {0, 1.2, 3.5, 3.9},
                new double[] {4, 4, 4, 4});
        Covariates none = Covariates.none(fixed.size());
        ScoringSettings settings = ScoringSettings.of(4).withExecutor(Runnable::run);
        Scores want = truth.score(fixed, none, settings);
        double[] params = {r, alpha, s, beta, omega};
        int[][] hits = new int[reps][params.length + 2 * fixed.size()];
        IntStream.range(0, reps).parallel().forEach(rep -> {
            UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(7000L + rep);
            double[] ages = new double[n];
            for (int i = 0; i < n; i++) {
                ages[i] = 2 + 4 * rng.nextDouble();
            }
            Histories h = SarmanovSimulator.simulate(r, alpha, s, beta, omega, ages, rng);
            try {
                StaticCovariateModel m = StaticCovariateFitter.of().fitCorrelated(h).fit().model();
                CovariatePredictionIntervals.Refits b = CovariatePredictionIntervals.bootstrapDraws(m, h,
                        Covariates.none(h.size()), refits, rep);
                FAILED.add(b.failures().size());
                List<StaticCovariateModel> draws = b.draws();
                double[][] v = new double[params.length][draws.size()];
                for (int k = 0; k < draws.size(); k++) {
                    double[] t = draws.get(k).plainModel().parameterArray();
                    for (int j = 0; j < 4; j++) {
                        v[j][k] = t[j];
                    }
                    v[4][k] = draws.get(k).omega();
                }
                covered(v, params, hits[rep]);
                expectations(CovariatePredictionIntervals.of(m, draws, ParameterDraws.Method.BOOTSTRAP, settings)
                        .score(fixed, none, LEVEL), want, params.length, hits[rep]);
            } catch (RuntimeException e) {
                Arrays.fill(hits[rep], 0);
            }
        });
        return rates(hits);
    }

    private static final List<String> NAMES = ParetoNbdSimulator.WEEKLY_COHORT_COVARIATES;

    private static double[] timeVarying(int reps, int n, int refits) {
        double[] gp = {0.6, 0.4, -0.3};
        double[] gd = {0.8, -0.6, 0.4};
        TimeVaryingCovariateModel truth = TimeVaryingCovariateModel.of(ParetoNbd.of(0.8, 6, 0.7, 10), NAMES, gp,
                NAMES, gd, Map.of(), TimeUnit.WEEKS, 1);
        TimeVaryingCovariates fixed = ParetoNbdSimulator.simulateWeeklyCohorts(truth, 4, 999, 13);
        ScoringSettings settings = ScoringSettings.of(13).withExecutor(Runnable::run);
        Scores want = truth.score(fixed, settings, null);
        double[] params = {0.8, 6, 0.7, 10, gp[0], gp[1], gp[2], gd[0], gd[1], gd[2]};
        int[][] hits = new int[reps][params.length + 2 * fixed.size()];
        IntStream.range(0, reps).parallel().forEach(rep -> {
            TimeVaryingCovariates d = ParetoNbdSimulator.simulateWeeklyCohorts(truth, n, 7000L + rep, 0);
            try {
                TimeVaryingCovariateModel m = TimeVaryingCovariateFitter.of().fit(d,
                        StaticCovariateFitter.Options.of(NAMES, NAMES)).model();
                TimeVaryingPredictionIntervals.Refits b = TimeVaryingPredictionIntervals.bootstrapDraws(m, d, refits, rep);
                FAILED.add(b.failures().size());
                List<TimeVaryingCovariateModel> draws = b.draws();
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
                covered(v, params, hits[rep]);
                expectations(TimeVaryingPredictionIntervals.of(m, draws, ParameterDraws.Method.BOOTSTRAP, settings)
                        .score(fixed, null, LEVEL), want, params.length, hits[rep]);
            } catch (RuntimeException e) {
                Arrays.fill(hits[rep], 0);
            }
        });
        return rates(hits);
    }

    /**
     * Whether each parameter's 90 % bootstrap interval over the draws covers its true value, read
     * by the rule of every bootstrap interval of the library ({@link PredictionIntervals#interval}).
     */
    private static void covered(double[][] v, double[] truth, int[] hit) {
        for (int j = 0; j < truth.length; j++) {
            double[] band = PredictionIntervals.interval(v[j].clone(), LEVEL, ParameterDraws.Method.BOOTSTRAP);
            hit[j] = band[0] <= truth[j] && truth[j] <= band[1] ? 1 : 0;
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

    private static double[] rates(int[][] hits) {
        double[] rates = new double[hits[0].length];
        for (int[] h : hits) {
            for (int j = 0; j < rates.length; j++) {
                rates[j] += h[j];
            }
        }
        for (int j = 0; j < rates.length; j++) {
            rates[j] /= hits.length;
        }
        return rates;
    }
}
