package org.churnkit.spark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.churnkit.ChurnkitException;
import org.churnkit.model.CustomerValue;
import org.churnkit.model.Histories;
import org.churnkit.model.ModelFiles;
import org.churnkit.model.ParetoNbd;
import org.churnkit.model.SpendModel;
import org.churnkit.model.TransactionModel;
import org.churnkit.segment.ScoreColumns;
import org.churnkit.segment.SegmentationModel;

/**
 * Scores a block of customers held in primitive arrays: the per-partition work of
 * {@link SparkScoring}, and the single-machine path on the same definitions. Per customer
 * {@code i} with history {@code (x, t_x, T)} and mean repeat spend {@code m}:
 *
 * <pre>
 *   p_alive               = model.pAlive(x, t_x, T)
 *   expected_transactions = model.expectedTransactions(x, t_x, T, horizon)
 *   expected_spend        = spend.expectedSpend(x, m)                            (spend model)
 *   dert                  = model.discountedExpectedTransactions(x, t_x, T, delta, dertHorizon)   (delta &gt; 0)
 *   clv                   = margin * expected_spend * dert                       (both present)
 *   alive_value           = margin * expected_spend * dert given alive           (with clv; CustomerValue)
 *   value_at_risk         = (1 - p_alive) * alive_value = alive_value - clv      (with clv; CustomerValue)
 *   segment               = segmentation.names()[assign(the columns above)]      (segmentation model)
 * </pre>
 *
 * For Pareto/NBD with an infinite DERT horizon the first three come from the core's batch
 * {@link ParetoNbd#score} (one evaluation of the shared term per customer; equal to the scalar
 * methods to rounding). Immutable; the models are parsed once per instance.
 */
public final class CustomerScorer {
    private final ScoreSettings settings;
    private final TransactionModel model;
    private final SpendModel spend;
    private final SegmentationModel segmentation;

    private CustomerScorer(ScoreSettings settings) {
        this.settings = settings;
        this.model = ModelFiles.parse(settings.modelJson(), "the transaction model", TransactionModel.class);
        this.spend = settings.spendModelJson() == null ? null
                : ModelFiles.parse(settings.spendModelJson(), "the spend model", SpendModel.class);
        this.segmentation = settings.segmentationJson() == null ? null
                : SegmentationModel.fromJson(settings.segmentationJson(), "the segmentation model");
    }

    /**
     * Parses the models of {@code settings}.
     *
     * @param settings the models' JSON and the scoring numbers
     * @return a scorer for these settings
     * @throws ChurnkitException when a model's JSON is invalid or of the wrong kind
     */
    public static CustomerScorer of(ScoreSettings settings) {
        return new CustomerScorer(settings);
    }

    /**
     * Names of the numeric columns {@link #score} returns, in order.
     *
     * @return {@code p_alive, expected_transactions}, then {@code expected_spend}, {@code dert} and
     *     {@code clv}, {@code alive_value} and {@code value_at_risk} when the settings ask for them
     */
    public List<String> columns() {
        List<String> c = new ArrayList<>(List.of("p_alive", "expected_transactions"));
        if (spend != null) {
            c.add("expected_spend");
        }
        if (settings.delta() > 0) {
            c.add("dert");
            if (spend != null) {
                c.add("clv");
                c.add(CustomerValue.ALIVE_VALUE_COLUMN);
                c.add(CustomerValue.VALUE_AT_RISK_COLUMN);
            }
        }
        return c;
    }

    /**
     * Whether {@link Result#segment} is filled.
     *
     * @return true when the settings have a segmentation model
     */
    public boolean segments() {
        return segmentation != null;
    }

    /**
     * Scores of a block.
     *
     * @param columns one array per name in {@link #columns()}
     * @param segment segment name per customer, or {@code null} without a segmentation model
     */
    public record Result(double[][] columns, String[] segment) {}

