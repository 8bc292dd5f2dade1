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
import org.churnkit.model.Covariates;
import org.churnkit.model.FitResult;
import org.churnkit.model.FittedModel;
import org.churnkit.model.Histories;
import org.churnkit.model.LikelihoodFunction;
import org.churnkit.model.ModelFitter;
import org.churnkit.model.ModelKind;
import org.churnkit.model.StaticCovariateFit;
import org.churnkit.model.StaticCovariateFitter;

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
 *
 * <p>With time-invariant covariates ({@link #fit(ModelKind, Dataset, SparkCovariates,
 * StaticCovariateFitter.Options, StaticCovariateFitter)}) the covariates are joined to the
 * summaries by customer id and coded on the cluster ({@link SparkCovariates}: numeric columns,
 * indicators against a reference level, the recorded centring and scaling), customers are counted
 * per distinct (history, covariate values), and {@link StaticCovariateFitter} fits the weighted
 * rows on the driver: the same rows it merges itself in a core fit, so the estimates are a core
 * fit's to rounding (checked to 1e-9 relative on the apparel data and on simulated data).
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

    /**
     * The weighted distinct rows of a fit with covariates: histories with weights (no ids) and the
     * coded covariates of each row, with the transformation and reference levels recorded.
     *
     * @param histories distinct {@code (x, t_x, T)} of each row, weighted by its customer count
     * @param covariates the row's covariates (untransformed values, with the centres and scales to
     *     apply), matched to {@code histories} by position
     */
    public record CovariateRows(Histories histories, Covariates covariates) {}

    /**
     * Joins the covariates to the summaries and counts the customers of each distinct
     * {@code (x, t_x, T, covariate values)} on the cluster. The rows are ordered by their values,
     * so that the result does not depend on the partitioning.
     *
     * @param summaries customer summaries with {@code customer_id, frequency, recency, T}
     * @param covariates the covariates table and its coding
     * @param names the covariates to keep (as coded: {@code column} or {@code column=level})
     * @return the distinct rows with their weights and covariates
     * @throws ChurnkitException when a column is missing, a covariate is missing or empty, a
     *     customer has two covariate rows, or customers of the summaries have no covariates (with
     *     their count and the first one's id)
     */
    public static CovariateRows compressedCovariates(Dataset<Row> summaries, SparkCovariates covariates,
                                                     List<String> names) {
        List<String> have = List.of(summaries.columns());
        for (String n : List.of(SparkSummaries.CUSTOMER_ID, "frequency", "recency", "T")) {
            if (!have.contains(n)) {
                throw new ChurnkitException("the summaries have no '" + n + "' column (columns: " + String.join(", ", have) + ")");
            }
        }
        SparkCovariates.Design design = covariates.design().select(names);
        int p = names.size();
        List<Column> cov = new ArrayList<>();
        cov.add(covariates.id().as("__cid"));
        for (int k = 0; k < p; k++) {
            cov.add(design.covariates().get(k).value().as("__z" + k));
        }
        Dataset<Row> joined = summaries.select(col(SparkSummaries.CUSTOMER_ID).cast(DataTypes.StringType).as("__id"),
                        col("frequency").cast(DataTypes.DoubleType).as("x"), col("recency").cast(DataTypes.DoubleType).as("tx"),
                        col("T").cast(DataTypes.DoubleType).as("t"))
                .join(covariates.table().select(cov.toArray(new Column[0])), col("__id").equalTo(col("__cid")), "left");
        requireCovariates(joined, "fitted", names);
        List<Column> group = new ArrayList<>(List.of(col("x"), col("tx"), col("t")));
        for (int k = 0; k < p; k++) {
            group.add(col("__z" + k));
        }
        List<Row> rows = new ArrayList<>(joined.groupBy(group.toArray(new Column[0])).agg(count("*").as("w")).collectAsList());
        int k3 = 3 + p;
        for (Row r : rows) {
            for (int j = 0; j < 3; j++) {
                if (r.isNullAt(j)) {
                    throw new ChurnkitException("the summaries have " + r.getLong(k3) + " customer(s) with a null '"
                            + List.of("frequency", "recency", "T").get(j) + "'");
                }
            }
        }
        if (rows.isEmpty()) {
            throw new ChurnkitException("no customer to fit: the summaries are empty");
        }
        rows.sort((a, b) -> {
            for (int j = 0; j < k3; j++) {
                int c = Double.compare(a.getDouble(j) + 0.0, b.getDouble(j) + 0.0);
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        });
        int n = rows.size();
        double[] x = new double[n];
        double[] tx = new double[n];
        double[] t = new double[n];
        double[] w = new double[n];
        double[][] z = new double[p][n];
        for (int i = 0; i < n; i++) {
            Row r = rows.get(i);
            x[i] = r.getDouble(0);
            tx[i] = r.getDouble(1);
            t[i] = r.getDouble(2);
            for (int k = 0; k < p; k++) {
                z[k][i] = r.getDouble(3 + k);
            }
            w[i] = r.getLong(k3);
        }
        Covariates c = Covariates.of(names, z).transformedLike(design.centres(), design.scales())
                .withReferenceLevels(design.references());
        return new CovariateRows(Histories.of(x, tx, t, null, w, null), c);
    }

    /**
     * Refuses customers without covariates: counts them and names the first (by id order).
     *
     * @param joined the summaries left-joined to the covariates ({@code __id}, {@code __cid})
     * @param what "fitted" or "scored", for the message
     * @param names the covariates needed
     */
    static void requireCovariates(Dataset<Row> joined, String what, List<String> names) {
        Dataset<Row> missing = joined.filter(col("__cid").isNull()).select(col("__id"));
        List<Row> first = missing.orderBy(col("__id")).limit(1).collectAsList();
        if (!first.isEmpty()) {
            long k = missing.count();
            throw new ChurnkitException(k + " customer(s) have no covariates (" + String.join(", ", names) + "), e.g. customer '"
                    + first.get(0).getString(0) + "': every customer " + what + " needs a value for each");
        }
    }

    /**
     * Fits a Pareto/NBD or BG/NBD model with time-invariant covariates: the rows of
     * {@link #compressedCovariates} fitted by {@code fitter} on the driver. The result may not
     * have converged (see {@link StaticCovariateFitter#fit}).
     *
     * @param kind {@link ModelKind#PARETO_NBD} or {@link ModelKind#BG_NBD}
     * @param summaries customer summaries with {@code customer_id, frequency, recency, T}
     * @param covariates the covariates table and its coding
     * @param options which covariates enter which process (names as coded)
     * @param fitter the optimiser
     * @return the fit, whose model records the covariates' names, centres, scales and coefficients
     * @throws ChurnkitException as {@link #compressedCovariates}, and when the fit fails
     */
    public static StaticCovariateFit fit(ModelKind kind, Dataset<Row> summaries, SparkCovariates covariates,
                                         StaticCovariateFitter.Options options, StaticCovariateFitter fitter) {
        List<String> names = new ArrayList<>(options.purchase());
        for (String d : options.dropout()) {
            if (!names.contains(d)) {
                names.add(d);
            }
        }
        CovariateRows rows = compressedCovariates(summaries, covariates, names);
        return fitter.fit(kind, rows.histories(), rows.covariates(), options);
    }
}
