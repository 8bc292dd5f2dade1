package org.churnkit.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.IntFunction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.churnkit.ChurnkitException;
import org.churnkit.model.ScoreColumn;

/**
 * Applies fitted models to a DataFrame of customer summaries ({@code customer_id, frequency,
 * recency, T} and {@code monetary_value} for a spend model; any numeric types; other columns are
 * carried through) and appends the columns of {@link CustomerScorer}: {@code p_alive,
 * expected_transactions} and, as configured, {@code expected_spend, dert, clv, segment}.
 *
 * <p>Method: the settings (models as JSON text, immutable) are broadcast once; each partition is
 * read in blocks of {@value RowBlocks#SIZE} rows into primitive arrays, scored by one
 * {@link CustomerScorer} per partition through the core's engine
 * ({@link org.churnkit.model.Scoring}, on the task's thread), and written back row by row. The
 * scores are therefore those of the library and of {@code churnkit score} per customer, to the
 * last bit; the column names are those of {@link ScoreColumn}.
 */
public final class SparkScoring {
    private SparkScoring() {}

    /**
     * The summaries with score columns appended. Lazy: models are parsed when the first partition
     * is scored (and once here on the driver, so that a bad model fails early).
     *
     * @throws ChurnkitException when a required column is missing or a model is invalid; when the
     *     job runs, naming a customer whose history is null or cannot be scored
     * @param summaries customer summaries with {@code customer_id, frequency, recency, T} (and
     *     {@code monetary_value} for a spend model)
     * @param settings the models and the scoring numbers
     * @return the summaries' columns followed by the score columns (and {@code segment})
     */
    public static Dataset<Row> score(Dataset<Row> summaries, ScoreSettings settings) {
        Layout layout = Layout.of(summaries.schema(), settings, CustomerScorer.of(settings));
        return summaries.mapPartitions(new Partition(broadcast(summaries.sparkSession(), settings), layout.at(), new int[0],
                layout.width(), false), Encoders.row(layout.out()));
    }

    /**
     * The summaries with the score columns of a model with time-invariant covariates
     * ({@link org.churnkit.model.StaticCovariateModel}, its JSON in {@code settings.modelJson()}):
     * each customer is scored with its own parameters, exactly as
     * {@link org.churnkit.model.StaticCovariateModel#score} scores it in the library and
     * {@code churnkit score --covariates}. The covariates are joined by customer id and coded as
     * {@link SparkCovariates} codes them (an indicator {@code column=level} the model needs is
     * computed from {@code column} even when this table's reference level differs); the model's
     * recorded centres and scales are applied, so the table must not be {@link
     * SparkCovariates#standardised() standardised}. Every customer of the summaries needs a
     * covariate row: customers without one are counted and the first is named in the error, before
     * any scoring (the coding of {@link SparkCovariates} and the join's check of missing customers
     * run on the cluster at once; the scoring itself is lazy).
     *
     * @param summaries customer summaries with {@code customer_id, frequency, recency, T} (and
     *     {@code monetary_value} for a spend model)
     * @param covariates the customers' covariates (raw values)
     * @param settings the covariate model's JSON and the scoring numbers
     * @return the summaries' columns followed by the score columns (and {@code segment}); the row
     *     order is the join's
     * @throws ChurnkitException when the model is invalid, a column or a covariate the model needs
     *     is missing, the covariates table is invalid, or customers have no covariates (with their
     *     count and the first id)
     */
    public static Dataset<Row> score(Dataset<Row> summaries, SparkCovariates covariates, ScoreSettings settings) {
        CustomerScorer probe = CustomerScorer.withCovariates(settings);
        StructType in = summaries.schema();
        Layout layout = Layout.of(in, settings, probe);
        List<String> needed = probe.covariateNames();
        SparkCovariates.Design design = covariates.design();
        List<Column> cov = new ArrayList<>();
        cov.add(covariates.id().as("__cid"));
        for (int k = 0; k < needed.size(); k++) {
            cov.add(valueOf(design, needed.get(k), needed).as("__z" + k));
        }
        Dataset<Row> joined = summaries.withColumn("__id", functions.col(SparkSummaries.CUSTOMER_ID).cast(DataTypes.StringType))
                .join(covariates.table().select(cov.toArray(new Column[0])), functions.col("__id").equalTo(functions.col("__cid")),
                        "left");
        SparkFitter.requireCovariates(joined, "scored", needed);
        List<Column> keep = new ArrayList<>();
        for (String n : in.fieldNames()) {
            keep.add(joined.col(n));
        }
        for (int k = 0; k < needed.size(); k++) {
            keep.add(functions.col("__z" + k));
        }
        Dataset<Row> rows = joined.select(keep.toArray(new Column[0]));
        int[] covAt = new int[needed.size()];
        for (int k = 0; k < covAt.length; k++) {
            covAt[k] = in.length() + k;
        }
        return rows.mapPartitions(new Partition(broadcast(summaries.sparkSession(), settings), layout.at(), covAt,
                layout.width(), true), Encoders.row(layout.out()));
    }

    /** The settings sent once to every executor. */
    private static Broadcast<ScoreSettings> broadcast(SparkSession spark, ScoreSettings settings) {
        return JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(settings);
    }

