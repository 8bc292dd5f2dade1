package org.churnkit.spark;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.churnkit.ChurnkitException;
import org.churnkit.data.DateParser;
import org.churnkit.data.MergePeriod;
import org.churnkit.data.PeriodEnd;
import org.churnkit.data.SummaryOptions;
import org.churnkit.data.TimeUnit;

/**
 * The options of the jobs that read a transaction log, with the names, defaults and meaning of
 * {@code churnkit summarize}'s ({@code --customer-column}, {@code --time-unit}, {@code --merge},
 * {@code --observation-end}, the amount rules, ...), and their reading into a DataFrame and
 * {@link SummaryOptions}.
 */
final class TransactionInput {
    private TransactionInput() {}

    /**
     * Adds the log's layout options ({@code --format} to {@code --delimiter}).
     *
     * @param spec a job's options
     * @param input the name of the option giving the log ({@code --input} or {@code --log})
     * @param required whether the job always reads a log
     * @return the spec with the layout options
     */
    static JobArguments.Spec layout(JobArguments.Spec spec, String input, boolean required) {
        String what = "transactions: a Parquet directory or file, or CSV with a header line (any Spark path)";
        JobArguments.Spec s = required ? spec.required(input, "PATH", what) : spec.option(input, "PATH", what);
        return s
                .option("--format", "FORMAT", "parquet or csv (default: csv for a path ending in .csv, else parquet)")
                .option("--customer-column", "C", "customer id column (default: customer_id)")
                .option("--date-column", "D", "date or timestamp column (default: date)")
                .option("--amount-column", "A", "amount column (default: amount); 'none' for a log without spend")
                .option("--date-format", "F", "Spark datetime pattern of a text or number date column, e.g. yyyyMMdd "
                        + "(default: a DATE or TIMESTAMP column as it is, text cast to a timestamp)")
                .option("--time-zone", "ZONE", "wall clock of TIMESTAMP columns and of instants in text "
                        + "(default: UTC, as the CLI's); sets the session's time zone")
                .option("--delimiter", "CHAR", "CSV field separator: one character or 'tab' (default: ,)");
    }

    /**
     * Adds the summary options of {@code churnkit summarize} ({@code --time-unit} to
     * {@code --duplicates}).
     *
     * @param spec a job's options
     * @return the spec with the summary options
     */
    static JobArguments.Spec summary(JobArguments.Spec spec) {
        return spec
                .option("--time-unit", "UNIT", "unit of recency, T and the holdout duration: hour, day, week, month "
                        + "(default: week)")
                .option("--merge", "PERIOD", "merge a customer's transactions in the same period: none, hour, day, week "
                        + "(default: day)")
                .option("--observation-end", "DATE", "end of observation, a date (the whole day is in) or a date-time "
                        + "(default: the day of the last transaction)")
                .option("--cohort-start", "DATE", "keep only customers whose first purchase is on or after this date")
                .option("--cohort-end", "DATE", "keep only customers whose first purchase is on or before this date")
                .flag("--drop-after-end", "drop transactions after the observation end instead of failing")
                .option("--zero-amounts", "RULE", "amounts of 0: count (default; transactions without spend) or drop")
                .option("--negative-amounts", "RULE", "refunds: drop (default) or net (netted with the period's amounts)")
                .option("--duplicates", "RULE", "rows identical to an earlier one: keep (default) or drop");
    }

