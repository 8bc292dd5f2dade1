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

    /** Whether {@code h} is the very histories this model was built on (same instance). */
    boolean covers(Histories h);

    /** Expected repeat transactions of row {@code row} in {@code (T, T + t]}. */
    double expectedTransactionsOfRow(int row, double t);
}
