package org.churnkit.numerics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StrongWolfeLineSearchTest {
    private static final double C1 = StrongWolfeLineSearch.C1;
    private static final double C2 = StrongWolfeLineSearch.C2;

    /** Searches along steepest descent from x and returns the step length taken (asserting both Wolfe conditions). */
    private static double assertStrongWolfe(DifferentiableObjective f, double[] x, double firstStep) {
        int k = x.length;
        double[] g = new double[k];
        double f0 = f.value(x, g);
        double[] d = new double[k];
        for (int j = 0; j < k; j++) {
            d[j] = -g[j];
        }
        double dg0 = Vectors.dot(d, g);
        double[] xOut = new double[k];
        double[] gOut = new double[k];
        double fa = StrongWolfeLineSearch.search(f, x, f0, d, dg0, firstStep, 1e6, xOut, gOut);
        assertFalse(Double.isNaN(fa), "a step was found");
        int j = 0;
        for (int i = 1; i < k; i++) {
            if (Math.abs(d[i]) > Math.abs(d[j])) {
                j = i;
            }
        }
        double a = (xOut[j] - x[j]) / d[j];
        assertTrue(a > 0, "a positive step, got " + a);
        double[] gCheck = new double[k];
        assertEquals(f.value(xOut, gCheck), fa, 0.0, "the value returned is f at the point returned");
        assertTrue(fa <= f0 + C1 * a * dg0, "sufficient decrease: f " + fa + " > " + (f0 + C1 * a * dg0));
        double da = Vectors.dot(gOut, d);
        assertTrue(Math.abs(da) <= -C2 * dg0, "curvature: |g'd| " + Math.abs(da) + " > " + (-C2 * dg0));
        return a;
    }

    @ParameterizedTest(name = "Rosenbrock from a random point, seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    void stepsOnRosenbrockSatisfyTheStrongWolfeConditions(long seed) {
        Random rng = new Random(seed);
        double[] x = new double[2 + 2 * rng.nextInt(3)];
        for (int i = 0; i < x.length; i++) {
            x[i] = -2 + 4 * rng.nextDouble();
        }
        // A first step both far too long (1) and far too short (1e-6): zoom and expansion both run.
        assertStrongWolfe(OptimiserTestFunctions.ROSENBROCK, x, 1.0);
        assertStrongWolfe(OptimiserTestFunctions.ROSENBROCK, x, 1e-6);
    }

    @ParameterizedTest(name = "random convex quadratic, seed {0}")
    @ValueSource(longs = {21, 22, 23, 24, 25, 26, 27, 28, 29, 30})
    void stepsOnQuadraticsSatisfyTheStrongWolfeConditions(long seed) {
        Random rng = new Random(seed);
        int n = 2 + rng.nextInt(6);
        double[] b = new double[n];
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            b[i] = rng.nextGaussian();
            x[i] = 3 * rng.nextGaussian();
        }
        assertStrongWolfe(OptimiserTestFunctions.quadratic(OptimiserTestFunctions.randomSpd(n, rng), b), x, 1.0);
    }

    @Test
    void onAOneDimensionalQuadraticTheExactMinimiserIsFoundByInterpolation() {
        // f(x) = (x - 3)^2 from 0 along d = 1, first step 10: the cubic through (0, 9, -6) and
        // (10, 49, 14) is exact for a parabola, so zoom lands on a = 3, where g'd = 0.
        DifferentiableObjective f = (x, g) -> {
            g[0] = 2 * (x[0] - 3);
            return (x[0] - 3) * (x[0] - 3);
        };
        double[] out = new double[1];
        double[] gOut = new double[1];
        double fa = StrongWolfeLineSearch.search(f, new double[] {0}, 9, new double[] {1}, -6, 10, 100, out, gOut);
        assertEquals(3.0, out[0], 1e-12);
        assertEquals(0.0, fa, 1e-20);
    }

    @Test
    void cubicInterpolationIsExactForACubic() {
        // f(a) = a^3 - 3a: minimum at a = 1; data at 0 and 2.
        double m = StrongWolfeLineSearch.cubicMin(0, 0, -3, 2, 2, 9);
        assertEquals(1.0, m, 1e-14);
        assertTrue(Double.isNaN(StrongWolfeLineSearch.cubicMin(0, Double.POSITIVE_INFINITY, -1, 1, 0, 1)),
                "undefined where f is not finite");
    }

    @Test
    void stepsOutsideTheDomainAreTreatedAsTooLong() {
        // f(x) = -log(1 - x) - x/2 on x < 1 (infinite beyond), minimum at x = -1; from 0.5 along -1
        // the first trial, a = 5 (x = -4.5), is inside; from -3 along +1 a step of 5 leaves the domain.
        DifferentiableObjective f = (x, g) -> {
            if (!(x[0] < 1)) {
                g[0] = Double.NaN;
                return Double.POSITIVE_INFINITY;
            }
            g[0] = 1 / (1 - x[0]) - 0.5;
            return -Math.log(1 - x[0]) - 0.5 * x[0];
        };
        double[] g0 = new double[1];
        double f0 = f.value(new double[] {-3}, g0);
        double[] out = new double[1];
        double[] gOut = new double[1];
        double fa = StrongWolfeLineSearch.search(f, new double[] {-3}, f0, new double[] {1}, g0[0], 5, 5, out, gOut);
        assertTrue(out[0] < 1 && fa < f0, "stays in the domain and descends: x " + out[0] + ", f " + fa);
        assertTrue(Math.abs(gOut[0]) <= C2 * Math.abs(g0[0]), "curvature holds: " + gOut[0]);
    }

    @Test
    void anAscentDirectionFindsNoStep() {
        DifferentiableObjective f = (x, g) -> {
            g[0] = 2 * x[0];
            return x[0] * x[0];
        };
        // From 1 along +1 (uphill): no step decreases f.
        double fa = StrongWolfeLineSearch.search(f, new double[] {1}, 1, new double[] {1}, 2, 1, 1e3, new double[1],
                new double[1]);
        assertTrue(Double.isNaN(fa), "no step: " + fa);
    }
}
