package org.churnkit.model;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.churnkit.ChurnkitException;

/**
 * Prediction intervals of the score columns of a Pareto/NBD model with time-varying covariates
 * ({@link TimeVaryingCovariateModel}): the estimation uncertainty of each customer's P(alive),
 * expected transactions over the covariates' window and, when computed, DERT over that window and
 * the money columns, as {@link CovariatePredictionIntervals} gives it for static covariates. Each
 * draw is a whole model scored by {@link TimeVaryingCovariateModel#score}; the interval of a column
 * at level {@code c} runs between its quantiles over the draws at {@code (1 - c)/2} and
 * {@code (1 + c)/2} (type 7, the code of {@link PredictionIntervals}).
 *
 * <p>{@link #asymptoticDraws} draws from the asymptotic normal of (log r, log alpha, log s, log
 * beta, coefficients) with the joint covariance recorded at fitting ({@link
 * TimeVaryingCovariateModel#covariance()}), by the same code and generator as {@link
 * CovariatePredictionIntervals#asymptoticDraws}. The bootstrap is not implemented for these models.
 * Without {@link #withSpendDraws} the spend model is held at its estimate.
 *
 * <p>Memory: every draw's scores are held until the quantiles are taken, about {@code customers x
 * draws x columns} doubles (5,000 customers, 200 draws and 4 columns: 32 MB). Draws are scored in
 * parallel on the settings' executor; the result is the same to the bit on any executor. A customer
 * that cannot be scored at some draw is an error naming the customer and the draw.
 */
public final class TimeVaryingPredictionIntervals {
    private final TimeVaryingCovariateModel model;
    private final List<TimeVaryingCovariateModel> draws;
    private final ScoringSettings settings;
    private final SpendModel[] spend;

    private TimeVaryingPredictionIntervals(TimeVaryingCovariateModel model, List<TimeVaryingCovariateModel> draws,
                                           ScoringSettings settings, SpendModel[] spend) {
        this.model = model;
        this.draws = draws;
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
        Objects.requireNonNull(model, "model");
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
        return new TimeVaryingPredictionIntervals(model, d, settings, null);
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
        return new TimeVaryingPredictionIntervals(model, draws, settings, sm);
    }

    /**
     * Every score column with its interval, and the interval of the total expected transactions.
     *
     * @param d the customers' paths, with a window of at least the horizons
     * @param monetary each row's mean spend per repeat purchase, with a spend model; else may be null
     * @param level the level, in (0, 1)
     * @return the point scores and their intervals (method {@link ParameterDraws.Method#ASYMPTOTIC})
     * @throws ChurnkitException naming the customer and the draw when a score cannot be computed
     * @throws IllegalArgumentException when the level is outside (0, 1), or as {@link
     *     TimeVaryingCovariateModel#score}
     */
    public ScoreIntervals score(TimeVaryingCovariates d, double[] monetary, double level) {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("the interval level must lie in (0, 1), got " + level);
        }
        Scores point = model.score(d, settings, monetary);
        List<ScoreColumn> cols = point.columns();
        int nd = draws.size();
        int n = d.size();
        Scores[] byDraw = new Scores[nd];
        Scoring.chunks(nd, 1, settings.executorOrNull(), (k0, k1) -> {
            for (int k = k0; k < k1; k++) {
                ScoringSettings sk = spend != null ? settings.withSpendModel(spend[k]) : settings;
                try {
                    byDraw[k] = draws.get(k).score(d, sk, monetary);
                } catch (ChurnkitException e) {
                    throw new ChurnkitException("at parameter draw " + k + " " + draws.get(k) + ": " + e.getMessage(), e);
                }
            }
        });
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
        double[] totals = new double[nd];
        for (int k = 0; k < nd; k++) {
            double t = 0;
            for (double v : byDraw[k].expectedTransactions()) {
                t += v;
            }
            totals[k] = t;
        }
        double estimate = 0;
        for (double v : point.expectedTransactions()) {
            estimate += v;
        }
        ScoreIntervals.Band total = new ScoreIntervals.Band(estimate, PredictionIntervals.quantile(totals, 0, nd, pl),
                PredictionIntervals.quantile(totals, 0, nd, pu));
        return new ScoreIntervals(point, lower, upper, level, ParameterDraws.Method.ASYMPTOTIC, nd, total);
    }

    @Override
    public String toString() {
        return "TimeVaryingPredictionIntervals[" + model + ", " + draws.size() + " asymptotic draws"
                + (spend != null ? " with spend draws" : "") + ", " + settings + "]";
    }
}
