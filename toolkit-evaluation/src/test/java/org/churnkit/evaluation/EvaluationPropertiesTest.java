package org.churnkit.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.churnkit.ChurnkitException;
import org.churnkit.model.Tracking;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Seeded random checks of invariants that must hold for any input. */
class EvaluationPropertiesTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void validationInvariants(long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        double lambda = 0.05 + 0.5 * rng.nextDouble();
        double mu = 0.005 + 0.1 * rng.nextDouble();
        Cohort c = Cohort.simulate(seed, 300 + rng.nextInt(300), lambda, mu, 12, 60);
        HoldoutSplit s = c.split(20 + rng.nextInt(15), 0, 13 + rng.nextInt(10), 4);
        int k = 1 + rng.nextInt(8);
        for (var model : List.of(new TrueProcess(lambda, mu), EveryoneStays.of(s.calibration()), LastPeriodRate.of(s))) {
            HoldoutResult r = HoldoutValidation.of("m", model, s, k, true);
            // Expected and actual histogram counts both add up to the customers (rounding only).
            assertEquals(s.size(), sum(r.histogram().expected()), 1e-9 * s.size());
            assertEquals(s.size(), sum(r.histogram().actual()), 0);
            for (double e : r.histogram().expected()) {
                assertTrue(e >= 0);
            }
            assertTrue(r.rmse() >= r.mae() && r.mae() >= 0);
            assertEquals(sum(r.predictions().orElseThrow()), r.predictedTotal(), 1e-9 * (1 + r.predictedTotal()));
            // Conditional expectations reproduce the totals when weighted by bucket sizes.
            ConditionalExpectations ce = r.conditionalExpectations();
            double total = 0;
            for (int b = 0; b <= k; b++) {
                if (ce.customers()[b] > 0) {
                    total += ce.customers()[b] * ce.meanPredicted()[b];
                }
            }
            assertEquals(r.predictedTotal(), total, 1e-9 * (1 + total));
            Tracking t = r.tracking().orElseThrow();
            double[] pc = t.predictedCumulative();
            double[] ac = t.actualCumulative();
            for (int j = 1; j < pc.length; j++) {
                assertTrue(pc[j] >= pc[j - 1] && ac[j] >= ac[j - 1], "cumulative curves never decrease");
            }
            assertEquals(pc[pc.length - 1], sum(t.predictedIncremental()), 1e-9 * (1 + pc[pc.length - 1]));
            assertEquals(s.repeatTimes().length, ac[ac.length - 1], 0, "the grid reaches the holdout end");
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    void timeSeriesSplitMatchesADirectReadingOfTheAlgorithm(long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        for (int trial = 0; trial < 50; trial++) {
            int n = 2 + rng.nextInt(60);
            int splits = 2 + rng.nextInt(6);
            int testSize = rng.nextInt(5);
            int gap = rng.nextInt(4);
            int max = rng.nextInt(8);
            List<int[][]> want = new ArrayList<>();
            int size = testSize > 0 ? testSize : n / (splits + 1);
            boolean ok = splits + 1 <= n && n - gap - size * splits > 0;
            if (ok) {
                for (int start = n - splits * size; start < n; start += size) {
                    List<Integer> train = new ArrayList<>();
                    for (int i = 0; i < start - gap; i++) {
                        train.add(i);
                    }
                    if (max > 0 && train.size() > max) {
                        train = train.subList(train.size() - max, train.size());
                    }
                    int[] test = new int[size];
                    for (int i = 0; i < size; i++) {
                        test[i] = start + i;
                    }
                    want.add(new int[][] {train.stream().mapToInt(Integer::intValue).toArray(), test});
                }
            }
            TimeSeriesSplit tss = TimeSeriesSplit.of(splits, testSize, gap, max);
            if (!ok) {
                try {
                    tss.split(n);
                    throw new AssertionError("expected a refusal for n=" + n + " " + tss);
                } catch (IllegalArgumentException expected) {
                    continue;
                }
            }
            List<TimeSeriesSplit.Fold> got = tss.split(n);
            assertEquals(want.size(), got.size());
            for (int f = 0; f < got.size(); f++) {
                assertArrayEquals(want.get(f)[0], got.get(f).train());
                assertArrayEquals(want.get(f)[1], got.get(f).test());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {21, 22, 23, 24, 25})
    void acceptedPlansNeverLeak(long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        int accepted = 0;
        for (int trial = 0; trial < 200; trial++) {
            double end = 100;
            double[] origins = new double[1 + rng.nextInt(4)];
            for (int i = 0; i < origins.length; i++) {
                origins[i] = (i == 0 ? 0 : origins[i - 1]) + 1 + rng.nextInt(30);
            }
            double horizon = rng.nextInt(30) - 2;
            double gap = rng.nextInt(6) - 1;
            double label = rng.nextInt(5);
            OriginPlan.Builder b = OriginPlan.builder(0, end).origins(origins).horizon(horizon).gap(gap).labelHorizon(label);
            if (rng.nextBoolean()) {
                b.sliding(1 + rng.nextInt(40));
            }
            OriginPlan p;
            try {
                p = b.build();
            } catch (ChurnkitException refused) {
                assertTrue(refused.getMessage().length() > 20, "a refusal explains itself");
                continue;
            }
            accepted++;
            for (OriginPlan.PlannedOrigin o : p.origins()) {
                assertTrue(o.trainStart() >= 0 && o.trainStart() < o.trainEnd());
                assertTrue(o.trainEnd() + label <= o.testStart(), "labels end before the test window");
                assertTrue(o.testEnd() <= end && o.testEnd() > o.testStart());
            }
        }
        assertTrue(accepted > 0, "some random plans are valid");
    }

    @ParameterizedTest
    @ValueSource(longs = {31, 32, 33, 34})
    void psiIsNonNegativeAndZeroForTheSamePopulation(long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        double[] a = new double[100 + rng.nextInt(500)];
        double[] b = new double[50 + rng.nextInt(500)];
        for (int i = 0; i < a.length; i++) {
            a[i] = rng.nextDouble() * 10;
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = rng.nextDouble() * 12 - 1;
        }
        assertTrue(PopulationStability.of(a, b).value() >= 0);
        assertEquals(0.0, PopulationStability.of(a, a).value(), 0);
        double[] shares = PopulationStability.of(a, b).currentShares();
        assertEquals(1.0, sum(shares), 1e-12);
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d;
        }
        return s;
    }
}
