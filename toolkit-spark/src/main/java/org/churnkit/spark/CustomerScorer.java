package org.churnkit.spark;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.churnkit.ChurnkitException;
import org.churnkit.model.FittedModel;
import org.churnkit.model.CustomerValue;
import org.churnkit.model.Histories;
import org.churnkit.model.ModelFiles;
import org.churnkit.model.ScoreColumn;
import org.churnkit.model.Scores;
import org.churnkit.model.Scoring;
import org.churnkit.model.ScoringSettings;
import org.churnkit.model.SpendModel;
import org.churnkit.model.StaticCovariateModel;
import org.churnkit.model.Covariates;
import org.churnkit.model.TransactionModel;
import org.churnkit.segment.ScoreColumns;
import org.churnkit.segment.SegmentationModel;

/**
 * Scores a block of customers held in primitive arrays: the per-partition work of
 * {@link SparkScoring}. The scores come from the core's engine ({@link Scoring}) with the settings'
 * numbers, on the calling thread (a Spark task is already one of many in parallel), so a customer
 * scores in Spark exactly as in the library and the command line; the columns are those of
 * {@link ScoreColumn}:
 *
 * <pre>
 *   p_alive, expected_transactions                       always
 *   expected_spend                                       with a spend model
 *   dert                                                 with delta &gt; 0 (over dertHorizon)
 *   clv, alive_value, value_at_risk                      with both (CustomerValue)
 *   segment = segmentation.names()[assign(the columns)]  with a segmentation model
 * </pre>
 *
 * Immutable; the models are parsed once per instance.
 */
public final class CustomerScorer {
    private final Scoring scoring;
    private final SegmentationModel segmentation;
    /** The model with covariates, or {@code null} for a plain model. */
    private final StaticCovariateModel covariateModel;

    private CustomerScorer(ScoreSettings settings, boolean covariates) {
        this.covariateModel = covariates ? StaticCovariateModel.parse(settings.modelJson(), "the transaction model") : null;
        TransactionModel model = covariates ? covariateModel.plainModel()
                : ModelFiles.parse(settings.modelJson(), "the transaction model", TransactionModel.class);
        SpendModel spend = settings.spendModelJson() == null ? null
                : ModelFiles.parse(settings.spendModelJson(), "the spend model", SpendModel.class);
        ScoringSettings engine = ScoringSettings.of(settings.horizon()).withSpendModel(spend).withMargin(settings.margin())
                .withExecutor(Runnable::run);
        if (settings.delta() > 0) {
            engine = engine.withDiscountRate(settings.delta()).withDiscountHorizon(settings.dertHorizon());
        }
        this.scoring = Scoring.of(model, engine);
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
        return new CustomerScorer(settings, false);
    }

    /**
     * Parses the models of {@code settings} whose transaction model has time-invariant covariates
     * (a {@link StaticCovariateModel} file; a plain Pareto/NBD or BG/NBD file is a model without
     * covariates). Score with {@link #score(String[], double[], double[], double[], double[], double[][])}.
     *
     * @param settings the models' JSON and the scoring numbers
     * @return a scorer for these settings
     * @throws ChurnkitException when a model's JSON is invalid or of the wrong kind
     */
    public static CustomerScorer withCovariates(ScoreSettings settings) {
        return new CustomerScorer(settings, true);
    }

    /**
     * The covariates the model needs, in the order {@link #score(String[], double[], double[],
     * double[], double[], double[][])} takes their columns.
     *
     * @return the names ({@link StaticCovariateModel#covariateNames()}); none for a plain model
     */
    public List<String> covariateNames() {
        return covariateModel == null ? List.of() : covariateModel.covariateNames();
    }

