package org.churnkit.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.hour;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.minute;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.second;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.to_timestamp;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
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
import org.churnkit.data.ExactSum;
import org.churnkit.data.MergePeriod;
import org.churnkit.data.SummaryOptions;

/**
 * Per-customer summaries of a transactions DataFrame, with the definitions of
 * {@link org.churnkit.data.Summarizer#summarize}: transactions of one customer in the same merge
 * period are one transaction (amounts summed); each stands at the start of its period; with
 * {@code n} distinct periods up to the observation end, {@code frequency = x = n - 1},
 * {@code recency = t_x = (last - first) periods}, {@code T = (end - first) periods}, both in the
 * options' time unit; {@code monetary_value} is the mean of the repeat periods' positive amounts (0
 * when there is none) and {@code mean_value} the mean over all periods with a positive amount (0 when
 * none). Zero amounts, refunds and duplicate rows follow the options' rules as in the core's
 * {@code Summarizer} (by default zero amounts are transactions without spend and refunds are dropped);
 * the core's exclusion counts are not computed here.
 * Null or NaN amounts are missing, as in the core reader.
 *
 * <p>Method: the period of every row (an exact integer floor division of wall-clock seconds, as
 * {@link MergePeriod#periodOf}) and the per-(customer, period) sums are computed by Spark SQL; each
 * customer's periods are then gathered and the summary computed in Java with the core's arithmetic,
 * so x is identical and t_x, T agree to the last bit; amounts are summed exactly ({@link ExactSum})
 * in Java as in the core, so monetary values agree to the last bit too, whatever Spark's order.
 *
 * <p>Not supported here (core only): calibration/holdout splits and the read/merge counts. Rows
 * with a null customer id or time are left out (the core's reader rejects such lines by number,
 * which a DataFrame does not have); text that does not match the date pattern fails the Spark job
 * (ANSI mode, Spark's default).
 */
public final class SparkSummaries {
    /** Output columns, lifetimes' names as written by {@code churnkit summarize}. */
    public static final String CUSTOMER_ID = "customer_id";

    private SparkSummaries() {}

    /**
     * Summarises every customer up to the observation end ({@code options.observationEnd()}, by
     * default the last transaction's period). Lazy, except for one job that checks for
     * transactions after an explicit observation end.
     *
     * @param transactions the transaction log, one row per transaction
     * @param columns which columns hold the customer, the time and the amount
     * @param options merge period, time unit, observation end, cohort and dropping rules
     * @return {@code customer_id, frequency, recency, T} and, when there is an amount column,
     *     {@code monetary_value, mean_value}
     * @throws ChurnkitException naming a customer and date when a transaction is after the
     *     observation end and {@code options.dropAfterEnd()} is false
     */
    public static Dataset<Row> summarize(Dataset<Row> transactions, TransactionColumns columns, SummaryOptions options) {
        MergePeriod merge = options.merge();
        long ps = merge.seconds();
        boolean amounts = columns.amount() != null;
        Column seconds = wallClockSeconds(transactions, columns);
        Column shifted = seconds.minus(lit(merge.origin()));
        // floorDiv(t - origin, ps) exactly: subtract the non-negative remainder, then divide.
        Column period = shifted.minus(pmod(shifted, lit(ps))).divide(lit(ps)).cast(DataTypes.LongType);
        Column amount = amounts ? col(columns.amount()).cast(DataTypes.DoubleType) : lit(null).cast(DataTypes.DoubleType);
        Dataset<Row> rows = transactions.select(
                col(columns.customer()).cast(DataTypes.StringType).as("c"),
                period.as("p"),
                seconds.as("t"),
                when(isnan(amount), lit(null).cast(DataTypes.DoubleType)).otherwise(amount).as("a"))
                .filter(col("c").isNotNull().and(col("p").isNotNull()));
        // the core's rules for odd rows (SummaryOptions): zero amounts, refunds, duplicates
        if (amounts && options.zeroAmounts() == SummaryOptions.ZeroAmounts.DROP) {
            rows = rows.filter(col("a").isNull().or(col("a").notEqual(lit(0.0))));
        }
        if (amounts && options.negativeAmounts() == SummaryOptions.NegativeAmounts.DROP) {
            rows = rows.filter(col("a").isNull().or(col("a").geq(lit(0.0))));
        }
        if (options.duplicates() == SummaryOptions.Duplicates.DROP) {
            rows = rows.dropDuplicates("c", "t", "a");
        }
        rows = rows.drop("t");

        long endP;
        if (options.observationEnd() == null) {
            Row m = rows.agg(max(col("p"))).first();
            if (m.isNullAt(0)) {
                throw new ChurnkitException("no transaction to summarise: the DataFrame is empty");
            }
            endP = m.getLong(0);
        } else {
            endP = merge.periodOf(options.observationEnd().lastSecond());
            if (!options.dropAfterEnd()) {
                List<Row> after = rows.filter(col("p").gt(lit(endP))).select(col("c"), col("p")).limit(1).collectAsList();
                if (!after.isEmpty()) {
                    Row r = after.get(0);
                    throw new ChurnkitException("transaction of customer '" + r.getString(0) + "' in the period starting "
                            + java.time.LocalDateTime.ofEpochSecond(merge.startOf(r.getLong(1)), 0, java.time.ZoneOffset.UTC)
                            + " is after the observation end " + options.observationEnd()
                            + "; drop such transactions with dropAfterEnd (SummaryOptions.withDropAfterEnd)");
                }
            }
            rows = rows.filter(col("p").leq(lit(endP)));
        }

        Dataset<Row> grouped = rows
                .groupBy(col("c"), col("p")).agg(collect_list(col("a")).as("s"), count(col("a")).as("k"))
                .groupBy(col("c")).agg(collect_list(struct(col("p"), col("s"), col("k"))).as("ps"));

        StructType schema = new StructType()
                .add(CUSTOMER_ID, DataTypes.StringType, false)
                .add("frequency", DataTypes.LongType, false)
                .add("recency", DataTypes.DoubleType, false)
                .add("T", DataTypes.DoubleType, false);
        if (amounts) {
            schema = schema.add("monetary_value", DataTypes.DoubleType, false).add("mean_value", DataTypes.DoubleType, false);
        }
        double perUnit = ps / options.unit().seconds();
        long cohortFrom = options.cohortFrom() == null ? Long.MIN_VALUE : options.cohortFrom().toEpochDay();
        long cohortTo = options.cohortTo() == null ? Long.MAX_VALUE : options.cohortTo().toEpochDay();
        PeriodSummary f = new PeriodSummary(merge, endP, perUnit, cohortFrom, cohortTo, amounts);
        return grouped.mapPartitions(f, Encoders.row(schema));
    }

