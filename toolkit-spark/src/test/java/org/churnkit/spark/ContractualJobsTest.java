package org.churnkit.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.churnkit.ChurnkitException;
import org.churnkit.contractual.ContractualFit;
import org.churnkit.contractual.ContractualFitter;
import org.churnkit.contractual.ContractualKind;
import org.churnkit.contractual.ContractualModelFiles;
import org.churnkit.contractual.ContractualSimulator;
import org.churnkit.contractual.CovariateTarget;
import org.churnkit.contractual.DiscountRate;
import org.churnkit.contractual.ShiftedBetaGeometric;
import org.churnkit.contractual.SubscriberCovariates;
import org.churnkit.contractual.SubscriberHistories;
import org.churnkit.contractual.SubscriberScoring;
import org.churnkit.contractual.SubscriptionReadOptions;
import org.churnkit.contractual.Subscriptions;
import org.churnkit.data.TimeUnit;
import org.churnkit.model.Covariates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ContractualFitJob} and {@link ContractualScoreJob} in {@code local[2]}, run as
 * {@code spark-submit} runs them (the options of the command line), against the core's fit and
 * scores of the same files: one model file per cohort from a CSV table with a price column, and a
 * Parquet table with date columns and a covariate file. Their {@code --help} fits 80 columns.
 */
class ContractualJobsTest {
    private static SparkSession spark;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        spark = LocalSpark.session("churnkit-contractual-jobs-test", 4);
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    private static void assertSameParameters(ContractualFit want, ContractualFit got, String what) {
        assertEquals(want.parameterNames(), got.parameterNames(), what);
        for (int i = 0; i < want.estimates().length; i++) {
            double a = want.estimates()[i];
            assertEquals(a, got.estimates()[i], 1e-9 * Math.abs(a), what + " " + want.parameterNames().get(i));
        }
    }

    private static PrintStream sink(ByteArrayOutputStream b) {
        return new PrintStream(b, true, StandardCharsets.UTF_8);
    }

