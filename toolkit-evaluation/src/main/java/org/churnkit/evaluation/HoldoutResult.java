package org.churnkit.evaluation;

import java.util.Optional;
import org.churnkit.model.Tracking;

/**
 * The holdout validation of one model on one split. Per-customer error measures over the
 * {@code N} customers, with {@code p_i} the predicted and {@code a_i} the actual holdout repeat
 * transactions:
 * <pre>
 *   MAE  = (1/N) sum_i |p_i - a_i|
 *   RMSE = sqrt((1/N) sum_i (p_i - a_i)^2)
 *   aggregate error = sum_i p_i - sum_i a_i     (relative: divided by sum_i a_i)
 * </pre>
 * Immutable. The per-customer predictions are kept only when asked for (they cost 8 bytes a
 * customer).
 */
public final class HoldoutResult {
    private final String model;
    private final int customers;
    private final double mae;
    private final double rmse;
    private final double predictedTotal;
    private final double actualTotal;
    private final FrequencyHistogram histogram;
    private final ConditionalExpectations conditional;
    private final Tracking tracking;
    private final double[] predictions;

    HoldoutResult(String model, int customers, double mae, double rmse, double predictedTotal, double actualTotal,
                  FrequencyHistogram histogram, ConditionalExpectations conditional, Tracking tracking,
                  double[] predictions) {
        this.model = model;
        this.customers = customers;
        this.mae = mae;
        this.rmse = rmse;
        this.predictedTotal = predictedTotal;
        this.actualTotal = actualTotal;
        this.histogram = histogram;
        this.conditional = conditional;
        this.tracking = tracking;
        this.predictions = predictions;
    }

    /**
     * Model label, e.g. {@code pareto-nbd} or {@code everyone-stays}.
     *
     * @return the label
     */
    public String model() {
        return model;
    }

    /**
     * Number of customers validated.
     *
     * @return the number of customers
     */
    public int customers() {
        return customers;
    }

    /**
     * Mean absolute error per customer.
     *
     * @return MAE
     */
    public double mae() {
        return mae;
    }

    /**
     * Root mean squared error per customer.
     *
     * @return RMSE
     */
    public double rmse() {
        return rmse;
    }

    /**
     * Sum of the predicted holdout repeat transactions.
     *
     * @return the predicted total
     */
    public double predictedTotal() {
        return predictedTotal;
    }

    /**
     * Sum of the actual holdout repeat transactions.
     *
     * @return the actual total
     */
    public double actualTotal() {
        return actualTotal;
    }

    /**
     * {@code predictedTotal - actualTotal}.
     *
     * @return the total error
     */
    public double totalError() {
        return predictedTotal - actualTotal;
    }

    /**
     * {@code (predictedTotal - actualTotal) / actualTotal}; infinite or NaN if nothing was bought.
     *
     * @return the relative total error
     */
    public double relativeTotalError() {
        return (predictedTotal - actualTotal) / actualTotal;
    }

    /**
     * Actual versus expected customers by calibration frequency.
     *
     * @return the histogram
     */
    public FrequencyHistogram histogram() {
        return histogram;
    }

    /**
     * Mean actual versus predicted holdout transactions by calibration frequency.
     *
     * @return the conditional expectations
     */
    public ConditionalExpectations conditionalExpectations() {
        return conditional;
    }

    /**
     * Tracking over calibration and holdout, when the split has a calendar.
     *
     * @return the tracking, or empty
     */
    public Optional<Tracking> tracking() {
        return Optional.ofNullable(tracking);
    }

    /**
     * Per-customer predicted holdout transactions, when kept (a copy).
     *
     * @return one prediction per customer, or empty
     */
    public Optional<double[]> predictions() {
        return predictions == null ? Optional.empty() : Optional.of(predictions.clone());
    }

    @Override
    public String toString() {
        return "HoldoutResult[" + model + ", " + customers + " customers, predicted " + predictedTotal
                + " vs actual " + actualTotal + ", MAE " + mae + ", RMSE " + rmse + "]";
    }
}
