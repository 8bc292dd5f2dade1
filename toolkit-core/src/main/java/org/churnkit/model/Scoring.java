package org.churnkit.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.churnkit.ChurnkitException;

/**
 * The scoring engine: per-customer scores from a transaction model and {@link ScoringSettings},
 * the columns that {@code churnkit score}, the demo and the Spark job write and a service returns.
 * Every path that scores customers runs through here.
 *
 * <ul>
 *   <li>{@code p_alive}: P(alive at T) given (x, t_x, T);</li>
 *   <li>{@code expected_transactions}: E[X(T, T + h) | x, t_x, T] over the horizon h;</li>
 *   <li>with a spend model, {@code expected_spend} = E[M | x, m] (Gamma-Gamma, Fader, Hardie and
 *       Lee 2005 "RFM and CLV", eq. 5; the population mean p gamma / (q - 1) for x = 0);</li>
 *   <li>with discounting, {@code dert} = discounted expected residual transactions at the
 *       continuously compounded rate delta per time unit (closed form for Pareto/NBD, Fader, Hardie
 *       and Lee 2005 eq. 2; the finite or infinite discounted expectation of the model otherwise),
 *       computed as P(alive) x DERT given alive: one integral per customer, not two;</li>
 *   <li>with both, {@code clv} = margin x expected_spend x dert, {@code alive_value} = margin x
 *       expected_spend x DERT given alive (= clv / p_alive, computed without the division) and
 *       {@code value_at_risk} = (1 - p_alive) x alive_value (= alive_value - clv); see
 *       {@link CustomerValue}.</li>
 * </ul>
 * Money columns are in the unit of the spend data; expected_transactions counts transactions over
 * the horizon in the model's time unit; dert counts discounted transactions ({@link ScoreColumn}).
 *
 * <p>For Pareto/NBD with an infinite discount horizon the engine evaluates the shared term R once
 * per customer for P(alive), the expectation and DERT, as products rather than sums of logarithms,
 * with the factors that depend on the model or on T only computed once; the values are those of
 * the scalar methods of {@link ParetoNbd} to a few units in the last place (at most 8e-15
 * relative over 1M simulated CDNOW customers; for a heavy buyer with P(alive) of 1e-200, to the
 * 1e-13 by which rounding a logarithm of 460 moves either code), and customers at the edges of the
 * double range are scored by the scalar code itself. For the other models a batch computes the
 * scores of customers without repeats once per distinct age T in a chunk of rows, since they
 * depend on T only. A single customer ({@link #score(double, double, double,
 * double)}) runs the same code as a row of a batch, so its scores equal the batch's exactly.
 *
 * <p>Every value is finite; a customer whose score cannot be computed is a
 * {@link ChurnkitException} naming that customer. Immutable and thread-safe; batches run in chunks
 * of rows on the settings' executor (the common fork-join pool by default).
 */
public final class Scoring {
    private static final int CHUNK = 8_192;

    private final TransactionModel model;
    private final ScoringSettings settings;
    private final SpendModel spend;
    private final boolean discount;
    private final double delta;
    /** The Pareto/NBD closed-form kernel, or {@code null}: a finite discount horizon integrates numerically. */
    private final ParetoNbdScorer pareto;

    private Scoring(TransactionModel model, ScoringSettings settings) {
        this(model, settings, null);
    }

    /** With {@code shared}, the Pareto/NBD kernel shares the s-only parts of that one (same r and s). */
    private Scoring(TransactionModel model, ScoringSettings settings, ParetoNbdScorer shared) {
        this.model = model;
        this.settings = settings;
        this.spend = settings.spendOrNull();
        this.discount = settings.discounts();
        this.delta = settings.delta();
        this.pareto = model instanceof ParetoNbd p && settings.discountHorizon() == Double.POSITIVE_INFINITY
                ? (shared != null && shared.canShareWith(p)
                        ? new ParetoNbdScorer(shared, p) : new ParetoNbdScorer(p, settings.horizon(), discount ? delta : 0))
                : null;
    }

