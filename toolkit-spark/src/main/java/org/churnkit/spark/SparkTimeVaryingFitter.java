package org.churnkit.spark;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.unix_date;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.churnkit.ChurnkitException;
import org.churnkit.model.StaticCovariateFitter;
import org.churnkit.model.TimeVaryingCovariateFit;
import org.churnkit.model.TimeVaryingCovariateFitter;
import org.churnkit.model.TimeVaryingCovariates;

/**
 * Fits a Pareto/NBD model with time-varying covariates (Bachmann, Meierer and Naef 2021) to a
 * transactions DataFrame and a long covariates DataFrame (one row per customer and period start
 * date), as {@link TimeVaryingCovariates#read} and {@link TimeVaryingCovariateFitter} do on one
 * machine.
 *
 * <p>On the cluster: the covariate columns are coded as the core codes a file ({@link
 * SparkCovariates}: numeric columns, indicators against the reference level of
 * {@link org.churnkit.model.Covariates#referenceLevel}); each customer's distinct purchase days up
 * to the calibration end and his covariate rows are gathered, and his path is computed with the
 * core reader's arithmetic: the offset of his first purchase in its period, T, t_x, the repeat
 * purchases per period and the covariate vector of every period from his first purchase to the
 * calibration end (plus the prediction window, when one is asked for). Customers with the same
 * path are counted ({@code groupBy + count}); only the distinct paths with their counts reach the
 * driver, where {@link TimeVaryingCovariates.Builder#addWeighted} builds the data and the core
 * fitter fits them. The likelihood is a weighted sum over the same paths, so the result is a core
 * fit's to rounding (checked to 1e-9 relative in the estimates on the apparel data and on simulated
 * data). The distinct paths are ordered by their values, so that a fit does not depend on the
 * partitioning.
 *
 * <p>Dates: the transactions' time column as in {@link SparkSummaries} (a purchase's day is its
 * wall-clock day; same-day purchases are one transaction); the covariates' date column a
 * {@code DATE}, a {@code TIMESTAMP} or ISO text ({@code yyyy-MM-dd}). A customer lacking the
 * covariate row of a period he needs, with two rows for one period, or with no row at all, is an
 * error naming him and the date, as in the core. Customers whose first purchase is after the
 * calibration end are left out, as in the core; unlike the core's, the data built here carry no
 * notes (the reference levels are recorded).
 */
public final class SparkTimeVaryingFitter {
    private SparkTimeVaryingFitter() {}

    /** Kinds of mapped rows: a customer's path, a customer who starts after the calibration end, an error. */
    private static final int PATH = 0;
    private static final int LATE = 1;
    private static final int ERROR = 2;

