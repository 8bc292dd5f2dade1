package org.churnkit.contractual;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.churnkit.ChurnkitException;
import org.churnkit.io.BadInputException;
import org.churnkit.model.Covariates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Subscriber covariates: matching by id, scoring with each subscriber's model, levels in model files. */
class SubscriberCovariatesTest {

    private static Subscriptions subs() {
        return Subscriptions.of(new String[] {"a", "b", "c", "d", "e", "f"}, new int[] {1, 3, 2, 5, 4, 2},
                new boolean[] {true, false, true, false, true, false}, org.churnkit.data.TimeUnit.MONTHS);
    }

    @Test
    void matchesSubscribersByIdAndScoresEachWithTheirModel(@TempDir Path dir) throws IOException {
        Path cov = dir.resolve("plans.csv");
        // another order than the subscriptions, and a customer who is not a subscriber
        Files.writeString(cov, "customer_id,plan\nf,premium\nz,basic\ne,basic\nd,premium\nc,basic\nb,premium\n"
                + "a,basic\n");
        Covariates c = Covariates.read(cov, "customer_id", Map.of());
        assertEquals(Map.of("plan", List.of("basic", "premium")), c.levels());
        SubscriberCovariates sc = SubscriberCovariates.of(c);
        SubscriberHistories h = sc.histories(subs(), null);
        assertEquals(List.of("plan=premium"), h.covariateNames());
        assertEquals(6.0, h.subscribers(), 0.0);
        assertArrayEquals(new double[] {1}, sc.row("b"), 0.0);
        assertArrayEquals(new double[] {0}, sc.row("a"), 0.0);

        ContractualFit fit = ContractualFitter.of().fitCohorts(ContractualKind.SBG,
                List.of(SurvivorCurve.of("x", 1000, 631, 468, 382, 326), SurvivorCurve.of("premium", 1000, 869, 743,
                        653, 593)), CovariateTarget.BOTH);
        // the cohort fit's covariate is cohort=premium: rename it as the file's would be
        ContractualFit plan = ContractualModelFiles.parse(ContractualModelFiles.toJson(fit, "month")
                .replace("cohort=premium", "plan=premium"), "x").fit();
        DiscountRate rate = DiscountRate.perPeriod(0.01);
        SubscriberScoring.Result r = sc.score(plan, rate, 12, new String[] {"b", "d", "f"}, new int[] {3, 5, 2});
        SubscriberScoring.Result premium = SubscriberScoring.of(plan.modelFor(new double[] {1}), rate, 12)
                .score(new String[] {"b", "d", "f"}, new int[] {3, 5, 2});
        assertArrayEquals(premium.pRenewal(), r.pRenewal(), 0.0);
        assertArrayEquals(premium.derl(), r.derl(), 0.0);
        assertArrayEquals(premium.expectedPeriods(), r.expectedPeriods(), 0.0);
        SubscriberScoring.Result basic = sc.score(plan, rate, 12, new String[] {"e"}, new int[] {3});
        assertNotEquals(premium.pRenewal()[0], basic.pRenewal()[0]);
        assertEquals(plan.modelFor(new double[] {0}).retention(3), basic.pRenewal()[0], 0.0);

        // the fitted mean survival weighs each subscriber's own curve: 3 basic and 3 premium here
        double[] mean = SubscriberCovariates.meanSurvival(plan, h, 6);
        for (int t = 0; t <= 6; t++) {
            double expected = (plan.modelFor(new double[] {0}).survival(t) + plan.modelFor(new double[] {1}).survival(t))
                    / 2;
            assertEquals(expected, mean[t], 1e-15, "period " + t);
        }
        ChurnkitException e = assertThrows(ChurnkitException.class,
                () -> sc.score(plan, rate, 12, new String[] {"q"}, new int[] {1}));
        assertTrue(e.getMessage().contains("subscriber 'q' has no covariates"), e.getMessage());
    }

    @Test
    void modelFilesRecordTheLevelsAndRefuseALevelListWithoutItsReference() {
        ContractualFit fit = ContractualFitter.of().fitCohorts(ContractualKind.SBG,
                List.of(SurvivorCurve.of("a", 1000, 631, 468, 382), SurvivorCurve.of("b", 1000, 869, 743, 653)),
                CovariateTarget.GAMMA);
        String json = ContractualModelFiles.toJson(fit, "month", Map.of("cohort", "a"),
                Map.of("cohort", List.of("a", "b")));
        ContractualModelFiles.Contents back = ContractualModelFiles.parse(json, "m.json");
        assertEquals(Map.of("cohort", "a"), back.referenceLevels());
        assertEquals(Map.of("cohort", List.of("a", "b")), back.levels());
        assertEquals(json, ContractualModelFiles.toJson(back.fit(), "month", back.referenceLevels(), back.levels()));
        BadInputException e = assertThrows(BadInputException.class, () -> ContractualModelFiles.parse(
                json.replace("\"a\", \"b\"", "\"b\"").replace("[ \"a\", \"b\" ]", "[ \"b\" ]"), "m.json"));
        assertTrue(e.getMessage().contains("m.json") && e.getMessage().contains("lack its reference level 'a'"),
                e.getMessage());
        // a model without categorical covariates records none
        assertEquals(Map.of(), ContractualModelFiles.parse(ContractualModelFiles.toJson(fit, "month"), "x").levels());
    }
}
