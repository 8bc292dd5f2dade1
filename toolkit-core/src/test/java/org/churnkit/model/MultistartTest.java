package org.churnkit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.churnkit.ChurnkitException;
import org.junit.jupiter.api.Test;

class MultistartTest {
    private static final Histories DATA = ParetoNbdSimulator.of(ParetoNbd.of(0.55, 10.6, 0.61, 11.7))
            .simulateHistories(2000, 20, 52, 23L);

    @Test
    void theSubsampleIsEvenlySpacedAndKeepsWeightsAndSpend() {
        int n = 1000;
        double[] x = new double[n];
        double[] tx = new double[n];
        double[] t = new double[n];
        double[] m = new double[n];
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
            tx[i] = i;
            t[i] = i + 1;
            m[i] = 1000 + i;
            w[i] = 1 + i % 3;
        }
        Histories sub = Multistart.subsample(Histories.of(x, tx, t, m, w, null), 100);
        assertEquals(100, sub.size());
        for (int i = 0; i < 100; i++) {
            int j = 10 * i;
            assertEquals(j, sub.frequency[i]);
            assertEquals(j + 1, sub.age[i]);
            assertEquals(1000 + j, sub.monetary[i]);
            assertEquals(1 + j % 3, sub.weight(i));
        }
    }

    @Test
    void aConvergedRunBeatsAHigherUnconvergedOne() {
        Multistart.Run converged = new Multistart.Run(new double[] {1}, -10, true, 5, "", null, 1);
        Multistart.Run higher = new Multistart.Run(new double[] {1}, -5, false, 5, "", null, 1);
        Multistart.Run best = new Multistart.Run(new double[] {1}, -9, true, 5, "", null, 1);
        assertTrue(Multistart.better(converged, higher));
        assertFalse(Multistart.better(higher, converged));
        assertTrue(Multistart.better(best, converged));
    }

    @Test
    void samePointMeansLogParametersWithin1e3() {
        assertTrue(Multistart.samePoint(new double[] {1, 100}, new double[] {1.0009, 100.05}));
        assertFalse(Multistart.samePoint(new double[] {1, 100}, new double[] {1.002, 100}));
    }

    @Test
    void theOutcomeDoesNotDependOnScheduling() {
        double[][] starts = ParetoNbdLikelihood.of().startingPoints(CompressedHistories.compress(DATA, false));
        ModelFitter.Settings s = ModelFitter.Settings.defaults();
        Multistart.Outcome a = Multistart.run(ParetoNbdLikelihood.of(), CompressedHistories.compress(DATA, false), starts, s);
        Multistart.Outcome b = Multistart.run(ParetoNbdLikelihood.of(), CompressedHistories.compress(DATA, false), starts, s);
        assertEquals(List.of(), a.failures());
        assertFalse(a.screenedOnSubsample());
        assertTrue(a.refined() >= 1 && a.converged() <= a.refined());
        assertTrue(a.best().converged(), a.best().message());
        assertEquals(List.of(a.best().logLik(), a.best().iterations()), List.of(b.best().logLik(), b.best().iterations()));
        for (int j = 0; j < 4; j++) {
            assertEquals(a.best().params()[j], b.best().params()[j], 0.0);
        }
    }

    @Test
    void screeningOnASubsampleRefinesOnlyTheBest() {
        Histories rows = CompressedHistories.compress(DATA, false);
        double[][] starts = ParetoNbdLikelihood.of().startingPoints(rows);
        Multistart.Outcome o = Multistart.run(ParetoNbdLikelihood.of(), rows, starts,
                ModelFitter.Settings.defaults().withScreenRows(100));
        assertTrue(rows.size() > 100 && starts.length > 1, "the case screens");
        assertTrue(o.screenedOnSubsample());
        assertEquals(1, o.refined());
    }

    @Test
    void aStartWhereTheLikelihoodFailsIsCountedAndAllFailingIsAnError() {
        LikelihoodFunction pnbd = ParetoNbdLikelihood.of();
        LikelihoodFunction failing = new LikelihoodFunction() {
            @Override
            public ModelKind kind() {
                return pnbd.kind();
            }

            @Override
            public double logLikelihood(double[] p, Histories h, int from, int to, double[] g) {
                if (p[0] > 50) {
                    throw new ChurnkitException("r too large for this test");
                }
                return pnbd.logLikelihood(p, h, from, to, g);
            }

            @Override
            public boolean hasGradient() {
                return pnbd.hasGradient();
            }

            @Override
            public double[][] startingPoints(Histories data) {
                return pnbd.startingPoints(data);
            }

            @Override
            public FittedModel create(double[] params, FitSummary fit) {
                return pnbd.create(params, fit);
            }
        };
        Histories rows = CompressedHistories.compress(DATA, false);
        Multistart.Outcome o = Multistart.run(failing, rows, new double[][] {{0.5, 10, 0.5, 10}, {100, 10, 0.5, 10}},
                ModelFitter.Settings.defaults());
        assertEquals(1, o.failures().size());
        assertTrue(o.failures().get(0).contains("r too large"), o.failures().toString());
        ChurnkitException e = assertThrows(ChurnkitException.class, () -> Multistart.run(failing, rows,
                new double[][] {{100, 10, 0.5, 10}}, ModelFitter.Settings.defaults()));
        assertTrue(e.getMessage().contains("failed at every start"), e.getMessage());
    }
}
