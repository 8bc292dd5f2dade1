package org.churnkit.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.churnkit.ChurnkitException;
import org.churnkit.data.PeriodEnd;
import org.churnkit.data.SummaryOptions;
import org.churnkit.data.SummaryState;
import org.churnkit.data.SummaryStateFile;
import org.churnkit.data.TransactionLog;

/**
 * A {@link SummaryState} of a transactions DataFrame, built partition by partition and merged:
 * the rows are hash-partitioned by customer, each partition is summarised into a state by the
 * core ({@link SummaryState#of}), shipped to the driver in the state file format and merged
 * ({@link SummaryState#merge}, disjoint customers). Because the core sums spend exactly, the
 * result is the core's to the last bit, whatever the partitioning and the order of rows, unlike
 * {@link SparkSummaries}, whose spend means depend on Spark's summation order. The state can then
 * be written ({@link SummaryStateFile#write}) and kept up to date with {@code churnkit update}.
 *
 * <p>Meant for a log that is summarised once on the cluster and then updated by daily batches;
 * the merged state lives on the driver (about 80 bytes per customer plus the ids).
 */
public final class SparkSummaryStates {
    private SparkSummaryStates() {}

    /**
     * The summary state of every transaction up to {@code asOf}.
     *
     * @param transactions the transaction log, one row per transaction
     * @param columns which columns hold the customer, the time and the amount
     * @param options merge period, time unit, amount and duplicate rules, dropping after the end
     * @param asOf the state's end
     * @return the state, merged on the driver
     * @throws ChurnkitException naming a customer and date when a transaction is after {@code asOf}
     *     and {@code options.dropAfterEnd()} is false, or when the DataFrame is empty
     */
    public static SummaryState summarize(Dataset<Row> transactions, TransactionColumns columns, SummaryOptions options,
                                         PeriodEnd asOf) {
        boolean amounts = columns.amount() != null;
        Column amount = amounts ? col(columns.amount()).cast(DataTypes.DoubleType) : lit(null).cast(DataTypes.DoubleType);
        Dataset<Row> rows = transactions.select(
                col(columns.customer()).cast(DataTypes.StringType).as("c"),
                SparkSummaries.wallClockSeconds(transactions, columns).as("t"),
                amount.as("a"))
                .filter(col("c").isNotNull().and(col("t").isNotNull()));
        long stop = asOf.lastSecond();
        if (!options.dropAfterEnd()) {
            List<Row> after = rows.filter(col("t").gt(lit(stop))).limit(1).collectAsList();
            if (!after.isEmpty()) {
                Row r = after.get(0);
                throw new ChurnkitException("transaction of customer '" + r.getString(0) + "' at "
                        + java.time.LocalDateTime.ofEpochSecond(r.getLong(1), 0, java.time.ZoneOffset.UTC)
                        + " is after the as-of date " + asOf + "; drop such transactions with dropAfterEnd "
                        + "(SummaryOptions.withDropAfterEnd)");
            }
        }
        List<byte[]> parts = rows.repartition(col("c"))
                .mapPartitions(new PartitionState(options.merge(), options.unit(), options.zeroAmounts(),
                        options.negativeAmounts(), options.duplicates(), options.dropAfterEnd(), asOf.toString(), amounts),
                        Encoders.BINARY())
                .collectAsList();
        if (parts.isEmpty()) {
            throw new ChurnkitException("no transaction to summarise: the DataFrame is empty");
        }
        List<SummaryState> states = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            states.add(SummaryStateFile.read(new ByteArrayInputStream(parts.get(i)), "partition state " + i));
        }
        // pairwise, so that each customer is copied log2(partitions) times rather than once per partition
        while (states.size() > 1) {
            List<SummaryState> next = new ArrayList<>();
            for (int i = 0; i + 1 < states.size(); i += 2) {
                next.add(SummaryState.merge(states.get(i), states.get(i + 1)));
            }
            if (states.size() % 2 == 1) {
                next.add(states.get(states.size() - 1));
            }
            states = next;
        }
        return states.get(0);
    }

    /**
     * One partition's rows to one state, serialised (fields of types Spark can ship).
     *
     * @param merge the period within which transactions count once
     * @param unit the time unit of the summaries
     * @param zero the rule for $0.00 amounts
     * @param negative the rule for negative amounts
     * @param duplicates the rule for repeated rows
     * @param dropAfterEnd whether rows after the as-of date are dropped (and counted) rather than refused
     * @param asOf the end of observation, ISO-8601
     * @param amounts whether the log has amounts
     */
    private record PartitionState(org.churnkit.data.MergePeriod merge, org.churnkit.data.TimeUnit unit,
                                  SummaryOptions.ZeroAmounts zero, SummaryOptions.NegativeAmounts negative,
                                  SummaryOptions.Duplicates duplicates, boolean dropAfterEnd, String asOf, boolean amounts)
            implements MapPartitionsFunction<Row, byte[]> {
        @Override
        public Iterator<byte[]> call(Iterator<Row> in) {
            List<String> ids = new ArrayList<>();
            long[] t = new long[1024];
            double[] a = new double[1024];
            int n = 0;
            while (in.hasNext()) {
                Row r = in.next();
                if (n == t.length) {
                    t = java.util.Arrays.copyOf(t, 2 * n);
                    a = java.util.Arrays.copyOf(a, 2 * n);
                }
                ids.add(r.getString(0));
                t[n] = r.getLong(1);
                a[n] = r.isNullAt(2) ? Double.NaN : r.getDouble(2);
                n++;
            }
            if (n == 0) {
                return java.util.Collections.emptyIterator();
            }
            TransactionLog log = TransactionLog.of(ids.toArray(String[]::new), java.util.Arrays.copyOf(t, n),
                    amounts ? java.util.Arrays.copyOf(a, n) : null);
            SummaryOptions o = SummaryOptions.defaults().withMerge(merge).withUnit(unit)
                    .withAmountRules(zero, negative, duplicates).withDropAfterEnd(dropAfterEnd);
            SummaryState s = SummaryState.of(log, o, PeriodEnd.parse(asOf));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            SummaryStateFile.write(s, out);
            return List.of(out.toByteArray()).iterator();
        }
    }
}
