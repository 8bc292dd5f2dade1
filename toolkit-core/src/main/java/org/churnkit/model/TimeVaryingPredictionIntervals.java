package org.churnkit.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.churnkit.ChurnkitException;

/**
 * Prediction intervals of the score columns of a Pareto/NBD model with time-varying covariates
 * ({@link TimeVaryingCovariateModel}): the estimation uncertainty of each customer's P(alive),
 * expected transactions over the covariates' window and, when computed, DERT over that window and
 * the money columns, as {@link CovariatePredictionIntervals} gives it for static covariates. Each
 * draw is a whole model scored by {@link TimeVaryingCovariateModel#score}; the interval of a column
 * at level {@code c} runs between its quantiles over the draws at {@code (1 - c)/2} and
 * {@code (1 + c)/2} (type 7, the code of {@link PredictionIntervals}; bootstrap refits at the ranks
 * {@code (B + 1)(1 -+ c)/2} of {@link ParameterDraws.Method#BOOTSTRAP}).
 *
 * <p>Two ways to draw, stated by {@link ScoreIntervals#method()}: {@link #asymptoticDraws} draws
 * from the asymptotic normal of (log r, log alpha, log s, log beta, coefficients) with the joint
 * covariance recorded at fitting ({@link TimeVaryingCovariateModel#covariance()}), by the same code
 * and generator as {@link CovariatePredictionIntervals#asymptoticDraws}; {@link #bootstrapDraws}
 * refits the model on customers (with their covariate paths) resampled with replacement, by the
 * refit loop of {@link Bootstrap} (a percentile bootstrap). Without {@link #withSpendDraws} the
 * spend model is held at its estimate.
 *
 * <p>Memory and speed: customers are scored in blocks, by the engine of {@link
 * CovariatePredictionIntervals} (about 32 MB of draws per block, the draws of a block in parallel
 * on the settings' executor, a block's interval ends taken before the next block is scored), so
 * memory does not grow with the number of customers; the result is the same to the bit on any
 * executor and with any block size. A customer that cannot be scored at some draw is an error
 * naming the customer and the draw.
 */
public final class TimeVaryingPredictionIntervals {
    private final TimeVaryingCovariateModel model;
    private final List<TimeVaryingCovariateModel> draws;
    private final ParameterDraws.Method method;
    private final ScoringSettings settings;
    private final SpendModel[] spend;

    private TimeVaryingPredictionIntervals(TimeVaryingCovariateModel model, List<TimeVaryingCovariateModel> draws,
                                           ParameterDraws.Method method, ScoringSettings settings, SpendModel[] spend) {
        this.model = model;
        this.draws = draws;
        this.method = method;
        this.settings = settings;
        this.spend = spend;
    }

    /**
     * Intervals of the scores of {@code model} from asymptotic draws of it.
     *
     * @param model the fitted model: the point scores
     * @param draws models drawn from its parameters' distribution ({@link #asymptoticDraws})
     * @param settings what to score, as for {@link TimeVaryingCovariateModel#score}
     * @return the engine
     * @throws IllegalArgumentException when there is no draw or a draw has other covariates
     */
    public static TimeVaryingPredictionIntervals of(TimeVaryingCovariateModel model,
                                                    List<TimeVaryingCovariateModel> draws, ScoringSettings settings) {
        return of(model, draws, ParameterDraws.Method.ASYMPTOTIC, settings);
    }

