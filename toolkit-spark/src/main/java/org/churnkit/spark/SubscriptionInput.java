package org.churnkit.spark;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.churnkit.contractual.SubscriptionReadOptions;
import org.churnkit.data.TimeUnit;

/**
 * The options of the jobs that read a subscription table, with the names, defaults and meaning of
 * {@code churnkit fit|score} for subscription data ({@code --id-column}, {@code --period},
 * {@code --as-of}, {@code --cohort}, the column names, {@code --date-format} in the CLI's formats),
 * and their reading into {@link SparkSubscriptions}.
 */
final class SubscriptionInput {
    private SubscriptionInput() {}

    /**
     * Adds the table's options ({@code --input} to {@code --time-zone}).
     *
     * @param spec a job's options
     * @return the spec with the subscription table's options
     */
    static JobArguments.Spec layout(JobArguments.Spec spec) {
        return spec
                .required("--input", "PATH", "the subscription table: Parquet, or CSV with a header line (any Spark "
                        + "path); customer_id, start, end (dates) or customer_id, periods, cancelled")
                .option("--format", "FORMAT", "parquet or csv (default: csv for a path ending in .csv, else parquet)")
                .option("--delimiter", "CHAR", "CSV field separator: one character or 'tab' (default: ,)")
                .option("--id-column", "C", "subscriber id column (default: customer_id)")
                .option("--period", "UNIT", "the renewal period: day, week, month or year (default: month; score: "
                        + "the model's)")
                .option("--as-of", "DATE", "the last day observed, yyyy-MM-dd (default: the latest start or end date)")
                .option("--cohort", "BY", "cohorts by start month, start year, the --cohort-column (when the table "
                        + "has it), or none (default: column)")
                .option("--start-column", "C", "first day of the subscription (default: start)")
                .option("--end-column", "C", "day it ended, empty while active (default: end)")
                .option("--periods-column", "C", "periods paid for, 1 or more (default: periods)")
                .option("--cancel-column", "C", "1 if cancelled at the end of the last period, 0 if active "
                        + "(default: cancelled)")
                .option("--cohort-column", "C", "cohort names (default: cohort)")
                .option("--date-format", "F", "format of text dates: yyyyMMdd, iso-date, iso, epoch, epoch-millis or "
                        + "a pattern such as dd/MM/yyyy (default: auto, from the first date)")
                .option("--time-zone", "ZONE", "zone of dates with a time (default: UTC)");
    }

    /**
     * The read options given, with the CLI's defaults.
     *
     * @param a the parsed arguments
     * @param period the renewal period when {@code --period} is not given
     * @return the options
     * @throws JobArguments.UsageException naming the option whose value is not understood
     */
    static SubscriptionReadOptions options(JobArguments a, TimeUnit period) {
        TimeUnit unit = a.has("--period") ? a.parsed("--period", TimeUnit::parse) : period;
        LocalDate asOf = a.has("--as-of") ? a.parsed("--as-of", d -> {
            try {
                return LocalDate.parse(d.strip());
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException("expected a date yyyy-MM-dd, got '" + d + "'", e);
            }
        }) : null;
        SubscriptionReadOptions.CohortBy by = a.has("--cohort") ? a.parsed("--cohort",
                SubscriptionReadOptions.CohortBy::parse) : SubscriptionReadOptions.CohortBy.COLUMN;
        ZoneId zone = a.has("--time-zone") ? a.parsed("--time-zone", z -> {
            try {
                return ZoneId.of(z);
            } catch (java.time.DateTimeException e) {
                throw new IllegalArgumentException("unknown zone '" + z + "'", e);
            }
        }) : java.time.ZoneOffset.UTC;
        try {
            return SubscriptionReadOptions.defaults()
                    .withColumns(a.get("--id-column", "customer_id"), a.get("--start-column", "start"),
                            a.get("--end-column", "end"), a.get("--periods-column", "periods"),
                            a.get("--cancel-column", "cancelled"), a.get("--cohort-column", "cohort"))
                    .withCohortBy(by).withDates(a.get("--date-format", "auto"), zone).withPeriod(unit).withAsOf(asOf);
        } catch (IllegalArgumentException e) {
            throw new JobArguments.UsageException(e.getMessage(), a.spec().synopsis());
        }
    }

    /**
     * Reads a table (lazily): CSV columns are text (no schema inference), as the core reads them.
     * {@code --format} and {@code --delimiter} apply to {@code --input}; another table (the
     * covariates) is CSV when its name ends in {@code .csv}, else Parquet.
     *
     * @param spark the session
     * @param a the parsed arguments
     * @param input the option giving the table
     * @return the table
     */
    static Dataset<Row> read(SparkSession spark, JobArguments a, String input) {
        String path = a.require(input);
        String byName = path.toLowerCase(Locale.ROOT).endsWith(".csv") ? "csv" : "parquet";
        // --format and --delimiter describe the subscription table; other tables go by their name
        boolean table = input.equals("--input");
        String format = table ? a.get("--format", byName) : byName;
        if (format.equalsIgnoreCase("csv")) {
            String d = table ? a.get("--delimiter", ",") : ",";
            if (d.equalsIgnoreCase("tab") || d.equals("\\t")) {
                d = "\t";
            } else if (d.length() != 1) {
                throw new JobArguments.UsageException("--delimiter must be one character or 'tab', got '" + d + "'",
                        a.spec().synopsis());
            }
            return spark.read().option("header", "true").option("sep", d).csv(path);
        }
        if (format.equalsIgnoreCase("parquet")) {
            return spark.read().parquet(path);
        }
        throw new JobArguments.UsageException("--format must be parquet or csv, got '" + format + "'", a.spec().synopsis());
    }

    /**
     * What reading did, as the CLI reports it on stderr: the as-of date, notes and exclusions.
     *
     * @param log where to report
     * @param job the job's short name ({@code fit}, {@code score})
     * @param subs the subscribers read
     */
    static void report(PrintStream log, String job, SparkSubscriptions subs) {
        log.println(job + ": periods of one " + subs.period().label() + (subs.asOf() != null ? ", as of "
                + subs.asOf() : ""));
        subs.notes().forEach(n -> log.println(job + ": " + n));
        subs.exclusions().lines().forEach(l -> log.println(job + ": " + l));
    }

    /**
     * The file of one cohort's model beside {@code output}, as {@code churnkit fit} names it:
     * {@code sbg.json} and cohort {@code 2024-01} give {@code sbg-2024-01.json}.
     *
     * @param output the model file named on the command line
     * @param cohort the cohort's label
     * @return the cohort's file
     */
    static Path cohortFile(Path output, String cohort) {
        String name = output.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String safe = cohort.replaceAll("[^A-Za-z0-9._-]", "_");
        String file = dot > 0 ? name.substring(0, dot) + "-" + safe + name.substring(dot) : name + "-" + safe;
        return output.resolveSibling(file);
    }
}
