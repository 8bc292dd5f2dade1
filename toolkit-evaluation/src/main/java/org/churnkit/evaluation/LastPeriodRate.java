package org.churnkit.evaluation;

import org.churnkit.ChurnkitException;
import org.churnkit.model.Histories;
import org.churnkit.model.ModelKind;

/**
 * Naive baseline "last period's rate carried forward": each customer keeps buying at the rate they
 * showed in the last {@code w} time units of calibration, {@code lambda_i = r_i / min(w, T_i)}, with
 * {@code r_i} their repeat transactions in {@code (T_i - w, T_i]} (a customer younger than the window
 * is judged on their whole age), and never leaves. So {@code E[X(T, T+t)] = lambda_i t}; a new
 * customer buys at {@code lambda_bar = (1/N) sum_i lambda_i}. Customers who bought recently are
 * predicted to keep buying, those silent in the window to buy nothing: the "hiatus" rule of thumb
 * managers use (Wübben and von Wangenheim 2008), a fair bar for a model to clear.
 *
 * <p>The rate depends on more than {@code (x, t_x, T)}, so this is a {@link RowAwareModel}, not a
 * {@link org.churnkit.model.TransactionModel}: it predicts only for the rows it was built on (the
 * per-customer methods throw {@link ChurnkitException} for other histories), and it has no
 * single-history methods to refuse. {@link #pAlive(Histories)} is 1.
 */
public final class LastPeriodRate extends PoissonBaseline implements RowAwareModel {
    /** Name in comparison tables. */
    public static final String NAME = ModelKind.LAST_PERIOD_RATE.id();

    private final Histories calibration;
    private final double window;
    private final double[] rate;

    private LastPeriodRate(Histories calibration, double window, double[] rate, double populationRate) {
        super(populationRate);
        this.calibration = calibration;
        this.window = window;
        this.rate = rate;
    }

    /**
     * The rule from calibration histories and recent activity.
     *
     * @param calibration calibration histories (weights count as customers in the population rate)
     * @param window length {@code w} of the last calibration period, {@code > 0}
     * @param recentRepeatTransactions repeat transactions of each customer in {@code (T - w, T]},
     *     whole numbers in {@code [0, x]}
     * @throws ChurnkitException naming the first customer with an invalid count
     * @return the baseline
     */
    public static LastPeriodRate of(Histories calibration, double window, double[] recentRepeatTransactions) {
        if (!(window > 0) || Double.isInfinite(window)) {
            throw new IllegalArgumentException("window must be positive and finite, got " + window);
        }
        int n = calibration.size();
        if (recentRepeatTransactions.length != n) {
            throw new IllegalArgumentException("recent activity has " + recentRepeatTransactions.length
                    + " rows, the histories " + n);
        }
        double[] rate = new double[n];
        double sw = 0;
        double s = 0;
        for (int i = 0; i < n; i++) {
            double r = recentRepeatTransactions[i];
            if (!(r >= 0) || r != Math.rint(r) || r > calibration.frequency(i)) {
                throw new ChurnkitException("invalid recent repeat transactions " + r + " for "
                        + calibration.describe(i) + ": expected a whole number between 0 and x");
            }
            if (calibration.age(i) > 0) { // T = 0 (acquired at the end): no period yet, the population rate below
                rate[i] = r / Math.min(window, calibration.age(i));
                double w = calibration.weight(i);
                sw += w;
                s += w * rate[i];
            }
        }
        if (!(sw > 0)) {
            throw new IllegalArgumentException("the last-period-rate baseline needs at least one customer with T > 0");
        }
        for (int i = 0; i < n; i++) {
            if (!(calibration.age(i) > 0)) {
                rate[i] = s / sw;
            }
        }
        return new LastPeriodRate(calibration, window, rate, s / sw);
    }

    /**
     * Builds the rule from a split that carries recent activity.
     *
     * @param split a split with recent activity
     * @return the baseline
     */
    public static LastPeriodRate of(HoldoutSplit split) {
        if (!split.hasRecentActivity()) {
            throw new IllegalArgumentException("the split has no recent activity (see HoldoutSplit.withRecentActivity)");
        }
        return of(split.calibration(), split.recentWindow(), split.recentArray());
    }

    @Override
    public ModelKind kind() {
        return ModelKind.LAST_PERIOD_RATE;
    }

    /**
     * Length of the last calibration period.
     *
     * @return the window, in the model's time unit
     */
    public double window() {
        return window;
    }

    /**
     * Rate of row {@code row}, per time unit.
     *
     * @param row row index of the calibration histories
     * @return the rate
     */
    public double rate(int row) {
        return rate[row];
    }

    @Override
    public boolean covers(Histories h) {
        return h == calibration;
    }

    /** {@code lambda_row t}; {@code h} must be the calibration histories. */
    @Override
    public double expectedTransactionsOfRow(Histories h, int row, double t) {
        requireCovered(h);
        checkTime(t);
        return rate[row] * t;
    }

    /** Nobody leaves: 1 for every row. */
    @Override
    public double[] pAlive(Histories h) {
        double[] out = new double[h.size()];
        java.util.Arrays.fill(out, 1.0);
        return out;
    }

    private void requireCovered(Histories h) {
        if (!covers(h)) {
            throw new ChurnkitException("the last-period-rate baseline predicts only for the histories it was built on");
        }
    }

    @Override
    public double[] expectedTransactions(Histories h, double t) {
        requireCovered(h);
        checkTime(t);
        double[] out = new double[rate.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = rate[i] * t;
        }
        return out;
    }

    @Override
    public double[] discountedExpectedTransactions(Histories h, double delta, double horizon) {
        requireCovered(h);
        double[] out = new double[rate.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = discounted(rate[i], delta, horizon);
        }
        return out;
    }

    /** Poisson-process log-likelihood of each row's history at the row's rate (see {@link PoissonBaseline}). */
    @Override
    public double[] logLikelihood(Histories h) {
        requireCovered(h);
        return Parallel.map(h, i -> poissonProcessLogLikelihood(h.frequency(i), h.age(i), rate[i]), "log-likelihood");
    }

    @Override
    public String toString() {
        return "LastPeriodRate[window " + window + ", population rate " + populationRate + "]";
    }
}
