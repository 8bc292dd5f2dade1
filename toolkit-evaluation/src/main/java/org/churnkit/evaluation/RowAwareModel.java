package org.churnkit.evaluation;

import org.churnkit.model.Histories;
import org.churnkit.model.TransactionPredictor;

/**
 * A predictor whose conditional predictions depend on more than a customer's {@code (x, t_x, T)},
 * such as {@link LastPeriodRate}, which needs each customer's recent activity. So it is not a
 * {@link org.churnkit.model.TransactionModel}: it is built on one set of calibration histories and
 * predicts for those rows only (its per-customer methods throw
 * {@link org.churnkit.ChurnkitException} for other histories); evaluation code asks it by row.
 */
public interface RowAwareModel extends TransactionPredictor {

    /**
     * Whether {@code h} is the very histories this model was built on (same instance).
     *
     * @param h histories
     * @return true when {@code h} is the instance this model was built on
     */
    boolean covers(Histories h);
}
