package org.churnkit.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.churnkit.ChurnkitException;
import org.churnkit.numerics.RadixSort;

/**
 * Prediction intervals of every score column and of the aggregate forecasts, from draws of the
 * parameters: the uncertainty of the expected values that comes from estimating the parameters
 * (estimation uncertainty). For each draw the customers are scored by {@link Scoring} itself with the
 * model (and, with spend draws, the Gamma-Gamma model) of that draw, so every column keeps its one
 * definition; the interval of a column at level {@code c} runs between its quantiles over the draws
 * at {@code (1 - c)/2} and {@code (1 + c)/2} (linear interpolation between order statistics,
 * Hyndman and Fan type 7). With {@link ParameterDraws#asymptotic} draws this propagates the
 * asymptotic normal of the log-parameters; with {@link ParameterDraws.Method#BOOTSTRAP} draws it is a
 * percentile bootstrap, whose ends are the refits' order statistics of ranks {@code (B + 1)(1 -+ c)/2}
 * ({@link ParameterDraws.Method#quantileLevels}). {@link ScoreIntervals#method()} says which.
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
 * <p>Cost: the transaction columns (P(alive), expected transactions, DERT) depend on the history
 * {@code (x, t_x, T)} only, so each distinct history is scored once per draw, by {@link Scoring}'s own
 * row code; the spend and money columns are then computed per distinct {@code (x, t_x, T, m)} from
 * those values with {@link CustomerValue}'s formulas, exactly as {@link Scoring} does. Histories are
 * taken in the order of T, so that a chunk shares few ages and the kernel's table of T-only factors
 * hits; when a chunk holds many distinct ages (continuous times) the Pareto/NBD kernel interpolates
 * those factors over the chunk's sliver of ages instead (Chebyshev series checked against exact
 * values) and sums the series of R of customers with repeats from a polynomial per draw and x
 * (see {@link ParetoNbdScorer}), and the draws' values then agree with {@link Scoring}'s
 * to a few units in the last place (interval ends within 1e-13 relative, tested; value at risk,
 * {@code (1 - P(alive))} times the alive value, within 1e-13 of the alive value). With whole-day
 * or whole-week ages neither is used and the ends are those of {@link Scoring}'s values to the bit.
 * Chunks run on the settings' executor, each writing its values at every draw into buffers
 * reused from chunk to chunk (nothing is allocated per draw), draw by draw to consecutive
 * addresses, a row's values at consecutive draws an odd number of cache lines apart; a chunk's
 * rows are scored in the order of (x, t_x), so that consecutive customers take the same branches
 * and series tables. The interval
 * ends are the order statistics of the short tails, found in one pass over the rows of a chunk in
 * the order of (x, t_x) that starts from the draws in the tails of the last row with as many
 * repeats (rows of similar histories rank the draws alike), so nearly every value is passed over
 * with one comparison and the last row's tail draws go in first, in their order; the expected
 * spend of customers without repeats, the population mean at every draw, has one interval for
 * all of them. Memory stays at one chunk times the draws per thread (a chunk of up to 1,024
 * histories, fewer with more draws: at most 2 MB per column buffer), with each draw's series
 * polynomials (at most 256 coefficients per repeat count) shared by the threads.
 * Reproducible to the bit: the same draws give the same intervals on any executor. A customer
 * that cannot be scored at some draw is an error naming the customer and the draw.
 */
