package org.churnkit.contractual;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.AliasMethodDiscreteSampler;
import org.apache.commons.rng.sampling.distribution.SharedStateDiscreteSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.churnkit.ChurnkitException;
import org.churnkit.model.FitFinding;
import org.churnkit.model.ModelFitter;
import org.churnkit.model.ParameterDraws;
import org.churnkit.model.PredictionIntervals;
import org.churnkit.model.ScoreIntervals;

/**
 * Prediction intervals of the contractual scores ({@link SubscriberScoring}: {@code p_renewal},
 * {@code expected_periods}, {@code derl} and with it {@code residual_value}) and of the expected
 * survivors of the scored subscribers per future period, from draws of a fit's parameters: the
 * uncertainty of each expected value that comes from estimating the parameters (estimation
 * uncertainty), for the sBG and the BdW, plain, per cohort, with cohort effects or with
 * covariates. The spread of what a subscriber will actually do is {@link RenewalDistribution}
 * (columns {@code renewals_predictive_lower/upper}), returned alongside.
 *
 * <p>The draws are whole fitted vectors {@code u = (log gamma, log delta[, log c], coefficients)}
 * ({@link ContractualFit#covariance()}'s scale), each turned into a fit that is scored exactly as
 * the estimate is (the same {@link SubscriberScoring} code, so every column keeps its one
 * definition):
 * <ul>
 *   <li>{@link #asymptotic}: {@code u = u_hat + L z}, {@code L L'} the recorded covariance,
 *       {@code z} standard normal ({@link ParameterDraws#normalShifts}, the arithmetic of the
 *       transaction models' asymptotic draws), so the shapes stay positive;</li>
 *   <li>{@link #bootstrap}: refits on subscribers resampled with replacement (within each cohort
 *       for a fit with cohort effects, so every cohort keeps its size), each one L-BFGS run
 *       warm-started at the estimate; the conventions of {@link org.churnkit.model.Bootstrap}: one
 *       seed per refit drawn up front, refits in parallel yet identical to the bit whatever the
 *       scheduling, refits that do not converge or run to the boundary where the estimate did not
 *       ({@link ContractualFitter}'s diagnosis from the shapes) counted in {@link #failures()} and
 *       left out of the draws.</li>
 * </ul>
 * An interval at level {@code c} runs between the quantiles of a column over the draws at
 * {@code (1 - c)/2} and {@code (1 + c)/2} (type 7; refits of a bootstrap at the ranks
 * {@code (B + 1)(1 -+ c)/2} of {@link ParameterDraws.Method#BOOTSTRAP}; {@link
 * PredictionIntervals#interval(double[], double, ParameterDraws.Method)}); columns
 * are named {@code c_lower}/{@code c_upper} ({@link ScoreIntervals#lowerColumn(String)}). A
 * subscriber's scores depend on their tenure and model (cohort or covariates) only, so each
 * distinct pair is scored once per draw: memory and time grow with the distinct pairs and the
 * draws, not with the subscribers. Immutable and thread-safe; a value that cannot be computed at
 * some draw is an error naming the subscriber and the draw.
 */
public final class SubscriberIntervals {
    private final ContractualFit fit;
    private final ParameterDraws.Method method;
    private final List<ContractualFit> draws;
    private final int requested;
    private final List<String> failures;

    private SubscriberIntervals(ContractualFit fit, ParameterDraws.Method method, List<ContractualFit> draws,
                                int requested, List<String> failures) {
        this.fit = fit;
        this.method = method;
        this.draws = List.copyOf(draws);
        this.requested = requested;
        this.failures = List.copyOf(failures);
    }

    /**
     * Draws from the asymptotic normal of the fitted vector, with a seeded generator
     * (XoRoShiRo128++ from Commons RNG, as the transaction models' {@code score --intervals}).
     *
     * @param fit a fit that records its covariance
     * @param count number of draws, at least 1
     * @param seed the seed: the same seed gives the same draws to the bit
     * @return the intervals' engine
     * @throws ChurnkitException saying to refit when the fit records no covariance
     */
    public static SubscriberIntervals asymptotic(ContractualFit fit, int count, long seed) {
        return asymptotic(fit, count, RandomSource.XO_RO_SHI_RO_128_PP.create(seed));
    }

