package org.churnkit.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.churnkit.ChurnkitException;
import org.churnkit.model.FitResult;
import org.churnkit.model.FittedModel;
import org.churnkit.model.Histories;
import org.churnkit.model.LikelihoodFunction;
import org.churnkit.model.ModelFitter;

/**
 * Fits a model to a DataFrame of customer summaries with the core's optimiser. The likelihood is a
 * sum over customers, so identical histories {@code (x, t_x, T[, monetary_value])} are counted on
 * the cluster ({@code groupBy + count}) and only the distinct rows, with their counts as weights,
 * reach the driver: a few thousand rows for daily or weekly data, whatever the number of customers.
 * {@link ModelFitter} then fits exactly as on one machine ({@link org.churnkit.model.CompressedHistories}
 * would merge the same rows), and the result is written with {@link org.churnkit.model.ModelFiles}
 * as any core fit.
 *
 * <p>The rows are ordered by (x, t_x, T, monetary) before fitting, so that a fit does not depend on
 * how Spark partitioned the data. Only the order of summation differs from a core fit of the same
 * customers; the estimates agree to rounding (checked to 1e-9 relative on CDNOW).
 */
public final class SparkFitter {
    private SparkFitter() {}

    /**
     * The distinct histories with their counts as weights. Reads {@code frequency, recency, T} (and
     * {@code monetary_value} when {@code withMonetary}), any numeric type.
     *
     * @param summaries customer summaries as from {@link SparkSummaries#summarize}
     * @param withMonetary whether to read {@code monetary_value} too (for a spend model)
     * @return the distinct histories, each weighted by how many customers share it
     * @throws ChurnkitException when a column is missing, a value is null, or there is no customer;
     *     naming the first invalid row when a history is not valid (x &lt; 0, t_x &gt; T, ...)
     */
    public static Histories compressedHistories(Dataset<Row> summaries, boolean withMonetary) {
        List<String> names = List.of(summaries.columns());
        List<String> need = new ArrayList<>(List.of("frequency", "recency", "T"));
        if (withMonetary) {
            need.add("monetary_value");
        }
        for (String n : need) {
            if (!names.contains(n)) {
                throw new ChurnkitException("the summaries have no '" + n + "' column (columns: " + String.join(", ", names) + ")");
            }
        }
        Column[] keys = need.stream().map(n -> col(n).cast(DataTypes.DoubleType).as(n)).toArray(Column[]::new);
        Column[] group = need.stream().map(n -> col(n)).toArray(Column[]::new);
        List<Row> rows = new ArrayList<>(summaries.select(keys).groupBy(group).agg(count("*").as("w")).collectAsList());
        int k = need.size();
        for (Row r : rows) {
            for (int j = 0; j < k; j++) {
                if (r.isNullAt(j)) {
                    throw new ChurnkitException("the summaries have " + r.getLong(k) + " customer(s) with a null '" + need.get(j) + "'");
                }
            }
        }
        if (rows.isEmpty()) {
            throw new ChurnkitException("no customer to fit: the summaries are empty");
        }
        Comparator<Row> byValues = (a, b) -> {
            for (int j = 0; j < k; j++) {
                int c = Double.compare(a.getDouble(j) + 0.0, b.getDouble(j) + 0.0);
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        };
        rows.sort(byValues);
        int n = rows.size();
        double[] x = new double[n];
        double[] tx = new double[n];
        double[] t = new double[n];
        double[] m = withMonetary ? new double[n] : null;
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            Row r = rows.get(i);
            x[i] = r.getDouble(0);
            tx[i] = r.getDouble(1);
            t[i] = r.getDouble(2);
            if (m != null) {
                m[i] = r.getDouble(3);
            }
            w[i] = r.getLong(k);
        }
        return Histories.of(x, tx, t, m, w, null);
    }

    /**
     * Fits {@code likelihood} (spend models use {@code monetary_value}) to the summaries with
     * {@code fitter}; the result may not have converged (see {@link ModelFitter#fit}).
     *
     * @param <M> the type of the model fitted, e.g. {@code ParetoNbd}
     * @param likelihood the model's likelihood to maximise
     * @param summaries customer summaries as from {@link SparkSummaries#summarize}
     * @param fitter the optimiser settings
     * @return the fitted model and how the fit went
     */
    public static <M extends FittedModel> FitResult<M> fit(LikelihoodFunction<M> likelihood, Dataset<Row> summaries,
                                                           ModelFitter fitter) {
        return fitter.fit(likelihood, compressedHistories(summaries, likelihood.kind().isSpendModel()));
    }
}
