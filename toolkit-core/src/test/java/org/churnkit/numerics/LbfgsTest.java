package org.churnkit.numerics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LbfgsTest {
    @Test
    void minimisesRosenbrockFromTheClassicalStart() {
        Lbfgs opt = new Lbfgs(OptimiserTestFunctions.ROSENBROCK, new double[] {-1.2, 1});
        opt.run(1e-10, 1000);
        assertTrue(opt.converged(), opt.message());
        double[] x = opt.point();
        // At a gradient below 1e-10 the distance to the minimum is below ~1e-10 / lambda_min(H) ~ 2.5e-10.
        assertEquals(1.0, x[0], 1e-8);
        assertEquals(1.0, x[1], 1e-8);
        assertTrue(opt.value() < 1e-16, "f at the minimum " + opt.value());
        assertTrue(opt.iterations() < 100, "quasi-Newton speed: " + opt.iterations() + " iterations");
        assertTrue(opt.evaluations() > opt.iterations(), "the initial evaluation is counted");
    }

    @ParameterizedTest(name = "extended Rosenbrock from a random start, seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void minimisesExtendedRosenbrockFromRandomStarts(long seed) {
        Random rng = new Random(seed);
        double[] x0 = new double[2 * (1 + rng.nextInt(5))];
        for (int i = 0; i < x0.length; i++) {
            x0[i] = -2 + 4 * rng.nextDouble();
        }
        Lbfgs opt = new Lbfgs(OptimiserTestFunctions.ROSENBROCK, x0);
        opt.run(1e-9, 5000);
        assertTrue(opt.converged(), opt.message());
        double[] x = opt.point();
        double[] g = new double[x.length];
        OptimiserTestFunctions.ROSENBROCK.value(x, g);
        assertTrue(Vectors.maxAbs(g) <= 1e-9 * 1000, "gradient at the end " + Vectors.maxAbs(g));
        for (double v : x) {
            // Rosenbrock pairs have one minimum, (1, 1): every start must reach it.
            assertEquals(1.0, v, 1e-6, java.util.Arrays.toString(x));
        }
    }

    @ParameterizedTest(name = "random convex quadratic, seed {0}")
    @ValueSource(longs = {11, 12, 13, 14, 15})
    void minimisesConvexQuadraticsToTheirSolution(long seed) {
        Random rng = new Random(seed);
        int n = 3 + rng.nextInt(8);
        double[][] a = OptimiserTestFunctions.randomSpd(n, rng);
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            b[i] = rng.nextGaussian();
        }
        Lbfgs opt = new Lbfgs(OptimiserTestFunctions.quadratic(a, b), new double[n]);
        // 1e-8: well above the rounding floor of the gradient (~1e-9 here, from cancellation in f).
        opt.run(1e-8, 1000);
        assertTrue(opt.converged(), opt.message());
        double[][] inv = Cholesky.invertPositiveDefinite(a);
        double[] x = opt.point();
        for (int i = 0; i < n; i++) {
            double expected = 0;
            for (int j = 0; j < n; j++) {
                expected += inv[i][j] * b[j];
            }
            // The smallest eigenvalue of A is at least n >= 3, so |x - x*| <= |g| / 3.
            assertEquals(expected, x[i], 1e-8, "component " + i);
        }
    }

    @Test
    void aRunCanBeContinuedToATighterTolerance() {
        Lbfgs opt = new Lbfgs(OptimiserTestFunctions.ROSENBROCK, new double[] {-1.2, 1});
        opt.run(1e-2, 1000);
        assertTrue(opt.converged(), opt.message());
        int loose = opt.iterations();
        double looseError = Math.abs(opt.point()[0] - 1);
        opt.run(1e-10, 1000);
        assertTrue(opt.converged(), opt.message());
        assertTrue(opt.iterations() > loose, "continued, not restarted: " + loose + " then " + opt.iterations());
        assertTrue(Math.abs(opt.point()[0] - 1) < looseError, "closer to the minimum");
    }

    @Test
    void theIterationLimitIsReportedAsNotConverged() {
        Lbfgs opt = new Lbfgs(OptimiserTestFunctions.ROSENBROCK, new double[] {-1.2, 1});
        opt.run(1e-10, 3);
        assertFalse(opt.converged());
        assertEquals(3, opt.iterations());
        assertTrue(opt.message().startsWith("iteration limit 3 reached"), opt.message());
    }

    @Test
    void anInfiniteStartIsVisibleBeforeRunning() {
        DifferentiableObjective f = (x, g) -> x[0] < 0 ? Double.POSITIVE_INFINITY : x[0] * x[0];
        assertEquals(Double.POSITIVE_INFINITY, new Lbfgs(f, new double[] {-1}).value());
    }

    @Test
    void aFunctionWithAFloorBelowTheToleranceConvergesAtTheRoundingFloor() {
        // f = |x|^1.5 has gradient 1.5 sqrt|x|: near 0 the steps stop decreasing f in double
        // precision long before the gradient is 1e-300, so the run ends on its stopping rules and
        // must not claim more than its gradient supports.
        DifferentiableObjective f = (x, g) -> {
            double ax = Math.abs(x[0]);
            g[0] = 1.5 * Math.sqrt(ax) * Math.signum(x[0]);
            return ax * Math.sqrt(ax);
        };
        Lbfgs opt = new Lbfgs(f, new double[] {1});
        opt.run(1e-300, 500);
        double[] g = new double[1];
        f.value(opt.point(), g);
        if (opt.converged()) {
            assertTrue(Math.abs(g[0]) <= 1000 * 1e-300, opt.message());
        } else {
            assertTrue(opt.message().startsWith("line search failed") || opt.message().startsWith("stalled")
                    || opt.message().startsWith("iteration limit"), opt.message());
        }
        assertTrue(Math.abs(opt.point()[0]) < 1e-6, "still got close: " + opt.point()[0]);
    }

    /** With the exact inverse Hessian of a quadratic as the initial one, the first step is the Newton step to the minimum. */
    @Test
    void anExactInitialInverseHessianMakesTheFirstStepNewtons() {
        // f = (x0 - 1)^2 / 2 + 50 (x1 + 2)^2 + 3 (x0 - 1)(x1 + 2): Hessian {{1, 3}, {3, 100}}
        DifferentiableObjective f = (x, g) -> {
            double u = x[0] - 1;
            double v = x[1] + 2;
            g[0] = u + 3 * v;
            g[1] = 100 * v + 3 * u;
            return 0.5 * u * u + 50 * v * v + 3 * u * v;
        };
        double det = 100 - 9;
        double[][] inverse = {{100 / det, -3 / det}, {-3 / det, 1 / det}};
        Lbfgs seeded = new Lbfgs(f, new double[] {4, 1}, inverse);
        seeded.run(1e-10, 100);
        assertTrue(seeded.converged(), seeded.message());
        assertEquals(1, seeded.iterations(), seeded.message());
        assertEquals(1.0, seeded.point()[0], 1e-12);
        assertEquals(-2.0, seeded.point()[1], 1e-12);
        Lbfgs plain = new Lbfgs(f, new double[] {4, 1});
        plain.run(1e-10, 100);
        assertTrue(plain.converged(), plain.message());
        assertTrue(plain.iterations() > 1, "the scaled identity needs more: " + plain.message());
    }
}
