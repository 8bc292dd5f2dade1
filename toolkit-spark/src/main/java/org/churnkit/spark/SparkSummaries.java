package org.churnkit.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.hour;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.minute;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.second;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.to_timestamp;
import static org.apache.spark.sql.functions.when;

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
 * {@link MergePeriod#periodOf}) is computed by Spark SQL; the rows are then shuffled once, by
 * customer, and sorted within each partition by customer and period (Spark's external sort, which
 * spills to disk), so that a partition is read one customer at a time: the period merge, the rules
 * for duplicates and the summary run in Java with the core's arithmetic, holding at most one
 * period's rows. x is identical and t_x, T agree to the last bit; amounts are summed exactly
 * ({@link ExactSum}) as in the core, so monetary values agree to the last bit too, whatever Spark's
 * order. (Grouping by customer and period first would be a second shuffle that hardly reduces the
 * rows: a customer rarely buys twice in one period.)
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
        // Duplicates (same customer, second and amount) are found in Java among a period's rows,
        // as the core finds them, rather than by a second shuffle; the time is shipped only then.
        boolean dropDuplicates = options.duplicates() == SummaryOptions.Duplicates.DROP;
        if (!dropDuplicates) {
            rows = rows.drop("t");
        }

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

        // One shuffle: every row of a customer to one partition, sorted there so that each customer's
        // rows are consecutive and in period order; the period merge and the summary then run in
        // Java one customer at a time (GroupSummary). (Leading the sort with a hash of the id, so
        // that Spark's 8-byte sort prefix rarely ties on ids like C000123456, measured no faster.)
        Dataset<Row> sorted = rows.repartition(col("c")).sortWithinPartitions(col("c"), col("p"));

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
        GroupSummary f = new GroupSummary(merge, endP, perUnit, cohortFrom, cohortTo, amounts, dropDuplicates);
        return sorted.mapPartitions(f, Encoders.row(schema));
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
     * A partition of rows {@code c, p[, t], a}, each customer's rows consecutive and in period
     * order, to one summary row per customer: the core Summarizer's loop, streamed (one period's
     * rows held at a time, and only when duplicates are dropped).
     *
     * @param merge the period transactions are merged into
     * @param endP index of the observation end's period
     * @param perUnit length of one period in the output time unit
     * @param cohortFrom first epoch day of a first purchase to keep ({@code Long.MIN_VALUE} for no bound)
     * @param cohortTo last epoch day of a first purchase to keep ({@code Long.MAX_VALUE} for no bound)
     * @param amounts whether the log has amounts (then {@code monetary_value, mean_value} are written)
     * @param dropDuplicates whether a row equal to an earlier one (second and amount) is dropped; then
     *     the rows carry the time {@code t} in column 2 and the amount in column 3
     */
    private record GroupSummary(MergePeriod merge, long endP, double perUnit, long cohortFrom, long cohortTo,
                                     boolean amounts, boolean dropDuplicates) implements MapPartitionsFunction<Row, Row> {
        @Override
        public Iterator<Row> call(Iterator<Row> in) {
            return new GroupSummaries(this, in);
        }
    }

    /** The rows of {@link GroupSummary}, computed as they are asked for. */
    private static final class GroupSummaries implements Iterator<Row> {
        /** Above this many rows in one period, duplicates are looked up in a set, as in the core. */
        private static final int LINEAR = 32;

        private final GroupSummary f;
        private final Iterator<Row> in;
        private final int amountAt;
        /** The first row of the next customer, read ahead; null at the end. */
        private Row ahead;
        /** The next summary, or null when it is still to be computed. */
        private Row next;
        /** Exact sums (ExactSum): 0 all periods, 1 repeat periods, 2 this period. */
        private final double[] hi = new double[3];
        private final double[] lo = new double[3];
        /** This period's rows (second, amount bits), when duplicates are dropped. */
        private long[] times = new long[LINEAR];
        private long[] bits = new long[LINEAR];
        private java.util.Set<java.util.Map.Entry<Long, Long>> seen;

        GroupSummaries(GroupSummary f, Iterator<Row> in) {
            this.f = f;
            this.in = in;
            this.amountAt = f.dropDuplicates() ? 3 : 2;
            this.ahead = in.hasNext() ? in.next() : null;
        }

        @Override
        public boolean hasNext() {
            while (next == null && ahead != null) {
                next = customer();
            }
            return next != null;
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new java.util.NoSuchElementException();
            }
            Row r = next;
            next = null;
            return r;
        }

        /** Reads the rows of the customer of {@code ahead}; its summary, or null when outside the cohort. */
        private Row customer() {
            String id = ahead.getString(0);
            long periods = 0;
            long firstP = 0;
            long lastP = 0;
            hi[0] = hi[1] = lo[0] = lo[1] = 0;
            long knownAll = 0;
            long knownRep = 0;
            Row r = ahead;
            while (r != null) {
                long p = r.getLong(1);
                // one period: its rows summed exactly, whatever order Spark gave them in
                hi[2] = lo[2] = 0;
                boolean known = false;
                int inPeriod = 0;
                seen = null;
                do {
                    double v = r.isNullAt(amountAt) ? Double.NaN : r.getDouble(amountAt);
                    if (!f.dropDuplicates() || !duplicate(inPeriod, r.getLong(2), v)) {
                        inPeriod++;
                        if (v == v) { // NaN: a missing amount
                            ExactSum.add(hi, lo, 2, v);
                            known = true;
                        }
                    }
                    r = in.hasNext() ? in.next() : null;
                } while (r != null && r.getLong(1) == p && r.getString(0).equals(id));
                // only a positive amount is spend, as in the core: a period of zero, refund or
                // missing amounts is a transaction outside the spend means
                if (known && hi[2] > 0) {
                    ExactSum.add(hi, lo, 0, hi[2], lo[2]);
                    knownAll++;
                    if (periods > 0) {
                        ExactSum.add(hi, lo, 1, hi[2], lo[2]);
                        knownRep++;
                    }
                }
                if (periods == 0) {
                    firstP = p;
                }
                periods++;
                lastP = p;
                if (r != null && !r.getString(0).equals(id)) {
                    break;
                }
            }
            ahead = r;
            long firstDay = Math.floorDiv(f.merge().startOf(firstP), 86_400L);
            if (firstDay < f.cohortFrom() || firstDay > f.cohortTo()) {
                return null;
            }
            double tx = (lastP - firstP) * f.perUnit();
            double age = (f.endP() - firstP) * f.perUnit();
            if (f.amounts()) {
                return RowFactory.create(id, periods - 1, tx, age,
                        knownRep > 0 ? hi[1] / knownRep : 0.0, knownAll > 0 ? hi[0] / knownAll : 0.0);
            }
            return RowFactory.create(id, periods - 1, tx, age);
        }

        /**
         * Whether a row (second {@code t}, amount {@code v}) repeats one of the {@code kept} rows
         * kept so far in this period, which it then joins (the core's {@code duplicateOfEarlier}:
         * the same second and the same amount bits, NaN equal to NaN).
         */
        private boolean duplicate(int kept, long t, double v) {
            long b = Double.doubleToLongBits(v);
            if (seen != null) {
                return !seen.add(java.util.Map.entry(t, b));
            }
            for (int u = 0; u < kept; u++) {
                if (times[u] == t && bits[u] == b) {
                    return true;
                }
            }
            if (kept < LINEAR) {
                times[kept] = t;
                bits[kept] = b;
            } else {
                seen = new java.util.HashSet<>();
                for (int u = 0; u < kept; u++) {
                    seen.add(java.util.Map.entry(times[u], bits[u]));
                }
                seen.add(java.util.Map.entry(t, b));
            }
            return false;
        }
    }
}