    /**
     * Draws from the asymptotic normal of the fitted vector with the given generator.
     *
     * @param fit a fit that records its covariance
     * @param count number of draws, at least 1
     * @param rng the random source (consumed; the same state gives the same draws)
     * @return the intervals' engine
     * @throws ChurnkitException saying to refit when the fit records no covariance or it is not
     *     positive definite, or naming the draw whose shapes are not finite
     * @throws IllegalArgumentException when {@code count < 1}
     */
    public static SubscriberIntervals asymptotic(ContractualFit fit, int count, UniformRandomProvider rng) {
        Objects.requireNonNull(fit, "fit");
        Objects.requireNonNull(rng, "rng");
        if (count < 1) {
            throw new IllegalArgumentException("the number of draws must be at least 1, got " + count);
        }
        double[][] cov = fit.covariance();
        if (cov == null) {
            throw new ChurnkitException("the " + fit.kind().displayName() + " fit records no covariance of its "
                    + "estimates (a model file without \"fitted_covariance\", or a fit whose Hessian was not negative "
                    + "definite), so asymptotic intervals cannot be drawn from it: refit it with 'churnkit fit', which "
                    + "records it, or use a bootstrap");
        }
        double[][] shifts;
        try {
            shifts = ParameterDraws.normalShifts(cov, count, rng);
        } catch (IllegalArgumentException e) {
            throw new ChurnkitException("the " + fit.kind().displayName() + " fit's recorded covariance is not "
                    + "positive definite, so asymptotic intervals cannot be drawn from it: refit it with 'churnkit fit'",
                    e);
        }
        double[] u0 = fit.fittedVector();
        List<ContractualFit> out = new ArrayList<>(count);
        for (int d = 0; d < count; d++) {
            double[] u = u0.clone();
            for (int i = 0; i < u.length; i++) {
                u[i] += shifts[d][i];
            }
            try {
                out.add(fit.atFittedVector(u));
            } catch (IllegalArgumentException e) {
                throw new ChurnkitException("draw " + d + " of the " + fit.kind().displayName() + " parameters is "
                        + "invalid: " + e.getMessage(), e);
            }
        }
        return new SubscriberIntervals(fit, ParameterDraws.Method.ASYMPTOTIC, out, count, List.of());
    }

    /**
     * The bootstrap of a fit with a seeded generator (XoRoShiRo128++), default optimiser settings.
     *
     * @param fit the full-data fit
     * @param data the subscribers it was fitted on (with its covariates, or cohort indicators, if
     *     it has them)
     * @param refits number of resamples, at least 1
     * @param seed the seed: the same seed gives the same draws to the bit
     * @return the intervals' engine
     * @throws ChurnkitException when every refit failed
     */
    public static SubscriberIntervals bootstrap(ContractualFit fit, SubscriberHistories data, int refits, long seed) {
        return bootstrap(fit, data, refits, ModelFitter.Settings.defaults(),
                RandomSource.XO_RO_SHI_RO_128_PP.create(seed));
    }

