package org.churnkit.model;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.churnkit.ChurnkitException;
import org.churnkit.numerics.DifferentiableObjective;

/**
 * The fitter's objective: minus the mean log-likelihood as a function of the log-parameters,
 * {@code f(u) = -LL(exp(u)) / W} with gradient {@code -dLL/dtheta * theta / W} ({@code W} the total
 * weight). Working on the log scale keeps every parameter positive without bounds; dividing by
 * {@code W} makes the gradient tolerance independent of the number of customers.
 *
 * <p>Where the likelihood cannot be evaluated (a parameter overflows to 0 or infinity, the model
 * throws, a non-finite value or gradient) the value is {@code +infinity}, as
 * {@link DifferentiableObjective} requires.
 */
final class LogScaleObjective implements DifferentiableObjective {
    private final LikelihoodFunction<?> model;
    private final Histories data;
    /** {@code 1 / W}. */
    final double scale;

    LogScaleObjective(LikelihoodFunction<?> model, Histories data) {
        this.model = model;
        this.data = data;
        this.scale = 1.0 / data.totalWeight();
    }

    @Override
    public double value(double[] logParams, double[] g) {
        int k = logParams.length;
        double[] p = new double[k];
        for (int j = 0; j < k; j++) {
            p[j] = Math.exp(logParams[j]);
            if (!(p[j] > 0) || Double.isInfinite(p[j])) {
                Arrays.fill(g, Double.NaN);
                return Double.POSITIVE_INFINITY;
            }
        }
        double[] nat = new double[k];
        double ll;
        try {
            ll = evaluate(model, data, p, nat);
        } catch (ChurnkitException | ArithmeticException e) {
            Arrays.fill(g, Double.NaN);
            return Double.POSITIVE_INFINITY;
        }
        for (int j = 0; j < k; j++) {
            g[j] = -nat[j] * p[j] * scale;
        }
        double f = -ll * scale;
        if (!Double.isFinite(f)) {
            Arrays.fill(g, Double.NaN);
            return Double.POSITIVE_INFINITY;
        }
        for (double gj : g) {
            if (!Double.isFinite(gj)) {
                return Double.POSITIVE_INFINITY;
            }
        }
        return f;
    }

    /**
     * Total weighted log-likelihood, and its natural-scale gradient added into {@code gradient}
     * when that is not null. Rows are evaluated in blocks in parallel (common fork-join pool) and
     * the block sums added in block order, so the result does not depend on thread timing. The
     * block size is 2048 rows up to 8192 rows per processor and grows beyond, so from there on
     * the rounding of the sum depends on the processor count.
     *
     * @throws ChurnkitException when the likelihood cannot be evaluated
     */
    static double evaluate(LikelihoodFunction<?> model, Histories data, double[] params, double[] gradient) {
        int n = data.size();
        int k = params.length;
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        int block = Math.max(2048, (n + 4 * threads - 1) / (4 * threads));
        int blocks = (n + block - 1) / block;
        double[] ll = new double[blocks];
        double[][] grads = gradient != null ? new double[blocks][k] : null;
        if (blocks == 1) {
            ll[0] = model.logLikelihood(params, data, 0, n, gradient != null ? grads[0] : null);
        } else {
            IntStream.range(0, blocks).parallel().forEach(b -> {
                int from = b * block;
                int to = Math.min(n, from + block);
                ll[b] = model.logLikelihood(params, data, from, to, grads != null ? grads[b] : null);
            });
        }
        double total = 0;
        for (int b = 0; b < blocks; b++) {
            total += ll[b];
            if (gradient != null) {
                for (int j = 0; j < k; j++) {
                    gradient[j] += grads[b][j];
                }
            }
        }
        if (!model.hasGradient() && gradient != null) {
            numericalGradient(model, data, params, gradient);
        }
        return total;
    }

    /** Central differences with relative step 1e-6, for likelihoods without an analytic gradient. */
    private static void numericalGradient(LikelihoodFunction<?> model, Histories data, double[] params, double[] g) {
        for (int j = 0; j < params.length; j++) {
            double[] p = params.clone();
            double h = 1e-6 * params[j];
            p[j] = params[j] + h;
            double up = evaluate(model, data, p, null);
            p[j] = params[j] - h;
            double down = evaluate(model, data, p, null);
            g[j] = (up - down) / (2 * h);
        }
    }
}
