package org.churnkit.model;

import java.util.Objects;
import org.churnkit.ChurnkitException;
import org.churnkit.data.CustomerSummaries;
import org.churnkit.io.BadInputException;
import org.churnkit.data.Exclusions;
import org.churnkit.data.SummaryTable;

/**
 * The customers a model is fitted on, and an account of those left out and why: the one rule every
 * command (fit, demo, backtest) applies before {@link ModelFitter}.
 *
 * <ul>
 *   <li>every model: customers with {@code T = 0} (acquired at the end of observation) are skipped
 *       and counted: their contribution to the log-likelihood is the constant 0 (no time to buy or
 *       to leave: for Pareto/NBD, BG/NBD and MBG/NBD {@code L(x=0, t_x=0, T=0) = 1}, for BG/BB
 *       {@code L(x=0, n=0) = 1}), so the estimates are those of the other customers. They are
 *       scored all the same, as new customers;</li>
 *   <li>Gamma-Gamma: only customers with repeat transactions and a positive mean repeat amount
 *       carry spend information; those without repeats ({@code x = 0}) and those whose repeats had
 *       no positive amount ({@code m = 0}: zero-value or refunded repeats only) are left out and
 *       counted, and are scored at the population mean spend (as in lifetimes and CLVTools); a
 *       negative mean is an error naming the customer.</li>
 * </ul>
 *
 * <p>Immutable. Counts are numbers of customers (sums of weights for weighted rows).
 */
public final class FitData {
    private final Histories histories;
    private final Exclusions exclusions;

    private FitData(Histories histories, Exclusions exclusions) {
        this.histories = histories;
        this.exclusions = exclusions;
    }