    /**
     * The summary options given, with the CLI's defaults.
     *
     * @param a the parsed arguments (of a spec with {@link #summary})
     * @return unit, merge period, observation end, cohort, dropping and the amount rules
     * @throws JobArguments.UsageException naming the option whose value is not understood
     */
    static SummaryOptions summaryOptions(JobArguments a) {
        TimeUnit unit = a.has("--time-unit") ? a.parsed("--time-unit", TimeUnit::parse) : TimeUnit.WEEKS;
        MergePeriod merge = a.has("--merge") ? a.parsed("--merge", MergePeriod::parse) : MergePeriod.DAY;
        PeriodEnd end = a.has("--observation-end") ? a.parsed("--observation-end", PeriodEnd::parse) : null;
        LocalDate from = a.has("--cohort-start") ? a.parsed("--cohort-start", TransactionInput::day) : null;
        LocalDate to = a.has("--cohort-end") ? a.parsed("--cohort-end", TransactionInput::day) : null;
        SummaryOptions.ZeroAmounts zero = a.has("--zero-amounts") ? a.parsed("--zero-amounts", SummaryOptions.ZeroAmounts::parse)
                : SummaryOptions.ZeroAmounts.COUNT;
        SummaryOptions.NegativeAmounts neg = a.has("--negative-amounts")
                ? a.parsed("--negative-amounts", SummaryOptions.NegativeAmounts::parse) : SummaryOptions.NegativeAmounts.DROP;
        SummaryOptions.Duplicates dup = a.has("--duplicates") ? a.parsed("--duplicates", SummaryOptions.Duplicates::parse)
                : SummaryOptions.Duplicates.KEEP;
        try {
            return new SummaryOptions(unit, merge, end, from, to, a.has("--drop-after-end")).withAmountRules(zero, neg, dup);
        } catch (IllegalArgumentException e) {
            throw new JobArguments.UsageException(e.getMessage(), a.spec().synopsis());
        }
    }

    private static LocalDate day(String text) {
        return DateParser.parseUserDate(text).toLocalDate();
    }

    /**
     * Which columns hold the customer, the time and the amount.
     *
     * @param a the parsed arguments (of a spec with {@link #layout})
     * @return the columns, with the date format when given
     */
    static TransactionColumns columns(JobArguments a) {
        String amount = a.get("--amount-column", "amount");
        TransactionColumns c = TransactionColumns.of(a.get("--customer-column", SparkSummaries.CUSTOMER_ID),
                a.get("--date-column", "date"), amount.equalsIgnoreCase("none") ? null : amount);
        return a.has("--date-format") ? c.withDateFormat(a.get("--date-format")) : c;
    }

    /**
     * Reads the log (lazily) and sets the session's time zone to {@code --time-zone} (default UTC),
     * the wall clock in which the CLI reads instants and in which Spark reads TIMESTAMP columns.
     *
     * @param spark the session
     * @param a the parsed arguments
     * @param input the option giving the log ({@code --input} or {@code --log})
     * @return the transactions; CSV columns are text (no schema inference), as the core reads them
     * @throws ChurnkitException when a named column is missing (listing the columns there are)
     */
    static Dataset<Row> read(SparkSession spark, JobArguments a, String input) {
        String zone = a.get("--time-zone", "UTC");
        try {
            ZoneId.of(zone);
        } catch (java.time.DateTimeException e) {
            throw new JobArguments.UsageException("--time-zone: unknown zone '" + zone + "'", a.spec().synopsis());
        }
        spark.conf().set("spark.sql.session.timeZone", zone);
        String path = a.require(input);
        String format = a.get("--format", path.toLowerCase(java.util.Locale.ROOT).endsWith(".csv") ? "csv" : "parquet");
        Dataset<Row> tx;
        if (format.equalsIgnoreCase("csv")) {
            String d = a.get("--delimiter", ",");
            if (d.equalsIgnoreCase("tab") || d.equals("\\t")) {
                d = "\t";
            } else if (d.length() != 1) {
                throw new JobArguments.UsageException("--delimiter must be one character or 'tab', got '" + d + "'",
                        a.spec().synopsis());
            }
            tx = spark.read().option("header", "true").option("sep", d).csv(path);
        } else if (format.equalsIgnoreCase("parquet")) {
            tx = spark.read().parquet(path);
        } else {
            throw new JobArguments.UsageException("--format must be parquet or csv, got '" + format + "'", a.spec().synopsis());
        }
        TransactionColumns c = columns(a);
        List<String> have = List.of(tx.columns());
        for (String[] need : new String[][] {{"--customer-column", c.customer()}, {"--date-column", c.time()},
            {"--amount-column", c.amount()}}) {
            if (need[1] != null && !have.contains(need[1])) {
                throw new ChurnkitException(path + ": no column '" + need[1] + "' (" + need[0] + "; columns: "
                        + String.join(", ", have) + ")" + (need[0].equals("--amount-column")
                        ? "; give --amount-column none for a log without amounts" : ""));
            }
        }
        return tx;
    }
}
