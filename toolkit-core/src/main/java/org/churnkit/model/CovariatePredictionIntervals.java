package org.churnkit.model;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.churnkit.ChurnkitException;
import org.churnkit.numerics.Cholesky;

/**
 * Prediction intervals of every score column of a static-covariate Pareto/NBD or BG/NBD model
 * ({@link StaticCovariateModel}), from draws of all its parameters, the covariate coefficients
 * included: the estimation uncertainty of each customer's expected values, as {@link
 * PredictionIntervals} gives it for plain models. Each draw is a whole model; the customers are
 * scored by {@link StaticCovariateModel#score} with the model of every draw, so each column keeps its
 * one definition, and the interval of a column at level {@code c} runs between its quantiles over
 * the draws at {@code (1 - c)/2} and {@code (1 + c)/2} (type 7, the same code as {@link
 * PredictionIntervals}). The result is a {@link ScoreIntervals}, with the same column names.
 *
 * <p>{@link #asymptoticDraws} draws from the asymptotic normal of the fitted parameters on the
 * scale they were estimated on, (log r, log alpha, log s, log beta) or (log r, log alpha, log a,
 * log b) and the coefficients as they are, with the joint covariance recorded at fitting ({@link
 * StaticCovariateModel#covariance()}). Rows with zero variance (a coefficient held fixed) stay at
 * their estimate and take no normal variate, so a model whose coefficients are all fixed at zero
 * draws exactly the plain model's {@link ParameterDraws#asymptotic} draws from the same generator.
 *
 * <p>The spend model is held at its estimate (its uncertainty is not drawn), so {@code
 * expected_spend} has a zero-width interval and the money columns carry the transaction model's
 * uncertainty only. Correlated models (omega not 0) are refused: omega's uncertainty is not
 * recorded. Memory: the scores of every draw are kept until the quantiles are taken, about
 * {@code customers x draws x columns} doubles (200 draws of 100,000 customers with 8 columns is
 * 1.3 GB); score larger files in parts. Reproducible to the bit: the same draws give the same
 * intervals on any executor. A customer that cannot be scored at some draw is an error naming the
 * customer and the draw.
 */
public final class CovariatePredictionIntervals {
    private final StaticCovariateModel model;
    private final List<StaticCovariateModel> draws;
    private final ParameterDraws.Method method;
    private final ScoringSettings settings;

    private CovariatePredictionIntervals(StaticCovariateModel model, List<StaticCovariateModel> draws,
                                         ParameterDraws.Method method, ScoringSettings settings) {
        this.model = model;
        this.draws = draws;
        this.method = method;
        this.settings = settings;
    }