    /** Wall-clock seconds since 1970-01-01T00:00 of the time column, by its type. */
    static Column wallClockSeconds(Dataset<Row> df, TransactionColumns columns) {
        DataType type = df.schema().apply(columns.time()).dataType();
        Column c = col(columns.time());
        Column ts;
        if (columns.dateFormat() != null) {
            ts = to_timestamp(c.cast(DataTypes.StringType), columns.dateFormat());
        } else if (type.equals(DataTypes.DateType)) {
            return org.apache.spark.sql.functions.unix_date(c).cast(DataTypes.LongType).multiply(lit(86_400L));
        } else if (type.equals(DataTypes.TimestampType) || type.equals(DataTypes.TimestampNTZType)) {
            ts = c;
        } else {
            ts = c.cast(DataTypes.TimestampType);
        }
        // Day and time of day read in the same zone (the session's, or none for NTZ): wall clock.
        return org.apache.spark.sql.functions.unix_date(to_date(ts)).cast(DataTypes.LongType).multiply(lit(86_400L))
                .plus(hour(ts).cast(DataTypes.LongType).multiply(lit(3_600L)))
                .plus(minute(ts).cast(DataTypes.LongType).multiply(lit(60L)))
                .plus(second(ts).cast(DataTypes.LongType));
    }

    /**
     * One customer's periods to a summary row: the core Summarizer's loop.
     *
     * @param merge the period transactions are merged into
     * @param endP index of the observation end's period
     * @param perUnit length of one period in the output time unit
     * @param cohortFrom first epoch day of a first purchase to keep ({@code Long.MIN_VALUE} for no bound)
     * @param cohortTo last epoch day of a first purchase to keep ({@code Long.MAX_VALUE} for no bound)
     * @param amounts whether the log has amounts (then {@code monetary_value, mean_value} are written)
     */
    private record PeriodSummary(MergePeriod merge, long endP, double perUnit, long cohortFrom, long cohortTo,
                                 boolean amounts) implements MapPartitionsFunction<Row, Row> {
        @Override
        public Iterator<Row> call(Iterator<Row> in) {
            List<Row> out = new ArrayList<>();
            long[] p = new long[16];
            double[] s = new double[16];
            double[] sLo = new double[16];
            long[] k = new long[16];
            double[] hi = new double[2];
            double[] lo = new double[2];
            while (in.hasNext()) {
                Row r = in.next();
                List<Row> ps = r.getList(1);
                int n = ps.size();
                if (p.length < n) {
                    p = new long[n];
                    s = new double[n];
                    sLo = new double[n];
                    k = new long[n];
                }
                Integer[] order = new Integer[n];
                for (int i = 0; i < n; i++) {
                    Row e = ps.get(i);
                    p[i] = e.getLong(0);
                    // the period's amounts summed exactly, as the core does: no dependence on Spark's order
                    s[i] = 0;
                    sLo[i] = 0;
                    List<Double> amounts = e.getList(1);
                    for (Double a : amounts) {
                        ExactSum.add(s, sLo, i, a);
                    }
                    k[i] = e.getLong(2);
                    order[i] = i;
                }
                final long[] pp = p;
                java.util.Arrays.sort(order, (u, v) -> Long.compare(pp[u], pp[v]));
                long firstP = p[order[0]];
                long lastP = p[order[n - 1]];
                long firstDay = Math.floorDiv(merge.startOf(firstP), 86_400L);
                if (firstDay < cohortFrom || firstDay > cohortTo) {
                    continue;
                }
                hi[0] = hi[1] = lo[0] = lo[1] = 0; // all periods, repeat periods
                long knownAll = 0;
                long knownRep = 0;
                for (int j = 0; j < n; j++) {
                    int i = order[j];
                    if (k[i] > 0 && s[i] > 0) { // only a positive amount is spend, as in the core
                        ExactSum.add(hi, lo, 0, s[i], sLo[i]);
                        knownAll++;
                        if (j > 0) {
                            ExactSum.add(hi, lo, 1, s[i], sLo[i]);
                            knownRep++;
                        }
                    }
                }
                double sumAll = hi[0];
                double sumRep = hi[1];
                double tx = (lastP - firstP) * perUnit;
                double age = (endP - firstP) * perUnit;
                if (amounts) {
                    out.add(RowFactory.create(r.getString(0), (long) (n - 1), tx, age,
                            knownRep > 0 ? sumRep / knownRep : 0.0, knownAll > 0 ? sumAll / knownAll : 0.0));
                } else {
                    out.add(RowFactory.create(r.getString(0), (long) (n - 1), tx, age));
                }
            }
            return out.iterator();
        }
    }
}
