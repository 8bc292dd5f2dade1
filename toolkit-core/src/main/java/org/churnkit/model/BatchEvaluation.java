package org.churnkit.model;

import java.util.function.IntToDoubleFunction;
import org.churnkit.numerics.ParallelRows;

/**
 * Evaluates a per-customer function over {@link Histories} in parallel chunks
 * ({@link ParallelRows}), a failure or a non-finite result becoming an error that names the customer.
 */
final class BatchEvaluation {
    /** Rows per parallel task. */
    static final int CHUNK = ParallelRows.CHUNK;

    /** A function of one history {@code (x, t_x, T)}. */
    @FunctionalInterface
    interface HistoryFunction {
        double apply(double x, double tx, double T);
    }

    private BatchEvaluation() {}

    static void forRanges(int n, ParallelRows.RangeBody body) {
        ParallelRows.forRanges(n, body);
    }

    /** {@code out[i] = f(x_i, t_x,i, T_i)}; see {@link #mapRows}. */
    static double[] map(Histories h, HistoryFunction f, String what) {
        return mapRows(h, i -> f.apply(h.frequency[i], h.recency[i], h.age[i]), what);
    }

    /** {@code out[i] = f(i)} for every row of {@code h}, in parallel, failures naming the customer. */
    static double[] mapRows(Histories h, IntToDoubleFunction f, String what) {
        return ParallelRows.map(h.size(), f, h::describe, what);
    }
}
