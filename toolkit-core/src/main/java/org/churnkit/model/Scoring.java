package org.churnkit.model;

import java.util.Objects;
import java.util.stream.IntStream;
import org.churnkit.ChurnkitException;

/**
 * Per-customer scores from a transaction model and, optionally, a spend model: the columns that
 * {@code churnkit score} writes and a service would return.
 *
 * <ul>
 *   <li>{@code p_alive}: P(alive at T) given (x, t_x, T);</li>
 *   <li>{@code expected_transactions}: E[X(T, T + h) | x, t_x, T] over the horizon h;</li>
 *   <li>with a spend model: {@code expected_spend} = E[M | x, m] (Gamma-Gamma, Fader, Hardie and Lee
 *       2005 "RFM and CLV", eq. 5; the population mean p gamma / (q - 1) for x = 0), {@code dert}
 *       = discounted expected residual transactions at the continuously compounded rate delta per
 *       time unit (closed form for Pareto/NBD, Fader, Hardie and Lee 2005 eq. 2; the finite or
 *       infinite discounted expectation of the model otherwise), {@code clv} = margin x
 *       expected_spend x dert, {@code alive_value} = margin x expected_spend x DERT given alive
 *       (= clv / p_alive, computed without the division) and {@code value_at_risk} = (1 - p_alive) x
 *       alive_value (= alive_value - clv); see {@link CustomerValue} for the definitions. Money
 *       columns are in the unit of the spend data; expected_transactions counts transactions over
 *       the horizon in the model's time unit; dert counts discounted transactions.</li>
 *   <li>{@link #withDert without a spend model}: {@code dert} alone, the discounted expected
 *       residual transactions (a customer's value in transactions, before spend and margin).</li>
 * </ul>
 *
 * <p>Every value is finite; a customer whose score cannot be computed is an error naming that
 * customer. Immutable; batch scoring runs in parallel over chunks of rows (common fork-join pool).
 */
public final class Scoring {
    private final TransactionModel model;
    private final SpendModel spend;
    private final double horizon;
    private final double delta;
    private final double margin;

    private Scoring(TransactionModel model, SpendModel spend, double horizon, double delta, double margin) {
        this.model = model;
        this.spend = spend;
        this.horizon = horizon;
        this.delta = delta;
        this.margin = margin;
    }

    /**
     * Scoring without spend: P(alive) and expected transactions over {@code horizon}.
     *
     * @param model the transaction model
     * @param horizon horizon of the expected transactions, in the model's time unit
     * @return the scoring
     * @throws IllegalArgumentException if the horizon is not positive and finite
     */
    public static Scoring of(TransactionModel model, double horizon) {
        checkHorizon(horizon);
        return new Scoring(Objects.requireNonNull(model, "model"), null, horizon, Double.NaN, Double.NaN);
    }

    /**
     * Scoring with DERT but without spend: P(alive), expected transactions over {@code horizon} and
     * DERT at {@code delta} (continuously compounded rate per model time unit).
     *
     * @param model the transaction model
     * @param horizon horizon of the expected transactions, in the model's time unit
     * @param delta continuously compounded discount rate per time unit
     * @return the scoring
     * @throws IllegalArgumentException if the horizon or delta is not positive and finite
     */
    public static Scoring withDert(TransactionModel model, double horizon, double delta) {
        checkHorizon(horizon);
        checkDelta(delta);
        return new Scoring(Objects.requireNonNull(model, "model"), null, horizon, delta, Double.NaN);
    }

    /**
     * Scoring with spend and value: adds expected spend, DERT at {@code delta} (continuously
     * compounded rate per model time unit, see
     * {@link org.churnkit.data.TimeUnit#continuousRateFromAnnual}), CLV = margin x spend x DERT, the
     * alive value and the value at risk ({@link CustomerValue}).
     *
     * @param model the transaction model
     * @param horizon horizon of the expected transactions, in the model's time unit
     * @param spend the spend model
     * @param delta continuously compounded discount rate per time unit
     * @param margin margin on spend, e.g. 0.3
     * @return the scoring
     * @throws IllegalArgumentException if the horizon is not positive and finite, delta not
     *     positive and finite, or the margin not positive and finite
     */
    public static Scoring of(TransactionModel model, double horizon, SpendModel spend, double delta, double margin) {
        checkHorizon(horizon);
        checkDelta(delta);
        if (!(margin > 0) || Double.isInfinite(margin)) {
            throw new IllegalArgumentException("margin must be positive and finite, got " + margin);
        }
        return new Scoring(Objects.requireNonNull(model, "model"), Objects.requireNonNull(spend, "spend"),
                horizon, delta, margin);
    }