    /**
     * Intervals of the scores of {@code model} from draws of it.
     *
     * @param model the fitted covariate model: the point scores
     * @param draws models drawn from its parameters' distribution, with the same covariates
     * @param method how the draws were made, reported by {@link ScoreIntervals#method()}
     * @param settings what to score, as for {@link StaticCovariateModel#score}
     * @return the engine
     * @throws IllegalArgumentException when there is no draw or a draw has other covariates or another kind
     * @throws ChurnkitException when the model correlates purchase and dropout (omega not 0)
     */
    public static CovariatePredictionIntervals of(StaticCovariateModel model, List<StaticCovariateModel> draws,
                                                  ParameterDraws.Method method, ScoringSettings settings) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(settings, "settings");
        refuseCorrelated(model);
        List<StaticCovariateModel> d = List.copyOf(draws);
        if (d.isEmpty()) {
            throw new IllegalArgumentException("no parameter draw");
        }
        for (int k = 0; k < d.size(); k++) {
            StaticCovariateModel m = d.get(k);
            if (m.kind() != model.kind() || !m.purchaseCovariates().equals(model.purchaseCovariates())
                    || !m.dropoutCovariates().equals(model.dropoutCovariates())) {
                throw new IllegalArgumentException("draw " + k + " is " + m + ", not a draw of " + model);
            }
        }
        return new CovariatePredictionIntervals(model, d, method, settings);
    }

    private static void refuseCorrelated(StaticCovariateModel model) {
        if (model.omega() != 0) {
            throw new ChurnkitException("prediction intervals of a covariate model with correlated purchase and dropout "
                    + "rates (omega " + model.omega() + ") are not implemented: the uncertainty of omega is not recorded");
        }
    }

    /**
     * Draws from the asymptotic normal of a covariate model's fitted parameters (see the class
     * comment), with a seeded generator (XoRoShiRo128++ from Commons RNG): what {@code churnkit score
     * --intervals --covariates} uses. The same seed gives the same draws to the bit.
     *
     * @param m a fitted covariate model that records its covariance
     * @param count number of draws, at least 1
     * @param seed the seed
     * @return the drawn models
     * @throws ChurnkitException saying to refit when the model records no covariance, or when the
     *     covariance is not positive definite on its non-zero rows
     */
    public static List<StaticCovariateModel> asymptoticDraws(StaticCovariateModel m, int count, long seed) {
        return asymptoticDraws(m, count, org.apache.commons.rng.simple.RandomSource.XO_RO_SHI_RO_128_PP.create(seed));
    }

    /**
     * Draws from the asymptotic normal of a covariate model's fitted parameters (see the class
     * comment) with the given generator: per draw one standard normal per row of non-zero variance,
     * in row order, multiplied by the lower Cholesky factor of those rows' covariance; a base
     * parameter is {@code theta exp(shift)}, a coefficient {@code gamma + shift}.
     *
     * @param m a fitted covariate model that records its covariance
     * @param count number of draws, at least 1
     * @param rng the random source
     * @return the drawn models
     * @throws IllegalArgumentException when count is below 1
     * @throws ChurnkitException saying to refit when the model records no covariance, or when the
     *     covariance is not positive definite on its non-zero rows
     */
    public static List<StaticCovariateModel> asymptoticDraws(StaticCovariateModel m, int count,
                                                             UniformRandomProvider rng) {
        Objects.requireNonNull(m, "model");
        Objects.requireNonNull(rng, "rng");
        if (count < 1) {
            throw new IllegalArgumentException("the number of draws must be at least 1, got " + count);
        }
        refuseCorrelated(m);
        double[][] cov = m.covariance().orElseThrow(() -> new ChurnkitException("the covariate model records no "
                + "covariance of its parameters (a model file written before it was recorded, a model with known "
                + "parameters, or a fit whose Hessian was not negative definite), so intervals cannot be drawn from it: "
                + "refit it with 'churnkit fit --covariates ...', which records it"));
        List<String> names = m.covarianceNames();
        int base = m.kind().parameterNames().size();
        double[] theta = m.plainModel().parameterArray();
        int k = names.size();
        double[] e = new double[k];
        for (int i = 0; i < k; i++) {
            e[i] = i < base ? theta[i] : m.coefficientOf(names.get(i));
        }
        int[] active = new int[k];
        int na = 0;
        for (int i = 0; i < k; i++) {
            if (cov[i][i] > 0) {
                active[na++] = i;
            }
        }
        double[][] sub = new double[na][na];
        for (int i = 0; i < na; i++) {
            for (int j = 0; j < na; j++) {
                sub[i][j] = cov[active[i]][active[j]];
            }
        }
        double[][] l = Cholesky.factor(sub);
        if (l == null) {
            throw new ChurnkitException("the covariate model's recorded covariance is not positive definite, so "
                    + "intervals cannot be drawn from it: refit it with 'churnkit fit --covariates ...'");
        }
        ZigguratSampler.NormalizedGaussian normal = ZigguratSampler.NormalizedGaussian.of(rng);
        double[] u = new double[na];
        List<StaticCovariateModel> out = new ArrayList<>(count);
        int p = m.purchaseCovariates().size();
        int q = m.dropoutCovariates().size();
        int[] rowP = new int[p];
        int[] rowD = new int[q];
        for (int c = 0; c < p; c++) {
            rowP[c] = StaticCovariateModel.coefficientRow(names, "purchase", m.purchaseCovariates().get(c));
        }
        for (int c = 0; c < q; c++) {
            rowD[c] = StaticCovariateModel.coefficientRow(names, "dropout", m.dropoutCovariates().get(c));
        }
        for (int d = 0; d < count; d++) {
            for (int j = 0; j < na; j++) {
                u[j] = normal.sample();
            }
            double[] v = e.clone();
            // the same arithmetic as ParameterDraws.asymptotic on the active rows
            for (int a = 0; a < na; a++) {
                double shift = 0;
                for (int j = 0; j <= a; j++) {
                    shift += l[a][j] * u[j];
                }
                int i = active[a];
                v[i] = i < base ? e[i] * Math.exp(shift) : e[i] + shift;
            }
            double[] t = java.util.Arrays.copyOf(v, base);
            double[] gp = new double[p];
            double[] gd = new double[q];
            for (int c = 0; c < p; c++) {
                gp[c] = v[rowP[c]];
            }
            for (int c = 0; c < q; c++) {
                gd[c] = v[rowD[c]];
            }
            try {
                out.add(m.withParameters((TransactionModel) ModelRegistry.create(m.kind(), t, null), gp, gd));
            } catch (IllegalArgumentException ex) {
                throw new ChurnkitException("draw " + d + " of the covariate model's parameters is invalid: "
                        + ex.getMessage(), ex);
            }
        }
        return List.copyOf(out);
    }

    /**
     * The drawn models.
     *
     * @return the draws
     */
    public List<StaticCovariateModel> draws() {
        return draws;
    }

    /**
     * Every score column with its interval, and the interval of the total expected transactions.
     *
     * @param h the customers' histories (with monetary values when the settings have a spend model)
     * @param covariates the customers' raw covariates
     * @param level the level, in (0, 1), e.g. 0.9
     * @return the point scores and their intervals
     * @throws ChurnkitException naming the customer and the draw when a score cannot be computed, or
     *     a customer without covariates
     * @throws IllegalArgumentException when the level is outside (0, 1)
     */
    public ScoreIntervals score(Histories h, Covariates covariates, double level) {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("the interval level must lie in (0, 1), got " + level);
        }
        Scores point = model.score(h, covariates, settings);
        List<ScoreColumn> cols = point.columns();
        int nd = draws.size();
        int n = h.size();
        requireMemory(n, nd, cols.size(), Runtime.getRuntime().maxMemory());
        Scores[] byDraw = new Scores[nd];
        double[] totals = new double[nd];
        for (int k = 0; k < nd; k++) {
            try {
                byDraw[k] = draws.get(k).score(h, covariates, settings);
            } catch (ChurnkitException ex) {
                throw new ChurnkitException("at parameter draw " + k + " " + draws.get(k) + ": " + ex.getMessage(), ex);
            }
            double[] et = byDraw[k].expectedTransactions();
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += h.weight(i) * et[i];
            }
            totals[k] = s;
        }
        double pl = (1 - level) / 2;
        double pu = (1 + level) / 2;
        Map<ScoreColumn, double[]> lower = new EnumMap<>(ScoreColumn.class);
        Map<ScoreColumn, double[]> upper = new EnumMap<>(ScoreColumn.class);
        double[] values = new double[nd];
        double[] pair = new double[2];
        double[] scratch = new double[PredictionIntervals.SCRATCH];
        for (ScoreColumn c : cols) {
            double[][] col = new double[nd][];
            for (int k = 0; k < nd; k++) {
                col[k] = byDraw[k].get(c);
            }
            double[] lo = new double[n];
            double[] hi = new double[n];
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < nd; k++) {
                    values[k] = col[k][i];
                }
                PredictionIntervals.quantiles(values, 0, nd, pl, pu, pair, scratch);
                lo[i] = pair[0];
                hi[i] = pair[1];
            }
            lower.put(c, lo);
            upper.put(c, hi);
        }
        double estimate = 0;
        for (int i = 0; i < n; i++) {
            estimate += h.weight(i) * point.expectedTransactions()[i];
        }
        ScoreIntervals.Band total = new ScoreIntervals.Band(estimate, PredictionIntervals.quantile(totals, 0, nd, pl),
                PredictionIntervals.quantile(totals, 0, nd, pu));
        return new ScoreIntervals(point, lower, upper, level, method, nd, total);
    }

    /**
     * Refuses, before any draw is scored, a job whose scores over all draws (customers x draws x
     * columns doubles, held until the quantiles are taken) would take more than half the heap: an
     * error saying what fits is better than running out of memory after minutes of work.
     */
    static void requireMemory(int customers, int draws, int columns, long maxHeap) {
        double bytes = (double) customers * draws * columns * Double.BYTES;
        if (bytes > maxHeap / 2.0) {
            long fits = (long) Math.max(1, maxHeap / 2.0 / ((double) draws * columns * Double.BYTES));
            throw new ChurnkitException(String.format(java.util.Locale.ROOT, "intervals of %d customers from %d draws "
                    + "of a covariate model hold %.1f GB of scores, more than half the memory available (%.1f GB): "
                    + "score at most %d customers per run, use fewer draws, or give the JVM more memory (-Xmx)",
                    customers, draws, bytes / 1e9, maxHeap / 1e9, fits));
        }
    }

    @Override
    public String toString() {
        return "CovariatePredictionIntervals[" + model + ", " + draws.size() + " " + method + " draws, " + settings + "]";
    }
}
