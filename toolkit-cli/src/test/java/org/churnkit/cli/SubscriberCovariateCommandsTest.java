package org.churnkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.churnkit.contractual.ContractualFit;
import org.churnkit.contractual.ContractualKind;
import org.churnkit.contractual.ContractualModel;
import org.churnkit.contractual.ContractualModelFiles;
import org.churnkit.contractual.ContractualSimulator;
import org.churnkit.contractual.SubscriberHistories;
import org.churnkit.io.ColumnTable;
import org.churnkit.io.TableIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fit --model sbg --covariates} and {@code score} with a covariate sBG model, end to end on
 * simulated subscribers whose plan moves both Beta shapes by a known amount.
 */
class SubscriberCovariateCommandsTest {
    /** The basic plan's shapes and the premium plan's log multipliers of them. */
    private static final double GAMMA = 0.8;
    private static final double DELTA = 1.6;
    private static final double B_GAMMA = -0.5;
    private static final double B_DELTA = 0.4;

    @TempDir
    Path dir;

    private Path subs;
    private Path cov;

    /**
     * 15,000 subscribers per plan, observed for 1 to 12 monthly periods, written as a
     * subscription table (periods, cancel flag) and a covariate file with a text column plan.
     */
    @BeforeEach
    void simulate() throws IOException {
        var rng = org.apache.commons.rng.simple.RandomSource.SPLIT_MIX_64.create(1919L);
        StringBuilder s = new StringBuilder("customer_id,periods,cancelled\n");
        StringBuilder c = new StringBuilder("customer_id,plan\n");
        int id = 0;
        for (String plan : List.of("basic", "premium")) {
            double g = plan.equals("basic") ? GAMMA : GAMMA * Math.exp(B_GAMMA);
            double d = plan.equals("basic") ? DELTA : DELTA * Math.exp(B_DELTA);
            SubscriberHistories h = ContractualSimulator.of(ContractualModel.of(ContractualKind.SBG,
                    new double[] {g, d}, null)).subscribers(15_000, 1, 12, rng);
            for (int r = 0; r < h.rows(); r++) {
                for (int k = 0; k < (int) h.count(r); k++) {
                    String who = "s" + id++;
                    s.append(who).append(',').append(h.periods(r)).append(',').append(h.cancelled(r) ? 1 : 0)
                            .append('\n');
                    c.append(who).append(',').append(plan).append('\n');
                }
            }
        }
        subs = dir.resolve("subs.csv");
        cov = dir.resolve("plans.csv");
        Files.writeString(subs, s.toString());
        Files.writeString(cov, c.toString());
    }

    @Test
    void fitRecoversTheCovariateEffectAndScoreUsesEachSubscribersPlan() throws IOException {
        Path model = dir.resolve("sbg-cov.json");
        CliRun r = CliRun.run("fit", "--model", "sbg", "-i", subs.toString(), "--covariates", cov.toString(),
                "--covariate-columns", "plan", "--covariate-target", "both", "-o", model.toString());
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.out().contains("Covariate effects"), r.out());
        assertTrue(r.out().contains("P(cancel after period 1): baseline "), r.out());
        assertTrue(r.out().contains("Covariates together: LR = "), r.out());
        assertTrue(r.err().contains("reference level"), r.err()); // the covariate file's note on 'plan'
        ContractualFit fit = ContractualModelFiles.read(model).fit();
        assertEquals(List.of("plan=premium"), fit.covariateNames());
        assertEquals(List.of("gamma", "delta", "gamma:plan=premium", "delta:plan=premium"), fit.parameterNames());
        double[] est = fit.estimates();
        double[] se = fit.summary().standardErrors();
        double[] truth = {GAMMA, DELTA, B_GAMMA, B_DELTA};
        for (int i = 0; i < truth.length; i++) {
            assertEquals(truth[i], est[i], 3 * se[i], fit.parameterNames().get(i) + "\n" + r.out());
        }
        // the test has power: a wrong sign of either effect would be far outside 3 standard errors
        assertTrue(se[2] < 0.15 && se[3] < 0.15, r.out());
        // the effects table prints exp(coefficient) as the multiplier
        String row = r.out().lines().filter(l -> l.startsWith("gamma:plan=premium ")).reduce((a, b) -> b)
                .orElseThrow();
        double multiplier = Double.parseDouble(row.trim().split("\\s+")[3]);
        assertEquals(Math.exp(est[2]), multiplier, 1e-3 * multiplier, row);
        double churnPremium = 1 - fit.modelFor(new double[] {1}).survival(1);
        assertTrue(r.out().contains(String.format(java.util.Locale.ROOT, "plan=premium at 1 %.4f", churnPremium)),
                r.out());
        assertEquals(List.of("basic", "premium"), ContractualModelFiles.read(model).levels().get("plan"));
        // the fitted mean survival follows the Kaplan-Meier curve of the data it was fitted to
        String fitOut = r.out();
        String[] at8 = fitOut.lines().filter(l -> l.matches("\\s+8\\s+0\\.\\d+\\s+0\\.\\d+")).findFirst()
                .orElseThrow(() -> new AssertionError(fitOut)).trim().split("\\s+");
        assertEquals(Double.parseDouble(at8[1]), Double.parseDouble(at8[2]), 0.02, fitOut);

