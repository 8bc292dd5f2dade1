package org.churnkit.segment;

import java.util.Locale;
import org.churnkit.ChurnkitException;
import org.churnkit.model.ScoreColumn;

/**
 * A per-customer quantity k-means can cluster on, named by its column in a score file.
 *
 * <p>Recency is the time of the last repeat transaction (t<sub>x</sub>), frequency the number of
 * repeat transactions (x), monetary value the mean repeat-transaction value; P(alive), expected
 * transactions and CLV are model scores. Which of them are log-transformed is decided from the data
 * (see {@link FeatureTransform}), not fixed here.
 */
public enum Feature {
    /** Time of the last purchase since the first. */
    RECENCY(ScoreColumn.RECENCY.column(), "Recency (time of last purchase)"),
    /** Number of repeat purchases. */
    FREQUENCY(ScoreColumn.FREQUENCY.column(), "Frequency (repeat purchases)"),
    /** Mean repeat-purchase value. */
    MONETARY_VALUE(ScoreColumn.MONETARY_VALUE.column(), "Average order value"),
    /** Probability that the customer is alive. */
    P_ALIVE(ScoreColumn.P_ALIVE.column(), "P(alive)"),
    /** Expected purchases over the scoring horizon. */
    EXPECTED_TRANSACTIONS(ScoreColumn.EXPECTED_TRANSACTIONS.column(), "Expected purchases"),
    /** Customer lifetime value. */
    CLV(ScoreColumn.CLV.column(), "Customer lifetime value");

    private final String column;
    private final String label;

    Feature(String column, String label) {
        this.column = column;
        this.label = label;
    }

    /**
     * The score-file column holding this feature, e.g. {@code p_alive}.
     *
     * @return the column name
     */
    public String column() {
        return column;
    }

    /**
     * A plain-language label for reports.
     *
     * @return the label
     */
    public String label() {
        return label;
    }

    /**
     * The feature named by a column name or an enum name, case-insensitively
     * ({@code p_alive}, {@code P_ALIVE}, {@code p-alive}).
     *
     * @throws ChurnkitException naming the accepted values when {@code name} is none of them
     * @param name a feature or column name
     * @return the feature
     */
    public static Feature of(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        for (Feature f : values()) {
            if (f.column.equals(n)) {
                return f;
            }
        }
        StringBuilder sb = new StringBuilder();
        for (Feature f : values()) {
            sb.append(sb.isEmpty() ? "" : ", ").append(f.column);
        }
        throw new ChurnkitException("unknown feature '" + name + "'; expected one of " + sb);
    }
}
