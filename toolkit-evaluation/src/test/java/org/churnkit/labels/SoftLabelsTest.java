package org.churnkit.labels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.apache.commons.rng.simple.RandomSource;
import org.churnkit.cost.CostMatrix;
import org.churnkit.cost.CsLogit;
import org.churnkit.cost.testing.ChurnSimulation;
import org.junit.jupiter.api.Test;

/** Weighted CsLogit and training with probabilistic labels. */
class SoftLabelsTest {
    private static final CsLogit.Options RIDGE = new CsLogit.Options(1.0, 0.0, 5000, 1e-12);

    private static CostMatrix costs(ChurnSimulation s) {
        double[] d = new double[s.y.length];
        Arrays.fill(d, 10);
        return CostMatrix.churnVerbrakenAbsolute(0.3, s.value, d, 1);
    }

    @Test
    void aWholeWeightIsTheSameFitAsCopiesOfTheRow() {
        ChurnSimulation s = ChurnSimulation.generate(RandomSource.XO_RO_SHI_RO_128_PP.create(3), 400);
        int n = s.y.length;
        double[] w = new double[n];
        // weights 0, 1, 2, 3 in turn; the copied data repeat each row that many times
        int total = 0;
        for (int i = 0; i < n; i++) {
            w[i] = i % 4;
            total += i % 4;
        }
        double[][] x2 = new double[total][];
        int[] y2 = new int[total];
        int[] src = new int[total];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < i % 4; c++) {
                x2[k] = s.x[i];
                y2[k] = s.y[i];
                src[k++] = i;
            }
        }
        CostMatrix c = costs(s);
        CsLogit weighted = CsLogit.fit(s.x, s.y, w, c, RIDGE);
        CsLogit copied = CsLogit.fit(x2, y2, new SoftLabels(x2, y2, new double[total], src).costs(c), RIDGE);
        assertArrayEquals(copied.coefficients(), weighted.coefficients(), 1e-6);
        assertEquals(copied.intercept(), weighted.intercept(), 1e-6);
        CsLogit unweighted = CsLogit.fit(s.x, s.y, c, RIDGE);
        assertTrue(Math.abs(unweighted.coefficients()[0] - weighted.coefficients()[0]) > 1e-4,
                "the weights must change the fit");
        assertThrows(IllegalArgumentException.class, () -> CsLogit.fit(s.x, s.y, new double[n], c, RIDGE));
        double[] negative = w.clone();
        negative[5] = -1;
        assertThrows(IllegalArgumentException.class, () -> CsLogit.fit(s.x, s.y, negative, c, RIDGE));
    }

    @Test
    void softLabelsExpandRowsWithTheirProbabilities() {
        double[][] x = {{1, 2}, {3, 4}};
        SoftLabels two = SoftLabels.twoRows(x, new double[] {0.8, 0.1});
        assertArrayEquals(new int[] {1, 0, 1, 0}, two.y());
        assertArrayEquals(new double[] {0.8, 0.2, 0.1, 0.9}, two.weights(), 1e-15);
        assertArrayEquals(new int[] {0, 0, 1, 1}, two.sourceRow());
        SoftLabels one = SoftLabels.confidenceWeighted(x, new double[] {0.8, 0.1});
        assertArrayEquals(new int[] {1, 0}, one.y());
        assertArrayEquals(new double[] {0.8, 0.9}, one.weights(), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> SoftLabels.twoRows(x, new double[] {0.5, Double.NaN}));
    }

    @Test
    void csLogitTrainsOnTheLabelModelsProbabilities() {
        // churners by a known rule; noisy labelling rules see the truth, the model sees only the features
        ChurnSimulation s = ChurnSimulation.generate(RandomSource.XO_RO_SHI_RO_128_PP.create(9), 3000);
        int n = s.y.length;
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(4);
        double[] acc = {0.7, 0.75, 0.8, 0.85, 0.65};
        byte[][] v = new byte[acc.length][n];
        for (int j = 0; j < acc.length; j++) {
            for (int i = 0; i < n; i++) {
                v[j][i] = rnd.nextDouble() < 0.6 ? (byte) (rnd.nextDouble() < acc[j] ? s.y[i] : 1 - s.y[i]) : -1;
            }
        }
        Votes votes = Votes.of(java.util.List.of("stays", "churned"), java.util.List.of("a", "b", "c", "d", "e"), v);
        double[] p = LabelModel.fit(votes).probabilities(votes);
        SoftLabels soft = SoftLabels.twoRows(s.x, p);
        CostMatrix c = costs(s);
        CsLogit model = CsLogit.fit(soft.x(), soft.y(), soft.weights(), soft.costs(c), RIDGE);
        CsLogit oracle = CsLogit.fit(s.x, s.y, c, RIDGE);
        // judged on the true labels, the weakly supervised model keeps most of the oracle's saving in
        // average expected cost over scoring everyone 1/2
        double[] half = new double[n];
        Arrays.fill(half, 0.5);
        double none = org.churnkit.cost.CostMetrics.expectedCost(s.y, half, c, true);
        double weak = org.churnkit.cost.CostMetrics.expectedCost(s.y, model.score(s.x), c, true);
        double best = org.churnkit.cost.CostMetrics.expectedCost(s.y, oracle.score(s.x), c, true);
        assertTrue(best < none && weak - best < 0.25 * (none - best),
                "AEC: weak labels " + weak + ", true labels " + best + ", constant 1/2 " + none);
    }
}