    /**
     * Two cohorts in a CSV periods table: the fit job writes one model file per cohort, equal to
     * the core's fits; the score job finds them beside {@code --model} and writes the scores and
     * residual values of the core per subscriber. An existing output is refused without
     * {@code --overwrite}.
     */
    @Test
    void fitAndScoreJobsWithOneModelPerCohort() throws IOException {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(30L);
        List<String> lines = new ArrayList<>(List.of("sub,cohort,periods,cancelled,price"));
        int id = 0;
        for (String cohort : List.of("north", "south")) {
            SubscriberHistories h = ContractualSimulator.of(cohort.equals("north") ? ShiftedBetaGeometric.of(0.6, 1.1)
                    : ShiftedBetaGeometric.of(1.2, 2.4)).subscribers(3_000, 1, 24, rng);
            for (int r = 0; r < h.rows(); r++) {
                for (int k = 0; k < (int) h.count(r); k++) {
                    lines.add("u" + id++ + "," + cohort + "," + h.periods(r) + "," + (h.cancelled(r) ? 1 : 0) + ","
                            + (5 + rng.nextInt(20)));
                }
            }
        }
        Path input = dir.resolve("subscribers.csv");
        Files.write(input, lines);
        Path model = dir.resolve("sbg.json");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        int code = ContractualFitJob.run(spark, Map.of("--model", "sbg", "--input", input.toString(), "--id-column", "sub",
                "--output", model.toString()), sink(log));
        assertEquals(0, code, log.toString(StandardCharsets.UTF_8));
        assertFalse(Files.exists(model));
        SubscriptionReadOptions o = SubscriptionReadOptions.defaults().withColumns("sub", "start", "end", "periods",
                "cancelled", "cohort");
        Subscriptions core = Subscriptions.read(input, o);
        for (String cohort : List.of("north", "south")) {
            Path f = dir.resolve("sbg-" + cohort + ".json");
            ContractualModelFiles.Contents c = ContractualModelFiles.read(f);
            assertEquals("month", c.period());
            assertSameParameters(ContractualFitter.of().fit(ContractualKind.SBG, core.histories(cohort)), c.fit(), cohort);
        }
        ChurnkitException again = assertThrows(ChurnkitException.class, () -> ContractualFitJob.run(spark,
                Map.of("--model", "sbg", "--input", input.toString(), "--id-column", "sub", "--output",
                        model.toString()), sink(new ByteArrayOutputStream())));
        assertTrue(again.getMessage().endsWith("exists; pass --overwrite to replace it"), again.getMessage());

        Path out = dir.resolve("scores.parquet");
        long n = ContractualScoreJob.run(spark, Map.of("--model", model.toString(), "--input", input.toString(),
                "--id-column", "sub", "--output", out.toString(), "--horizon", "12", "--margin", "0.3",
                "--price-column", "price"), sink(new ByteArrayOutputStream()));
        DiscountRate rate = DiscountRate.fromAnnual(0.1, TimeUnit.MONTHS.perYear());
        Map<String, double[]> want = new HashMap<>();
        double[] prices = core.numbers("price");
        for (String cohort : core.cohortLabels()) {
            var model1 = ContractualModelFiles.read(dir.resolve("sbg-" + cohort + ".json")).model();
            List<Integer> rows = new ArrayList<>();
            for (int i : core.members(cohort)) {
                if (!core.cancelled(i)) {
                    rows.add(i);
                }
            }
            String[] ids = rows.stream().map(core::id).toArray(String[]::new);
            SubscriberScoring.Result r = SubscriberScoring.of(model1, rate, 12).score(ids,
                    rows.stream().mapToInt(core::periods).toArray());
            double[] pr = rows.stream().mapToDouble(i -> prices[i]).toArray();
            double[] value = SubscriberScoring.residualValue(ids, r.derl(), 0.3, pr);
            for (int j = 0; j < ids.length; j++) {
                want.put(ids[j], new double[] {r.pRenewal()[j], r.expectedPeriods()[j], r.derl()[j], value[j]});
            }
        }
        assertEquals(want.size(), n);
        var scores = spark.read().parquet(out.toString());
        assertEquals(List.of("customer_id", "cohort", "periods", "p_renewal", "expected_periods", "derl", "price",
                "residual_value"), List.of(scores.columns()));
        for (Row r : scores.collectAsList()) {
            double[] w = want.get(r.getString(0));
            assertEquals(w[0], r.getDouble(3), 0.0, r.getString(0));
            assertEquals(w[1], r.getDouble(4), 0.0, r.getString(0));
            assertEquals(w[2], r.getDouble(5), 0.0, r.getString(0));
            assertEquals(w[3], r.getDouble(7), 0.0, r.getString(0));
        }
    }