public final class PredictionIntervals {
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
        int nd = draws.count();
        Layout d = Layout.of(h, settings.spendOrNull() != null, null, Layout.chunkFor(nd));
        double[] pq = draws.method().quantileLevels(level, nd);
        double pl = pq[0];
        double pu = pq[1];
        // Per column the interval ends of each distinct row: triples for the transaction columns,
        // rows (with their spend) for the spend and money columns.
        double[][] lo = new double[cols.size()][];
        double[][] hi = new double[cols.size()][];
        for (int c = 0; c < cols.size(); c++) {
            int size = Block.perTriple(cols.get(c)) ? d.triples() : d.rows();
            lo[c] = new double[size];
            hi[c] = new double[size];
        }
        double[][] partial = new double[d.chunks()][];
        run(d, (b, chunk) -> {
            partial[chunk] = b.totals(null, 1, false)[0];
            double[] pair = new double[2];
            // rows of similar histories rank the draws alike: the rows are taken in the order of
            // (x, t_x) (the chunk's ages lie close), the order they are stored in, and each row
            // starts from the draws in the tails of the last row with as many repeat transactions
            // (up to HINTS - 1)
            int[] tripleOrder = b.tripleOrder;
            int[] rowOrder = b.rowOrder;
            int[] spendOrder = b.spendOrder;
            double[] gather = b.gather;
            for (int c = 0; c < cols.size(); c++) {
                ScoreColumn col = cols.get(c);
                double[] buf = b.column(col);
                boolean triple = Block.perTriple(col);
                int from = triple ? b.t0 : b.r0;
                int to = triple ? b.t1 : b.r1;
                int[] order = triple ? tripleOrder : Block.inSpendOrder(col) ? spendOrder : rowOrder;
                Tails[] tails = b.tails(c);
                // the expected spend of every customer without repeats is the population mean of
                // each draw: one interval serves all of them
                boolean noRepeatsAlike = col == ScoreColumn.EXPECTED_SPEND;
                double noRepeatsLower = Double.NaN;
                double noRepeatsUpper = Double.NaN;
                for (int o = 0; o < to - from; o++) {
                    int i = from + order[o];
                    double x = d.x[triple ? i : d.triple[i]];
                    if (noRepeatsAlike && x == 0 && !Double.isNaN(noRepeatsLower)) {
                        lo[c][i] = noRepeatsLower;
                        hi[c][i] = noRepeatsUpper;
                        continue;
                    }
                    int cls = x < HINTS - 1 ? (int) x : HINTS - 1;
                    quantiles(buf, b.offset(o), Block.LINE, nd, pl, pu, pair, tails[cls], gather);
                    lo[c][i] = pair[0];
                    hi[c][i] = pair[1];
                    if (noRepeatsAlike && x == 0) {
                        noRepeatsLower = pair[0];
                        noRepeatsUpper = pair[1];
                    }
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
        for (int c = 0; c < cols.size(); c++) {
            boolean triple = Block.perTriple(cols.get(c));
            lower.put(cols.get(c), d.expand(lo[c], triple));
            upper.put(cols.get(c), d.expand(hi[c], triple));
        }
        ScoreIntervals.Band total = new ScoreIntervals.Band(estimate, quantile(totals, 0, nd, pl),
                quantile(totals, 0, nd, pu));
        return new ScoreIntervals(point, lower, upper, level, draws.method(), nd, total);
    }

    /**
     * The intervals of group totals: for each group g, the sum over its customers (with their
     * weights) of the expected transactions over the horizon and, when the settings compute it,
     * of the CLV, at the estimate and at every draw; the interval runs between the quantiles of the
     * draws' totals at {@code (1 - level)/2} and {@code (1 + level)/2}, as for a customer. This is
     * the interval of the total itself, narrower than the sum of the customers' interval ends
     * (those are not reached by one draw at once) and wider than their mean.
     *
     * @param group each customer's group, in {@code [0, groupCount)}
     * @param groupCount number of groups, {@code >= 1}
     * @param h the customers' histories (with monetary values when the settings have a spend model)
     * @param level the level, in (0, 1)
     * @return per group the totals with their intervals
     * @throws IllegalArgumentException when a group index is outside the range, the sizes differ
     *     or the level is outside (0, 1)
     * @throws ChurnkitException naming the customer and the draw when a score cannot be computed
     */
    public GroupTotals intervalsOfTotals(int[] group, int groupCount, Histories h, double level) {
        checkLevel(level);
        Objects.requireNonNull(group, "group");
        if (groupCount < 1) {
            throw new IllegalArgumentException("need at least one group, got " + groupCount);
        }
        if (group.length != h.size()) {
            throw new IllegalArgumentException(group.length + " group indices for " + h.size() + " customers");
        }
        for (int i = 0; i < group.length; i++) {
            if (group[i] < 0 || group[i] >= groupCount) {
                throw new IllegalArgumentException("group index " + group[i] + " of " + h.describe(i)
                        + " is outside [0, " + groupCount + ")");
            }
        }
        Scoring base = Scoring.of(model, settings);
        Scores point = base.score(h);
        boolean value = base.hasValue();
        int nd = draws.count();
        Layout d = Layout.of(h, settings.spendOrNull() != null, group, Layout.chunkFor(nd));
        double[][][] partial = new double[d.chunks()][][];
        run(d, (b, chunk) -> {
            double[][] t = b.totals(d, groupCount, false);
            partial[chunk] = value ? new double[][] {t[0], b.totals(d, groupCount, true)[0]} : new double[][] {t[0]};
        });
        double[] et = new double[groupCount * nd];
        double[] clv = value ? new double[groupCount * nd] : null;
        for (double[][] p : partial) {
            for (int j = 0; j < et.length; j++) {
                et[j] += p[0][j];
                if (value) {
                    clv[j] += p[1][j];
                }
            }
        }
        double[] et0 = new double[groupCount];
        double[] clv0 = new double[groupCount];
        for (int i = 0; i < h.size(); i++) {
            et0[group[i]] += h.weight(i) * point.expectedTransactions()[i];
            if (value) {
                clv0[group[i]] += h.weight(i) * point.clv()[i];
            }
        }
        double[] pq = draws.method().quantileLevels(level, nd);
        double pl = pq[0];
        double pu = pq[1];
        List<ScoreIntervals.Band> bt = new ArrayList<>();
        List<ScoreIntervals.Band> bc = new ArrayList<>();
        double[] pair = new double[2];
        for (int g = 0; g < groupCount; g++) {
            quantiles(et, g * nd, nd, pl, pu, pair);
            bt.add(new ScoreIntervals.Band(et0[g], pair[0], pair[1]));
            if (value) {
                quantiles(clv, g * nd, nd, pl, pu, pair);
                bc.add(new ScoreIntervals.Band(clv0[g], pair[0], pair[1]));
            }
        }
        return new GroupTotals(level, draws.method(), nd, bt, value ? bc : null);
    }

    /**
     * Totals of groups of customers with their intervals ({@link #intervalsOfTotals}).
     *
     * @param level the level of the intervals
     * @param method how the draws were made
     * @param draws number of draws
     * @param expectedTransactions per group: total expected transactions over the horizon
     * @param clv per group: total CLV, or {@code null} when the settings compute no CLV
     */
    public record GroupTotals(double level, ParameterDraws.Method method, int draws,
                              List<ScoreIntervals.Band> expectedTransactions, List<ScoreIntervals.Band> clv) {
        /**
         * Copies the lists.
         *
         * @param level the level of the intervals
         * @param method how the draws were made
         * @param draws number of draws
         * @param expectedTransactions per group: total expected transactions
         * @param clv per group: total CLV, or {@code null}
         */
        public GroupTotals {
            expectedTransactions = List.copyOf(expectedTransactions);
            clv = clv == null ? null : List.copyOf(clv);
        }

        /**
         * Whether the CLV totals were computed.
         *
         * @return true with a spend model and discounting
         */
        public boolean hasClv() {
            return clv != null;
        }
    }

    /** What is done with a chunk's values at every draw once they are computed. */
    private interface ChunkVisitor {
        void visit(Block b, int chunk);
    }

    /**
     * Scores every distinct history of {@code d} at every draw, chunk by chunk on the settings'
     * executor, and hands each chunk's values to {@code visitor} (on the thread that computed them).
     * Transaction values are computed once per distinct {@code (x, t_x, T)} and the spend once per
     * distinct {@code (x, m)} row of it, by the same code and formulas as {@link Scoring}; the
     * buffers are reused from chunk to chunk, so a draw allocates nothing.
     */
    private void run(Layout d, ChunkVisitor visitor) {
        int nd = draws.count();
        Scoring[] engines = new Scoring[nd];
        SpendModel[] spends = new SpendModel[nd];
        // each chunk already runs on the executor; the spend columns are computed here from the spend model
        ScoringSettings transactions = settings.withExecutor(Runnable::run).withSpendModel(null);
        for (int k = 0; k < nd; k++) {
            TransactionModel mk = (TransactionModel) ModelRegistry.create(model.kind(), draws.draw(k), null);
            engines[k] = Scoring.of(mk, transactions);
            spends[k] = spendDraws != null
                    ? (SpendModel) ModelRegistry.create(ModelKind.GAMMA_GAMMA, spendDraws.draw(k), null)
                    : settings.spendOrNull();
        }
        boolean dert = settings.discounts();
        boolean value = spends[0] != null && dert;
        double margin = settings.margin();
        java.util.concurrent.ConcurrentLinkedQueue<Block> pool = new java.util.concurrent.ConcurrentLinkedQueue<>();
        Scoring.chunks(d.chunks(), 1, settings.executorOrNull(), (cFrom, cTo) -> {
            for (int chunk = cFrom; chunk < cTo; chunk++) {
                Block b = pool.poll();
                if (b == null) {
                    b = new Block(d, nd, spends[0] != null, dert, value);
                }
                b.at(chunk);
                b.tables.ages(d.interpolatedAges(b.t0, b.t1), d.age[b.t1 - 1]);
                double[] out = new double[CustomerScore.WIDTH];
                // the triples in the order of (x, t_x): consecutive customers then take the same
                // branches and series tables, which the processor predicts; a value does not
                // depend on the order its row is scored in
                int[] order = b.tripleOrder;
                int n = b.t1 - b.t0;
                for (int k = 0; k < nd; k++) {
                    Scoring e = engines[k];
                    SpendModel sp = spends[k];
                    // customers without repeats are scored with the population mean: once per draw
                    double noRepeatSpend = sp != null ? sp.expectedSpend(0, 0) : Double.NaN;
                    b.tables.clear();
                    for (int i = 0; i < n; i++) {
                        int t = b.t0 + order[i];
                        double x = d.x[t];
                        try {
                            // customers without repeats (most, in the order of x first) by the
                            // kernel's interpolants alone when they serve, else as any row
                            if (x != 0 || d.tx[t] != 0 || !e.noRepeatRow(d.age[t], out, b.tables)) {
                                e.transactionRow(x, d.tx[t], d.age[t], out, b.tables);
                            }
                        } catch (RuntimeException ex) {
                            throw failure(k, d, t, ex);
                        }
                        int o = b.offset(i) + k * Block.LINE;
                        b.pa[o] = out[CustomerScore.P_ALIVE];
                        b.et[o] = out[CustomerScore.EXPECTED];
                        if (dert) {
                            b.de[o] = out[CustomerScore.DERT];
                        }
                        if (sp == null) {
                            continue;
                        }
                        for (int r = d.rowStart[t]; r < d.rowStart[t + 1]; r++) {
                            int qo = b.offset(b.rowPosition[r - b.r0]) + k * Block.LINE;
                            int so = b.offset(b.spendPosition[r - b.r0]) + k * Block.LINE;
                            try {
                                // as a row of Scoring: x = 0 is scored with the population mean
                                double es = x == 0 ? noRepeatSpend : sp.expectedSpend(x, d.monetary[r]);
                                b.es[so] = es;
                                if (value) {
                                    b.clv[qo] = CustomerValue.clv(margin, es, out[CustomerScore.DERT]);
                                    double alive = CustomerValue.aliveValue(margin, es,
                                            out[CustomerScore.DERT_IF_ALIVE]);
                                    b.av[so] = alive;
                                    b.risk[qo] = CustomerValue.valueAtRisk(out[CustomerScore.P_ALIVE], alive);
                                }
                            } catch (RuntimeException ex) {
                                throw failure(k, d, t, ex);
                            }
                        }
                    }
                }
                visitor.visit(b, chunk);
                pool.add(b);
            }
        });
    }

    private ChurnkitException failure(int k, Layout d, int triple, RuntimeException e) {
        return new ChurnkitException("at parameter draw " + k + " " + Arrays.toString(draws.draw(k)) + ": cannot score "
                + d.source.describe(d.first[triple]) + ": " + e.getMessage(), e);
    }

    /**
     * One chunk's values at every draw, in the {@link #similarOrder} of the triples and in blocks
     * of {@link #LINE} positions: the triples at positions p of {@link #tripleOrder} (the rows at
     * positions p of {@link #rowOrder}, or of {@link #spendOrder} for the columns of {@link
     * #inSpendOrder}) that share {@code p / LINE} keep their values at draw k
     * side by side in one cache line, at {@link #offset offset(p)} {@code + k * LINE}, and the
     * block's lines for draws 0, 1, ... follow one another. The interval ends are searched row
     * after row in this order: a row reads its 200 draws from 200 consecutive lines, and the
     * next seven rows read the same lines from the first-level cache. Rows stored in chunk order
     * but searched in similar order read lines scattered over the chunk, fetched anew for each
     * row: the whole intervals of a million customers took a tenth longer.
     */
    private static final class Block {
        final int nd;
        final double[] pa;
        final double[] et;
        final double[] de;
        final double[] es;
        final double[] clv;
        final double[] av;
        final double[] risk;
        final Scoring.RowTables tables = new Scoring.RowTables();
        final Layout layout;
        /**
         * The hints of the interval-end search per column and class of rows, kept from chunk to
         * chunk: the draws of any row's tails bound another's, those of a similar row tightly.
         */
        private Tails[][] tails = new Tails[0][];
        /** Scratch of the interval-end search. */
        final double[] gather;
        /** Keys of {@link #similarOrder}. */
        private long[] keys = new long[0];
        /** Values of consecutive positions at one draw that share a cache line (64 bytes). */
        static final int LINE = 8;

        /**
         * Where the value of position {@code p} at draw 0 lies; at draw k it lies {@code k *
         * LINE} further.
         */
        int offset(int p) {
            return (p / LINE) * (LINE * nd) + p % LINE;
        }
        int t0;
        int t1;
        int r0;
        int r1;
        /** The chunk's triples in {@link #similarOrder}, counted from its first: the triple at each position. */
        int[] tripleOrder;
        /**
         * The chunk's rows, counted from its first, at each position: the rows of the triples of
         * {@link #tripleOrder} in turn, which is also the {@link #similarOrder} of the rows.
         */
        int[] rowOrder = new int[0];
        /** The position of each of the chunk's triples (counted from its first) in {@link #tripleOrder}. */
        private int[] triplePosition = new int[0];
        /** The position of each of the chunk's rows (counted from its first) in {@link #rowOrder}. */
        private int[] rowPosition = new int[0];
        /**
         * The chunk's rows, counted from its first, in the order of their x and m (m to float
         * precision; ties in the order of {@link #rowOrder}), the order in which the columns of
         * {@link #inSpendOrder} are stored and searched.
         */
        int[] spendOrder = new int[0];
        /** The position of each of the chunk's rows (counted from its first) in {@link #spendOrder}. */
        private int[] spendPosition = new int[0];
        /** Keys of {@link #spendOrder}. */
        private long[] spendKeys = new long[0];

        Block(Layout d, int nd, boolean spend, boolean dert, boolean value) {
            this.layout = d;
            this.nd = nd;
            gather = new double[nd];
            int tr = lines(d.chunk) * LINE * nd;
            int rr = lines(d.maxRowsPerChunk) * LINE * nd;
            pa = new double[tr];
            et = new double[tr];
            de = dert ? new double[tr] : null;
            es = spend ? new double[rr] : null;
            clv = value ? new double[rr] : null;
            av = value ? new double[rr] : null;
            risk = value ? new double[rr] : null;
        }

        /** The hints of column {@code c} (its index among the columns searched), per class of rows. */
        Tails[] tails(int c) {
            if (tails.length <= c) {
                tails = Arrays.copyOf(tails, c + 1);
            }
            if (tails[c] == null) {
                tails[c] = new Tails[HINTS];
                for (int i = 0; i < HINTS; i++) {
                    tails[c][i] = new Tails();
                }
            }
            return tails[c];
        }

        private static int lines(int positions) {
            return (positions + LINE - 1) / LINE;
        }

        void at(int chunk) {
            t0 = chunk * layout.chunk;
            t1 = Math.min(layout.triples(), t0 + layout.chunk);
            r0 = layout.rowStart[t0];
            r1 = layout.rowStart[t1];
            tripleOrder = similarOrder();
            int n = t1 - t0;
            if (triplePosition.length < n) {
                triplePosition = new int[n];
            }
            int rows = r1 - r0;
            if (rowOrder.length < rows) {
                rowOrder = new int[rows];
                rowPosition = new int[rows];
                spendOrder = new int[rows];
                spendPosition = new int[rows];
                spendKeys = new long[rows];
            }
            int p = 0;
            for (int i = 0; i < n; i++) {
                int t = t0 + tripleOrder[i];
                triplePosition[t - t0] = i;
                for (int r = layout.rowStart[t]; r < layout.rowStart[t + 1]; r++, p++) {
                    rowOrder[p] = r - r0;
                    rowPosition[r - r0] = p;
                }
            }
            spendOrder(rows);
        }

        /**
         * The chunk's triples, counted from its first, in the order of their x and t_x (t_x to
         * float precision; ties in chunk order, that is by age): neighbours then have similar
         * histories, whose values rank the draws nearly alike.
         */
        int[] similarOrder() {
            int from = t0;
            int n = t1 - from;
            if (keys.length < n) {
                keys = new long[n];
            }
            int indexBits = Math.max(1, 32 - Integer.numberOfLeadingZeros(n - 1));
            long xCap = (1L << (63 - 31 - indexBits)) - 1;
            for (int i = 0; i < n; i++) {
                int t = from + i;
                long x = (long) Math.min(layout.x[t], xCap);
                // the bits of a float >= 0 rank as the float does
                long tx = Float.floatToRawIntBits((float) layout.tx[t]);
                keys[i] = (x << (31 + indexBits)) | (tx << indexBits) | i;
            }
            Arrays.sort(keys, 0, n);
            int[] order = new int[n];
            long mask = (1L << indexBits) - 1;
            for (int i = 0; i < n; i++) {
                order[i] = (int) (keys[i] & mask);
            }
            return order;
        }

        /**
         * Sorts the rows by x and m into {@link #spendOrder}. The expected spend of a customer
         * with repeats, {@code p (gamma + x m) / (p x + q - 1)} at each draw, is linear in m for
         * given x: rows with equal x and near m rank the draws nearly alike (in the order of t_x
         * they are mixed, and the search of the interval ends took two and a half times as long).
         */
        private void spendOrder(int rows) {
            int indexBits = Math.max(1, 32 - Integer.numberOfLeadingZeros(rows - 1));
            long xCap = (1L << (63 - 31 - indexBits)) - 1;
            for (int p = 0; p < rows; p++) {
                int r = r0 + rowOrder[p];
                long x = (long) Math.min(layout.x[layout.triple[r]], xCap);
                // the bits of a float >= 0 rank as the float does (m is 0 for customers without
                // repeats); a negative m, which scoring rejects, only loses its rank
                long m = Float.floatToRawIntBits((float) layout.monetary[r]) & 0x7fffffffL;
                spendKeys[p] = (x << (31 + indexBits)) | (m << indexBits) | p;
            }
            Arrays.sort(spendKeys, 0, rows);
            long mask = (1L << indexBits) - 1;
            for (int p = 0; p < rows; p++) {
                int row = rowOrder[(int) (spendKeys[p] & mask)];
                spendOrder[p] = row;
                spendPosition[row] = p;
            }
        }

        /**
         * The columns stored and searched in {@link #spendOrder}: the expected spend and the alive
         * value (the expected spend times the DERT of a customer alive, which depends on x and the
         * chunk's close ages only), whose ranking of the draws follows m. The CLV and the value at
         * risk, which P(alive) and so t_x also rank, are searched faster in the order of t_x.
         */
        static boolean inSpendOrder(ScoreColumn c) {
            return c == ScoreColumn.EXPECTED_SPEND || c == ScoreColumn.ALIVE_VALUE;
        }

        static boolean perTriple(ScoreColumn c) {
            return c == ScoreColumn.P_ALIVE || c == ScoreColumn.EXPECTED_TRANSACTIONS || c == ScoreColumn.DERT;
        }

        double[] column(ScoreColumn c) {
            return switch (c) {
                case P_ALIVE -> pa;
                case EXPECTED_TRANSACTIONS -> et;
                case DERT -> de;
                case EXPECTED_SPEND -> es;
                case CLV -> clv;
                case ALIVE_VALUE -> av;
                case VALUE_AT_RISK -> risk;
                default -> throw new IllegalArgumentException("no interval of " + c);
            };
        }

        /**
         * The chunk's weighted totals per group and draw ({@code [g * draws + k]}) of the expected
         * transactions or the CLV, adding its rows in order; {@code groups == null}: one group.
         */
        double[][] totals(Layout groups, int groupCount, boolean ofClv) {
            double[] tot = new double[groupCount * nd];
            for (int r = r0; r < r1; r++) {
                int g = groups == null ? 0 : groups.group[r];
                double w = layout.weight[r];
                int o = offset(ofClv ? rowPosition[r - r0] : triplePosition[layout.triple[r] - t0]);
                double[] v = ofClv ? clv : et;
                int go = g * nd;
                for (int k = 0; k < nd; k++) {
                    tot[go + k] += w * v[o + k * LINE];
                }
            }
            return new double[][] {tot};
        }
    }

    /**
     * The distinct histories of a set, for scoring once what is the same: the distinct
     * {@code (x, t_x, T)} triples in the order of T (so that a chunk shares few ages and the
     * kernels' tables of T-only factors hit), and under each triple its distinct rows: the
     * monetary value (with a spend model and {@code x > 0}) and the group (for group totals), with
     * their summed weights. Each customer maps to one row, each row to one triple.
     */
    static final class Layout {
        /**
         * Most triples per chunk. A chunk's rows are scored draw by draw (each draw's kernel and
         * its interpolants of the T-only factors serve the whole chunk: the fewer chunks, the
         * fewer interpolants are built), and its values at all draws are kept for the interval
         * ends, one buffer per column.
         */
        static final int MAX_CHUNK = 1024;
        /** Fewest triples per chunk, whatever the number of draws. */
        static final int MIN_CHUNK = 64;
        /** Most values of one column's buffer of a chunk at all draws (2 MB): bounds a thread's buffers. */
        static final int CHUNK_VALUES = 1 << 18;
        /** Triples per chunk ({@link #chunkFor}). */
        final int chunk;
        /** Distinct ages in a chunk from which its T-only factors are interpolated (11 exact evaluations per draw). */
        static final int INTERPOLATED = 48;
        final Histories source;
        final double[] x;
        final double[] tx;
        final double[] age;
        /** Per triple: its first customer, for messages. */
        final int[] first;
        /** Per triple t: its rows are {@code rowStart[t] .. rowStart[t + 1] - 1}. */
        final int[] rowStart;
        final double[] monetary;
        final double[] weight;
        final int[] group;
        final int[] triple;
        /** Per customer: its row. */
        final int[] rowOf;
        final int maxRowsPerChunk;

        private Layout(Histories source, double[] x, double[] tx, double[] age, int[] first, int[] rowStart,
                       double[] monetary, double[] weight, int[] group, int[] triple, int[] rowOf, int chunk) {
            this.source = source;
            this.chunk = chunk;
            this.x = x;
            this.tx = tx;
            this.age = age;
            this.first = first;
            this.rowStart = rowStart;
            this.monetary = monetary;
            this.weight = weight;
            this.group = group;
            this.triple = triple;
            this.rowOf = rowOf;
            int max = 0;
            for (int t0 = 0; t0 < x.length; t0 += chunk) {
                max = Math.max(max, rowStart[Math.min(x.length, t0 + chunk)] - rowStart[t0]);
            }
            this.maxRowsPerChunk = max;
        }

        /**
         * Triples per chunk for {@code draws} draws: {@link #MAX_CHUNK}, halved while a column's
         * buffer would hold more than {@link #CHUNK_VALUES} values, to {@link #MIN_CHUNK}.
         */
        static int chunkFor(int draws) {
            int c = MAX_CHUNK;
            while (c > MIN_CHUNK && (long) c * draws > CHUNK_VALUES) {
                c >>= 1;
            }
            return c;
        }

        /** {@link #of(Histories, boolean, int[], int)} in chunks of {@link #MAX_CHUNK} (for callers that do not chunk by draws). */
        static Layout of(Histories h, boolean keepMonetary, int[] groups) {
            return of(h, keepMonetary, groups, MAX_CHUNK);
        }

        /** The layout of {@code h} in chunks of {@code chunk} triples. */
        static Layout of(Histories h, boolean keepMonetary, int[] groups, int chunk) {
            boolean spend = keepMonetary && h.hasMonetary();
            int n = h.size();
            // x = 0: scoring ignores the monetary value (the population mean is used), so it does not split
            double[] m = new double[n];
            if (spend) {
                for (int i = 0; i < n; i++) {
                    m[i] = h.frequency[i] != 0 ? h.monetary[i] : 0.0;
                }
            }
            // customers in the order of (T, x, t_x, m, group), identical ones in input order: a
            // triple's rows become neighbours, and equal rows are runs (no hashing, no boxing)
            int[] order = sortedOrder(n, groups, m, h.recency, h.frequency, h.age);
            int[] rowOf = new int[n];
            double[] monetary = new double[n];
            int[] group = new int[n];
            int[] triple = new int[n];
            IntList starts = new IntList();
            double[] x = new double[n];
            double[] tx = new double[n];
            double[] age = new double[n];
            int[] first = new int[n];
            double[] weight = new double[n];
            int nt = 0;
            int nr = 0;
            int prev = -1;
            for (int j = 0; j < n; j++) {
                int i = order[j];
                // == folds -0.0 into 0.0, as the sort does
                boolean newTriple = prev < 0 || h.frequency[i] != h.frequency[prev] || h.recency[i] != h.recency[prev]
                        || h.age[i] != h.age[prev];
                if (newTriple) {
                    x[nt] = h.frequency[i] + 0.0;
                    tx[nt] = h.recency[i] + 0.0;
                    age[nt] = h.age[i] + 0.0;
                    first[nt] = i;
                    starts.add(nr);
                    nt++;
                }
                if (newTriple || m[i] != m[prev] || (groups != null && groups[i] != groups[prev])) {
                    monetary[nr] = m[i] + 0.0;
                    group[nr] = groups == null ? 0 : groups[i];
                    triple[nr] = nt - 1;
                    nr++;
                }
                rowOf[i] = nr - 1;
                // the rows' weights add their customers in input order
                weight[nr - 1] += h.weight(i);
                prev = i;
            }
            starts.add(nr);
            return new Layout(h, Arrays.copyOf(x, nt), Arrays.copyOf(tx, nt), Arrays.copyOf(age, nt),
                    Arrays.copyOf(first, nt), starts.toArray(), Arrays.copyOf(monetary, nr), Arrays.copyOf(weight, nr),
                    Arrays.copyOf(group, nr), Arrays.copyOf(triple, nr), rowOf, chunk);
        }

        /**
         * Customer numbers sorted by age, then frequency, recency, {@code m} and {@code groups}
         * (non-negative, or {@code null}), ties in input order: the shared stable radix sort.
         */
        private static int[] sortedOrder(int n, int[] groups, double[] m, double[] recency, double[] frequency,
                                         double[] age) {
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            if (groups == null) {
                RadixSort.sortBy(order, false, age, frequency, recency, m);
            } else {
                double[] group = new double[n];
                for (int i = 0; i < n; i++) {
                    group[i] = groups[i]; // exact: an int is a double
                }
                RadixSort.sortBy(order, false, age, frequency, recency, m, group);
            }
            return order;
        }

        int triples() {
            return x.length;
        }

        /**
         * The first age of triples {@code [from, to)} when they have at least {@link #INTERPOLATED}
         * distinct ages, NaN when fewer: with many ages the kernel's T-only factors are interpolated
         * between the chunk's first and last age, with few its table of exact values serves.
         */
        double interpolatedAges(int from, int to) {
            int distinct = 1;
            for (int t = from + 1; t < to && distinct < INTERPOLATED; t++) {
                distinct += age[t] != age[t - 1] ? 1 : 0;
            }
            return distinct >= INTERPOLATED ? age[from] : Double.NaN;
        }

        int rows() {
            return monetary.length;
        }

        int chunks() {
            return (triples() + chunk - 1) / chunk;
        }

        /** One value per customer from one value per triple ({@code perTriple}) or per row. */
        double[] expand(double[] v, boolean perTriple) {
            double[] out = new double[rowOf.length];
            for (int i = 0; i < out.length; i++) {
                int r = rowOf[i];
                out[i] = v[perTriple ? triple[r] : r];
            }
            return out;
        }
    }

    /** A growing list of ints. */
    private static final class IntList {
        private int[] a = new int[16];
        private int size;

        void add(int v) {
            if (size == a.length) {
                a = Arrays.copyOf(a, 2 * size);
            }
            a[size++] = v;
        }

        int get(int i) {
            return a[i];
        }

        int[] toArray() {
            return Arrays.copyOf(a, size);
        }
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
        double[] pq = draws.method().quantileLevels(level, nd);
        for (int j = 0; j < periods; j++) {
            for (int k = 0; k < nd; k++) {
                col[k] = byDraw[k][j];
            }
            lo[j] = quantile(col, 0, nd, pq[0]);
            hi[j] = quantile(col, 0, nd, pq[1]);
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

    private static void checkLevel(double level) {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("the interval level must lie in (0, 1), got " + level);
        }
    }

    /**
     * The interval at {@code level} of values over asymptotic draws: the type-7 quantiles (Hyndman
     * and Fan; R's default) at {@code (1 - level)/2} and {@code (1 + level)/2}; {@link
     * #interval(double[], double, ParameterDraws.Method)} with {@link ParameterDraws.Method#ASYMPTOTIC}.
     *
     * @param values one value per draw, at least one, finite (reordered in place)
     * @param level the level, in (0, 1)
     * @return {lower, upper}
     * @throws IllegalArgumentException for a level outside (0, 1) or no values
     */
    public static double[] interval(double[] values, double level) {
        return interval(values, level, ParameterDraws.Method.ASYMPTOTIC);
    }

    /**
     * The interval at {@code level} of values over draws made by {@code method}, as every interval
     * here is taken: the type-7 quantiles at {@link ParameterDraws.Method#quantileLevels} (for
     * bootstrap refits the percentile interval's order statistics of ranks {@code (B + 1)(1 -+ level)/2}).
     * For engines outside this package (the contractual models') and studies that compute their
     * own per-draw values.
     *
     * @param values one value per draw, at least one, finite (reordered in place)
     * @param level the level, in (0, 1)
     * @param method how the draws were made
     * @return {lower, upper}
     * @throws IllegalArgumentException for a level outside (0, 1) or no values
     */
    public static double[] interval(double[] values, double level, ParameterDraws.Method method) {
        double[] pq = method.quantileLevels(level, values.length);
        double[] out = new double[2];
        quantiles(values, 0, values.length, pq[0], pq[1], out);
        return out;
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
        quantiles(a, from, n, pl, pu, out, (double[]) null);
    }

    /** {@link #quantiles(double[], int, int, double, double, double[])} with a scratch of {@link #SCRATCH} values, or {@code null}. */
    static void quantiles(double[] a, int from, int n, double pl, double pu, double[] out, double[] scratch) {
        Tails t = new Tails(scratch != null ? scratch : new double[SCRATCH]);
        quantiles(a, from, n, pl, pu, out, t);
    }

    /**
     * The quantiles of the {@code n} values {@code a[from + k * stride]}: in short tails read where
     * they are ({@link #tails}), else gathered into {@code gather} and selected there.
     */
    private static void quantiles(double[] a, int from, int stride, int n, double pl, double pu, double[] out,
                                  Tails t, double[] gather) {
        int kl = (int) Math.floor(pl * (n - 1));
        int ku = (int) Math.floor(pu * (n - 1));
        if (kl + 2 <= TAIL && n - ku <= TAIL && kl + 2 <= n) {
            tails(a, from, stride, n, pl, pu, kl, ku, out, t);
            return;
        }
        for (int k = 0; k < n; k++) {
            gather[k] = a[from + k * stride];
        }
        quantiles(gather, 0, n, pl, pu, out, t);
    }

    /**
     * {@link #quantiles(double[], int, int, double, double, double[])} with the scratch and the hints
     * of {@code tails}: consecutive calls on the values of similar rows over the same draws find
     * the short tails in one pass that rarely inserts (see {@link Tails}).
     */
    private static void quantiles(double[] a, int from, int n, double pl, double pu, double[] out, Tails t) {
        int kl = (int) Math.floor(pl * (n - 1));
        int ku = (int) Math.floor(pu * (n - 1));
        if (kl + 2 <= TAIL && n - ku <= TAIL && kl + 2 <= n) {
            tails(a, from, 1, n, pl, pu, kl, ku, out, t);
            return;
        }
        double hu = pu * (n - 1);
        // ku = floor(hu), as above
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

    /** Classes of rows by their repeat transactions ({@code 0 .. HINTS - 2}, more) that keep hints of their own. */
    private static final int HINTS = 8;
    /** Longest tail {@link #tails} keeps: beyond it selection is cheaper. */
    private static final int TAIL = 24;
    /** Size of the scratch of {@link #quantiles(double[], int, int, double, double, double[], double[])}. */
    static final int SCRATCH = 2 * TAIL;

    /**
     * The scratch of {@link #tails} and its hints: the draws (positions in the row) that held the
     * previous row's tails. The largest value at the draws of the previous lower tail bounds this
     * row's order statistic {@code kl + 1} from above (they are {@code kl + 2} values of the row),
     * and the smallest at the draws of the upper tail bounds the row's upper tail from below; values
     * beyond the bounds cannot enter a tail and are passed over with one comparison. Neighbouring
     * rows of a chunk (similar histories) rank the draws nearly alike, so the bounds are tight and
     * a row costs about one comparison per value instead of the insertions of a cold pass. The
     * bounds only skip values that no pass would keep, so the order statistics, and the ends, are
     * the same bit for bit.
     */
    private static final class Tails {
        final double[] scratch;
        final int[] draw = new int[SCRATCH];
        /** The row length and tail sizes the hints are for; 0 when there are none. */
        private int n;
        private int nl;
        private int nu;

        Tails() {
            this(new double[SCRATCH]);
        }

        /** The draws within either bound of {@link #tails}. */
        private int[] withinDraws = new int[0];

        /** A copy of the last row's tail draws, read while {@link #draw} is rewritten. */
        final int[] hint = new int[SCRATCH];
        /** Per draw, the stamp of the last row that took it in from the hints. */
        private int[] marks = new int[0];
        private int stamp;

        /** The marks for rows of {@code n} values. */
        int[] marks(int n) {
            if (marks.length < n) {
                marks = new int[n];
                stamp = 0;
            }
            return marks;
        }

        /** A stamp no draw is marked with yet. */
        int nextStamp() {
            if (stamp == Integer.MAX_VALUE) {
                Arrays.fill(marks, 0);
                stamp = 0;
            }
            return ++stamp;
        }

        Tails(double[] scratch) {
            this.scratch = scratch;
        }

        /** The array of the draws within either bound, for rows of {@code n} values. */
        int[] within(int n) {
            if (withinDraws.length < n) {
                withinDraws = new int[n];
            }
            return withinDraws;
        }
    }

    /**
     * {@link #quantiles} when both order statistics lie in short tails (a 90 % interval from 200
     * draws needs the 11 smallest and the 11 largest values): one pass keeps the smallest
     * {@code kl + 2} and the largest {@code n - ku} values in sorted order, insertion being rare
     * after the first few, instead of partitioning the whole range twice; with the hints of {@code
     * t} the pass starts from bounds that leave out nearly every value ({@link Tails}). The order
     * statistics are the same values, interpolated by the same expressions, so the result is the
     * same bit for bit.
     */
    private static void tails(double[] a, int from, int stride, int n, double pl, double pu, int kl, int ku,
                              double[] out, Tails t) {
        int nl = kl + 2;
        int nu = n - ku;
        double[] scratch = t.scratch;
        int[] draw = t.draw;
        // values above boundLow cannot be among the nl smallest, below boundHigh among the nu largest
        double boundLow = Double.POSITIVE_INFINITY;
        double boundHigh = Double.NEGATIVE_INFINITY;
        // the second largest value at the last lower tail's draws, the second smallest at its upper tail's
        double belowBoundLow = Double.NEGATIVE_INFINITY;
        double aboveBoundHigh = Double.POSITIVE_INFINITY;
        boolean hinted = t.n == n && t.nl == nl && t.nu == nu;
        if (hinted) {
            boundLow = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < nl; j++) {
                double v = a[from + draw[j] * stride];
                belowBoundLow = Math.max(belowBoundLow, Math.min(boundLow, v));
                boundLow = Math.max(boundLow, v);
            }
            boundHigh = Double.POSITIVE_INFINITY;
            for (int j = 0; j < nu; j++) {
                double v = a[from + draw[TAIL + j] * stride];
                aboveBoundHigh = Math.min(aboveBoundHigh, Math.max(boundHigh, v));
                boundHigh = Math.min(boundHigh, v);
            }
        }
        double belowLow = Math.nextUp(boundLow);
        double aboveHigh = Math.nextDown(boundHigh);
        // When no other value lies within the bounds, the last row's tail draws are this row's:
        // the nl values at its lower draws are the nl smallest (any other exceeds boundLow, their
        // largest), so order statistics kl + 1 and kl are their largest and second largest, and
        // alike above. Neighbouring rows mostly keep their tails (nearly every row without repeat
        // transactions does), and then counting the values within the bounds, which stores
        // nothing, is the whole search: half the cost of the pass below.
        if (hinted && boundLow < boundHigh && withinBounds(a, from, stride, n, belowLow, aboveHigh) == nl + nu) {
            double hl = pl * (n - 1);
            out[0] = hl - kl != 0 ? belowBoundLow + (hl - kl) * (boundLow - belowBoundLow) : belowBoundLow;
            double hu = pu * (n - 1);
            out[1] = hu - ku != 0 && ku + 1 < n ? boundHigh + (hu - ku) * (aboveBoundHigh - boundHigh) : boundHigh;
            return;
        }
        // The draws whose values lie within either bound, in order, without a branch per value (a
        // value passes at random draws, which a branch would mispredict): v <= boundLow exactly
        // when v - nextUp(boundLow) < 0, v >= boundHigh when nextDown(boundHigh) - v < 0; the
        // difference of two unequal doubles is never zero, so its sign bit decides.
        int[] within = t.within(n);
        int count = 0;
        for (int i = 0; i < n; i++) {
            double v = a[from + i * stride];
            within[count] = i;
            count += (int) ((Double.doubleToRawLongBits(v - belowLow) | Double.doubleToRawLongBits(aboveHigh - v)) >>> 63);
        }
        // the smallest values ascending in scratch[0 .. nl), the largest descending in scratch[TAIL .. TAIL + nu)
        int cl = 0;
        int cu = 0;
        int[] mark = null;
        int stamp = 0;
        if (hinted) {
            // the last row's tails first, in its order: this row ranks them nearly alike, so they
            // go in with few moves, and the other values that enter are few
            int[] hint = t.hint;
            System.arraycopy(draw, 0, hint, 0, nl);
            System.arraycopy(draw, TAIL, hint, TAIL, nu);
            mark = t.marks(n);
            stamp = t.nextStamp();
            // (each value is offered to both tails, as in the pass below: with ties, or rows
            // barely longer than both tails, a value may belong to both)
            for (int j = 0; j < nl; j++) {
                int i = hint[j];
                mark[i] = stamp;
                double v = a[from + i * stride];
                cl = insertLowest(scratch, draw, cl, nl, v, i);
                if (v >= boundHigh) {
                    cu = insertHighest(scratch, draw, cu, nu, v, i);
                }
            }
            for (int j = 0; j < nu; j++) {
                int i = hint[TAIL + j];
                if (mark[i] == stamp) {
                    continue;
                }
                mark[i] = stamp;
                double v = a[from + i * stride];
                if (v <= boundLow) {
                    cl = insertLowest(scratch, draw, cl, nl, v, i);
                }
                cu = insertHighest(scratch, draw, cu, nu, v, i);
            }
        }
        for (int m = 0; m < count; m++) {
            int i = within[m];
            if (hinted && mark[i] == stamp) {
                continue;
            }
            double v = a[from + i * stride];
            if (v <= boundLow) {
                cl = insertLowest(scratch, draw, cl, nl, v, i);
            }
            if (v >= boundHigh) {
                cu = insertHighest(scratch, draw, cu, nu, v, i);
            }
        }
        // the tails are full (the bounds keep at least nl and nu values): the next row's hints
        t.n = n;
        t.nl = nl;
        t.nu = nu;
        // order statistic j (0-based) is scratch[j] from below and scratch[TAIL + n - 1 - j] from above
        double hl = pl * (n - 1);
        double vl = scratch[kl];
        out[0] = hl - kl != 0 ? vl + (hl - kl) * (scratch[kl + 1] - vl) : vl;
        double hu = pu * (n - 1);
        double vu = scratch[TAIL + n - 1 - ku];
        out[1] = hu - ku != 0 && ku + 1 < n ? vu + (hu - ku) * (scratch[TAIL + n - 2 - ku] - vu) : vu;
    }

    /**
     * The number of the values {@code a[from + i * stride]}, {@code i < n}, below {@code belowLow}
     * or above {@code aboveHigh}, by the sign bits of {@link #tails}' differences.
     */
    private static long withinBounds(double[] a, int from, int stride, int n, double belowLow, double aboveHigh) {
        long count = 0;
        for (int i = 0; i < n; i++) {
            double v = a[from + i * stride];
            count += (Double.doubleToRawLongBits(v - belowLow) | Double.doubleToRawLongBits(aboveHigh - v)) >>> 63;
        }
        return count;
    }

    /**
     * Keeps value {@code v} of draw {@code i} among the {@code nl} smallest, ascending in {@code
     * scratch[0 .. count)} with their draws, when it belongs there; returns the new count.
     */
    private static int insertLowest(double[] scratch, int[] draw, int count, int nl, double v, int i) {
        if (count == nl && !(v < scratch[nl - 1])) {
            return count;
        }
        int j = count < nl ? count++ : nl - 1;
        while (j > 0 && scratch[j - 1] > v) {
            scratch[j] = scratch[j - 1];
            draw[j] = draw[j - 1];
            j--;
        }
        scratch[j] = v;
        draw[j] = i;
        return count;
    }

    /** {@link #insertLowest} for the {@code nu} largest, descending in {@code scratch[TAIL .. TAIL + count)}. */
    private static int insertHighest(double[] scratch, int[] draw, int count, int nu, double v, int i) {
        if (count == nu && !(v > scratch[TAIL + nu - 1])) {
            return count;
        }
        int j = count < nu ? count++ : nu - 1;
        while (j > 0 && scratch[TAIL + j - 1] < v) {
            scratch[TAIL + j] = scratch[TAIL + j - 1];
            draw[TAIL + j] = draw[TAIL + j - 1];
            j--;
        }
        scratch[TAIL + j] = v;
        draw[TAIL + j] = i;
        return count;
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

    @Override
    public String toString() {
        return "PredictionIntervals[" + model + ", " + draws + (spendDraws != null ? ", " + spendDraws : "") + ", "
                + settings + "]";
    }
}
