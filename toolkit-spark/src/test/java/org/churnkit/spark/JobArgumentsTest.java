package org.churnkit.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shared command line of the jobs: no Spark needed. */
class JobArgumentsTest {
    private static final JobArguments.Spec SPEC = JobArguments.Spec.of("DemoJob", "Does a demo.")
            .required("--input", "PATH", "where to read")
            .option("--horizon", "N", "how far ahead, in time units of the model, which is a long description "
                    + "that has to wrap over more than one line of the help")
            .flag("--overwrite", "replace the output")
            .example("--input a.parquet --horizon 52");

    @Test
    void parsesValuesAndFlags() {
        JobArguments a = JobArguments.parse(SPEC, "--input", "x.parquet", "--overwrite", "--horizon", "-3");
        assertEquals("x.parquet", a.get("--input"));
        assertTrue(a.has("--overwrite"));
        assertEquals(-3.0, a.number("--horizon"));
        assertEquals(Map.of("--input", "x.parquet", "--overwrite", "true", "--horizon", "-3"), a.asMap());
        assertFalse(a.helpRequested());
        JobArguments.UsageException e = assertThrows(JobArguments.UsageException.class, () -> a.positive("--horizon"));
        assertTrue(e.getMessage().startsWith("--horizon must be finite and positive, got -3"), e.getMessage());
    }

    @Test
    void errorsNameTheOption() {
        JobArguments.UsageException unknown = assertThrows(JobArguments.UsageException.class,
                () -> JobArguments.parse(SPEC, "--input", "x", "--horizn", "3"));
        assertTrue(unknown.getMessage().startsWith("unknown option '--horizn'"), unknown.getMessage());
        assertTrue(unknown.getMessage().endsWith(SPEC.synopsis()), unknown.getMessage());
        JobArguments.UsageException noValue = assertThrows(JobArguments.UsageException.class,
                () -> JobArguments.parse(SPEC, "--input"));
        assertTrue(noValue.getMessage().startsWith("--input needs a value (PATH)"), noValue.getMessage());
        JobArguments.UsageException missing = assertThrows(JobArguments.UsageException.class,
                () -> JobArguments.parse(SPEC, "--overwrite"));
        assertTrue(missing.getMessage().startsWith("missing --input PATH"), missing.getMessage());
        JobArguments.UsageException notNumber = assertThrows(JobArguments.UsageException.class,
                () -> JobArguments.parse(SPEC, "--input", "x", "--horizon", "soon").number("--horizon"));
        assertTrue(notNumber.getMessage().startsWith("--horizon must be a number, got 'soon'"), notNumber.getMessage());
        // a programming error, not a user's: the job asked for an option it never declared
        assertThrows(IllegalStateException.class, () -> JobArguments.parse(SPEC, "--input", "x").get("--model"));
    }

    @Test
    void helpAndUsageErrorsThroughLaunch() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int[] ran = {0};
        int code = JobArguments.launch(SPEC, new String[] {"--input", "x", "--help"}, print(out), print(err), a -> ++ran[0]);
        assertEquals(0, code);
        assertEquals(0, ran[0]);
        String help = out.toString(StandardCharsets.UTF_8);
        assertTrue(help.startsWith("Does a demo.\nusage: DemoJob --input PATH [--horizon N] [--overwrite]\n"), help);
        assertTrue(help.contains("spark-submit --class org.churnkit.spark.DemoJob"), help);
        assertTrue(help.contains("--input a.parquet --horizon 52"), help);
        for (String line : help.split("\n")) {
            assertTrue(line.length() <= 80, "longer than 80 columns: " + line);
        }
        code = JobArguments.launch(SPEC, new String[] {"--nope"}, print(out), print(err), a -> ++ran[0]);
        assertEquals(2, code);
        assertEquals(0, ran[0]);
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("DemoJob: unknown option '--nope'\nusage: DemoJob"),
                err.toString(StandardCharsets.UTF_8));
        assertEquals(7, JobArguments.launch(SPEC, new String[] {"--input", "x"}, print(out), print(err), a -> 7));
    }

    @Test
    void scoreJobKeepsItsFlagsAndPrintsItsHelp() {
        Map<String, String> m = ScoreJob.parse(new String[] {"--model", "m.json", "--input", "in", "--output", "out",
            "--horizon", "52", "--spend-model", "gg.json", "--segmentation", "s.json", "--discount-rate", "0.15",
            "--dert-horizon", "inf", "--margin", "0.3", "--unit", "week", "--overwrite", "--covariates", "c.parquet",
            "--covariates-id-column", "id"});
        assertEquals(13, m.size());
        for (String line : ScoreJob.SPEC.help().split("\n")) {
            assertTrue(line.length() <= 80, "longer than 80 columns: " + line);
        }
        JobArguments.UsageException e = assertThrows(JobArguments.UsageException.class,
                () -> ScoreJob.parse(new String[] {"--model", "m.json", "--input", "in", "--output", "out"}));
        assertTrue(e.getMessage().startsWith("missing --horizon N"), e.getMessage());
    }

    @Test
    void everyJobsHelpFitsEightyColumnsWithAnExample() {
        for (JobArguments.Spec spec : java.util.List.of(ScoreJob.SPEC, SummariseJob.SPEC, SplitJob.SPEC, FitJob.SPEC,
                SegmentJob.SPEC)) {
            String help = spec.help();
            for (String line : help.split("\n")) {
                assertTrue(line.length() <= 80, spec.job() + ": longer than 80 columns: " + line);
            }
            assertTrue(help.contains("Examples:\n  spark-submit --class org.churnkit.spark." + spec.job()), help);
        }
        // the shared log and summary flags have the CLI's names, and their values are checked by the core's parsers
        JobArguments a = JobArguments.parse(SplitJob.SPEC, "--input", "t.parquet", "--output", "o", "--calibration-end",
                "2024-06-30", "--time-unit", "fortnight");
        JobArguments.UsageException e = assertThrows(JobArguments.UsageException.class, () -> TransactionInput.summaryOptions(a));
        assertTrue(e.getMessage().startsWith("--time-unit: "), e.getMessage());
        assertEquals(org.churnkit.data.SummaryOptions.ZeroAmounts.DROP, TransactionInput.summaryOptions(JobArguments.parse(
                SummariseJob.SPEC, "--input", "t", "--output", "o", "--zero-amounts", "drop")).zeroAmounts());
    }

    private static PrintStream print(ByteArrayOutputStream b) {
        b.reset();
        return new PrintStream(b, true, StandardCharsets.UTF_8);
    }
}
