package org.churnkit.cost;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Comparator;
import java.util.stream.IntStream;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The radix orderings against a boxed stable comparator sort, and the two profit-curve paths against each other. */
class ScoreOrderPropertiesTest {
    static IntStream seeds() {
        return IntStream.rangeClosed(1, 20);
    }

    static double[] scores(UniformRandomProvider rng, int n) {
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = switch (rng.nextInt(5)) {
                case 0 -> -0.0;
                case 1 -> 0.0;
                case 2 -> Math.floor(rng.nextDouble() * 4) - 2; // ties, negatives
                case 3 -> rng.nextDouble() * 1e300 * (rng.nextBoolean() ? 1 : -1);
                default -> rng.nextDouble() * 1e-300;
            };
        }
        return s;
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void radixOrdersEqualStableComparatorSorts(long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        double[] s = scores(rng, 1 + rng.nextInt(3000));
        // -0.0 and 0.0 are equal scores (numeric comparison, not Double.compare).
        Comparator<Integer> asc = (a, b) -> s[a] < s[b] ? -1 : s[a] > s[b] ? 1 : 0;
        int[] expectedAsc = IntStream.range(0, s.length).boxed().sorted(asc).mapToInt(Integer::intValue).toArray();
        int[] expectedDesc = IntStream.range(0, s.length).boxed().sorted(asc.reversed()).mapToInt(Integer::intValue).toArray();
        assertArrayEquals(expectedAsc, ScoreOrder.ascending(s));
        assertArrayEquals(expectedDesc, ScoreOrder.descending(s));
        long[] keys = new long[s.length];
        double[] payload = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            keys[i] = ScoreOrder.descendingKey(s[i]);
            payload[i] = i;
        }
        ScoreOrder.sortWithPayloads(keys, payload);
        for (int r = 0; r < s.length; r++) {
            assertEquals(expectedDesc[r], (int) payload[r], "payload travels with its key, stably");
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void profitCurveWithConstantValuesEqualsTheScalarCurve(long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        int n = 1 + rng.nextInt(500);
        double[] s = scores(rng, n);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(2);
        }
        double[] v = new double[n];
        java.util.Arrays.fill(v, 150);
        ProfitCurve a = ProfitCurve.churn(y, s, 150, 0.3, 10, 1, 5);
        ProfitCurve b = ProfitCurve.churn(y, s, v, 0.3, 10, 1, 5);
        assertArrayEquals(a.fractions(), b.fractions(), 1e-15);
        // Sums of the same terms in different groupings: rounding only (values ≤ ~1e5, so 1e-9).
        assertArrayEquals(a.profits(), b.profits(), 1e-9);
        assertEquals(a.optimalFraction(), b.optimalFraction(), 1e-15);
    }
}
