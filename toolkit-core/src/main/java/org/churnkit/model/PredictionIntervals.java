package org.churnkit.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.churnkit.ChurnkitException;

/**
 * Prediction intervals of every score column and of the aggregate forecasts, from draws of the
 * parameters: the uncertainty of the expected values that comes from estimating the parameters
 * (estimation uncertainty). For each draw the customers are scored by {@link Scoring} itself with the
 * model (and, with spend draws, the Gamma-Gamma model) of that draw, so every column keeps its one
 * definition; the interval of a column at level {@code c} runs between its quantiles over the draws
 * at {@code (1 - c)/2} and {@code (1 + c)/2} (linear interpolation between order statistics,
 * Hyndman and Fan type 7). With {@link ParameterDraws#asymptotic} draws this propagates the
 * asymptotic normal of the log-parameters; with {@link ParameterDraws.Method#BOOTSTRAP} draws it is a
 * percentile bootstrap. {@link ScoreIntervals#method()} says which.
 *
 * <p>What it is not: the range of what a customer will actually buy. A customer whose expected
 * purchases lie in [0.71, 0.78] with 90 % confidence still buys 0, 1 or 2 times; that spread is
 * {@link PredictiveDistribution} (columns {@code transactions_predictive_lower/upper}).
 *
 * <p>Without spend draws the spend model is held at its estimate, so {@code expected_spend} has a
 * zero-width interval and the money columns carry only the transaction model's uncertainty; give
 * {@link #withSpendDraws} to include the spend model's (its draws are paired with the transaction
 * model's by index).
 *
 * <p>Cost: identical customers are scored once; the rows are cut into chunks that run on the
 * settings' executor, and each chunk scores its rows at every draw before taking the quantiles, so
 * memory stays at one chunk times the draws per thread. Reproducible to the bit: the same draws
 * give the same intervals on any executor. A customer that cannot be scored at some draw is an
 * error naming the customer and the draw.
 */
public final class PredictionIntervals {
    private static final int CHUNK = 1024;

    private final TransactionModel model;
    private final ParameterDraws draws;
    private final ParameterDraws spendDraws;
    private final ScoringSettings settings;

    private PredictionIntervals(TransactionModel model, ParameterDraws draws, ParameterDraws spendDraws,
                                ScoringSettings settings) {
        this.model = model;
        this.draws = draws;
        this.spendDraws = spendDraws;
        this.settings = settings;
    }

