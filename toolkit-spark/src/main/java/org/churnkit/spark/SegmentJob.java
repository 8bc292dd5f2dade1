package org.churnkit.spark;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.churnkit.ChurnkitException;
import org.churnkit.segment.ScoreColumns;
import org.churnkit.segment.SegmentationModel;
import org.churnkit.segment.SegmentsFile;

/**
 * {@code spark-submit}-able {@code churnkit segment --model}: assigns every customer of a score or
 * summary table (Parquet) to the nearest segment of a saved segmentation model ({@code churnkit
 * segment --model-out}, or {@link SegmentationModel#write}), and writes a Parquet directory with the
 * columns of the CLI's segments file: {@code customer_id, segment} (the segment's name) and the
 * model's feature columns. A customer is assigned alone ({@link SegmentationModel#assign}: the
 * model's transformation of his features, then the nearest centroid), so the assignment is the
 * CLI's whatever the partitioning; the rows are in no particular order. A feature column the model
 * needs but the input lacks, or a customer whose feature is null, NaN or out of the
 * transformation's domain, fails the job naming the column or the customer.
 *
 * <p>Submit (the jar being this module's job jar; {@code $OPENS} the {@code --add-opens} flags of
 * the README's Spark section; the model file is read on the driver and broadcast):
 * <pre>
 * spark-submit --master spark://HOST:7077 --class org.churnkit.spark.SegmentJob \
 *   --conf "spark.driver.extraJavaOptions=$OPENS" --conf "spark.executor.extraJavaOptions=$OPENS" \
 *   churnkit-spark.jar \
 *   --segmentation segments.json --input hdfs:///churn/scores.parquet \
 *   --output hdfs:///churn/segments.parquet
 * </pre>
 */
public final class SegmentJob {
    private SegmentJob() {}

    /** The job's options, its {@code --help} and its usage errors. */
    static final JobArguments.Spec SPEC = JobArguments.Spec.of("SegmentJob",
                    "Assign customers (scores or summaries, Parquet) to the segments of a saved segmentation model, "
                    + "as 'churnkit segment --model' does; writes customer_id, segment and the features.")
            .required("--segmentation", "FILE", "segmentation model JSON ('churnkit segment --model-out'), on the "
                    + "driver's local file system")
            .required("--input", "PARQUET", "customer_id and the model's feature columns (e.g. ScoreJob's output)")
            .required("--output", "PATH", "output Parquet directory (any Spark path)")
            .flag("--overwrite", "replace an existing output directory")
            .example("--segmentation segments.json --input scores.parquet --output segments.parquet");

    /**
     * Runs the job in the {@code spark-submit} session, then stops it; {@code --help} prints the options.
     *
     * @param args the options, as {@code --help} lists them
     */
    public static void main(String[] args) {
        Jobs.main(SPEC, args, "churnkit segment", SegmentJob::run);
    }

    /**
     * Runs the job in an existing session (tests, notebooks); the session is left open.
     *
     * @param spark the session
     * @param options option name ({@code --input}) to value, {@code "true"} for a flag
     * @return the number of customers written
     * @throws JobArguments.UsageException naming the option when one is unknown or missing
     * @throws ChurnkitException naming the column or the customer, as {@link #assign}
     */
    public static long run(SparkSession spark, Map<String, String> options) {
        JobArguments a = JobArguments.of(SPEC, options);
        String json = Jobs.readText(a.require("--segmentation"));
        Dataset<Row> in = spark.read().parquet(a.require("--input"));
        return Jobs.writeOutput(assign(in, json, a.get("--segmentation")), a);
    }

    /**
     * Each customer's segment under a saved model.
     *
     * @param customers {@code customer_id} and the model's feature columns (any numeric type)
     * @param segmentationJson the model, as {@link SegmentationModel#toJson} writes it
     * @param source where the model came from, for messages
     * @return {@code customer_id, segment} and the feature columns (as doubles)
     * @throws ChurnkitException when the model is not valid or a column is missing; when the job
     *     runs, naming a customer whose feature cannot be assigned
     */
    public static Dataset<Row> assign(Dataset<Row> customers, String segmentationJson, String source) {
        SegmentationModel m = SegmentationModel.fromJson(segmentationJson, source);
        List<String> features = m.featureColumns();
        List<String> have = List.of(customers.columns());
        List<String> need = new ArrayList<>(List.of(SparkSummaries.CUSTOMER_ID));
        need.addAll(features);
        List<Column> select = new ArrayList<>();
        for (String n : need) {
            if (!have.contains(n)) {
                throw new ChurnkitException("the customers have no '" + n + "' column, which the segmentation model "
                        + source + " needs (columns present: " + String.join(", ", have) + ")");
            }
            select.add(n.equals(SparkSummaries.CUSTOMER_ID) ? col(n).cast(DataTypes.StringType).as(n)
                    : col(n).cast(DataTypes.DoubleType).as(n));
        }
        StructType schema = new StructType().add(SparkSummaries.CUSTOMER_ID, DataTypes.StringType, false)
                .add(SegmentsFile.SEGMENT, DataTypes.StringType, false);
        for (String f : features) {
            schema = schema.add(f, DataTypes.DoubleType, false);
        }
        return customers.select(select.toArray(new Column[0]))
                .mapPartitions(new Assign(segmentationJson, source, features), Encoders.row(schema));
    }

    /**
     * A partition's customers in blocks ({@link RowBlocks}): their features to {@link ScoreColumns},
     * the model's assignment, one output row each. The model is parsed once per partition with rows.
     *
     * @param json the segmentation model
     * @param source where it came from, for messages
     * @param features its feature columns, in the input's columns 1..
     */
    private record Assign(String json, String source, List<String> features) implements MapPartitionsFunction<Row, Row> {
        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            return RowBlocks.map(rows, () -> {
                SegmentationModel m = SegmentationModel.fromJson(json, source);
                return block -> assign(m, block);
            });
        }

        /** A block's features to columns, assigned; each output row is the id, the segment and the features. */
        private IntFunction<Row> assign(SegmentationModel m, List<Row> in) {
            int d = features.size();
            int n = in.size();
            String[] ids = new String[n];
            double[][] cols = new double[d][n];
            for (int i = 0; i < n; i++) {
                Row r = in.get(i);
                if (r.isNullAt(0)) {
                    throw new ChurnkitException("a customer has a null customer_id: every row needs an id");
                }
                ids[i] = r.getString(0);
                for (int j = 0; j < d; j++) {
                    cols[j][i] = r.isNullAt(1 + j) ? Double.NaN : r.getDouble(1 + j);
                }
            }
            Map<String, double[]> byName = new HashMap<>();
            for (int j = 0; j < d; j++) {
                byName.put(features.get(j), cols[j]);
            }
            String[] names = m.namesOf(m.assign(ScoreColumns.of(ids, byName)));
            return i -> {
                Object[] v = new Object[2 + d];
                v[0] = ids[i];
                v[1] = names[i];
                for (int j = 0; j < d; j++) {
                    v[2 + j] = cols[j][i];
                }
                return RowFactory.create(v);
            };
        }
    }
}
