package org.churnkit.evaluation;

import org.churnkit.model.Histories;
import org.churnkit.model.TransactionModel;

/**
 * A transaction model whose conditional predictions depend on more than a customer's
 * {@code (x, t_x, T)}, such as {@link LastPeriodRate}, which needs each customer's recent activity.
 * It is built on one set of calibration histories and predicts for those rows only; evaluation
 * code asks it by row.
 */
public interface RowAwareModel extends TransactionModel {

    /**
     * Whether {@code h} is the very histories this model was built on (same instance).
     *
     * @param h histories
     * @return true when {@code h} is the instance this model was built on
     */
    boolean covers(Histories h);

    /**
     * Expected repeat transactions of row {@code row} in {@code (T, T + t]}.
     *
     * @param row row index of the histories the model was built on
     * @param t length of the prediction window, {@code >= 0}
     * @return the expectation
     */
    double expectedTransactionsOfRow(int row, double t);
}