    /**
     * Intervals of the scores of {@code model} from draws of it.
     *
     * @param model the fitted model: the point scores
     * @param draws models drawn from its parameters' distribution ({@link #asymptoticDraws}) or
     *     refitted on resampled customers ({@link #bootstrapDraws})
     * @param method how the draws were made, reported by {@link ScoreIntervals#method()}
     * @param settings what to score, as for {@link TimeVaryingCovariateModel#score}
     * @return the engine
     * @throws IllegalArgumentException when there is no draw or a draw has other covariates
     */
    public static TimeVaryingPredictionIntervals of(TimeVaryingCovariateModel model,
                                                    List<TimeVaryingCovariateModel> draws, ParameterDraws.Method method,
                                                    ScoringSettings settings) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(settings, "settings");
        List<TimeVaryingCovariateModel> d = List.copyOf(draws);
        if (d.isEmpty()) {
            throw new IllegalArgumentException("no parameter draw");
        }
        for (int k = 0; k < d.size(); k++) {
            TimeVaryingCovariateModel m = d.get(k);
            if (!m.purchaseCovariates().equals(model.purchaseCovariates())
                    || !m.dropoutCovariates().equals(model.dropoutCovariates())) {
                throw new IllegalArgumentException("draw " + k + " is " + m + ", not a draw of " + model);
            }
        }
        return new TimeVaryingPredictionIntervals(model, d, method, settings, null);
    }

    /**
     * Draws from the asymptotic normal of the model's fitted parameters with a generator seeded
     * with {@code seed} (XoRoShiRo128++): the same seed gives the same draws to the bit.
     *
     * @param m a fitted model that records its covariance
     * @param count number of draws, at least 1
     * @param seed the seed
     * @return the drawn models
     * @throws ChurnkitException saying to refit when the model records no covariance
     */
    public static List<TimeVaryingCovariateModel> asymptoticDraws(TimeVaryingCovariateModel m, int count, long seed) {
        Objects.requireNonNull(m, "model");
        if (m.covariance().isEmpty()) {
            throw new ChurnkitException("the time-varying covariate model records no covariance of its parameters (a "
                    + "model file written before it was recorded, a model with known parameters, or a fit whose "
                    + "Hessian was not negative definite), so intervals cannot be drawn from it: refit it with "
                    + "'churnkit fit --covariates ... --covariates-date-column ...', which records it");
        }
        List<TimeVaryingCovariateModel> out = new ArrayList<>(count);
        for (StaticCovariateModel d : CovariatePredictionIntervals.asymptoticDraws(m.asStatic(), count, seed)) {
            out.add(m.withParametersOf(d));
        }
        return List.copyOf(out);
    }

    /**
     * Bootstrap draws of a fitted model: {@code refits} refits on the customers resampled with
     * replacement, each with his covariate path (merged into distinct rows and reweighted, so a
     * refit costs one optimiser run on those rows), each started at the model's estimate with the
     * optimiser settings its fit recorded (else the defaults), by the refit loop of {@link
     * Bootstrap}: refits that do not converge, leave the domain or run to the boundary where the
     * estimate did not are left out, counted and described. One seed per refit is taken from a
     * generator seeded with {@code seed} (XoRoShiRo128++), so the same seed gives the same draws
     * to the bit (on a machine with the same number of processors: the likelihood sums its rows
     * in blocks per processor). The data must be the customers the model was fitted to (a
     * prediction window they hold is not used by the refits).
     *
     * @param m a fitted model
     * @param data the customers' covariate paths, in the model's unit and period
     * @param refits number of resamples, at least 1
     * @param seed the seed
     * @return the accepted refits, with the count and reasons of the failed ones
     * @throws ChurnkitException when every refit failed, or when the data lack a covariate
     * @throws IllegalArgumentException when refits is below 1, or the data are in another unit or period
     */
    public static Refits bootstrapDraws(TimeVaryingCovariateModel m, TimeVaryingCovariates data, int refits, long seed) {
        Objects.requireNonNull(m, "model");
        ModelFitter.Settings fs = m.plainModel().fit().flatMap(FitSummary::fitProvenance).map(FitProvenance::settings)
                .orElse(ModelFitter.Settings.defaults());
        Bootstrap.Refits<TimeVaryingCovariateModel> r = TimeVaryingCovariateFitter.of(fs).bootstrap(m, data, refits,
                org.apache.commons.rng.simple.RandomSource.XO_RO_SHI_RO_128_PP.create(seed));
        return new Refits(r.draws(), r.requested(), r.failures());
    }

    /**
     * The refits of a bootstrap of a time-varying covariate model.
     *
     * @param draws the accepted refits, in refit order
     * @param requested refits asked for
     * @param failures why each refit not among the draws failed, in refit order
     */
    public record Refits(List<TimeVaryingCovariateModel> draws, int requested, List<String> failures) {
        /**
         * Copies the lists.
         *
         * @param draws the accepted refits
         * @param requested refits asked for
         * @param failures why each failed refit failed
         */
        public Refits {
            draws = List.copyOf(draws);
            failures = List.copyOf(failures);
        }
    }

    /**
     * Adds draws of the spend model's parameters ({@code p, q, gamma}), paired with the
     * transaction model's draws by index.
     *
     * @param spendDraws draws of the Gamma-Gamma parameters, as many as the transaction model's
     * @return a copy with the spend model's draws
     * @throws IllegalArgumentException when the counts differ, a draw does not have three parameters
     *     or the settings have no spend model
     */
    public TimeVaryingPredictionIntervals withSpendDraws(ParameterDraws spendDraws) {
        SpendModel[] sm = CovariatePredictionIntervals.spendModels(spendDraws, draws.size(), settings);
        return new TimeVaryingPredictionIntervals(model, draws, method, settings, sm);
    }

    /**
     * The drawn models.
     *
     * @return the draws
     */
    public List<TimeVaryingCovariateModel> draws() {
        return draws;
    }

    /**
     * Every score column with its interval, and the interval of the total expected transactions.
     *
     * @param d the customers' paths, with a window of at least the horizons
     * @param monetary each row's mean spend per repeat purchase, with a spend model; else may be null
     * @param level the level, in (0, 1)
     * @return the point scores and their intervals, with the method the draws were made by
     * @throws ChurnkitException naming the customer and the draw when a score cannot be computed
     * @throws IllegalArgumentException when the level is outside (0, 1), or as {@link
     *     TimeVaryingCovariateModel#score}
     */
    public ScoreIntervals score(TimeVaryingCovariates d, double[] monetary, double level) {
        return score(d, monetary, level, 0);
    }

    /** {@link #score} in blocks of {@code blockRows} customers (0: from {@link CovariatePredictionIntervals#BLOCK_BYTES}). */
    ScoreIntervals score(TimeVaryingCovariates d, double[] monetary, double level, int blockRows) {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("the interval level must lie in (0, 1), got " + level);
        }
        Scores point = model.score(d, settings, monetary);
        ScoringSettings[] perDraw = new ScoringSettings[draws.size()];
        for (int k = 0; k < perDraw.length; k++) {
            perDraw[k] = spend != null ? settings.withSpendModel(spend[k]) : settings;
        }
        return CovariatePredictionIntervals.blockwise(point, draws, d::weight,
                new CovariatePredictionIntervals.Blocks<Rows>() {
                    @Override
                    public Rows rows(int from, int to) {
                        int[] range = new int[to - from];
                        Arrays.setAll(range, i -> from + i);
                        return new Rows(d.select(range, null),
                                monetary == null ? null : Arrays.copyOfRange(monetary, from, to));
                    }

                    @Override
                    public Scores score(int k, Rows block) {
                        return draws.get(k).score(block.paths(), perDraw[k], block.monetary());
                    }
                }, level, method, settings.executorOrNull(), blockRows);
    }

    /** A block of customers: their paths and mean spends. */
    private record Rows(TimeVaryingCovariates paths, double[] monetary) {}

    @Override
    public String toString() {
        return "TimeVaryingPredictionIntervals[" + model + ", " + draws.size() + " "
                + method.name().toLowerCase(java.util.Locale.ROOT) + " draws"
                + (spend != null ? " with spend draws" : "") + ", " + settings + "]";
    }
}