    /**
     * The nonparametric bootstrap of a fit (see the class description): {@code refits} refits on
     * the subscribers resampled with replacement, as many as there are (within each cohort for a
     * fit with cohort effects, a cohort being a distinct vector of its {@code cohort=} indicators).
     * The data need not be those of the fit (this is not checked), but must carry its covariates.
     *
     * @param fit the full-data fit
     * @param data the subscribers
     * @param refits number of resamples, at least 1
     * @param settings the optimiser's gradient tolerance and iteration limit (starts are not used:
     *     every refit starts at the estimate)
     * @param rng the random source (consumed: {@code refits} longs are drawn from it)
     * @return the intervals' engine
     * @throws IllegalArgumentException when {@code refits < 1} or the data lack the fit's covariates
     * @throws ChurnkitException when there are no subscribers or every refit failed
     */
    public static SubscriberIntervals bootstrap(ContractualFit fit, SubscriberHistories data, int refits,
                                                ModelFitter.Settings settings, UniformRandomProvider rng) {
        Objects.requireNonNull(fit, "fit");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(rng, "rng");
        if (refits < 1) {
            throw new IllegalArgumentException("the number of refits must be at least 1, got " + refits);
        }
        List<String> covs = fit.covariateNames();
        if (!covs.isEmpty() && !data.covariateNames().equals(covs)) {
            throw new IllegalArgumentException("the fit's covariates are " + covs + ", the subscribers' "
                    + data.covariateNames());
        }
        SubscriberHistories rows = covs.isEmpty() ? data.withoutCovariates() : data;
        if (rows.rows() == 0 || !(rows.subscribers() > 0)) {
            throw new ChurnkitException("cannot bootstrap the " + fit.kind().displayName() + ": no subscribers");
        }
        ContractualLikelihood lik = new ContractualLikelihood(fit.kind(), rows, fit.covariateTarget());
        if (!lik.names().equals(fit.parameterNames())) {
            throw new IllegalArgumentException("the subscribers give parameters " + lik.names() + ", the fit has "
                    + fit.parameterNames());
        }
        // strata: the cohorts of a fit with cohort effects, else all subscribers
        boolean byCohort = !covs.isEmpty() && covs.stream().allMatch(n -> n.startsWith("cohort="));
        Map<List<Double>, List<Integer>> strata = new LinkedHashMap<>();
        int k = covs.size();
        for (int r = 0; r < rows.rows(); r++) {
            List<Double> key = new ArrayList<>(byCohort ? k : 0);
            for (int j = 0; byCohort && j < k; j++) {
                key.add(rows.covariate(r, j));
            }
            strata.computeIfAbsent(key, x -> new ArrayList<>()).add(r);
        }
        int ns = strata.size();
        int[][] members = new int[ns][];
        long[] sizes = new long[ns];
        SharedStateDiscreteSampler[] protos = new SharedStateDiscreteSampler[ns];
        int s = 0;
        for (List<Integer> m : strata.values()) {
            members[s] = m.stream().mapToInt(Integer::intValue).toArray();
            double[] w = new double[members[s].length];
            double total = 0;
            for (int i = 0; i < w.length; i++) {
                w[i] = rows.count(members[s][i]);
                total += w[i];
            }
            sizes[s] = Math.round(total);
            protos[s] = AliasMethodDiscreteSampler.of(RandomSource.XO_RO_SHI_RO_128_PP.create(0L), w);
            s++;
        }
        ContractualFitter fitter = ContractualFitter.of(settings);
        double[] u0 = fit.fittedVector();
        // refits are screened for the boundary only when the estimate lies inside (Bootstrap's rule)
        boolean screen = ContractualFitter.boundaryFindings(fit.kind(), fit.model().parameterArray()).isEmpty();
        long[] seeds = new long[refits];
        for (int b = 0; b < refits; b++) {
            seeds[b] = rng.nextLong();
        }
        ContractualFit[] params = new ContractualFit[refits];
        String[] errors = new String[refits];
        IntStream.range(0, refits).parallel().forEach(b -> {
            UniformRandomProvider r = RandomSource.XO_RO_SHI_RO_128_PP.create(seeds[b]);
            double[] counts = new double[rows.rows()];
            for (int t = 0; t < ns; t++) {
                SharedStateDiscreteSampler sampler = protos[t].withUniformRandomProvider(r);
                for (long c = 0; c < sizes[t]; c++) {
                    counts[members[t][sampler.sample()]]++;
                }
            }
            try {
                String[] why = new String[1];
                double[] u = fitter.refit(lik.on(resample(rows, counts)), u0, why);
                if (u == null) {
                    errors[b] = "refit " + b + " " + why[0];
                    return;
                }
                ContractualFit f = fit.atFittedVector(u);
                List<FitFinding> boundary = screen
                        ? ContractualFitter.boundaryFindings(fit.kind(), f.model().parameterArray()) : List.of();
                if (!boundary.isEmpty()) {
                    errors[b] = "refit " + b + " ran to the boundary: " + boundary.get(0).message();
                } else {
                    params[b] = f;
                }
            } catch (ChurnkitException | IllegalArgumentException e) {
                errors[b] = "refit " + b + " failed: " + e.getMessage();
            }
        });
        List<ContractualFit> ok = new ArrayList<>(refits);
        List<String> failed = new ArrayList<>();
        for (int b = 0; b < refits; b++) {
            if (params[b] != null) {
                ok.add(params[b]);
            } else {
                failed.add(errors[b]);
            }
        }
        if (ok.isEmpty()) {
            throw new ChurnkitException("bootstrap of the " + fit.kind().displayName() + ": all " + refits
                    + " refits failed; the first: " + failed.get(0));
        }
        return new SubscriberIntervals(fit, ParameterDraws.Method.BOOTSTRAP, ok, refits, failed);
    }

