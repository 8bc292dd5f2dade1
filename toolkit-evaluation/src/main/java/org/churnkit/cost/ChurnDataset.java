package org.churnkit.cost;

import java.util.List;
import java.util.Objects;
import org.churnkit.ChurnkitException;
import org.churnkit.io.BadInputException;
import org.churnkit.data.CustomerSummaries;
import org.churnkit.model.Histories;
import org.churnkit.model.ScoreColumn;
import org.churnkit.model.Scoring;
import org.churnkit.model.Scores;

/**
 * Training data for a value-weighted churn classifier ({@link CsLogit}, or
 * {@code org.churnkit.baseline.GradientBoostedBaseline} of the toolkit-learn module), built from customer summaries and a fitted BTYD model's outputs.
 *
 * <p>Features per customer, in {@link #FEATURES} order: frequency, recency, age T, mean repeat
 * spend, {@code log1p(frequency)}, recency / T (1 when T = 0), P(alive), expected transactions over the horizon,
 * and CLV. Labels: 1 = churned, by default "no transaction in the holdout window" of a
 * calibration/holdout split ({@link CustomerSummaries#frequencyHoldout}), or a label column the user
 * supplies. The value at stake of each customer is their CLV, the per-customer value the cost
 * matrices ({@link CostMatrix}) and targeting ({@link Targeting}) weigh customers by.
 *
 * <p>Time honesty: the model in {@code scoring} must have been fitted on the calibration period
 * only, so that no feature has seen the window the labels come from.
 */
public final class ChurnDataset {
    /** Feature names, in column order. */
    public static final List<String> FEATURES = List.of(ScoreColumn.FREQUENCY.column(), ScoreColumn.RECENCY.column(),
            ScoreColumn.AGE.column(), ScoreColumn.MONETARY_VALUE.column(), "log1p_frequency", "recency_share",
            ScoreColumn.P_ALIVE.column(), ScoreColumn.EXPECTED_TRANSACTIONS.column(), ScoreColumn.CLV.column());

    private final String[] ids;
    private final double[][] features;
    private final int[] labels;
    private final double[] values;

    private ChurnDataset(String[] ids, double[][] features, int[] labels, double[] values) {
        this.ids = ids;
        this.features = features;
        this.labels = labels;
        this.values = values;
    }

    /**
     * Features from the calibration summary and the model's scores, labels from the holdout: a
     * customer churned when they made no transaction in the holdout window.
     *
     * @param split a calibration/holdout split ({@code Summarizer.split})
     * @param scoring the fitted models (transaction model with a spend model, so CLV is known)
     * @return the data set, one row per customer of the split
     * @throws ChurnkitException if the summaries have no holdout or the scoring has no spend model
     */
    public static ChurnDataset fromSplit(CustomerSummaries split, Scoring scoring) {
        if (!split.hasHoldout()) {
            throw new ChurnkitException("labels from a time split need a calibration/holdout split (churnkit split)");
        }
        int[] y = new int[split.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = split.frequencyHoldout(i) == 0 ? 1 : 0;
        }
        return withLabels(split, scoring, y);
    }

    /**
     * Features from the summaries and the model's scores, with labels the user supplies (1 = churned).
     *
     * @param summaries customer summaries (the period the models were fitted on)
     * @param scoring the fitted models (transaction model with a spend model)
     * @param labels one label per customer, each 0 or 1
     * @return the data set
     * @throws ChurnkitException if a label is not 0 or 1, the lengths differ, or there is no spend model
     */
    public static ChurnDataset withLabels(CustomerSummaries summaries, Scoring scoring, int[] labels) {
        Objects.requireNonNull(scoring, "scoring");
        if (!scoring.hasValue()) {
            throw new ChurnkitException("the churn features include CLV: give the scoring a spend model");
        }
        int n = summaries.size();
        if (labels.length != n) {
            throw new ChurnkitException("got " + labels.length + " labels for " + n + " customers");
        }
        Histories h = Histories.of(summaries);
        Scores s = scoring.score(h);
        double[][] x = new double[n][];
        for (int i = 0; i < n; i++) {
            if (labels[i] != 0 && labels[i] != 1) {
                throw BadInputException.of("label of customer '" + summaries.id(i) + "' is " + labels[i]
                        + ": expected 0 (stayed) or 1 (churned)");
            }
            double freq = h.frequency(i);
            // a customer acquired at the end (T = 0) has just bought: recency at its end, ratio 1
            double recent = h.age(i) > 0 ? h.recency(i) / h.age(i) : 1.0;
            x[i] = new double[] {freq, h.recency(i), h.age(i), summaries.monetaryValue(i), Math.log1p(freq),
                recent, s.pAlive()[i], s.expectedTransactions()[i], s.clv()[i]};
        }
        return new ChurnDataset(summaries.ids(), x, labels.clone(), s.clv().clone());
    }

    /** {@return the number of customers} */
    public int size() {
        return ids.length;
    }

    /** {@return the customer ids, in row order (a copy)} */
    public String[] ids() {
        return ids.clone();
    }

    /** {@return the feature matrix, one row per customer in {@link #FEATURES} order (a deep copy)} */
    public double[][] features() {
        double[][] c = new double[features.length][];
        for (int i = 0; i < c.length; i++) {
            c[i] = features[i].clone();
        }
        return c;
    }

    /** {@return the labels, 1 = churned (a copy)} */
    public int[] labels() {
        return labels.clone();
    }

    /** {@return the value at stake per customer: the CLV from the models (a copy)} */
    public double[] values() {
        return values.clone();
    }
}
