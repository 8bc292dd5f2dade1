package org.churnkit.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;

/**
 * The comparison of the cluster check ({@code spark-cluster/run-ci}): what the jobs wrote on the
 * standalone cluster against what the core's command line wrote from the same input, per customer.
 *
 * <pre>
 * ClusterCheck [--key customer_id] [--relative 1e-9]
 *   --table NAME CORE.parquet SPARK_OUTPUT      every column of every customer identical
 *   --model NAME CORE.json SPARK.json           parameters within --relative, log-likelihood
 *                                               within --likelihood-relative (default 1e-12)
 *   ...
 * </pre>
 *
 * A table check joins the two files on the key and compares every column: the same column names,
 * the same customers (no duplicates), and per customer equal values (numbers compared as doubles,
 * {@code NaN} equal to {@code NaN}; everything else as text). A model check compares the model name,
 * every number under {@code parameters} within {@code --relative}, the number of customers
 * exactly and the maximised {@code log_likelihood} within {@code --likelihood-relative}. Each check prints one line; the first
 * differing customers are printed with both values. Exit code 1 when any check fails.
 *
 * <p>Run through {@code spark-submit --master local[2]} (not on the cluster under test), with
 * this class on the driver's class path.
 */
public final class ClusterCheck {
    private ClusterCheck() {}