    /** The rows reweighted by how often the draws landed on each (rows never drawn left out). */
    private static SubscriberHistories resample(SubscriberHistories rows, double[] counts) {
        int n = rows.rows();
        int[] p = new int[n];
        boolean[] c = new boolean[n];
        for (int i = 0; i < n; i++) {
            p[i] = rows.periods(i);
            c[i] = rows.cancelled(i);
        }
        if (!rows.hasCovariates()) {
            return SubscriberHistories.ofCounts(p, c, counts);
        }
        int k = rows.covariateNames().size();
        double[][] x = new double[n][k];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                x[i][j] = rows.covariate(i, j);
            }
        }
        return SubscriberHistories.ofCounts(p, c, counts, rows.covariateNames(), x);
    }

    /**
     * The fit the draws scatter around.
     *
     * @return the fit
     */
    public ContractualFit fit() {
        return fit;
    }

    /**
     * How the draws were made.
     *
     * @return asymptotic or bootstrap
     */
    public ParameterDraws.Method method() {
        return method;
    }

    /**
     * The drawn fits (parameter draws or converged refits), in draw order.
     *
     * @return the draws
     */
    public List<ContractualFit> draws() {
        return draws;
    }

    /**
     * Draws (or refits) asked for.
     *
     * @return the count
     */
    public int requested() {
        return requested;
    }

    /**
     * Why each refit not among the draws failed, in refit order (empty for asymptotic draws).
     *
     * @return the messages
     */
    public List<String> failures() {
        return failures;
    }

    /**
     * Intervals of every parameter at {@code level}: quantiles of each natural-scale estimate
     * ({@link ContractualFit#estimates()}: shapes, then coefficients) over the draws. Rows are
     * parameters, columns {lower, upper}.
     *
     * @param level the level, in (0, 1)
     * @return {lower, upper} per parameter
     */
    public double[][] parameterIntervals(double level) {
        int k = fit.parameterNames().size();
        int nd = draws.size();
        double[][] all = new double[k][nd];
        for (int d = 0; d < nd; d++) {
            double[] e = draws.get(d).estimates();
            for (int i = 0; i < k; i++) {
                all[i][d] = e[i];
            }
        }
        double[][] out = new double[k][];
        for (int i = 0; i < k; i++) {
            out[i] = PredictionIntervals.interval(all[i], level, method);
        }
        return out;
    }

    /**
     * The scores of active subscribers with their intervals, their predictive ranges and the
     * expected survivors per future period with theirs.
     *
     * @param ids the subscribers' ids
     * @param tenure each subscriber's current period, {@code >= 1}
     * @param cohorts each subscriber's cohort label, needed for a fit with cohort effects (a
     *     cohort without an effect of its own is the baseline); else optional ({@code null}), and
     *     when given the subscribers are scored cohort by cohort, as a command line does, which
     *     can change the last bits of DERL (its recursion runs from a group's longest tenure)
     * @param covariates the subscribers' covariates, needed for a fit with subscriber covariates,
     *     else ignored; may be {@code null}
     * @param rate the discount rate per period
     * @param horizon the periods ahead {@code expected_periods}, the predictive range and the
     *     survivors count, {@code >= 1}
     * @param level the level, in (0, 1)
     * @return the scores, intervals and survivors
     * @throws IllegalArgumentException for a level outside (0, 1), a horizon below 1, arrays of
     *     different lengths, or missing cohorts or covariates the fit needs
     * @throws ChurnkitException naming the subscriber (and the draw) whose score cannot be computed
     */
    public Result score(String[] ids, int[] tenure, String[] cohorts, SubscriberCovariates covariates,
                        DiscountRate rate, int horizon, double level) {
        Objects.requireNonNull(rate, "rate");
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("the interval level must lie in (0, 1), got " + level);
        }
        if (horizon < 1) {
            throw new IllegalArgumentException("intervals need a horizon of at least 1 period, got " + horizon);
        }
        if (ids.length != tenure.length || (cohorts != null && cohorts.length != ids.length)) {
            throw new IllegalArgumentException("ids, tenure and cohorts must have one length");
        }
        Groups g = Groups.of(fit, ids, tenure, cohorts, covariates);
        int nk = g.keys();
        Values point = g.values(fit, rate, horizon, "");
        int nd = draws.size();
        Values[] at = new Values[nd];
        String[] errors = new String[nd];
        IntStream.range(0, nd).parallel().forEach(d -> {
            try {
                at[d] = g.values(draws.get(d), rate, horizon, "at parameter draw " + d + ": ");
            } catch (ChurnkitException | IllegalArgumentException e) {
                errors[d] = e.getMessage();
            }
        });
        for (int d = 0; d < nd; d++) {
            if (errors[d] != null) {
                throw new ChurnkitException(errors[d]);
            }
        }
        double[][] lo = new double[3][nk];
        double[][] hi = new double[3][nk];
        double[] col = new double[nd];
        for (int c = 0; c < 3; c++) {
            for (int key = 0; key < nk; key++) {
                for (int d = 0; d < nd; d++) {
                    col[d] = at[d].columns[c][key];
                }
                double[] band = PredictionIntervals.interval(col, level, method);
                lo[c][key] = band[0];
                hi[c][key] = band[1];
            }
        }
        ScoreIntervals.Band[] survivors = new ScoreIntervals.Band[horizon];
        for (int k = 0; k < horizon; k++) {
            for (int d = 0; d < nd; d++) {
                col[d] = at[d].survivors[k];
            }
            double[] band = PredictionIntervals.interval(col, level, method);
            survivors[k] = new ScoreIntervals.Band(point.survivors[k], band[0], band[1]);
        }
        int[][] pred = new int[2][];
        pred[0] = new int[nk];
        pred[1] = new int[nk];
        for (int key = 0; key < nk; key++) {
            int[] r = RenewalDistribution.of(g.model(fit, g.groupOf[key], ids[g.first[key]]), horizon)
                    .interval(g.tenureOf[key], level);
            pred[0][key] = r[0];
            pred[1][key] = r[1];
        }
        int n = ids.length;
        return new Result(g.spread(point.columns), g.spread(lo), g.spread(hi), g.spread(pred[0]), g.spread(pred[1]),
                survivors, level, method, nd, n);
    }

    /**
     * Scores with intervals, in the subscribers' order (arrays handed over, not copied).
     *
     * @param point the scores at the estimate ({@link SubscriberScoring}'s values exactly)
     * @param lower the lower ends of each column
     * @param upper the upper ends of each column
     * @param renewalsLower lower end of the predictive range of further periods paid ({@link RenewalDistribution})
     * @param renewalsUpper upper end of that range
     * @param survivors for {@code k = 1..H} (index {@code k - 1}): the expected number of these
     *     subscribers still subscribed after {@code k} more renewal decisions,
     *     {@code sum_i S_i(n_i - 1 + k) / S_i(n_i - 1)}, at the estimate with its interval (the
     *     quantiles of the sum over the draws, not the sum of per-subscriber ends); their sum is
     *     the total {@code expected_periods}
     * @param level the level
     * @param method how the draws were made
     * @param draws the number of draws the intervals were taken over
     * @param subscribers the number of subscribers scored
     */
    public record Result(SubscriberScoring.Result point, SubscriberScoring.Result lower,
                         SubscriberScoring.Result upper, int[] renewalsLower, int[] renewalsUpper,
                         ScoreIntervals.Band[] survivors, double level, ParameterDraws.Method method, int draws,
                         int subscribers) {

        /**
         * The interval of the residual value {@code margin x price x DERL}: linear in DERL, so
         * its ends are DERL's scaled (swapped where {@code margin x price} is negative).
         *
         * @param ids the subscribers' ids, for messages
         * @param margin the margin, a share of the price
         * @param price per subscriber the price per period
         * @return {lower[], upper[]}
         * @throws ChurnkitException naming the first subscriber whose price is not finite
         */
        public double[][] residualValue(String[] ids, double margin, double[] price) {
            return residualValueEnds(ids, lower.derl(), upper.derl(), margin, price);
        }
    }

    /**
     * The ends of the residual value {@code margin x price x DERL} from DERL's: linear in DERL,
     * so they are DERL's ends scaled, swapped where {@code margin x price} is negative (the
     * quantiles of the scaled draws, to rounding).
     *
     * @param ids the subscribers' ids, for messages
     * @param derlLower per subscriber the lower end of DERL
     * @param derlUpper per subscriber the upper end of DERL
     * @param margin the margin, a share of the price
     * @param price per subscriber the price per period
     * @return {lower[], upper[]}
     * @throws ChurnkitException naming the first subscriber whose price is not finite
     */
    public static double[][] residualValueEnds(String[] ids, double[] derlLower, double[] derlUpper, double margin,
                                               double[] price) {
        double[] a = SubscriberScoring.residualValue(ids, derlLower, margin, price);
        double[] b = SubscriberScoring.residualValue(ids, derlUpper, margin, price);
        for (int i = 0; i < a.length; i++) {
            if (a[i] > b[i]) {
                double t = a[i];
                a[i] = b[i];
                b[i] = t;
            }
        }
        return new double[][] {a, b};
    }

    /** What one fit gives per distinct (group, tenure): p_renewal, expected_periods, derl; and the survivors sums. */
    private record Values(double[][] columns, double[] survivors) {
    }

    /**
     * The subscribers grouped by model (cohort or covariates) and, within a group, by tenure: each
     * distinct pair (a key) is scored once per fit.
     */
    private static final class Groups {
        /** Per group: its cohort label or covariate values (one of them). */
        final String[] label;
        final double[][] x;
        final int kind; // 0 plain, 1 cohort effects, 2 covariates
        /** Per group: its keys, tenures ascending. */
        final int[][] keysOf;
        /** Per key: group, tenure, first subscriber, subscribers. */
        final int[] groupOf;
        final int[] tenureOf;
        final int[] first;
        final double[] weight;
        /** Per subscriber: key, and id. */
        final int[] keyOf;
        final String[] ids;

        private Groups(String[] ids, String[] label, double[][] x, int kind, int[][] keysOf, int[] groupOf, int[] tenureOf,
                       int[] first, double[] weight, int[] keyOf) {
            this.label = label;
            this.x = x;
            this.kind = kind;
            this.keysOf = keysOf;
            this.groupOf = groupOf;
            this.tenureOf = tenureOf;
            this.first = first;
            this.weight = weight;
            this.keyOf = keyOf;
            this.ids = ids;
        }

        static Groups of(ContractualFit fit, String[] ids, int[] tenure, String[] cohorts,
                         SubscriberCovariates covariates) {
            List<String> names = fit.covariateNames();
            int kind = names.isEmpty() ? 0 : names.stream().allMatch(c -> c.startsWith("cohort=")) ? 1 : 2;
            if (kind == 1 && cohorts == null) {
                throw new IllegalArgumentException("a fit with cohort effects needs each subscriber's cohort");
            }
            if (kind == 2 && (covariates == null || !covariates.names().equals(names))) {
                throw new IllegalArgumentException("the fit's covariates are " + names + ", given "
                        + (covariates == null ? "none" : covariates.names()));
            }
            int n = ids.length;
            Map<Object, Integer> group = new LinkedHashMap<>();
            List<String> labels = new ArrayList<>();
            List<double[]> xs = new ArrayList<>();
            int[] groupOfSub = new int[n];
            for (int i = 0; i < n; i++) {
                if (tenure[i] < 1) {
                    throw new ChurnkitException("subscriber '" + ids[i] + "': tenure " + tenure[i] + ", expected >= 1");
                }
                // a group: one cohort (when given) and one covariate vector, as the plain scores are
                // computed cohort by cohort (DERL's recursion runs from a group's longest tenure)
                List<Object> key = new ArrayList<>(2);
                key.add(cohorts != null ? cohorts[i] : "");
                double[] xi = null;
                if (kind == 2) {
                    xi = covariates.row(ids[i]);
                    List<Double> l = new ArrayList<>(xi.length);
                    for (double v : xi) {
                        l.add(v);
                    }
                    key.add(l);
                }
                Integer gi = group.get(key);
                if (gi == null) {
                    gi = group.size();
                    group.put(key, gi);
                    labels.add(cohorts != null ? cohorts[i] : null);
                    xs.add(xi);
                }
                groupOfSub[i] = gi;
            }
            int ng = group.size();
            // keys: (group, tenure) in group order, tenures ascending
            long[] pairs = new long[n];
            for (int i = 0; i < n; i++) {
                pairs[i] = ((long) groupOfSub[i] << 32) | tenure[i];
            }
            long[] distinct = pairs.clone();
            Arrays.sort(distinct);
            int nk = 0;
            for (int i = 0; i < n; i++) {
                if (nk == 0 || distinct[nk - 1] != distinct[i]) {
                    distinct[nk++] = distinct[i];
                }
            }
            int[] groupOf = new int[nk];
            int[] tenureOf = new int[nk];
            int[] first = new int[nk];
            double[] weight = new double[nk];
            Arrays.fill(first, -1);
            int[] count = new int[ng];
            for (int key = 0; key < nk; key++) {
                groupOf[key] = (int) (distinct[key] >>> 32);
                tenureOf[key] = (int) (distinct[key] & 0xffffffffL);
                count[groupOf[key]]++;
            }
            int[][] keysOf = new int[ng][];
            int[] fill = new int[ng];
            for (int gi = 0; gi < ng; gi++) {
                keysOf[gi] = new int[count[gi]];
            }
            for (int key = 0; key < nk; key++) {
                keysOf[groupOf[key]][fill[groupOf[key]]++] = key;
            }
            int[] keyOf = new int[n];
            for (int i = 0; i < n; i++) {
                int key = Arrays.binarySearch(distinct, 0, nk, pairs[i]);
                keyOf[i] = key;
                weight[key]++;
                if (first[key] < 0) {
                    first[key] = i;
                }
            }
            return new Groups(ids, labels.toArray(String[]::new), xs.toArray(double[][]::new), kind, keysOf, groupOf,
                    tenureOf, first, weight, keyOf);
        }

        int keys() {
            return groupOf.length;
        }

        /** The model of group {@code g} under fit {@code f}, as the point scores take it. */
        ContractualModel model(ContractualFit f, int g, String id) {
            try {
                return switch (kind) {
                    case 1 -> ContractualFitter.cohortModel(f, label[g]);
                    case 2 -> f.modelFor(x[g]);
                    default -> f.model();
                };
            } catch (IllegalArgumentException e) {
                throw new ChurnkitException("subscriber '" + id + "': " + e.getMessage(), e);
            }
        }

        /** The three score columns per key and the survivors sums of fit {@code f}. */
        Values values(ContractualFit f, DiscountRate rate, int horizon, String where) {
            int nk = keys();
            double[][] cols = new double[3][nk];
            double[] survivors = new double[horizon];
            double[] total = new double[horizon];
            for (int g = 0; g < keysOf.length; g++) {
                int[] ks = keysOf[g];
                String[] kid = new String[ks.length];
                int[] kt = new int[ks.length];
                for (int j = 0; j < ks.length; j++) {
                    kid[j] = idOf(ks[j]);
                    kt[j] = tenureOf[ks[j]];
                }
                ContractualModel m = model(f, g, kid[0]);
                SubscriberScoring.Result r;
                try {
                    r = SubscriberScoring.of(m, rate, horizon).score(kid, kt);
                } catch (ChurnkitException e) {
                    throw new ChurnkitException(where + e.getMessage(), e);
                }
                RenewalDistribution rd = RenewalDistribution.of(m, horizon);
                for (int j = 0; j < ks.length; j++) {
                    cols[0][ks[j]] = r.pRenewal()[j];
                    cols[1][ks[j]] = r.expectedPeriods()[j];
                    cols[2][ks[j]] = r.derl()[j];
                    double[] a = rd.survival(kt[j]);
                    for (int k = 0; k < horizon; k++) {
                        total[k] += weight[ks[j]] * a[k + 1];
                    }
                }
            }
            for (int k = 0; k < horizon; k++) {
                if (!Double.isFinite(total[k])) {
                    throw new ChurnkitException(where + "the expected survivors after " + (k + 1) + " periods are "
                            + total[k]);
                }
                survivors[k] = total[k];
            }
            return new Values(cols, survivors);
        }

        String idOf(int key) {
            return ids[first[key]];
        }

        /** Per subscriber from per key. */
        SubscriberScoring.Result spread(double[][] cols) {
            int n = keyOf.length;
            double[][] out = new double[3][n];
            for (int c = 0; c < 3; c++) {
                for (int i = 0; i < n; i++) {
                    out[c][i] = cols[c][keyOf[i]];
                }
            }
            return new SubscriberScoring.Result(out[0], out[1], out[2]);
        }

        int[] spread(int[] perKey) {
            int[] out = new int[keyOf.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = perKey[keyOf[i]];
            }
            return out;
        }
    }

    @Override
    public String toString() {
        return "SubscriberIntervals[" + fit.kind().displayName() + ", " + draws.size() + " of " + requested + " "
                + method.name().toLowerCase(java.util.Locale.ROOT) + " draws]";
    }
}