    /**
     * Scores customers {@code 0..n-1}.
     *
     * @param ids customer ids, used in error messages (and segment naming)
     * @param x repeat transaction count per customer
     * @param tx recency: time of the last transaction since the first, in the model's time unit
     * @param t age: time from the first transaction to the observation end, in the model's time unit
     * @param monetary mean repeat spend, or {@code null} (then {@code expected_spend} is the
     *     population mean for every customer only if x = 0; a spend model needs it)
     * @throws ChurnkitException naming the customer whose score cannot be computed (invalid
     *     history, non-finite result, missing spend)
     * @return one column per name in {@link #columns()}, and the segments when {@link #segments()}
     */
    public Result score(String[] ids, double[] x, double[] tx, double[] t, double[] monetary) {
        int n = x.length;
        boolean dert = settings.delta() > 0;
        double[] pa = new double[n];
        double[] et = new double[n];
        double[] es = spend != null ? new double[n] : null;
        double[] de = dert ? new double[n] : null;
        double[] clv = dert && spend != null ? new double[n] : null;
        double[] av = clv != null ? new double[n] : null;
        double[] risk = clv != null ? new double[n] : null;
        double[] dertAlive = clv != null ? new double[n] : null;
        if (spend != null && monetary == null) {
            throw new ChurnkitException("a spend model needs a monetary_value column");
        }
        if (model instanceof ParetoNbd p && settings.dertHorizon() == Double.POSITIVE_INFINITY) {
            // The core's batch path: R computed once per customer for all three scores.
            ParetoNbd.Scores sc = p.score(Histories.of(x, tx, t, null, null, ids), settings.horizon(), settings.delta());
            System.arraycopy(sc.pAlive(), 0, pa, 0, n);
            System.arraycopy(sc.expectedTransactions(), 0, et, 0, n);
            if (de != null) {
                System.arraycopy(sc.dert(), 0, de, 0, n);
            }
            if (dertAlive != null) {
                System.arraycopy(sc.dertIfAlive(), 0, dertAlive, 0, n);
            }
        }
        boolean done = model instanceof ParetoNbd && settings.dertHorizon() == Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            try {
                if (done) {
                    if (es != null) {
                        es[i] = spend.expectedSpend(x[i], monetary[i]);
                        if (clv != null) {
                            // CustomerValue's formulas, inline: the settings allow any finite margin
                            clv[i] = settings.margin() * es[i] * de[i];
                            av[i] = settings.margin() * es[i] * dertAlive[i];
                            risk[i] = (1 - pa[i]) * av[i];
                        }
                    }
                    continue;
                }
                pa[i] = model.pAlive(x[i], tx[i], t[i]);
                et[i] = model.expectedTransactions(x[i], tx[i], t[i], settings.horizon());
                if (es != null) {
                    es[i] = spend.expectedSpend(x[i], monetary[i]);
                }
                if (de != null) {
                    de[i] = model.discountedExpectedTransactions(x[i], tx[i], t[i], settings.delta(), settings.dertHorizon());
                    if (clv != null) {
                        clv[i] = settings.margin() * es[i] * de[i];
                        double da = model.discountedExpectedTransactionsIfAlive(x[i], tx[i], t[i], settings.delta(),
                                settings.dertHorizon());
                        av[i] = settings.margin() * es[i] * da;
                        risk[i] = (1 - pa[i]) * av[i];
                    }
                }
            } catch (RuntimeException e) {
                throw new ChurnkitException("cannot score customer '" + ids[i] + "' (x=" + x[i] + ", t_x=" + tx[i] + ", T=" + t[i]
                        + (monetary != null ? ", monetary_value=" + monetary[i] : "") + "): " + e.getMessage(), e);
            }
        }
        Map<String, double[]> cols = new LinkedHashMap<>();
        cols.put("p_alive", pa);
        cols.put("expected_transactions", et);
        if (es != null) {
            cols.put("expected_spend", es);
        }
        if (de != null) {
            cols.put("dert", de);
        }
        if (clv != null) {
            cols.put("clv", clv);
            cols.put(CustomerValue.ALIVE_VALUE_COLUMN, av);
            cols.put(CustomerValue.VALUE_AT_RISK_COLUMN, risk);
        }
        String[] seg = null;
        if (segmentation != null) {
            Map<String, double[]> all = new LinkedHashMap<>();
            all.put(ScoreColumns.FREQUENCY, x);
            all.put(ScoreColumns.RECENCY, tx);
            all.put(ScoreColumns.AGE, t);
            if (monetary != null) {
                all.put(ScoreColumns.MONETARY_VALUE, monetary);
            }
            all.putAll(cols);
            int[] a = segmentation.assign(ScoreColumns.of(ids, all));
            seg = new String[n];
            for (int i = 0; i < n; i++) {
                seg[i] = segmentation.names().get(a[i]);
            }
        }
        return new Result(cols.values().toArray(new double[0][]), seg);
    }
}
