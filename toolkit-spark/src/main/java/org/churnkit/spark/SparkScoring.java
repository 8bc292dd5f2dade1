package org.churnkit.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
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
 * read in blocks of {@value #BLOCK} rows into primitive arrays, scored by one
 * {@link CustomerScorer} per partition through the core's engine
 * ({@link org.churnkit.model.Scoring}, on the task's thread), and written back row by row. The
 * scores are therefore those of the library and of {@code churnkit score} per customer, to the
 * last bit; the column names are those of {@link ScoreColumn}.
 */
public final class SparkScoring {
    /** Rows scored at a time in one partition: bounds the memory of a task. */
    static final int BLOCK = 65_536;

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
        CustomerScorer probe = CustomerScorer.of(settings);
        StructType in = summaries.schema();
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
        boolean hasMonetary = names.contains(money);
        StructType out = in;
        for (String c : probe.columns()) {
            out = out.add(c, DataTypes.DoubleType, false);
        }
        if (probe.segments()) {
            out = out.add("segment", DataTypes.StringType, false);
        }
        SparkSession spark = summaries.sparkSession();
        Broadcast<ScoreSettings> b = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(settings);
        int[] at = {in.fieldIndex(SparkSummaries.CUSTOMER_ID), in.fieldIndex(x), in.fieldIndex(tx), in.fieldIndex(age),
                hasMonetary ? in.fieldIndex(money) : -1};
        return summaries.mapPartitions(new Partition(b, at), Encoders.row(out));
    }

    /**
     * One partition: blocks of rows to arrays, scored, back to rows.
     *
     * @param settings the broadcast settings, parsed once per partition
     * @param at field indices of {@code customer_id, frequency, recency, T, monetary_value} (the
     *     last {@code -1} when absent)
     */
    private record Partition(Broadcast<ScoreSettings> settings, int[] at) implements MapPartitionsFunction<Row, Row> {
        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            if (!rows.hasNext()) {
                return java.util.Collections.emptyIterator();
            }
            CustomerScorer scorer = CustomerScorer.of(settings.value());
            return new Iterator<>() {
                private List<Row> block = List.of();
                private CustomerScorer.Result result;
                private int next;

                @Override
                public boolean hasNext() {
                    return next < block.size() || rows.hasNext();
                }

                @Override
                public Row next() {
                    if (next >= block.size()) {
                        if (!rows.hasNext()) {
                            throw new NoSuchElementException();
                        }
                        fill();
                    }
                    Row r = block.get(next);
                    int width = r.length();
                    double[][] c = result.columns();
                    Object[] v = new Object[width + c.length + (result.segment() != null ? 1 : 0)];
                    for (int j = 0; j < width; j++) {
                        v[j] = r.get(j);
                    }
                    for (int j = 0; j < c.length; j++) {
                        v[width + j] = c[j][next];
                    }
                    if (result.segment() != null) {
                        v[v.length - 1] = result.segment()[next];
                    }
                    next++;
                    return RowFactory.create(v);
                }

                private void fill() {
                    List<Row> b = new ArrayList<>(BLOCK);
                    while (b.size() < BLOCK && rows.hasNext()) {
                        b.add(rows.next());
                    }
                    int n = b.size();
                    String[] ids = new String[n];
                    double[] x = new double[n];
                    double[] tx = new double[n];
                    double[] t = new double[n];
                    double[] m = at[4] >= 0 ? new double[n] : null;
                    for (int i = 0; i < n; i++) {
                        Row r = b.get(i);
                        ids[i] = r.isNullAt(at[0]) ? null : r.get(at[0]).toString();
                        x[i] = number(r, at[1], "frequency", ids[i]);
                        tx[i] = number(r, at[2], "recency", ids[i]);
                        t[i] = number(r, at[3], "T", ids[i]);
                        if (m != null) {
                            // a missing spend is NaN: only a spend model reads it, and fails naming the customer
                            m[i] = r.isNullAt(at[4]) ? Double.NaN : ((Number) r.get(at[4])).doubleValue();
                        }
                    }
                    result = scorer.score(ids, x, tx, t, m);
                    block = b;
                    next = 0;
                }
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