    /**
     * Selects the rows {@code kind} is fitted on.
     *
     * @param kind the model to fit
     * @param h every customer's history (with a monetary column for Gamma-Gamma)
     * @return the rows to fit and the exclusions
     * @throws ChurnkitException when Gamma-Gamma is asked for without a monetary column or with a
     *     negative mean, or when no customer is left (the message gives the counts)
     */
    public static FitData of(ModelKind kind, Histories h) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(h, "h");
        boolean spend = kind.isSpendModel();
        if (spend && !h.hasMonetary()) {
            throw new ChurnkitException("the " + kind.id() + " fit needs a monetary value column (mean repeat-transaction amount)");
        }
        int n = h.size();
        boolean[] use = new boolean[n];
        int keep = 0;
        double zeroAge = 0;
        double noRepeat = 0;
        double noSpend = 0;
        int firstZeroAge = -1;
        int firstNoSpend = -1;
        for (int i = 0; i < n; i++) {
            double w = h.weight(i);
            if (h.age[i] == 0) {
                zeroAge += w;
                firstZeroAge = firstZeroAge < 0 ? i : firstZeroAge;
            } else if (spend && h.frequency[i] < 1) {
                noRepeat += w;
            } else if (spend && h.monetary[i] < 0) {
                throw BadInputException.of("cannot fit " + kind.id() + ": " + h.describe(i) + " has a negative mean repeat amount "
                        + h.monetary[i] + " (a summary writes 0 when there is no positive amount)");
            } else if (spend && !(h.monetary[i] > 0)) {
                noSpend += w;
                firstNoSpend = firstNoSpend < 0 ? i : firstNoSpend;
            } else {
                use[i] = true;
                keep++;
            }
        }
        Exclusions ex = Exclusions.builder()
                .add(Exclusions.ZERO_AGE, Math.round(zeroAge), "customers", "acquired at the end of observation (T = 0)",
                        "left out of the " + kind.id() + " fit: their log-likelihood is the constant 0", example(h, firstZeroAge))
                .add(Exclusions.NO_REPEAT, Math.round(noRepeat), "customers", "without repeat transactions (frequency 0)",
                        "left out of the spend fit (no repeat amount to learn from); scored at the population mean", "")
                .add(Exclusions.NO_POSITIVE_SPEND, Math.round(noSpend), "customers",
                        "with repeat transactions but no positive mean repeat amount",
                        "left out of the spend fit; scored at the population mean", example(h, firstNoSpend))
                .build();
        if (keep == 0) {
            throw new ChurnkitException("no customer left to fit " + kind.id() + ": of " + n + " rows, "
                    + String.join("; ", ex.lines()));
        }
        if (keep == n) {
            return new FitData(h, ex);
        }
        double[] x = new double[keep];
        double[] tx = new double[keep];
        double[] t = new double[keep];
        double[] m = h.monetary == null ? null : new double[keep];
        double[] w = h.weight == null ? null : new double[keep];
        String[] ids = h.ids == null ? null : new String[keep];
        int j = 0;
        for (int i = 0; i < n; i++) {
            if (use[i]) {
                x[j] = h.frequency[i];
                tx[j] = h.recency[i];
                t[j] = h.age[i];
                if (m != null) {
                    m[j] = h.monetary[i];
                }
                if (w != null) {
                    w[j] = h.weight[i];
                }
                if (ids != null) {
                    ids[j] = h.ids[i];
                }
                j++;
            }
        }
        return new FitData(Histories.wrap(x, tx, t, m, w, ids), ex);
    }

    /**
     * The histories of a summary table: x, t_x, T, the spend column when it was read, the weights
     * and the row names ({@link SummaryTable#ids()}).
     *
     * @param table the table as read
     * @return every row's history
     * @throws ChurnkitException naming the file and the first row that is not a valid history
     */
    public static Histories histories(SummaryTable table) {
        Objects.requireNonNull(table, "table");
        try {
            return Histories.of(table.frequency(), table.recency(), table.age(), table.monetary(), table.weight(),
                    table.ids());
        } catch (ChurnkitException e) {
            throw new ChurnkitException(table.file() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The histories a fit of {@code kind} reads from summaries: x, t_x, T and ids, and the mean
     * repeat spend for a spend model only (a transaction model compresses and fits its rows
     * without it).
     *
     * @param kind the model to fit
     * @param s the summaries
     * @return every customer's history
     * @throws ChurnkitException when a spend model is asked for and the summaries have no amounts
     */
    public static Histories histories(ModelKind kind, CustomerSummaries s) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(s, "s");
        boolean spend = kind.isSpendModel();
        if (spend && !s.hasAmounts()) {
            throw new ChurnkitException("the " + kind.id() + " fit needs amounts; the summaries have none");
        }
        int n = s.size();
        double[] x = new double[n];
        double[] tx = new double[n];
        double[] t = new double[n];
        double[] m = spend ? new double[n] : null;
        for (int i = 0; i < n; i++) {
            x[i] = s.frequency(i);
            tx[i] = s.recency(i);
            t[i] = s.age(i);
            if (m != null) {
                m[i] = s.monetaryValue(i);
            }
        }
        return Histories.of(x, tx, t, m, null, s.ids());
    }

    /**
     * The first customer acquired at the end of observation ({@code T = 0}), whom {@link #of}
     * leaves out: for callers whose policy is to refuse such customers instead.
     *
     * @param h the histories
     * @return the row index of the first {@code T = 0} row, or -1 when there is none
     */
    public static int firstZeroAge(Histories h) {
        Objects.requireNonNull(h, "h");
        for (int i = 0; i < h.size(); i++) {
            if (h.age[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    private static String example(Histories h, int i) {
        return i < 0 ? "" : h.ids != null ? "customer '" + h.ids[i] + "'" : "row " + i;
    }

    /**
     * The rows to fit.
     *
     * @return the selected histories (the input itself when nothing was left out)
     */
    public Histories histories() {
        return histories;
    }

    /**
     * The customers left out, with counts and reasons.
     *
     * @return the exclusion report, empty when every row is used
     */
    public Exclusions exclusions() {
        return exclusions;
    }
}
