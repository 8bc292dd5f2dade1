package org.churnkit.spark;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.churnkit.ChurnkitException;
import org.churnkit.data.MergePeriod;
import org.churnkit.data.PeriodEnd;
import org.churnkit.data.SummaryOptions;

/**
 * Calibration/holdout split of a transactions DataFrame, with the definitions of
 * {@link org.churnkit.data.Summarizer#split} (lifetimes' {@code calibration_and_holdout_data}):
 * the calibration summary ({@code frequency, recency, T, monetary_value} as
 * {@link SparkSummaries#summarize} up to the calibration end), plus per customer
 * {@code frequency_holdout} (the merge periods with a transaction after the calibration end, up
 * to the observation end), {@code monetary_value_holdout} (the mean of those periods' positive
 * amounts, 0 when there is none) and {@code duration_holdout} (observation end minus calibration
 * end, in the time unit). Customers whose first purchase is after the calibration end are left
 * out, as in the core.
 *
 * <p>Method: two summaries of {@link SparkSummaries#summarize}, whose arithmetic (periods,
 * exact sums of amounts, the amount and duplicate rules) is the core's: the calibration summary
 * of the rows up to the calibration end, and a summary of the rows after it, whose period count
 * ({@code frequency + 1}) and mean positive period amount ({@code mean_value}) are the holdout
 * columns; the two are joined by customer. The values equal the core's to the last bit.
 */
public final class SparkSplits {
    private SparkSplits() {}

    /**
     * Splits at {@code calibrationEnd}.
     *
     * @param transactions the transaction log, one row per transaction
     * @param columns which columns hold the customer, the time and the amount
     * @param calibrationEnd end of the calibration period (its merge period is the last one in)
     * @param options merge period, time unit, observation end (the holdout's end; by default the
     *     last transaction's period), cohort (on the first purchase) and the dropping rules
     * @return {@code customer_id, frequency, recency, T[, monetary_value], frequency_holdout[,
     *     monetary_value_holdout], duration_holdout} (the monetary columns when there is an amount column)
     * @throws ChurnkitException when the calibration end is not before the observation end, there
     *     is no transaction, or (without {@code dropAfterEnd}) a transaction is after the observation end
     */
    public static Dataset<Row> split(Dataset<Row> transactions, TransactionColumns columns, PeriodEnd calibrationEnd,
                                     SummaryOptions options) {
        Objects.requireNonNull(calibrationEnd, "calibrationEnd");
        MergePeriod merge = options.merge();
        boolean amounts = columns.amount() != null;
        Column seconds = SparkSummaries.wallClockSeconds(transactions, columns);
        long calP = merge.periodOf(calibrationEnd.lastSecond());
        long endP;
        if (options.observationEnd() != null) {
            endP = merge.periodOf(options.observationEnd().lastSecond());
        } else {
            Row m = transactions.filter(col(columns.customer()).isNotNull()).agg(max(seconds)).first();
            if (m.isNullAt(0)) {
                throw new ChurnkitException("no transaction to summarise: the DataFrame is empty");
            }
            endP = merge.periodOf(m.getLong(0));
        }
        if (calP >= endP) {
            throw new ChurnkitException("the calibration end " + calibrationEnd + " must be before the observation end "
                    + (options.observationEnd() == null ? "(the last transaction, "
                    + java.time.LocalDateTime.ofEpochSecond(merge.startOf(endP), 0, java.time.ZoneOffset.UTC).toLocalDate() + ")"
                    : options.observationEnd().toString()) + ", so that there is a holdout period");
        }
        // Calibration: the summary up to the calibration end; later rows are the holdout's, not an error.
        Dataset<Row> calibration = SparkSummaries.summarize(transactions, columns,
                options.withObservationEnd(calibrationEnd).withDropAfterEnd(true));
        // Holdout: the rows of the periods after the calibration end, summarised without a cohort
        // (the cohort is the calibration first purchase's); with an explicit observation end the
        // summary refuses (or drops) rows after it as the core does.
        long holdoutStart = merge.startOf(calP + 1);
        Dataset<Row> later = transactions.filter(seconds.geq(lit(holdoutStart)));
        SummaryOptions ho = options.withCohort(null, null);
        List<Row> any = later.filter(col(columns.customer()).isNotNull()).select(col(columns.customer())).limit(1).collectAsList();
        double duration = (endP - calP) * (merge.seconds() / options.unit().seconds());
        List<Column> out = new ArrayList<>();
        for (String c : calibration.columns()) {
            if (!c.equals("mean_value")) {
                out.add(col("cal." + c).as(c));
            }
        }
        if (any.isEmpty()) {
            // no transaction in the holdout (possible with an explicit observation end): zeros
            out.add(lit(0L).as("frequency_holdout"));
            if (amounts) {
                out.add(lit(0.0).as("monetary_value_holdout"));
            }
            out.add(lit(duration).as("duration_holdout"));
            return calibration.alias("cal").select(out.toArray(new Column[0]));
        }
        Dataset<Row> holdout = SparkSummaries.summarize(later, columns, ho);
        List<Column> h = new ArrayList<>(List.of(col(SparkSummaries.CUSTOMER_ID).as("hid"),
                col("frequency").plus(lit(1L)).as("hx")));
        if (amounts) {
            h.add(col("mean_value").as("hm"));
        }
        Dataset<Row> joined = calibration.alias("cal")
                .join(holdout.select(h.toArray(new Column[0])), col("cal." + SparkSummaries.CUSTOMER_ID).equalTo(col("hid")), "left");
        out.add(coalesce(col("hx"), lit(0L)).cast(DataTypes.LongType).as("frequency_holdout"));
        if (amounts) {
            out.add(coalesce(col("hm"), lit(0.0)).as("monetary_value_holdout"));
        }
        out.add(lit(duration).as("duration_holdout"));
        return joined.select(out.toArray(new Column[0]));
    }
}
