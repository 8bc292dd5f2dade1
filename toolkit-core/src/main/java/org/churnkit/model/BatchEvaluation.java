package org.churnkit.model;

import java.util.stream.IntStream;
import org.churnkit.ChurnkitException;

/**
 * Evaluates a per-customer function over {@link Histories} in parallel, turning a scalar failure or
 * a non-finite result into an error that names the customer.
 */
final class BatchEvaluation {
    /** Rows per parallel task: large enough that splitting costs nothing measurable. */
    private static final int CHUNK = 16_384;

    @FunctionalInterface
    interface HistoryFunction {
        double apply(double x, double tx, double T);
    }

    private BatchEvaluation() {}

    static double[] map(Histories h, HistoryFunction f, String what) {
        int n = h.size();
        double[] out = new double[n];
        int chunks = (n + CHUNK - 1) / CHUNK;
        IntStream.range(0, chunks).parallel().forEach(c -> {
            int from = c * CHUNK;
            int to = Math.min(n, from + CHUNK);
            for (int i = from; i < to; i++) {
                double v;
                try {
                    v = f.apply(h.frequency[i], h.recency[i], h.age[i]);
                } catch (ArithmeticException | IllegalArgumentException | ChurnkitException e) {
                    throw new ChurnkitException("cannot compute " + what + " for " + h.describe(i)
                            + ": " + e.getMessage(), e);
                }
                if (!Double.isFinite(v)) {
                    throw new ChurnkitException("cannot compute " + what + " for " + h.describe(i)
                            + ": the result is " + v);
                }
                out[i] = v;
            }
        });
        return out;
    }
}