    private static void checkDelta(double delta) {
        if (!(delta > 0) || Double.isInfinite(delta)) {
            throw new IllegalArgumentException("discount rate per time unit must be positive and finite, got " + delta);
        }
    }

    private static void checkHorizon(double h) {
        if (!(h > 0) || Double.isInfinite(h)) {
            throw new IllegalArgumentException("horizon must be positive and finite, got " + h);
        }
    }

    /**
     * Whether spend, DERT and CLV are computed.
     *
     * @return true with a spend model
     */
    public boolean hasValue() {
        return spend != null;
    }

    /**
     * Whether DERT is computed (with a spend model, or {@link #withDert}).
     *
     * @return true when scores carry DERT
     */
    public boolean hasDert() {
        return Double.isFinite(delta);
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
        int n = h.size();
        if (spend != null && !h.hasMonetary()) {
            throw new ChurnkitException("scoring with a spend model needs a monetary_value column");
        }
        double[] pa;
        double[] et;
        double[] dert = null;
        double[] dertAlive = null;
        if (model instanceof ParetoNbd p) {
            ParetoNbd.Scores s = p.score(h, horizon, hasDert() ? delta : 0);
            pa = s.pAlive();
            et = s.expectedTransactions();
            dert = hasDert() ? s.dert() : null;
            dertAlive = hasDert() ? s.dertIfAlive() : null;
        } else {
            pa = new double[n];
            et = new double[n];
            double[] d = hasDert() ? new double[n] : null;
            double[] da = hasDert() ? new double[n] : null;
            dert = d;
            dertAlive = da;
            parallel(n, i -> {
                double x = h.frequency[i];
                double tx = h.recency[i];
                double T = h.age[i];
                pa[i] = model.pAlive(x, tx, T);
                et[i] = model.expectedTransactions(x, tx, T, horizon);
                if (d != null) {
                    // DERT = P(alive) x DERT|alive: one numerical integral per customer, not two
                    da[i] = model.discountedExpectedTransactionsIfAlive(x, tx, T, delta, Double.POSITIVE_INFINITY);
                    d[i] = pa[i] * da[i];
                }
            }, h);
        }
        if (spend == null) {
            return new Scores(pa, et, null, dert, dertAlive, null, null, null);
        }
        double[] es = new double[n];
        double[] clv = new double[n];
        double[] alive = new double[n];
        double[] risk = new double[n];
        double[] d = dert;
        double[] da = dertAlive;
        parallel(n, i -> {
            double x = h.frequency[i];
            es[i] = spend.expectedSpend(x, x == 0 ? 0 : h.monetary[i]);
            clv[i] = CustomerValue.clv(margin, es[i], d[i]);
            alive[i] = CustomerValue.aliveValue(margin, es[i], da[i]);
            risk[i] = CustomerValue.valueAtRisk(pa[i], alive[i]);
        }, h);
        return new Scores(pa, et, es, dert, dertAlive, clv, alive, risk);
    }

    private interface Row {
        void apply(int i);
    }

    private static void parallel(int n, Row row, Histories h) {
        final int chunk = 8_192;
        int chunks = (n + chunk - 1) / chunk;
        IntStream.range(0, chunks).parallel().forEach(c -> {
            int to = Math.min(n, (c + 1) * chunk);
            for (int i = c * chunk; i < to; i++) {
                try {
                    row.apply(i);
                } catch (RuntimeException e) {
                    throw new ChurnkitException("cannot score " + h.describe(i) + ": " + e.getMessage(), e);
                }
            }
        });
    }

    /**
     * Scores per customer (arrays in row order; callers own them).
     *
     * @param pAlive P(alive) at the end of observation
     * @param expectedTransactions expected transactions over the horizon
     * @param expectedSpend expected spend per future transaction, or {@code null} without a spend model
     * @param dert discounted expected residual transactions, or {@code null} without a spend model or {@link #withDert}
     * @param dertIfAlive DERT given alive at the end of observation ({@code dert = pAlive x dertIfAlive}),
     *     or {@code null} without a spend model or {@link #withDert}
     * @param clv margin x expected spend x DERT ({@link CustomerValue#clv}), or {@code null} without a
     *     spend model
     * @param aliveValue margin x expected spend x DERT given alive ({@link CustomerValue#aliveValue}), or
     *     {@code null} without a spend model
     * @param valueAtRisk (1 - P(alive)) x alive value ({@link CustomerValue#valueAtRisk}), or {@code null}
     *     without a spend model
     */
    public record Scores(double[] pAlive, double[] expectedTransactions, double[] expectedSpend, double[] dert,
                         double[] dertIfAlive, double[] clv, double[] aliveValue, double[] valueAtRisk) {}
}