    /**
     * The engine of {@code customerModel} with these settings: {@code Scoring.of(customerModel,
     * settings())}, its scores the same bit for bit, built cheaply when this engine's model is a
     * Pareto/NBD with the same r and s (a customer of a model with covariates: only alpha and
     * beta differ), whose kernel then shares this one's s-only parts.
     */
    Scoring forCustomer(TransactionModel customerModel) {
        return new Scoring(customerModel, settings, pareto);
    }

    /**
     * The engine for a model and settings.
     *
     * @param model the transaction model (Pareto/NBD, BG/NBD, MBG/NBD, BG/BB or any other)
     * @param settings what to compute
     * @return the engine
     */
    public static Scoring of(TransactionModel model, ScoringSettings settings) {
        return new Scoring(Objects.requireNonNull(model, "model"), Objects.requireNonNull(settings, "settings"));
    }

    /**
     * P(alive) and expected transactions over {@code horizon} only: {@code of(model,
     * ScoringSettings.of(horizon))}.
     *
     * @param model the transaction model
     * @param horizon horizon of the expected transactions, in the model's time unit
     * @return the engine
     * @throws IllegalArgumentException if the horizon is not positive and finite
     */
    public static Scoring of(TransactionModel model, double horizon) {
        return of(model, ScoringSettings.of(horizon));
    }

    /**
     * The transaction model.
     *
     * @return the model
     */
    public TransactionModel model() {
        return model;
    }

    /**
     * The settings.
     *
     * @return the settings
     */
    public ScoringSettings settings() {
        return settings;
    }

    /**
     * Whether the money columns (clv, alive value, value at risk) are computed.
     *
     * @return true with a spend model and discounting
     */
    public boolean hasValue() {
        return spend != null && discount;
    }

    /**
     * Whether DERT is computed.
     *
     * @return true with discounting
     */
    public boolean hasDert() {
        return discount;
    }

    /**
     * The score columns this engine computes, in score-file order.
     *
     * @return the columns of every {@link Scores} and {@link CustomerScore} it returns
     */
    public List<ScoreColumn> columns() {
        List<ScoreColumn> c = new ArrayList<>(List.of(ScoreColumn.P_ALIVE,
                ScoreColumn.EXPECTED_TRANSACTIONS));
        if (spend != null) {
            c.add(ScoreColumn.EXPECTED_SPEND);
        }
        if (discount) {
            c.add(ScoreColumn.DERT);
        }
        if (hasValue()) {
            c.addAll(List.of(ScoreColumn.CLV, ScoreColumn.ALIVE_VALUE, ScoreColumn.VALUE_AT_RISK));
        }
        return List.copyOf(c);
    }

    /**
     * The scores of every row.
     *
     * @param h the customers' histories (with monetary values when a spend model is used)
     * @return the scores, one value per row
     * @throws ChurnkitException naming the first customer that cannot be scored (including a
     *     missing spend column when a spend model is used)
     */
    public Scores score(Histories h) {
        if (spend != null && !h.hasMonetary()) {
            throw new ChurnkitException("scoring with a spend model needs a monetary_value column");
        }
        int n = h.size();
        double[] pa = new double[n];
        double[] et = new double[n];
        double[] es = spend != null ? new double[n] : null;
        double[] de = discount ? new double[n] : null;
        double[] da = discount ? new double[n] : null;
        double[] clv = hasValue() ? new double[n] : null;
        double[] av = clv != null ? new double[n] : null;
        double[] risk = clv != null ? new double[n] : null;
        chunks(n, (from, to) -> {
            double[] out = new double[CustomerScore.WIDTH];
            ParetoNbdScorer.Cache cache = pareto != null ? new ParetoNbdScorer.Cache() : null;
            NoRepeatTable noRepeat = pareto == null ? new NoRepeatTable() : null;
            for (int i = from; i < to; i++) {
                try {
                    row(h.frequency[i], h.recency[i], h.age[i], spend != null ? h.monetary[i] : Double.NaN, out, cache,
                            noRepeat);
                } catch (RuntimeException e) {
                    throw new ChurnkitException("cannot score " + h.describe(i) + ": " + e.getMessage(), e);
                }
                pa[i] = out[CustomerScore.P_ALIVE];
                et[i] = out[CustomerScore.EXPECTED];
                if (es != null) {
                    es[i] = out[CustomerScore.SPEND];
                }
                if (de != null) {
                    de[i] = out[CustomerScore.DERT];
                    da[i] = out[CustomerScore.DERT_IF_ALIVE];
                }
                if (clv != null) {
                    clv[i] = out[CustomerScore.CLV];
                    av[i] = out[CustomerScore.ALIVE_VALUE];
                    risk[i] = out[CustomerScore.VALUE_AT_RISK];
                }
            }
        });
        return new Scores(pa, et, es, de, da, clv, av, risk);
    }