    /**
     * Names of the numeric columns {@link #score} returns, in order.
     *
     * @return {@code p_alive, expected_transactions}, then {@code expected_spend}, {@code dert} and
     *     {@code clv}, {@code alive_value} and {@code value_at_risk} when the settings ask for them
     */
    public List<String> columns() {
        return scoring.columns().stream().map(ScoreColumn::column).toList();
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
     * Scores of a block. The arrays are the scorer's fresh output, handed over without copies;
     * {@code equals} and {@code hashCode} compare their values.
     *
     * @param columns one array per name in {@link #columns()}
     * @param segment segment name per customer, or {@code null} without a segmentation model
     */
    public record Result(double[][] columns, String[] segment) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Result r && java.util.Arrays.deepEquals(r.columns, columns)
                    && java.util.Arrays.equals(r.segment, segment);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.deepHashCode(columns) * 31 + java.util.Arrays.hashCode(segment);
        }

        @Override
        public String toString() {
            return "Result[" + columns.length + " columns of " + (columns.length > 0 ? columns[0].length : 0)
                    + " customers" + (segment != null ? ", with segments" : "") + "]";
        }
    }

    /**
     * Scores customers {@code 0..n-1}.
     *
     * @param ids customer ids, used in error messages (and segment naming)
     * @param x repeat transaction count per customer
     * @param tx recency: time of the last transaction since the first, in the model's time unit
     * @param t age: time from the first transaction to the observation end, in the model's time unit
     * @param monetary mean repeat spend (read only with a spend model, which needs it; NaN is
     *     allowed for x = 0), or {@code null}
     * @throws ChurnkitException naming the customer whose score cannot be computed (invalid
     *     history, non-finite result, missing spend)
     * @return one column per name in {@link #columns()}, and the segments when {@link #segments()}
     */
    public Result score(String[] ids, double[] x, double[] tx, double[] t, double[] monetary) {
        if (covariateModel != null) {
            throw new IllegalStateException("a model with covariates scores with the customers' covariates");
        }
        return score(ids, x, tx, t, monetary, null);
    }

    /**
     * Scores customers {@code 0..n-1} with their covariates, each with its own parameters
     * ({@link StaticCovariateModel#score}); for a scorer made by {@link #withCovariates}.
     *
     * @param ids customer ids, used in error messages (and segment naming)
     * @param x repeat transaction count per customer
     * @param tx recency, in the model's time unit
     * @param t age, in the model's time unit
     * @param monetary mean repeat spend (read only with a spend model), or {@code null}
     * @param covariates one column of raw values per name of {@link #covariateNames()}, customer
     *     {@code i} at index {@code i}
     * @return one column per name in {@link #columns()}, and the segments when {@link #segments()}
     * @throws ChurnkitException naming the customer whose score cannot be computed
     */
    public Result score(String[] ids, double[] x, double[] tx, double[] t, double[] monetary, double[][] covariates) {
        boolean spend = scoring.settings().spendModel().isPresent();
        if (spend && monetary == null) {
            throw new ChurnkitException("a spend model needs a monetary_value column");
        }
        // the spend column only when read: a missing spend is then an error naming the customer
        Histories h = Histories.of(x, tx, t, spend ? monetary : null, null, ids);
        Scores sc;
        if (covariateModel == null) {
            sc = scoring.score(h);
        } else {
            // no ids on the covariates: row i is customer i (ids may repeat or be null in a DataFrame)
            sc = covariateModel.score(h, Covariates.of(covariateModel.covariateNames(), covariates), scoring.settings());
        }
        Map<String, double[]> cols = new LinkedHashMap<>();
        for (ScoreColumn c : sc.columns()) {
            cols.put(c.column(), sc.get(c));
        }
        String[] seg = null;
        if (segmentation != null) {
            Map<String, double[]> all = new LinkedHashMap<>();
            all.put(ScoreColumn.FREQUENCY.column(), x);
            all.put(ScoreColumn.RECENCY.column(), tx);
            all.put(ScoreColumn.AGE.column(), t);
            if (monetary != null) {
                all.put(ScoreColumn.MONETARY_VALUE.column(), monetary);
            }
            all.putAll(cols);
            int[] a = segmentation.assign(ScoreColumns.of(ids, all));
            seg = new String[x.length];
            for (int i = 0; i < seg.length; i++) {
                seg[i] = segmentation.names().get(a[i]);
            }
        }
        return new Result(cols.values().toArray(new double[0][]), seg);
    }
}