    /**
     * The distinct covariate paths of the customers, each weighted by how many customers share it
     * (no ids: a row stands for all its customers).
     *
     * @param transactions the transactions, one row per transaction (rows with a null customer or
     *     time are left out, as in {@link SparkSummaries#summarize})
     * @param columns which columns hold the customer and the time (the amount is not read)
     * @param covariates the long covariates: an id column, a period start date column, covariate
     *     columns (every other column)
     * @param options id and date columns of the covariates, calibration end, period length in
     *     days, time unit, prediction window, reference levels (as for the core's reader)
     * @return the data for {@link TimeVaryingCovariateFitter#fit}
     * @throws ChurnkitException when a column is missing, a covariate cell or period date is
     *     empty, there is no customer, or a customer lacks (or repeats) a period's covariates
     *     (naming the customer and the date)
     */
    public static TimeVaryingCovariates compressed(Dataset<Row> transactions, TransactionColumns columns,
                                                   Dataset<Row> covariates, TimeVaryingCovariates.ReadOptions options) {
        Objects.requireNonNull(transactions, "transactions");
        Objects.requireNonNull(columns, "columns");
        Objects.requireNonNull(covariates, "covariates");
        Objects.requireNonNull(options, "options");
        List<String> have = List.of(covariates.columns());
        for (String n : List.of(options.idColumn(), options.dateColumn())) {
            if (!have.contains(n)) {
                throw new ChurnkitException("the covariates have no column '" + n + "' (columns: " + String.join(", ", have) + ")");
            }
        }
        // The coding over every row of the table, as the core codes the whole file.
        SparkCovariates.Design design = SparkCovariates.of(covariates.drop(options.dateColumn()), options.idColumn())
                .withReferenceLevels(options.referenceLevels()).design(false);
        List<String> names = design.names();
        int c = names.size();
        Column day = dayOf(covariates, options.dateColumn());
        // a null date is an error naming the customer (the core reader refuses an empty date cell)
        long nullDates = covariates.filter(day.isNull()).count();
        if (nullDates > 0) {
            Row bad = covariates.filter(day.isNull()).select(SparkCovariates.column(options.idColumn()).cast(DataTypes.StringType)).first();
            throw new ChurnkitException("the covariates: " + nullDates + " row(s) have no period date in '" + options.dateColumn()
                    + "', e.g. customer '" + bad.getString(0) + "'");
        }
        Column[] z = new Column[c];
        for (int k = 0; k < c; k++) {
            z[k] = design.covariates().get(k).value();
        }
        Dataset<Row> cov = covariates.select(SparkCovariates.column(options.idColumn()).cast(DataTypes.StringType).as("cid"), day.as("d"),
                        (c == 0 ? array().cast("array<double>") : array(z)).as("z"))
                .filter(col("cid").isNotNull())
                .groupBy(col("cid")).agg(collect_list(struct(col("d"), col("z"))).as("rows"));

        long calDay = options.calibrationEnd().toEpochDay();
        Column seconds = SparkSummaries.wallClockSeconds(transactions, columns);
        Column purchaseDay = seconds.minus(pmod(seconds, lit(86_400L))).divide(lit(86_400L)).cast(DataTypes.LongType);
        Dataset<Row> bought = transactions.select(col(columns.customer()).cast(DataTypes.StringType).as("c"), purchaseDay.as("p"))
                .filter(col("c").isNotNull().and(col("p").isNotNull()))
                .groupBy(col("c")).agg(array_sort(collect_set(when(col("p").leq(lit(calDay)), col("p")))).as("days"));
        Dataset<Row> joined = bought.join(cov, col("c").equalTo(col("cid")), "left").select(col("c"), col("days"), col("rows"));

        StructType schema = new StructType()
                .add("kind", DataTypes.IntegerType, false)
                .add("err", DataTypes.StringType, true)
                .add("offset", DataTypes.DoubleType, false)
                .add("T", DataTypes.DoubleType, false)
                .add("tx", DataTypes.DoubleType, false)
                .add("counts", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
                .add("z", DataTypes.createArrayType(DataTypes.DoubleType, false), false);
        long endDay = calDay + (long) Math.ceil(options.horizon() * options.unit().days() - 1e-9);
        // the core reader's perDay, so that T, t_x and the offsets are the same doubles
        double perDay = 1.0 / options.unit().days();
        PathOf f = new PathOf(calDay, endDay, options.periodDays(), perDay, c);
        Dataset<Row> paths = joined.mapPartitions(f, Encoders.row(schema));
        List<Row> rows = new ArrayList<>(paths.groupBy(col("kind"), col("err"), col("offset"), col("T"), col("tx"),
                col("counts"), col("z")).agg(count(lit(1)).as("w")).collectAsList());

        List<String> errors = new ArrayList<>();
        long errorCount = 0;
        List<Row> good = new ArrayList<>();
        for (Row r : rows) {
            switch (r.getInt(0)) {
                case ERROR -> {
                    errors.add(r.getString(1));
                    errorCount += r.getLong(7);
                }
                case LATE -> { } // first purchase after the calibration end: excluded, as in the core
                default -> good.add(r);
            }
        }
        if (!errors.isEmpty()) {
            errors.sort(null);
            throw new ChurnkitException("the covariates: " + errors.get(0)
                    + (errorCount > 1 ? " (" + errorCount + " customers have such errors)" : ""));
        }
        if (good.isEmpty()) {
            throw new ChurnkitException("no customer to fit: no transaction on or before the calibration end "
                    + options.calibrationEnd());
        }
        good.sort(SparkTimeVaryingFitter::compare);
        double periodLength = options.periodDays() * perDay;
        TimeVaryingCovariates.Builder b = TimeVaryingCovariates.builder(names, periodLength, options.unit(), options.horizon())
                .referenceLevels(design.references());
        for (Row r : good) {
            int[] counts = r.getList(5).stream().mapToInt(v -> ((Number) v).intValue()).toArray();
            double[] zs = r.getList(6).stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
            b.addWeighted(null, r.getLong(7), r.getDouble(2), r.getDouble(3), r.getDouble(4), counts, zs);
        }
        return b.build();
    }

    /**
     * Fits the Pareto/NBD model with time-varying covariates: {@link #compressed} then
     * {@code fitter} on the driver. The result may not have converged (see
     * {@link TimeVaryingCovariateFitter#fit}).
     *
     * @param transactions the transactions (customer, date)
     * @param columns which columns hold the customer and the time
     * @param covariates the long covariates (customer, period start date, covariate columns)
     * @param read columns, calibration end, period, unit, window and reference levels
     * @param options which covariates enter which process (names as coded), constraints, penalty
     * @param fitter the optimiser
     * @return the fit
     * @throws ChurnkitException as {@link #compressed}, and when the fit fails
     */
    public static TimeVaryingCovariateFit fit(Dataset<Row> transactions, TransactionColumns columns, Dataset<Row> covariates,
                                              TimeVaryingCovariates.ReadOptions read, StaticCovariateFitter.Options options,
                                              TimeVaryingCovariateFitter fitter) {
        return fitter.fit(compressed(transactions, columns, covariates, read), options);
    }

    /** The epoch day of a period start column: a date, a timestamp's wall-clock day, or ISO text. */
    private static Column dayOf(Dataset<Row> df, String column) {
        DataType type = df.schema().apply(column).dataType();
        Column c = SparkCovariates.column(column);
        if (type.equals(DataTypes.DateType)) {
            return unix_date(c).cast(DataTypes.LongType);
        }
        if (type.equals(DataTypes.TimestampType) || type.equals(DataTypes.TimestampNTZType)) {
            return unix_date(to_date(c)).cast(DataTypes.LongType);
        }
        // text that is not a yyyy-MM-dd date fails the job (ANSI mode, Spark's default)
        return unix_date(to_date(trim(c.cast(DataTypes.StringType)), "yyyy-MM-dd")).cast(DataTypes.LongType);
    }

    /** Orders rows by (offset, T, t_x, counts, covariates), lexicographically. */
    private static int compare(Row a, Row b) {
        for (int j = 2; j <= 4; j++) {
            int k = Double.compare(a.getDouble(j), b.getDouble(j));
            if (k != 0) {
                return k;
            }
        }
        for (int j = 5; j <= 6; j++) {
            List<Object> u = a.getList(j);
            List<Object> v = b.getList(j);
            for (int i = 0; i < Math.min(u.size(), v.size()); i++) {
                int k = Double.compare(((Number) u.get(i)).doubleValue(), ((Number) v.get(i)).doubleValue());
                if (k != 0) {
                    return k;
                }
            }
            if (u.size() != v.size()) {
                return Integer.compare(u.size(), v.size());
            }
        }
        return 0;
    }

    /**
     * One customer's purchase days and covariate rows to his path: the loop of the core's reader
     * ({@link TimeVaryingCovariates#read}), with its arithmetic, so that T, t_x and the offset are
     * the same doubles.
     *
     * @param calDay epoch day of the calibration end
     * @param endDay last epoch day of the prediction window (the calibration end without one)
     * @param pd period length in days
     * @param perDay one day in the time unit
     * @param c number of covariates
     */
    private record PathOf(long calDay, long endDay, int pd, double perDay, int c) implements MapPartitionsFunction<Row, Row> {
        @Override
        public Iterator<Row> call(Iterator<Row> in) {
            List<Row> out = new ArrayList<>();
            while (in.hasNext()) {
                out.add(path(in.next()));
            }
            return out.iterator();
        }

        private Row error(String message) {
            return RowFactory.create(ERROR, message, 0.0, 0.0, 0.0, new Integer[0], new Double[0]);
        }

        private Row path(Row r) {
            String id = r.getString(0);
            long[] ds = r.getList(1).stream().mapToLong(v -> ((Number) v).longValue()).toArray();
            if (ds.length == 0) {
                return RowFactory.create(LATE, null, 0.0, 0.0, 0.0, new Integer[0], new Double[0]);
            }
            if (r.isNullAt(2)) {
                return error("customer '" + id + "' has no covariate rows (first purchase " + LocalDate.ofEpochDay(ds[0]) + ")");
            }
            Map<Long, double[]> mine = new HashMap<>();
            for (Object o : r.getList(2)) {
                Row e = (Row) o;
                long d = e.getLong(0);
                double[] z = e.getList(1).stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
                if (mine.put(d, Arrays.copyOf(z, c)) != null) {
                    return error("customer '" + id + "' has two rows for the period starting " + LocalDate.ofEpochDay(d));
                }
            }
            // The period holding the first purchase: the latest start on or before it.
            long start = Long.MIN_VALUE;
            for (long d : mine.keySet()) {
                if (d <= ds[0] && d > start) {
                    start = d;
                }
            }
            if (start == Long.MIN_VALUE || ds[0] >= start + pd) {
                return error("customer '" + id + "' has no covariate row for the period holding his first purchase on "
                        + LocalDate.ofEpochDay(ds[0]));
            }
            int lastPurchase = 0;
            int[] counts = new int[(int) ((Math.max(endDay, calDay) - start) / pd) + 2];
            long lastDay = ds[0];
            for (int q = 1; q < ds.length; q++) {
                int p = (int) ((ds[q] - start) / pd);
                counts[p]++;
                lastPurchase = Math.max(lastPurchase, p);
                lastDay = ds[q];
            }
            // Periods needed: those meeting [first purchase, end) and any holding a purchase.
            int periods = (int) Math.max((endDay - start + pd - 1) / pd, lastPurchase + 1);
            periods = Math.max(periods, 1);
            double[] zs = new double[periods * c];
            for (int p = 0; p < periods; p++) {
                long d = start + (long) p * pd;
                double[] row = mine.get(d);
                if (row == null) {
                    return error("customer '" + id + "' has no covariate row for the period starting " + LocalDate.ofEpochDay(d)
                            + " (needed from his first purchase on " + LocalDate.ofEpochDay(ds[0]) + " to "
                            + LocalDate.ofEpochDay(endDay) + ")");
                }
                System.arraycopy(row, 0, zs, p * c, c);
            }
            double ageT = (calDay - ds[0]) * perDay;
            double recency = (lastDay - ds[0]) * perDay;
            return RowFactory.create(PATH, null, (ds[0] - start) * perDay, ageT, recency,
                    Arrays.stream(counts, 0, periods).boxed().toArray(Integer[]::new),
                    Arrays.stream(zs).boxed().toArray(Double[]::new));
        }
    }
}