    /**
     * Subscriptions with DATE columns in Parquet and plans as CSV: the fit job with covariates
     * equals the core's fit of the CSV files, and the score job's scores are the core's with each
     * subscriber's model.
     */
    @Test
    void fitAndScoreJobsWithDatesAndCovariates() throws IOException {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(31L);
        LocalDate asOf = LocalDate.of(2024, 6, 30);
        List<String> lines = new ArrayList<>(List.of("customer_id,start,end"));
        List<String> plans = new ArrayList<>(List.of("customer_id,plan"));
        // each plan an sBG population, its simulated tenures written as dates that give them back
        int id = 0;
        for (String plan : List.of("basic", "premium")) {
            SubscriberHistories h = ContractualSimulator.of(plan.equals("basic") ? ShiftedBetaGeometric.of(0.7, 1.3)
                    : ShiftedBetaGeometric.of(1.0, 4.0)).subscribers(1_500, 1, 36, rng);
            for (int r = 0; r < h.rows(); r++) {
                for (int k = 0; k < (int) h.count(r); k++) {
                    int p = h.periods(r);
                    int window = h.cancelled(r) ? p + rng.nextInt(37 - p) : p;
                    LocalDate start = asOf.minusMonths(window - 1).minusDays(rng.nextInt(26));
                    String end = h.cancelled(r) ? start.plusMonths(p).minusDays(1 + rng.nextInt(10)).toString() : "";
                    lines.add("p" + id + "," + start + "," + end);
                    plans.add("p" + id++ + "," + plan);
                }
            }
        }
        Path csv = dir.resolve("subscriptions.csv");
        Files.write(csv, lines);
        Path planFile = dir.resolve("plans.csv");
        Files.write(planFile, plans);
        Path parquet = dir.resolve("subscriptions.parquet");
        spark.read().option("header", "true").csv(csv.toString())
                .withColumn("start", functions.to_date(functions.col("start")))
                .withColumn("end", functions.to_date(functions.col("end")))
                .write().parquet(parquet.toString());
        Path model = dir.resolve("sbg-plan.json");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        int code = ContractualFitJob.run(spark, Map.of("--model", "sbg", "--input", parquet.toString(), "--as-of",
                "2024-06-30", "--covariates", planFile.toString(), "--output", model.toString()), sink(log));
        assertEquals(0, code, log.toString(StandardCharsets.UTF_8));
        SubscriptionReadOptions o = SubscriptionReadOptions.defaults().withAsOf(asOf);
        Subscriptions core = Subscriptions.read(csv, o);
        Covariates all = Covariates.read(planFile, "customer_id", Map.of());
        ContractualFit want = ContractualFitter.of().fitWithCovariates(ContractualKind.SBG,
                SubscriberCovariates.of(all).histories(core, null), CovariateTarget.BOTH);
        ContractualModelFiles.Contents c = ContractualModelFiles.read(model);
        assertSameParameters(want, c.fit(), "sBG with the plan");
        assertEquals(Map.of("plan", List.of("basic", "premium")), c.levels());

        Path out = dir.resolve("scores.parquet");
        ContractualScoreJob.run(spark, Map.of("--model", model.toString(), "--input", parquet.toString(), "--as-of",
                "2024-06-30", "--covariates", planFile.toString(), "--output", out.toString(), "--horizon", "6",
                "--discount-rate", "0.08"), sink(new ByteArrayOutputStream()));
        DiscountRate rate = DiscountRate.fromAnnual(0.08, TimeUnit.MONTHS.perYear());
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < core.size(); i++) {
            if (!core.cancelled(i)) {
                rows.add(i);
            }
        }
        String[] ids = rows.stream().map(core::id).toArray(String[]::new);
        SubscriberScoring.Result r = SubscriberCovariates.of(Covariates.read(planFile, "customer_id",
                c.referenceLevels(), c.levels()).select(c.fit().covariateNames())).score(c.fit(), rate, 6, ids,
                rows.stream().mapToInt(core::periods).toArray());
        Map<String, Integer> at = new HashMap<>();
        for (int j = 0; j < ids.length; j++) {
            at.put(ids[j], j);
        }
        List<Row> got = spark.read().parquet(out.toString()).collectAsList();
        assertEquals(ids.length, got.size());
        for (Row row : got) {
            int j = at.get(row.getString(0));
            assertEquals(r.pRenewal()[j], row.getDouble(2), 0.0, row.getString(0));
            assertEquals(r.expectedPeriods()[j], row.getDouble(3), 0.0, row.getString(0));
            assertEquals(r.derl()[j], row.getDouble(4), 0.0, row.getString(0));
        }
    }

    /** Each job's help fits 80 columns and shows a spark-submit example; bad options name themselves. */
    @Test
    void helpAndUsage() {
        for (JobArguments.Spec spec : List.of(ContractualFitJob.SPEC, ContractualScoreJob.SPEC)) {
            String help = spec.help();
            for (String line : help.split("\n")) {
                assertTrue(line.length() <= 80, String.format(Locale.ROOT, "%s: %d columns: %s", spec.job(),
                        line.length(), line));
            }
            assertTrue(help.contains("spark-submit --class org.churnkit.spark." + spec.job()), help);
        }
        JobArguments.UsageException e = assertThrows(JobArguments.UsageException.class, () -> ContractualFitJob.run(
                spark, Map.of("--model", "sbg", "--input", "x.csv", "--output", "y.json", "--cohort-effects", "tenure"),
                sink(new ByteArrayOutputStream())));
        assertTrue(e.getMessage().startsWith("--cohort-effects: expected gamma, delta or both, got 'tenure'"),
                e.getMessage());
        e = assertThrows(JobArguments.UsageException.class, () -> ContractualScoreJob.run(spark, Map.of("--model",
                "m.json", "--input", "x.csv", "--output", "y", "--horizon", "1.5"), sink(new ByteArrayOutputStream())));
        assertTrue(e.getMessage().startsWith("--horizon must be a whole number >= 1, got '1.5'"), e.getMessage());
    }
}