    /**
     * What a scoring reads and writes, for both kinds of model: the summaries' columns checked,
     * where the scorer finds them, and the output schema.
     *
     * @param at field indices of {@code customer_id, frequency, recency, T, monetary_value} (the
     *     last {@code -1} when absent)
     * @param width the number of input fields, copied to the front of every output row
     * @param out the input's fields followed by the score columns (and {@code segment})
     */
    private record Layout(int[] at, int width, StructType out) {
        /**
         * The layout of scoring summaries {@code in}.
         *
         * @throws ChurnkitException naming a required column the summaries lack ({@code monetary_value}
         *     is required with a spend model)
         */
        static Layout of(StructType in, ScoreSettings settings, CustomerScorer probe) {
            List<String> names = List.of(in.fieldNames());
            boolean spend = settings.spendModelJson() != null;
            String x = ScoreColumn.FREQUENCY.column();
            String tx = ScoreColumn.RECENCY.column();
            String age = ScoreColumn.AGE.column();
            String money = ScoreColumn.MONETARY_VALUE.column();
            for (String c : spend ? List.of(SparkSummaries.CUSTOMER_ID, x, tx, age, money)
                    : List.of(SparkSummaries.CUSTOMER_ID, x, tx, age)) {
                if (!names.contains(c)) {
                    throw new ChurnkitException("the summaries have no '" + c + "' column (columns: " + String.join(", ", names) + ")");
                }
            }
            StructType out = in;
            for (String c : probe.columns()) {
                out = out.add(c, DataTypes.DoubleType, false);
            }
            if (probe.segments()) {
                out = out.add("segment", DataTypes.StringType, false);
            }
            int[] at = {in.fieldIndex(SparkSummaries.CUSTOMER_ID), in.fieldIndex(x), in.fieldIndex(tx), in.fieldIndex(age),
                    names.contains(money) ? in.fieldIndex(money) : -1};
            return new Layout(at, in.length(), out);
        }
    }

    /**
     * The value of covariate {@code name} as the table codes it; an indicator {@code c=v} of a
     * categorical column {@code c} whose coding here lacks it (another reference level, or level
     * {@code v} absent from this table) is computed from the column directly.
     */
    private static Column valueOf(SparkCovariates.Design design, String name, List<String> needed) {
        int j = design.names().indexOf(name);
        if (j >= 0) {
            return design.covariates().get(j).value();
        }
        int eq = name.indexOf('=');
        while (eq > 0) {
            String c = name.substring(0, eq);
            if (design.references().containsKey(c)) {
                return functions.when(functions.trim(functions.col(c).cast(DataTypes.StringType)).equalTo(name.substring(eq + 1)),
                        1.0).otherwise(0.0);
            }
            eq = name.indexOf('=', eq + 1);
        }
        throw new ChurnkitException("the covariates lack '" + name + "', which the model needs (it uses "
                + String.join(", ", needed) + "; given: "
                + (design.names().isEmpty() ? "none" : String.join(", ", design.names())) + ")");
    }

    /**
     * One partition: blocks of rows to arrays, scored, back to rows.
     *
     * @param settings the broadcast settings, parsed once per partition
     * @param at field indices of {@code customer_id, frequency, recency, T, monetary_value} (the
     *     last {@code -1} when absent)
     * @param covAt field indices of the covariates the model needs, in its order (none for a plain model)
     * @param width how many leading fields of a row are copied to the output
     * @param covariateModel whether the settings' model is a covariate model
     */
    private record Partition(Broadcast<ScoreSettings> settings, int[] at, int[] covAt, int width, boolean covariateModel)
            implements MapPartitionsFunction<Row, Row> {
        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            return RowBlocks.map(rows, () -> {
                CustomerScorer scorer = covariateModel ? CustomerScorer.withCovariates(settings.value())
                        : CustomerScorer.of(settings.value());
                return block -> score(scorer, block);
            });
        }

        /** A block to arrays, scored; each output row is the input's leading fields and its scores. */
        private IntFunction<Row> score(CustomerScorer scorer, List<Row> block) {
            int n = block.size();
            String[] ids = new String[n];
            double[] x = new double[n];
            double[] tx = new double[n];
            double[] t = new double[n];
            double[] m = at[4] >= 0 ? new double[n] : null;
            double[][] z = new double[covAt.length][n];
            for (int i = 0; i < n; i++) {
                Row r = block.get(i);
                ids[i] = r.isNullAt(at[0]) ? null : r.get(at[0]).toString();
                x[i] = number(r, at[1], "frequency", ids[i]);
                tx[i] = number(r, at[2], "recency", ids[i]);
                t[i] = number(r, at[3], "T", ids[i]);
                if (m != null) {
                    // a missing spend is NaN: only a spend model reads it, and fails naming the customer
                    m[i] = r.isNullAt(at[4]) ? Double.NaN : ((Number) r.get(at[4])).doubleValue();
                }
                for (int k = 0; k < covAt.length; k++) {
                    z[k][i] = number(r, covAt[k], "covariate value", ids[i]);
                }
            }
            CustomerScorer.Result result = covariateModel ? scorer.score(ids, x, tx, t, m, z) : scorer.score(ids, x, tx, t, m);
            double[][] c = result.columns();
            String[] segment = result.segment();
            return i -> {
                Row r = block.get(i);
                Object[] v = new Object[width + c.length + (segment != null ? 1 : 0)];
                for (int j = 0; j < width; j++) {
                    v[j] = r.get(j);
                }
                for (int j = 0; j < c.length; j++) {
                    v[width + j] = c[j][i];
                }
                if (segment != null) {
                    v[v.length - 1] = segment[i];
                }
                return RowFactory.create(v);
            };
        }

        private static double number(Row r, int i, String name, String id) {
            if (r.isNullAt(i)) {
                throw new ChurnkitException("customer '" + id + "' has no " + name + " (null)");
            }
            return ((Number) r.get(i)).doubleValue();
        }
    }
}