    /**
     * Runs the checks given on the command line.
     *
     * @param args {@code [--key K] [--relative R] (--table|--model) NAME CORE SPARK ...}
     */
    public static void main(String[] args) throws IOException {
        String key = "customer_id";
        double relative = 1e-9;
        double likelihoodRelative = 1e-12;
        List<String[]> checks = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--key" -> key = args[++i];
                case "--relative" -> relative = Double.parseDouble(args[++i]);
                case "--likelihood-relative" -> likelihoodRelative = Double.parseDouble(args[++i]);
                case "--table", "--model" -> {
                    if (i + 3 >= args.length) {
                        throw new IllegalArgumentException(args[i] + " needs NAME CORE SPARK");
                    }
                    checks.add(new String[] {args[i], args[i + 1], args[i + 2], args[i + 3]});
                    i += 3;
                }
                default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
            }
        }
        if (checks.isEmpty()) {
            throw new IllegalArgumentException("no --table or --model check given");
        }
        int failed = 0;
        SparkSession spark = SparkSession.builder().appName("churnkit cluster check").getOrCreate();
        try {
            for (String[] c : checks) {
                String problem = c[0].equals("--table")
                        ? table(spark, key, c[2], c[3])
                        : model(Path.of(c[2]), Path.of(c[3]), relative, likelihoodRelative);
                boolean ok = problem.startsWith("ok");
                failed += ok ? 0 : 1;
                System.out.println("check " + c[1] + ": " + (ok ? problem : "MISMATCH " + problem));
            }
        } finally {
            spark.stop();
        }
        System.out.flush();
        if (failed > 0) {
            System.exit(1);
        }
    }

    /** Compares two tables per key; returns "ok ..." or what differs. */
    static String table(SparkSession spark, String key, String corePath, String sparkPath) {
        Dataset<Row> core = spark.read().parquet(corePath);
        Dataset<Row> other = spark.read().parquet(sparkPath);
        Set<String> coreColumns = new LinkedHashSet<>(List.of(core.columns()));
        Set<String> otherColumns = new LinkedHashSet<>(List.of(other.columns()));
        if (!coreColumns.equals(otherColumns)) {
            Set<String> missing = new LinkedHashSet<>(coreColumns);
            missing.removeAll(otherColumns);
            Set<String> extra = new LinkedHashSet<>(otherColumns);
            extra.removeAll(coreColumns);
            return "columns differ: missing on Spark " + missing + ", only on Spark " + extra;
        }
        if (!coreColumns.contains(key)) {
            return "no key column '" + key + "' in " + coreColumns;
        }
        long coreRows = core.count();
        long otherRows = other.count();
        long coreKeys = core.select(key).distinct().count();
        long otherKeys = other.select(key).distinct().count();
        if (coreRows != coreKeys || otherRows != otherKeys) {
            return "duplicate keys: core " + coreRows + " rows for " + coreKeys + " keys, Spark " + otherRows
                    + " rows for " + otherKeys + " keys";
        }
        Dataset<Row> a = core.as("a");
        Dataset<Row> b = other.as("b");
        Dataset<Row> joined = a.join(b, a.col(key).cast("string").equalTo(b.col(key).cast("string")), "full_outer");
        List<String> compared = new ArrayList<>(coreColumns);
        compared.remove(key);
        Column[] differs = new Column[compared.size() + 1];
        differs[0] = functions.when(a.col(key).isNull().or(b.col(key).isNull()), functions.lit(key));
        for (int i = 0; i < compared.size(); i++) {
            String c = compared.get(i);
            boolean numeric = type(core, c) instanceof NumericType && type(other, c) instanceof NumericType;
            Column x = numeric ? a.col(c).cast("double") : a.col(c).cast("string");
            Column y = numeric ? b.col(c).cast("double") : b.col(c).cast("string");
            differs[i + 1] = functions.when(functions.not(x.eqNullSafe(y)), functions.lit(c));
        }
        Dataset<Row> bad = joined.withColumn("_differs", functions.concat_ws(",", differs))
                .filter(functions.col("_differs").notEqual(""));
        long badRows = bad.count();
        if (badRows == 0) {
            return String.format(Locale.ROOT, "ok, %,d customers, %d columns identical", coreRows, coreColumns.size());
        }
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%,d of %,d customers differ (core %,d rows, Spark %,d)",
                badRows, coreRows, coreRows, otherRows));
        for (Row r : bad.limit(5).collectAsList()) {
            Object coreId = r.get(index(r, key, 0));
            String id = String.valueOf(coreId != null ? coreId : r.get(index(r, key, 1)))
                    + (coreId == null ? " (only on Spark)" : r.get(index(r, key, 1)) == null ? " (only in core)" : "");
            s.append("\n    customer ").append(id).append(':');
            for (String c : r.getString(r.fieldIndex("_differs")).split(",")) {
                int ai = index(r, c, 0);
                int bi = index(r, c, 1);
                s.append(' ').append(c).append(" core=").append(ai < 0 ? "?" : r.get(ai))
                        .append(" spark=").append(bi < 0 ? "?" : r.get(bi));
            }
        }
        return s.toString();
    }

    private static DataType type(Dataset<Row> d, String column) {
        for (StructField f : d.schema().fields()) {
            if (f.name().equals(column)) {
                return f.dataType();
            }
        }
        throw new IllegalStateException("no column " + column);
    }

    /** Index of the occurrence-th (0: core side, 1: Spark side) field named column in a joined row. */
    private static int index(Row r, String column, int occurrence) {
        String[] names = r.schema().fieldNames();
        int seen = 0;
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(column) && seen++ == occurrence) {
                return i;
            }
        }
        return -1;
    }

    /** Compares two model files; returns "ok ..." or what differs. */
    static String model(Path corePath, Path sparkPath, double relative, double likelihoodRelative) throws IOException {
        ObjectMapper json = new ObjectMapper();
        JsonNode core = json.readTree(corePath.toFile());
        JsonNode other = json.readTree(sparkPath.toFile());
        if (!core.path("model").equals(other.path("model"))) {
            return "model " + core.path("model") + " in core, " + other.path("model") + " on Spark";
        }
        List<String> problems = new ArrayList<>();
        double[] worst = {0};
        int[] count = {0};
        compare("parameters", core.path("parameters"), other.path("parameters"), relative, problems, worst, count);
        if (count[0] == 0) {
            return "no parameters in " + corePath;
        }
        int parameters = count[0];
        double[] worstLikelihood = {0};
        compare("customers", core.path("customers"), other.path("customers"), 0, problems, new double[1], count);
        compare("log_likelihood", core.path("log_likelihood"), other.path("log_likelihood"), likelihoodRelative, problems,
                worstLikelihood, count);
        if (!problems.isEmpty()) {
            return String.join("; ", problems);
        }
        return String.format(Locale.ROOT, "ok, %s: %d parameters within %.0e relative (largest difference %.2e), "
                        + "log-likelihood within %.0e (%.2e), same customers",
                core.path("model").asText(), parameters, relative, worst[0], likelihoodRelative, worstLikelihood[0]);
    }

    private static void compare(String path, JsonNode a, JsonNode b, double relative, List<String> problems,
                                double[] worst, int[] count) {
        if (a.isNumber() && b.isNumber()) {
            double x = a.doubleValue();
            double y = b.doubleValue();
            double d = x == y ? 0 : Math.abs(x - y) / Math.max(Math.abs(x), Math.abs(y));
            count[0]++;
            worst[0] = Math.max(worst[0], d);
            if (!(d <= relative)) {
                problems.add(String.format(Locale.ROOT, "%s core=%s spark=%s (relative %.2e)", path, x, y, d));
            }
        } else if (a.isObject() && b.isObject()) {
            Set<String> names = new LinkedHashSet<>();
            a.fieldNames().forEachRemaining(names::add);
            Set<String> otherNames = new LinkedHashSet<>();
            b.fieldNames().forEachRemaining(otherNames::add);
            if (!names.equals(otherNames)) {
                problems.add(path + " fields " + names + " in core, " + otherNames + " on Spark");
                return;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                compare(path + "." + e.getKey(), e.getValue(), b.get(e.getKey()), relative, problems, worst, count);
            }
        } else if (a.isArray() && b.isArray() && a.size() == b.size()) {
            for (int i = 0; i < a.size(); i++) {
                compare(path + "[" + i + "]", a.get(i), b.get(i), relative, problems, worst, count);
            }
        } else if (!a.equals(b)) {
            problems.add(path + " core=" + a + " spark=" + b);
        }
    }
}