        // score: a basic and a premium subscriber in the same period get their own plan's P(renewal)
        Path scoreIn = dir.resolve("to-score.csv");
        Files.writeString(scoreIn, "customer_id,periods,cancelled\nb1,3,0\np1,3,0\n");
        Path scoreCov = dir.resolve("score-plans.csv");
        Files.writeString(scoreCov, "customer_id,plan\nb1,basic\np1,premium\n"); // a file of other customers
        Path scores = dir.resolve("scores.csv");
        r = CliRun.run("score", "-m", model.toString(), "-i", scoreIn.toString(), "--covariates", scoreCov.toString(),
                "-o", scores.toString(), "-H", "12");
        assertEquals(0, r.code(), r.err());
        ColumnTable t = TableIO.read(scores);
        double[] p = java.util.Arrays.stream(t.stringsOf("p_renewal")).mapToDouble(Double::parseDouble).toArray();
        assertEquals(fit.modelFor(new double[] {0}).retention(3), p[0], 1e-12);
        assertEquals(fit.modelFor(new double[] {1}).retention(3), p[1], 1e-12);
        assertNotEquals(p[0], p[1]);

        // the subscriber report draws models without covariates and says so
        r = CliRun.run("report", "--scores", scores.toString(), "--model", model.toString(), "--output",
                dir.resolve("r.html").toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("the subscriber report draws models without them"), r.err());

        // without --covariates the model cannot be scored
        r = CliRun.run("score", "-m", model.toString(), "-i", scoreIn.toString(), "-o",
                dir.resolve("none.csv").toString(), "-H", "12");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("score with --covariates FILE"), r.err());
    }

    @Test
    void aSubscriberWithALevelTheFitNeverSawIsAnErrorNamingThem() throws IOException {
        Path model = dir.resolve("sbg-cov.json");
        CliRun r = CliRun.run("fit", "--model", "sbg", "-i", subs.toString(), "--covariates", cov.toString(),
                "--covariate-target", "gamma", "--compare", "-o", model.toString());
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.out().contains("Compared with BdW with the same covariates:"), r.out());
        assertTrue(r.out().contains("BdW vs sBG: LR = "), r.out());
        Path scoreIn = dir.resolve("to-score.csv");
        Files.writeString(scoreIn, "customer_id,periods,cancelled\nb1,3,0\ng7,2,0\n");
        Path scoreCov = dir.resolve("score-plans.csv");
        Files.writeString(scoreCov, "customer_id,plan\nb1,basic\ng7,gold\n");
        Path scores = dir.resolve("scores.csv");
        r = CliRun.run("score", "-m", model.toString(), "-i", scoreIn.toString(), "--covariates", scoreCov.toString(),
                "-o", scores.toString(), "-H", "12");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("customer 'g7' has level 'gold' of 'plan'"), r.err());
        assertFalse(Files.exists(scores));

        // a subscriber without a covariate row is an error naming them too
        Files.writeString(scoreCov, "customer_id,plan\nb1,basic\n");
        r = CliRun.run("score", "-m", model.toString(), "-i", scoreIn.toString(), "--covariates", scoreCov.toString(),
                "-o", scores.toString(), "-H", "12");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("subscriber 'g7' has no covariates"), r.err());
        assertFalse(Files.exists(scores));
    }

    @Test
    void fitRefusesCovariatesOnASurvivorTableAndUnknownColumns() throws IOException {
        Path model = dir.resolve("m.json");
        CliRun r = CliRun.run("fit", "--model", "sbg", "-i", ContractualCommandsTest.faderHardie().toString(),
                "--period", "year", "--covariates", cov.toString(), "-o", model.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("is a survivor table"), r.err());
        r = CliRun.run("fit", "--model", "sbg", "-i", subs.toString(), "--covariates", cov.toString(),
                "--covariate-columns", "region", "-o", model.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("covariate 'region' is missing (the covariates are: plan=premium)"), r.err());
        assertFalse(Files.exists(model));
    }
}