    /**
     * The scores of one customer without spend data, as a service scores a request.
     *
     * @param x repeat transactions, a whole number {@code >= 0}
     * @param tx recency: time of the last transaction since the first, {@code 0 <= tx <= T} (0 when x = 0)
     * @param T age: time from the first transaction to the end of observation, {@code >= 0}
     * @return the customer's scores, equal to the row of a batch with this history
     * @throws ChurnkitException naming the history when it is invalid or cannot be scored, or when
     *     the settings have a spend model (use {@link #score(double, double, double, double)})
     */
    public CustomerScore score(double x, double tx, double T) {
        if (spend != null) {
            throw new ChurnkitException("scoring with a spend model needs the customer's mean repeat spend");
        }
        return score(x, tx, T, Double.NaN);
    }

    /**
     * The scores of one customer with their mean repeat spend.
     *
     * @param x repeat transactions, a whole number {@code >= 0}
     * @param tx recency: time of the last transaction since the first, {@code 0 <= tx <= T} (0 when x = 0)
     * @param T age: time from the first transaction to the end of observation, {@code >= 0}
     * @param m mean spend per repeat transaction (ignored for x = 0 and without a spend model)
     * @return the customer's scores, equal to the row of a batch with this history
     * @throws ChurnkitException naming the history when it is invalid or cannot be scored
     */
    public CustomerScore score(double x, double tx, double T, double m) {
        double[] out = new double[CustomerScore.WIDTH];
        scoreInto(x, tx, T, m, out);
        return new CustomerScore(out);
    }

    /**
     * {@link #score(double, double, double, double)} into {@code out} at the {@link CustomerScore}
     * indices (NaN where not computed), without allocating: the per-customer call of
     * {@link StaticCovariateModel#score}. The same code and errors, so the same values.
     */
    void scoreInto(double x, double tx, double T, double m, double[] out) {
        try {
            checkHistory(x, tx, T);
            row(x, tx, T, m, out, null, null);
        } catch (RuntimeException e) {
            throw new ChurnkitException("cannot score history (x=" + x + ", t_x=" + tx + ", T=" + T
                    + (spend != null ? ", monetary_value=" + m : "") + "): " + e.getMessage(), e);
        }
    }

    /** The domain of {@link Histories}: a single customer is checked as a batch row is. */
    private static void checkHistory(double x, double tx, double T) {
        if (!(x >= 0) || x != Math.rint(x) || Double.isInfinite(x) || !(T >= 0) || Double.isInfinite(T)
                || (T == 0 && x != 0) || !(tx >= 0) || tx > T || (x == 0 && tx != 0)) {
            throw new ChurnkitException("invalid history: need whole x >= 0, 0 <= t_x <= T, finite T >= 0, "
                    + "t_x = 0 when x = 0, x = 0 when T = 0");
        }
    }