    /**
     * Intervals of the scores of {@code model} from draws of its parameters.
     *
     * @param model the fitted transaction model (Pareto/NBD, BG/NBD, MBG/NBD or BG/BB): the point scores
     * @param draws draws of its parameters, in {@link ModelKind#parameterNames()} order
     * @param settings what to score, as for {@link Scoring}
     * @return the engine
     * @throws IllegalArgumentException when the draws have another number of parameters than the model
     */
    public static PredictionIntervals of(TransactionModel model, ParameterDraws draws, ScoringSettings settings) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(draws, "draws");
        Objects.requireNonNull(settings, "settings");
        if (model.kind().isBaseline() || model.kind().isSpendModel()) {
            throw new IllegalArgumentException("prediction intervals need a fitted transaction model, not "
                    + model.kind().id());
        }
        if (draws.estimate().length != model.parameterArray().length) {
            throw new IllegalArgumentException("the draws have " + draws.estimate().length + " parameters; "
                    + model.kind().id() + " has " + model.parameterArray().length);
        }
        return new PredictionIntervals(model, draws, null, settings);
    }

    /**
     * Adds draws of the spend model's parameters ({@code p, q, gamma}), paired with the transaction
     * model's draws by index.
     *
     * @param spend draws of the Gamma-Gamma parameters, as many as the transaction model's
     * @return a copy that carries the spend model's uncertainty into expected_spend and the money columns
     * @throws IllegalArgumentException when the counts differ, a draw does not have three parameters
     *     or the settings have no spend model
     */
    public PredictionIntervals withSpendDraws(ParameterDraws spend) {
        Objects.requireNonNull(spend, "spend");
        if (settings.spendOrNull() == null) {
            throw new IllegalArgumentException("spend draws need settings with a spend model");
        }
        if (spend.count() != draws.count()) {
            throw new IllegalArgumentException(spend.count() + " spend draws for " + draws.count()
                    + " transaction-model draws: they are paired by index, give as many");
        }
        if (spend.estimate().length != ModelKind.GAMMA_GAMMA.parameterNames().size()) {
            throw new IllegalArgumentException("spend draws must have the 3 Gamma-Gamma parameters (p, q, gamma)");
        }
        return new PredictionIntervals(model, draws, spend, settings);
    }

    /**
     * The covariance of the log-parameters of a fitted model, as read from a model file: the file's
     * {@code covariance} of the natural parameters {@code C} divided back by the delta method,
     * {@code Sigma_ij = C_ij / (theta_i theta_j)} (the fit computed {@code C} from {@code Sigma} this way).
     *
     * @param m a fitted model
     * @return the covariance of the log-parameters, {@code k x k}
     * @throws ChurnkitException saying to refit when the model records no covariance (a hand-written
     *     model file, a file from before covariances were recorded, or a fit whose Hessian was not
     *     negative definite)
     */
    public static double[][] logCovariance(FittedModel m) {
        double[] cov = m.fit().map(FitSummary::covariance).orElse(null);
        double[] theta = m.parameterArray();
        int k = theta.length;
        if (cov == null || cov.length != k * k) {
            throw new ChurnkitException("the " + m.kind().id() + " model records no covariance of its parameters "
                    + "(a hand-written or older model file, or a fit whose Hessian was not negative definite), so "
                    + "intervals cannot be drawn from it: refit it with 'churnkit fit' (which records the covariance "
                    + "and the interval method), or use a bootstrap");
        }
        double[][] s = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                s[i][j] = cov[i * k + j] / (theta[i] * theta[j]);
                if (!Double.isFinite(s[i][j])) {
                    throw new ChurnkitException("the " + m.kind().id() + " model's covariance has a non-finite entry ("
                            + i + ", " + j + "): refit it with 'churnkit fit'");
                }
            }
        }
        return s;
    }

    /**
     * Draws from the asymptotic normal of a fitted model's log-parameters, as recorded in its model
     * file ({@link #logCovariance}), with a seeded generator (XoRoShiRo128++ from Commons RNG): what
     * {@code churnkit score --intervals} uses. The same seed gives the same draws to the bit.
     *
     * @param m a fitted model
     * @param count number of draws, at least 1
     * @param seed the seed
     * @return the draws
     * @throws ChurnkitException saying to refit when the model records no covariance
     */
    public static ParameterDraws asymptoticDraws(FittedModel m, int count, long seed) {
        double[][] cov = logCovariance(m);
        try {
            return ParameterDraws.asymptotic(m.parameterArray(), cov, count,
                    org.apache.commons.rng.simple.RandomSource.XO_RO_SHI_RO_128_PP.create(seed));
        } catch (IllegalArgumentException e) {
            throw new ChurnkitException("cannot draw the parameters of the " + m.kind().id() + " model: "
                    + e.getMessage(), e);
        }
    }

    /**
     * The draws of the transaction model.
     *
     * @return the draws
     */
    public ParameterDraws draws() {
        return draws;
    }

    /**
     * Every score column with its interval, and the interval of the total expected transactions.
     *
     * @param h the customers' histories (with monetary values when the settings have a spend model)
     * @param level the level, in (0, 1), e.g. 0.9
     * @return the point scores and their intervals
     * @throws ChurnkitException naming the customer and the draw when a score cannot be computed
     * @throws IllegalArgumentException when the level is outside (0, 1) or a draw lies outside the
     *     models' domain ({@link ModelRegistry#create})
     */
    public ScoreIntervals score(Histories h, double level) {
        checkLevel(level);
        Scoring base = Scoring.of(model, settings);
        Scores point = base.score(h);
        List<ScoreColumn> cols = base.columns();
        int nc = cols.size();
        Scoring[] engines = engines();
        int nd = engines.length;
        Distinct d = Distinct.of(h, settings.spendOrNull() != null);
        Histories u = d.rows();
        int m = u.size();
        double[][] lo = new double[nc][m];
        double[][] hi = new double[nc][m];
        int chunks = (m + CHUNK - 1) / CHUNK;
        double[][] partial = new double[chunks][nd];
        double pl = (1 - level) / 2;
        double pu = (1 + level) / 2;
        Scoring.chunks(m, CHUNK, settings.executorOrNull(), (from, to) -> {
            int rows = to - from;
            Histories sub = d.slice(from, to);
            double[][] buf = new double[nc][rows * nd];
            double[] tot = partial[from / CHUNK];
            for (int k = 0; k < nd; k++) {
                Scores s;
                try {
                    s = engines[k].score(sub);
                } catch (ChurnkitException e) {
                    throw new ChurnkitException("at parameter draw " + k + " " + Arrays.toString(draws.draw(k)) + ": "
                            + e.getMessage(), e);
                }
                for (int c = 0; c < nc; c++) {
                    // draw-major: a draw's column is copied whole; the quantiles gather each row below
                    System.arraycopy(s.get(cols.get(c)), 0, buf[c], k * rows, rows);
                }
                double[] et = s.expectedTransactions();
                double sum = 0;
                for (int i = 0; i < rows; i++) {
                    sum += sub.weight(i) * et[i];
                }
                tot[k] = sum;
            }
            double[] pair = new double[2];
            double[] row = new double[nd];
            for (int c = 0; c < nc; c++) {
                double[] b = buf[c];
                for (int i = 0; i < rows; i++) {
                    // consecutive rows read neighbouring values of the same cache lines, one per draw
                    for (int k = 0; k < nd; k++) {
                        row[k] = b[k * rows + i];
                    }
                    quantiles(row, 0, nd, pl, pu, pair);
                    lo[c][from + i] = pair[0];
                    hi[c][from + i] = pair[1];
                }
            }
        });
        // The totals add the chunks in row order whatever order they ran in: the same to the bit.
        double[] totals = new double[nd];
        for (double[] p : partial) {
            for (int k = 0; k < nd; k++) {
                totals[k] += p[k];
            }
        }
        double estimate = 0;
        for (int i = 0; i < h.size(); i++) {
            estimate += h.weight(i) * point.expectedTransactions()[i];
        }
        Map<ScoreColumn, double[]> lower = new EnumMap<>(ScoreColumn.class);
        Map<ScoreColumn, double[]> upper = new EnumMap<>(ScoreColumn.class);
        for (int c = 0; c < nc; c++) {
            lower.put(cols.get(c), d.expand(lo[c]));
            upper.put(cols.get(c), d.expand(hi[c]));
        }
        ScoreIntervals.Band total = new ScoreIntervals.Band(estimate, quantile(totals, 0, nd, pl),
                quantile(totals, 0, nd, pu));
        return new ScoreIntervals(point, lower, upper, level, draws.method(), nd, total);
    }

    /**
     * The tracking curve with its interval: the cohort's predicted cumulative repeat transactions at
     * the ends of periods {@code start + 1, ..., start + periods}, {@code sum over customers of
     * E[X(u - birth)]} (customers not yet born count 0), as holdout validation computes it, at the
     * estimate and at every draw.
     *
     * @param birth each customer's first transaction, in the model's time unit
     * @param start the time the first period starts
     * @param periods number of periods, {@code >= 1}
     * @param level the level, in (0, 1)
     * @return the curve at the estimate and its band, one value per period
     * @throws IllegalArgumentException when the level or the periods are invalid, or a birth is not finite
     */
    public CurveBand tracking(double[] birth, double start, int periods, double level) {
        checkLevel(level);
        if (periods < 1 || !Double.isFinite(start)) {
            throw new IllegalArgumentException("need periods >= 1 and a finite start, got " + periods + ", " + start);
        }
        double[] b = birth.clone();
        Arrays.sort(b);
        if (b.length > 0 && !(Double.isFinite(b[0]) && Double.isFinite(b[b.length - 1]))) {
            throw new IllegalArgumentException("births must be finite");
        }
        double[] values = new double[b.length];
        double[] counts = new double[b.length];
        int nb = 0;
        for (int i = 0; i < b.length; i++) {
            if (nb > 0 && values[nb - 1] == b[i]) {
                counts[nb - 1]++;
            } else {
                values[nb] = b[i];
                counts[nb++] = 1;
            }
        }
        double[] time = new double[periods];
        for (int j = 0; j < periods; j++) {
            time[j] = start + (j + 1);
        }
        TransactionModel[] models = new TransactionModel[draws.count()];
        for (int k = 0; k < models.length; k++) {
            models[k] = (TransactionModel) ModelRegistry.create(model.kind(), draws.draw(k), null);
        }
        int nd = models.length;
        int distinct = nb;
        double[] estimate = curve(model, values, counts, distinct, time);
        double[][] byDraw = new double[nd][];
        Scoring.chunks(nd, 1, settings.executorOrNull(), (from, to) -> {
            for (int k = from; k < to; k++) {
                byDraw[k] = curve(models[k], values, counts, distinct, time);
            }
        });
        double[] lo = new double[periods];
        double[] hi = new double[periods];
        double[] col = new double[nd];
        for (int j = 0; j < periods; j++) {
            for (int k = 0; k < nd; k++) {
                col[k] = byDraw[k][j];
            }
            lo[j] = quantile(col, 0, nd, (1 - level) / 2);
            hi[j] = quantile(col, 0, nd, (1 + level) / 2);
        }
        return new CurveBand(time, estimate, lo, hi);
    }

    private static double[] curve(TransactionModel m, double[] values, double[] counts, int nb, double[] time) {
        double[] out = new double[time.length];
        for (int j = 0; j < time.length; j++) {
            double s = 0;
            for (int i = 0; i < nb && values[i] < time[j]; i++) {
                double v = m.expectedTransactions(time[j] - values[i]);
                if (!Double.isFinite(v)) {
                    throw new ChurnkitException("cannot compute E[X(" + (time[j] - values[i]) + ")] of " + m);
                }
                s += counts[i] * v;
            }
            out[j] = s;
        }
        return out;
    }

    /**
     * A curve with its band, one value per period.
     *
     * @param time the end of each period
     * @param estimate the curve at the estimate
     * @param lower the lower end at each period
     * @param upper the upper end at each period
     */
    public record CurveBand(double[] time, double[] estimate, double[] lower, double[] upper) {
    }

    private Scoring[] engines() {
        int nd = draws.count();
        Scoring[] engines = new Scoring[nd];
        // each chunk already runs on the executor: its scoring of a chunk at one draw stays on the calling thread
        ScoringSettings serial = settings.withExecutor(Runnable::run);
        for (int k = 0; k < nd; k++) {
            TransactionModel mk = (TransactionModel) ModelRegistry.create(model.kind(), draws.draw(k), null);
            ScoringSettings sk = spendDraws == null ? serial
                    : serial.withSpendModel((SpendModel) ModelRegistry.create(ModelKind.GAMMA_GAMMA, spendDraws.draw(k), null));
            engines[k] = Scoring.of(mk, sk);
        }
        return engines;
    }

    private static void checkLevel(double level) {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("the interval level must lie in (0, 1), got " + level);
        }
    }

    /**
     * The type-7 quantile at {@code p} of {@code a[from .. from + n)}, reordering that range: the
     * order statistics {@code floor(h)} and {@code floor(h) + 1} with {@code h = p (n - 1)}, by selection.
     */
    static double quantile(double[] a, int from, int n, double p) {
        double h = p * (n - 1);
        int k = (int) Math.floor(h);
        double frac = h - k;
        double vk = select(a, from, from + n - 1, from + k);
        if (frac == 0 || k + 1 >= n) {
            return vk;
        }
        // after selection everything right of position k is >= vk: the next order statistic is their minimum
        double next = Double.POSITIVE_INFINITY;
        for (int i = from + k + 1; i < from + n; i++) {
            next = Math.min(next, a[i]);
        }
        return vk + frac * (next - vk);
    }

    /**
     * The type-7 quantiles at {@code pl <= pu} of {@code a[from .. from + n)} into {@code out[0]} and
     * {@code out[1]}, the same values as two calls of {@link #quantile} at less cost: the lower
     * quantile is selected among the values left of the upper one's order statistic.
     */
    static void quantiles(double[] a, int from, int n, double pl, double pu, double[] out) {
        double hu = pu * (n - 1);
        int ku = (int) Math.floor(hu);
        double vu = select(a, from, from + n - 1, from + ku);
        double upper = vu;
        if (hu - ku != 0 && ku + 1 < n) {
            double next = Double.POSITIVE_INFINITY;
            for (int i = from + ku + 1; i < from + n; i++) {
                next = Math.min(next, a[i]);
            }
            upper = vu + (hu - ku) * (next - vu);
        }
        double hl = pl * (n - 1);
        int kl = (int) Math.floor(hl);
        if (kl >= ku) {
            out[0] = quantile(a, from, n, pl);
            out[1] = upper;
            return;
        }
        double vl = select(a, from, from + ku - 1, from + kl); // everything left of ku is <= vu
        double lower = vl;
        if (hl - kl != 0) {
            double next = vu; // the order statistic kl + 1 lies in (kl, ku]
            for (int i = from + kl + 1; i < from + ku; i++) {
                next = Math.min(next, a[i]);
            }
            lower = vl + (hl - kl) * (next - vl);
        }
        out[0] = lower;
        out[1] = upper;
    }

    /** Hoare's selection: places the k-th smallest of {@code a[lo..hi]} at {@code k}, smaller ones left of it. */
    private static double select(double[] a, int lo, int hi, int k) {
        while (hi > lo) {
            int mid = (lo + hi) >>> 1;
            // median of three as pivot
            if (a[mid] < a[lo]) {
                swap(a, mid, lo);
            }
            if (a[hi] < a[lo]) {
                swap(a, hi, lo);
            }
            if (a[hi] < a[mid]) {
                swap(a, hi, mid);
            }
            double pivot = a[mid];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    swap(a, i, j);
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return a[k];
            }
        }
        return a[k];
    }

    private static void swap(double[] a, int i, int j) {
        double t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

    /**
     * The distinct histories of a set (weights summed, the id of the first customer kept) and where
     * each row went, so that values computed once per distinct history are expanded back to the rows.
     */
    static final class Distinct {
        private final Histories rows;
        /** Distinct row of each original row, or {@code null} when the rows are the original ones. */
        private final int[] slot;

        private Distinct(Histories rows, int[] slot) {
            this.rows = rows;
            this.slot = slot;
        }

        private record Key(double x, double tx, double t, double m) {
        }

        static Distinct of(Histories h, boolean keepMonetary) {
            boolean spend = keepMonetary && h.hasMonetary();
            int n = h.size();
            Map<Key, Integer> index = new HashMap<>(Math.max(16, n * 2));
            int[] slot = new int[n];
            List<Integer> first = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                // +0.0 folds -0.0 into 0.0 so that the record's equality matches ==
                // x = 0: scoring ignores the monetary value (the population mean is used), so it does not split
                Key k = new Key(h.frequency[i] + 0.0, h.recency[i] + 0.0, h.age[i] + 0.0,
                        spend && h.frequency[i] != 0 ? h.monetary[i] + 0.0 : 0.0);
                Integer s = index.putIfAbsent(k, first.size());
                if (s == null) {
                    slot[i] = first.size();
                    first.add(i);
                } else {
                    slot[i] = s;
                }
            }
            int m = first.size();
            if (m == n && !h.isWeighted()) {
                return new Distinct(h, null);
            }
            double[] x = new double[m];
            double[] tx = new double[m];
            double[] t = new double[m];
            double[] w = new double[m];
            double[] mv = spend ? new double[m] : null;
            String[] ids = new String[m];
            for (int d = 0; d < m; d++) {
                int i = first.get(d);
                x[d] = h.frequency[i];
                tx[d] = h.recency[i];
                t[d] = h.age[i];
                if (spend) {
                    mv[d] = h.monetary[i];
                }
                ids[d] = h.ids != null ? h.ids[i] : "row " + i;
            }
            for (int i = 0; i < n; i++) {
                w[slot[i]] += h.weight(i);
            }
            return new Distinct(Histories.wrap(x, tx, t, mv, w, ids), slot);
        }

        Histories rows() {
            return rows;
        }

        /** Rows {@code [from, to)} of the distinct histories, with their weights and ids. */
        Histories slice(int from, int to) {
            Histories r = rows;
            return Histories.wrap(Arrays.copyOfRange(r.frequency, from, to), Arrays.copyOfRange(r.recency, from, to),
                    Arrays.copyOfRange(r.age, from, to), r.monetary == null ? null : Arrays.copyOfRange(r.monetary, from, to),
                    r.weight == null ? null : Arrays.copyOfRange(r.weight, from, to),
                    r.ids == null ? null : Arrays.copyOfRange(r.ids, from, to));
        }

        /** One value per original row from one value per distinct row. */
        double[] expand(double[] v) {
            if (slot == null) {
                return v;
            }
            double[] out = new double[slot.length];
            for (int i = 0; i < slot.length; i++) {
                out[i] = v[slot[i]];
            }
            return out;
        }
    }

    @Override
    public String toString() {
        return "PredictionIntervals[" + model + ", " + draws + (spendDraws != null ? ", " + spendDraws : "") + ", "
                + settings + "]";
    }
}
