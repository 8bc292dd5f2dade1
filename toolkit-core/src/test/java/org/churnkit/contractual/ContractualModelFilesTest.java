package org.churnkit.contractual;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.churnkit.io.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContractualModelFilesTest {

    @Test
    void aFitRoundTripsExactly(@TempDir Path dir) {
        ContractualFit fit = ContractualFitter.of().fit(ContractualKind.BDW, FaderHardie2007Test.HIGH_END.first(7));
        Path file = dir.resolve("bdw.json");
        ContractualModelFiles.write(fit, "year", file);
        ContractualModelFiles.Contents back = ContractualModelFiles.read(file);
        assertEquals("year", back.period());
        assertEquals(fit.model().kind(), back.model().kind());
        assertArrayEquals(fit.model().parameterArray(), back.model().parameterArray(), 0.0);
        assertArrayEquals(fit.estimates(), back.fit().estimates(), 0.0);
        assertArrayEquals(fit.summary().standardErrors(), back.fit().summary().standardErrors(), 0.0);
        assertArrayEquals(fit.confidenceIntervals(0.95)[2], back.fit().confidenceIntervals(0.95)[2], 0.0);
        assertEquals(fit.summary().status(), back.fit().summary().status());
        assertEquals(fit.summary().logLikelihood(), back.fit().summary().logLikelihood(), 0.0);
        String json = ContractualModelFiles.toJson(fit, "year");
        assertTrue(json.contains("\"family\" : \"contractual\"") && json.contains("\"description\""), json);
        assertEquals(json, ContractualModelFiles.toJson(back.fit(), "year"), "written again, the same text");
    }

    @Test
    void covariateFitsKeepTheirCoefficients() {
        SurvivorCurve a = SurvivorCurve.of("a", 1000, 631, 468, 382, 326, 289, 262, 241);
        SurvivorCurve b = SurvivorCurve.of("b", 1000, 869, 743, 653, 593, 551, 517, 491);
        ContractualFit fit = ContractualFitter.of().fitCohorts(ContractualKind.SBG, List.of(a, b), CovariateTarget.BOTH);
        ContractualModelFiles.Contents back = ContractualModelFiles.parse(ContractualModelFiles.toJson(fit, null), "x");
        assertNull(back.period());
        assertEquals(fit.parameterNames(), back.fit().parameterNames());
        assertArrayEquals(fit.estimates(), back.fit().estimates(), 0.0);
        assertArrayEquals(ContractualFitter.cohortModel(fit, "b").parameterArray(),
                ContractualFitter.cohortModel(back.fit(), "b").parameterArray(), 0.0);
        // with both shapes free per cohort, the cohort fit is the two separate fits
        ContractualFit alone = ContractualFitter.of().fit(ContractualKind.SBG, b);
        assertArrayEquals(alone.model().parameterArray(), ContractualFitter.cohortModel(fit, "b").parameterArray(), 1e-5);
    }

    @Test
    void handWrittenFilesNeedOnlyModelAndParameters() {
        ContractualModelFiles.Contents c = ContractualModelFiles.parse(
                "{\"model\": \"sbg\", \"parameters\": {\"gamma\": 0.704, \"delta\": 1.182}}", "hand.json");
        assertEquals(ShiftedBetaGeometric.of(0.704, 1.182), c.model());
        assertNull(c.fit());
        BadInputException e = assertThrows(BadInputException.class, () -> ContractualModelFiles.parse(
                "{\"format_version\": 2, \"model\": \"sbg\", \"parameters\": {\"gamma\": 1, \"delta\": 1}}", "new.json"));
        assertTrue(e.getMessage().contains("new.json") && e.getMessage().contains("newer churnkit"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> ContractualModelFiles.parse(
                "{\"model\": \"bdw\", \"parameters\": {\"gamma\": 1, \"delta\": 1}}", "m.json"));
        assertTrue(e.getMessage().contains("'c'"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> ContractualModelFiles.parse(
                "{\"model\": \"pareto-nbd\", \"parameters\": {}}", "m.json"));
        assertTrue(e.getMessage().contains("expected sbg or bdw"), e.getMessage());
    }

    /** The fit record (status, findings, provenance) is read by the transaction models' reader. */
    @Test
    void theFitRecordIsReadAsEveryModelFileReadsIt(@TempDir Path dir) {
        ContractualFit fit = ContractualFitter.of().fit(ContractualKind.SBG, FaderHardie2007Test.REGULAR.first(7));
        String json = ContractualModelFiles.toJson(fit, "year");
        ContractualModelFiles.Contents back = ContractualModelFiles.parse(json, "sbg.json");
        assertEquals(fit.summary().findings(), back.fit().summary().findings());
        assertEquals(fit.summary().provenance(), back.fit().summary().provenance());
        assertArrayEquals(fit.covariance()[1], back.fit().covariance()[1], 0.0);
        BadInputException e = assertThrows(BadInputException.class, () -> ContractualModelFiles.parse(
                json.replace("\"status\" : \"converged\"", "\"status\" : \"fine\""), "sbg.json"));
        assertTrue(e.getMessage().startsWith("model file sbg.json: \"status\": "), e.getMessage());
        e = assertThrows(BadInputException.class, () -> ContractualModelFiles.parse(
                json.replaceFirst("\"fitted_at\" : \"[^\"]*\"", "\"fitted_at\" : \"yesterday\""), "sbg.json"));
        assertTrue(e.getMessage().contains("provenance.fitted_at is not an ISO-8601 instant: yesterday"),
                e.getMessage());
    }
}