    /**
     * One customer: fills {@code out} at the {@link CustomerScore} indices, NaN where not computed.
     * The one place where scores are computed, for batches and single customers alike; the
     * Pareto/NBD table of T-only factors ({@code cache}) and the other models' table of customers
     * without repeats ({@code noRepeat}; both {@code null} for a single customer) hold values
     * exactly as computed, so they never change a score.
     */
    private void row(double x, double tx, double T, double m, double[] out, ParetoNbdScorer.Cache cache,
                     NoRepeatTable noRepeat) {
        Arrays.fill(out, Double.NaN);
        double horizon = settings.horizon();
        if (pareto != null) {
            pareto.score(x, tx, T, out, cache);
        } else if (noRepeat == null || x != 0 || tx != 0) {
            modelRow(x, tx, T, horizon, out);
        } else if (!noRepeat.get(T, out)) { // else the scores of (0, 0, T) from an earlier row of the chunk
            modelRow(x, tx, T, horizon, out);
            noRepeat.put(T, out);
        }
        if (spend == null) {
            return;
        }
        double es = spend.expectedSpend(x, x == 0 ? 0 : m);
        out[CustomerScore.SPEND] = es;
        if (discount) {
            double margin = settings.margin();
            out[CustomerScore.CLV] = CustomerValue.clv(margin, es, out[CustomerScore.DERT]);
            double alive = CustomerValue.aliveValue(margin, es, out[CustomerScore.DERT_IF_ALIVE]);
            out[CustomerScore.ALIVE_VALUE] = alive;
            out[CustomerScore.VALUE_AT_RISK] = CustomerValue.valueAtRisk(out[CustomerScore.P_ALIVE], alive);
        }
    }

    /**
     * One thread's tables of T-only values for {@link #transactionRow}: {@link #clear} them before
     * rows of another engine, since they hold values of one model.
     */
    static final class RowTables {
        private final ParetoNbdScorer.Cache cache = new ParetoNbdScorer.Cache();
        private final NoRepeatTable noRepeat = new NoRepeatTable();

        void clear() {
            cache.clear();
            noRepeat.clear();
        }

        /**
         * The next rows (a chunk sorted by T with many distinct ages) have their ages in
         * {@code [lo, hi]}: the Pareto/NBD kernel may interpolate its T-only factors there (see
         * {@link ParetoNbdScorer}); NaN bounds turn it off. Empties the tables.
         */
        void ages(double lo, double hi) {
            cache.ages(lo, hi);
            noRepeat.clear();
        }
    }

    /**
     * P(alive), the expectation and, with discounting, DERT and DERT given alive of one history of
     * a validated batch into {@code out} at the {@link CustomerScore} indices: the code of a batch
     * row, so the same values bit for bit, without allocating (the per-draw loop of
     * {@link PredictionIntervals}). The spend columns are left to the caller.
     *
     * @throws RuntimeException as a batch row does, without naming the customer (the caller does)
     */
    void transactionRow(double x, double tx, double T, double[] out, RowTables tables) {
        if (spend != null) {
            throw new IllegalStateException("transactionRow serves engines without a spend model");
        }
        row(x, tx, T, Double.NaN, out, pareto != null ? tables.cache : null, pareto == null ? tables.noRepeat : null);
    }

    /**
     * {@link #transactionRow} of a customer without repeats ({@code x = t_x = 0}) of age T by the
     * Pareto/NBD kernel's interpolants alone ({@link ParetoNbdScorer#noRepeatRow}): the same
     * values bit for bit in the four columns that method names, the others left as they are.
     * False, writing nothing, when this engine has no such kernel or the interpolants do not
     * serve: the caller then calls {@link #transactionRow}.
     */
    boolean noRepeatRow(double T, double[] out, RowTables tables) {
        return pareto != null && spend == null && pareto.noRepeatRow(T, out, tables.cache);
    }

    /** P(alive), the expectation and DERT of a model other than the closed-form Pareto/NBD path. */
    private void modelRow(double x, double tx, double T, double horizon, double[] out) {
        if (model instanceof BetaGeometricModel bg) {
            bg.scoreInto(x, tx, T, horizon, out); // log P(alive) once for both columns
        } else {
            out[CustomerScore.P_ALIVE] = model.pAlive(x, tx, T);
            out[CustomerScore.EXPECTED] = model.expectedTransactions(x, tx, T, horizon);
        }
        if (discount) {
            // DERT = P(alive) x DERT|alive: one numerical integral per customer, not two
            double da = model.discountedExpectedTransactionsIfAlive(x, tx, T, delta, settings.discountHorizon());
            out[CustomerScore.DERT_IF_ALIVE] = da;
            out[CustomerScore.DERT] = out[CustomerScore.P_ALIVE] * da;
        }
    }

