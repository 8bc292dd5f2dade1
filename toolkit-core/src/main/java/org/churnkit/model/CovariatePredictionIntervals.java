package org.churnkit.model;

import java.util.ArrayList;
import java.util.Arrays;
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
 * PredictionIntervals}; bootstrap refits at the ranks of {@link ParameterDraws.Method#BOOTSTRAP}). The result is a {@link ScoreIntervals}, with the same column names.
 *
 * <p>Two ways to draw, stated by {@link ScoreIntervals#method()}: {@link #asymptoticDraws} draws from
 * the asymptotic normal of the fitted parameters on the scale they were estimated on, (log r, log
 * alpha, log s, log beta) or (log r, log alpha, log a, log b) and the coefficients as they are, with
 * the joint covariance recorded at fitting ({@link StaticCovariateModel#covariance()}). Rows with
 * zero variance (a coefficient held fixed) stay at their estimate and take no normal variate, so a
 * model whose coefficients are all fixed at zero draws exactly the plain model's {@link
 * ParameterDraws#asymptotic} draws from the same generator. {@link #bootstrapDraws} refits the
 * model on customers resampled with replacement (a percentile bootstrap, read at the ranks
 * {@code (B + 1)(1 -+ c)/2} of {@link ParameterDraws.Method#BOOTSTRAP}).
 *
 * <p>Without {@link #withSpendDraws} the spend model is held at its estimate, so {@code
 * expected_spend} has a zero-width interval and the money columns carry the transaction model's
 * uncertainty only; with them each draw also scores with its own Gamma-Gamma model. The outcome
 * spread of what a customer will actually buy is {@link StaticCovariateModel#predictiveIntervals},
 * not this. A correlated model (omega not 0, Pareto/NBD) draws omega too, on its own scale from
 * the row {@code omega} its covariance records; a draw beyond the bounds where a customer's
 * mixing density (at the drawn parameters and that customer's covariates) is non-negative is put
 * on that customer's bound when the customer is scored, so every customer's draws are admissible
 * for that customer (clipped, not rejected: see {@link StaticCovariateModel}'s
 * {@code withDrawnCorrelation}); a correlated model file written before that
 * row was recorded is refused with advice to refit. Its bootstrap refits omega with the other
 * parameters and needs no recorded covariance.
 *
 * <p>Memory and speed: customers are scored in blocks (about 32 MB of draws
 * each, a few thousand customers at 200 draws), the draws of a block in parallel on the settings'
 * executor, each draw scoring its block on one thread; a block's interval ends are taken before the
 * next block is scored, so memory does not grow with the number of customers. Reproducible to the
 * bit: the same draws give the same intervals on any executor and with any block size (each
 * draw's total adds the customers in row order). A customer that cannot be scored at some draw is an error naming
 * the customer and the draw.
 */
public final class CovariatePredictionIntervals {
    private final StaticCovariateModel model;
    private final List<StaticCovariateModel> draws;
    private final ParameterDraws.Method method;
    private final ScoringSettings settings;
    /** Spend model of each draw, paired by index; null when the spend model is held at its estimate. */
    private final SpendModel[] spend;

    /** Bytes of draws a block of customers holds (customers x draws x columns doubles). */
    static final long BLOCK_BYTES = 1L << 25;

    private CovariatePredictionIntervals(StaticCovariateModel model, List<StaticCovariateModel> draws,
                                         ParameterDraws.Method method, ScoringSettings settings, SpendModel[] spend) {
        this.model = model;
        this.draws = draws;
        this.method = method;
        this.settings = settings;
        this.spend = spend;
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
     * @throws ChurnkitException when the draws are asymptotic and the model correlates purchase and
     *     dropout (omega not 0) without recording omega's covariance
     */
    public static CovariatePredictionIntervals of(StaticCovariateModel model, List<StaticCovariateModel> draws,
                                                  ParameterDraws.Method method, ScoringSettings settings) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(settings, "settings");
        if (method == ParameterDraws.Method.ASYMPTOTIC) {
            refuseCorrelated(model); // a bootstrap refits omega and needs no recorded covariance
        }
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
        return new CovariatePredictionIntervals(model, d, method, settings, null);
    }

    /**
     * Adds draws of the spend model's parameters ({@code p, q, gamma}), paired with the transaction
     * model's draws by index: each draw then scores expected_spend and the money columns with its
     * own Gamma-Gamma model, so their intervals carry the spend model's uncertainty too.
     *
     * @param spendDraws draws of the Gamma-Gamma parameters, as many as the transaction model's
     * @return a copy with the spend model's draws
     * @throws IllegalArgumentException when the counts differ, a draw does not have three
     *     parameters or lies outside the Gamma-Gamma domain, or the settings have no spend model
     */
    public CovariatePredictionIntervals withSpendDraws(ParameterDraws spendDraws) {
        SpendModel[] sm = spendModels(spendDraws, draws.size(), settings);
        return new CovariatePredictionIntervals(model, draws, method, settings, sm);
    }

    /**
     * The spend models of the draws, checked against the transaction model's draws they are paired
     * with by index (shared by the static and time-varying interval classes).
     *
     * @param spendDraws draws of the Gamma-Gamma parameters
     * @param count how many transaction-model draws they pair with
     * @param settings the scoring settings, which must have a spend model
     * @return one spend model per draw
     * @throws IllegalArgumentException when the counts differ, a draw does not have three
     *     parameters or lies outside the Gamma-Gamma domain, or the settings have no spend model
     */
    static SpendModel[] spendModels(ParameterDraws spendDraws, int count, ScoringSettings settings) {
        Objects.requireNonNull(spendDraws, "spendDraws");
        if (settings.spendOrNull() == null) {
            throw new IllegalArgumentException("spend draws need settings with a spend model");
        }
        if (spendDraws.count() != count) {
            throw new IllegalArgumentException(spendDraws.count() + " spend draws for " + count
                    + " transaction-model draws: they are paired by index, give as many");
        }
        if (spendDraws.estimate().length != ModelKind.GAMMA_GAMMA.parameterNames().size()) {
            throw new IllegalArgumentException("spend draws must have the 3 Gamma-Gamma parameters (p, q, gamma)");
        }
        SpendModel[] sm = new SpendModel[count];
        for (int k = 0; k < count; k++) {
            sm[k] = (SpendModel) ModelRegistry.create(ModelKind.GAMMA_GAMMA, spendDraws.draw(k), null);
        }
        return sm;
    }

    /**
     * Bootstrap draws of a fitted covariate model: {@code refits} refits on the customers resampled
     * with replacement (merged into distinct rows of history and covariates and reweighted, so a
     * refit costs one optimiser run on those rows), each started at the model's estimate, with the
     * optimiser settings the plain model's fit recorded (else the defaults). A correlated model
     * (omega not 0) is refitted with omega free, from the estimate and from the estimate with omega
     * 0, keeping the better run (near a bound of omega the warm start alone can stop on the bound
     * where the resample's optimum lies inside). One seed per refit is taken from a generator
     * seeded with {@code seed} (XoRoShiRo128++), so the same seed gives the same draws to the bit
     * (on a machine with the same number of processors: the likelihood sums its rows in blocks
     * per processor, see {@link Bootstrap}). Refits that do not converge, leave the domain or run to
     * the boundary where the estimate did not are left out, counted and described (the loop of
     * {@link Bootstrap}). The data must be the customers the model was fitted to.
     *
     * @param m a fitted covariate model, correlated or not
     * @param h the histories it was fitted on (with ids when the covariates have ids)
     * @param covariates their raw covariates
     * @param refits number of resamples, at least 1
     * @param seed the seed
     * @return the converged refits, with the count and reasons of the failed ones
     * @throws ChurnkitException when every refit failed, or when a customer has no covariates
     */
    public static Refits bootstrapDraws(StaticCovariateModel m, Histories h, Covariates covariates, int refits,
                                        long seed) {
        Objects.requireNonNull(m, "model");
        Objects.requireNonNull(h, "h");
        Objects.requireNonNull(covariates, "covariates");
        ModelFitter.Settings fs = m.plainModel().fit().flatMap(FitSummary::fitProvenance).map(FitProvenance::settings)
                .orElse(ModelFitter.Settings.defaults());
        Bootstrap.Refits<StaticCovariateModel> r = StaticCovariateFitter.of(fs).bootstrap(m, h, covariates, refits,
                org.apache.commons.rng.simple.RandomSource.XO_RO_SHI_RO_128_PP.create(seed));
        return new Refits(r.draws(), r.requested(), r.failures());
    }

    /**
     * The refits of a bootstrap of a covariate model.
     *
     * @param draws the converged refits, in refit order
     * @param requested refits asked for
     * @param failures why each refit not among the draws failed, in refit order
     */
    public record Refits(List<StaticCovariateModel> draws, int requested, List<String> failures) {
        /**
         * Copies the lists.
         *
         * @param draws the converged refits
         * @param requested refits asked for
         * @param failures why each failed refit failed
         */
        public Refits {
            draws = List.copyOf(draws);
            failures = List.copyOf(failures);
        }
    }

    /** A correlated model must record omega's row in its covariance: its draws vary omega too. */
    private static void refuseCorrelated(StaticCovariateModel model) {
        if (model.omega() != 0 && !model.covarianceNames().contains(StaticCovariateModel.OMEGA_ROW)) {
            throw new ChurnkitException("the model with correlated purchase and dropout rates (omega " + model.omega()
                    + ") records no covariance of omega (a model file written before it was recorded), so intervals "
                    + "cannot be drawn from it: refit it with 'churnkit fit --correlation ...', which records it");
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
     * parameter is {@code theta exp(shift)}, a coefficient {@code gamma + shift}. A correlated
     * model's omega is drawn as it is and each scored customer uses it clipped to that customer's
     * own admissible interval (at the drawn parameters and its covariates), the reference
     * customer's being the drawn model's {@link StaticCovariateModel#omega()}: clipped rather than
     * rejected, because the fit holds omega within the bounds, so near a bound the estimator's
     * sampling distribution is the normal projected onto it, while rejection would keep a
     * truncated normal and shift the intervals inward.
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
        int omegaRow = m.omega() != 0 ? names.indexOf(StaticCovariateModel.OMEGA_ROW) : -1;
        for (int i = 0; i < k; i++) {
            e[i] = i < base ? theta[i] : i == omegaRow ? m.omega() : m.coefficientOf(names.get(i));
        }
        int[] active = new int[k];
        int na = 0;
        for (int i = 0; i < k; i++) {
            // an omega row of a model made independent since (withCorrelation(0)) is not drawn
            boolean stale = StaticCovariateModel.OMEGA_ROW.equals(names.get(i)) && omegaRow < 0;
            if (cov[i][i] > 0 && !stale) {
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
                StaticCovariateModel drawn = m.withParameters((TransactionModel) ModelRegistry.create(m.kind(), t, null),
                        gp, gd);
                if (omegaRow >= 0) {
                    // omega's normal approximation ignores the bounds within which a customer's mixing
                    // density is non-negative, and with covariates they differ from customer to customer:
                    // each customer is scored with the draw put on its own bound (see withDrawnCorrelation).
                    drawn = drawn.withDrawnCorrelation(v[omegaRow]);
                }
                out.add(drawn);
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
        return score(h, covariates, level, 0);
    }

    /** {@link #score} in blocks of {@code blockRows} customers (0: from {@link #BLOCK_BYTES}). */
    ScoreIntervals score(Histories h, Covariates covariates, double level, int blockRows) {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("the interval level must lie in (0, 1), got " + level);
        }
        Scores point = model.score(h, covariates, settings);
        // Matched by id once: each block then takes its rows as they are.
        Covariates aligned = covariates.alignedTo(h);
        // Each draw scores its block on the thread that runs it: the draws are the parallel work.
        ScoringSettings[] perDraw = new ScoringSettings[draws.size()];
        for (int k = 0; k < perDraw.length; k++) {
            ScoringSettings sk = settings.withExecutor(Runnable::run);
            perDraw[k] = spend != null ? sk.withSpendModel(spend[k]) : sk;
        }
        return blockwise(point, draws, h::weight, new Blocks<Rows>() {
            @Override
            public Rows rows(int from, int to) {
                return new Rows(CovariatePredictionIntervals.rows(h, from, to), aligned.rows(from, to));
            }

            @Override
            public Scores score(int k, Rows block) {
                return draws.get(k).score(block.h(), block.z(), perDraw[k]);
            }
        }, level, method, settings.executorOrNull(), blockRows);
    }

    /** A block of customers: their histories and covariates. */
    private record Rows(Histories h, Covariates z) {}

    /**
     * One kind of model's side of {@link #blockwise}: the rows of a block of customers, and one
     * draw's scores of such a block.
     *
     * @param <B> a block of customers' data
     */
    interface Blocks<B> {
        /** Customers {@code from..to-1}. */
        B rows(int from, int to);

        /** Draw k's scores of a block (on the calling thread). */
        Scores score(int k, B block);
    }

    /**
     * The interval engine shared by the static and time-varying covariate models: customers in
     * blocks of {@code blockRows} (0: as many as {@link #BLOCK_BYTES} of draws hold, at least 64),
     * the draws of a block scored in parallel on {@code executor} ({@code null}: the common pool),
     * each draw's block on one thread; a block's interval ends (type-7 quantiles at
     * {@link ParameterDraws.Method#quantileLevels} of {@code method}) are taken before the next block is scored, so memory does not grow
     * with the number of customers. Each draw's total of expected transactions (weighted) is
     * continued from the previous blocks' sum in row order, so the result is the same to the bit
     * for any block size and executor.
     *
     * @param point the point scores of all customers (their columns are the intervals' columns)
     * @param draws the drawn models (named in errors)
     * @param weight each customer's weight, for the total
     * @param blocks the rows and scores of blocks
     * @param level the level, in (0, 1)
     * @param method how the draws were made
     * @param executor where draws run (null: the common pool)
     * @param blockRows customers per block; 0 from {@link #BLOCK_BYTES}
     * @param <B> a block's data
     * @return the point scores with their intervals
     * @throws ChurnkitException naming the draw (and, from the scorer, the customer) when a score
     *     cannot be computed
     */
    static <B> ScoreIntervals blockwise(Scores point, List<?> draws, java.util.function.IntToDoubleFunction weight,
                                        Blocks<B> blocks, double level, ParameterDraws.Method method,
                                        java.util.concurrent.Executor executor, int blockRows) {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("the interval level must lie in (0, 1), got " + level);
        }
        List<ScoreColumn> cols = point.columns();
        int nc = cols.size();
        int nd = draws.size();
        int n = point.size();
        int block = blockRows > 0 ? blockRows
                : (int) Math.max(64, Math.min(n, BLOCK_BYTES / ((long) nd * nc * Double.BYTES)));
        double[] pq = method.quantileLevels(level, nd);
        double pl = pq[0];
        double pu = pq[1];
        double[][] lo = new double[nc][n];
        double[][] hi = new double[nc][n];
        double[] totals = new double[nd];
        double[][] buf = new double[nc][];
        double[] values = new double[nd];
        double[] pair = new double[2];
        double[] scratch = new double[PredictionIntervals.SCRATCH];
        for (int from = 0; from < n; from += block) {
            int to = Math.min(n, from + block);
            int m = to - from;
            B rows = blocks.rows(from, to);
            for (int c = 0; c < nc; c++) {
                if (buf[c] == null || buf[c].length < m * nd) {
                    buf[c] = new double[m * nd];
                }
            }
            int start = from;
            Scoring.chunks(nd, 1, executor, (k0, k1) -> {
                for (int k = k0; k < k1; k++) {
                    Scores sk;
                    try {
                        sk = blocks.score(k, rows);
                    } catch (ChurnkitException ex) {
                        throw new ChurnkitException("at parameter draw " + k + " " + draws.get(k) + ": "
                                + ex.getMessage(), ex);
                    }
                    for (int c = 0; c < nc; c++) {
                        double[] v = sk.get(cols.get(c));
                        double[] out = buf[c];
                        for (int i = 0; i < m; i++) {
                            out[i * nd + k] = v[i];
                        }
                    }
                    // continued from the previous blocks' sum in row order: the same sum whatever the blocks
                    double[] et = sk.expectedTransactions();
                    double t = totals[k];
                    for (int i = 0; i < m; i++) {
                        t += weight.applyAsDouble(start + i) * et[i];
                    }
                    totals[k] = t;
                }
            });
            for (int c = 0; c < nc; c++) {
                for (int i = 0; i < m; i++) {
                    System.arraycopy(buf[c], i * nd, values, 0, nd);
                    PredictionIntervals.quantiles(values, 0, nd, pl, pu, pair, scratch);
                    lo[c][from + i] = pair[0];
                    hi[c][from + i] = pair[1];
                }
            }
        }
        Map<ScoreColumn, double[]> lower = new EnumMap<>(ScoreColumn.class);
        Map<ScoreColumn, double[]> upper = new EnumMap<>(ScoreColumn.class);
        for (int c = 0; c < nc; c++) {
            lower.put(cols.get(c), lo[c]);
            upper.put(cols.get(c), hi[c]);
        }
        double estimate = 0;
        for (int i = 0; i < n; i++) {
            estimate += weight.applyAsDouble(i) * point.expectedTransactions()[i];
        }
        ScoreIntervals.Band total = new ScoreIntervals.Band(estimate, PredictionIntervals.quantile(totals, 0, nd, pl),
                PredictionIntervals.quantile(totals, 0, nd, pu));
        return new ScoreIntervals(point, lower, upper, level, method, nd, total);
    }

    /** Customers {@code from..to-1} of {@code h}, with their weights, spend and ids. */
    private static Histories rows(Histories h, int from, int to) {
        return Histories.wrap(Arrays.copyOfRange(h.frequency, from, to), Arrays.copyOfRange(h.recency, from, to),
                Arrays.copyOfRange(h.age, from, to), h.monetary == null ? null : Arrays.copyOfRange(h.monetary, from, to),
                h.weight == null ? null : Arrays.copyOfRange(h.weight, from, to),
                h.ids == null ? null : Arrays.copyOfRange(h.ids, from, to));
    }

    @Override
    public String toString() {
        return "CovariatePredictionIntervals[" + model + ", " + draws.size() + " " + method + " draws"
                + (spend != null ? " with spend draws" : "") + ", " + settings + "]";
    }
}
