package org.churnkit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.churnkit.ChurnkitException;
import org.churnkit.NotComputableException;
import org.churnkit.io.BadInputException;
import org.churnkit.io.JsonText;
import org.junit.jupiter.api.Test;

/** Each cause has its own subtype of {@link ChurnkitException}, thrown where the cause arises. */
class ExceptionFamilyTest {

    @Test
    void aValueThatCannotBeComputedNamesTheCustomer() {
        BgNbd m = BgNbd.of(0.2426, 0.01, 0.7929, 2.4259);
        // a heavy buyer observed briefly and projected far ahead: about 1e11 series terms, refused
        Histories h = Histories.of(new double[] {2, 100_000}, new double[] {30, 0.01}, new double[] {38, 0.02})
                .withIds(new String[] {"ok", "heavy"});
        NotComputableException e = assertThrows(NotComputableException.class, () -> m.expectedTransactions(h, 10_000));
        assertTrue(e.customer().startsWith("customer 'heavy' (x=100000.0"), e.customer());
        assertTrue(e.getMessage().contains(e.customer()), e.getMessage());

        NotComputableException like = assertThrows(NotComputableException.class, () -> BgBbLikelihood.of().logLikelihood(
                new double[] {1, 1, 1, 1}, Histories.of(new double[] {3}, new double[] {2}, new double[] {6}), 0, 1, null));
        assertTrue(like.customer().startsWith("customer at row 0"), like.customer());

        NotComputableException spend = assertThrows(NotComputableException.class, () -> GammaGammaLikelihood.of()
                .logLikelihood(new double[] {6, 4, 15}, Histories.of(new double[] {2}, new double[] {3}, new double[] {9},
                        new double[] {-5}, null, new String[] {"refunds"}), 0, 1, null));
        assertTrue(spend.customer().startsWith("customer 'refunds'"), spend.customer());
        assertInstanceOf(ChurnkitException.class, spend);
    }

    @Test
    void aFitThatDidNotConvergeCarriesItsSummary() {
        Histories h = ParetoNbdSimulator.of(ParetoNbd.of(0.55, 10.6, 0.61, 11.7)).simulateHistories(1000, 39, 52, 5);
        ModelFitter fitter = ModelFitter.of(ModelFitter.Settings.defaults().withMaxIterations(2));
        NotConvergedException e = assertThrows(NotConvergedException.class, () -> fitter.fitOrThrow(ParetoNbdLikelihood.of(), h));
        assertEquals(ModelKind.PARETO_NBD, e.kind());
        assertEquals(FitStatus.NOT_CONVERGED, e.status());
        assertFalse(e.summary().converged());
        assertTrue(e.getMessage().startsWith("the pareto-nbd fit did not converge: "), e.getMessage());
        assertTrue(e.getMessage().contains(e.summary().message()), e.getMessage());
    }

    @Test
    void inputTheUserMustFixIsBadInputWithoutALocationWhenThereIsNone() {
        BadInputException e = assertThrows(BadInputException.class, () -> JsonText.parse("{\"a\": }", "model file m.json"));
        assertNull(e.file());
        assertEquals(0, e.line());
        assertNull(e.column());
        assertTrue(e.getMessage().startsWith("model file m.json is not valid JSON: "), e.getMessage());
        BadInputException located = BadInputException.at(java.nio.file.Path.of("t.csv"), 4, "date", "expected a date");
        assertEquals("t.csv:4: column 'date': expected a date", located.getMessage());
        assertEquals("x", BadInputException.of("x", new IllegalStateException("why")).getMessage());
        assertEquals("why", BadInputException.of("x", new IllegalStateException("why")).getCause().getMessage());
    }
}