    /**
     * The scores of customers without repeats ({@code x = 0, t_x = 0}) by age T, for the models
     * without a kernel of their own: such a score depends on T only, and customers without repeats
     * are most of a customer base and share few distinct ages (whole days or weeks), while a BG/NBD
     * expectation or a numerical DERT costs hundreds of terms. A direct-mapped table of 512 ages;
     * one per chunk of rows (not thread-safe).
     */
    private static final class NoRepeatTable {
        private static final int BITS = 9;
        private static final int[] COLUMNS = {CustomerScore.P_ALIVE, CustomerScore.EXPECTED, CustomerScore.DERT,
            CustomerScore.DERT_IF_ALIVE};
        private final long[] keys = new long[1 << BITS];
        private final double[] values = new double[COLUMNS.length << BITS];

        /** Whether a key was written since the table was last emptied. */
        private boolean written = true;

        NoRepeatTable() {
            clear();
        }

        void clear() {
            if (written) { // a Pareto/NBD engine never writes it: nothing to empty per draw
                Arrays.fill(keys, -1L); // a NaN pattern: T is never NaN
                written = false;
            }
        }

        private static int slot(long bits) {
            return (int) ((bits * 0x9E3779B97F4A7C15L) >>> (64 - BITS));
        }

        /** Copies the scores of age T into {@code out}; false when T is not in the table. */
        boolean get(double T, double[] out) {
            long bits = Double.doubleToRawLongBits(T);
            int h = slot(bits);
            if (keys[h] != bits) {
                return false;
            }
            for (int c = 0; c < COLUMNS.length; c++) {
                out[COLUMNS[c]] = values[h * COLUMNS.length + c];
            }
            return true;
        }

        void put(double T, double[] out) {
            long bits = Double.doubleToRawLongBits(T);
            int h = slot(bits);
            keys[h] = bits;
            written = true;
            for (int c = 0; c < COLUMNS.length; c++) {
                values[h * COLUMNS.length + c] = out[COLUMNS[c]];
            }
        }
    }

    /** A loop body over the rows {@code [from, to)}. */
    interface Chunk {
        void apply(int from, int to);
    }

    /** Runs rows {@code 0..n-1} in chunks on the settings' executor; the first failure is rethrown as it is. */
    private void chunks(int n, Chunk body) {
        chunks(n, CHUNK, settings.executorOrNull(), body);
    }

    /**
     * Runs rows {@code 0..n-1} in chunks of {@value #CHUNK} on {@code executor} (the common
     * fork-join pool when {@code null}); the first failure is rethrown as it is. Also the batch
     * loop of {@link StaticCovariateModel}.
     */
    static void chunks(int n, Executor executor, Chunk body) {
        chunks(n, CHUNK, executor, body);
    }

    /**
     * Runs rows {@code 0..n-1} in chunks of {@code size} on {@code executor} ({@code null}: the
     * common fork-join pool), as batch scoring does; the first failure is rethrown as it is.
     * Shared with {@link PredictionIntervals}, whose chunks hold every parameter draw of their rows.
     */
    static void chunks(int n, int size, Executor executor, Chunk body) {
        int count = (n + size - 1) / size;
        if (executor == null) {
            IntStream.range(0, count).parallel().forEach(c -> body.apply(c * size, Math.min(n, (c + 1) * size)));
            return;
        }
        AtomicBoolean failed = new AtomicBoolean();
        CompletableFuture<?>[] futures = new CompletableFuture<?>[count];
        for (int c = 0; c < count; c++) {
            int from = c * size;
            int to = Math.min(n, from + size);
            futures[c] = CompletableFuture.runAsync(() -> {
                if (failed.get()) {
                    return; // a customer already failed: the batch fails, later chunks are wasted work
                }
                try {
                    body.apply(from, to);
                } catch (RuntimeException e) {
                    failed.set(true);
                    throw e;
                }
            }, executor);
        }
        try {
            CompletableFuture.allOf(futures).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    @Override
    public String toString() {
        return "Scoring[" + model + ", " + settings + "]";
    }
}
