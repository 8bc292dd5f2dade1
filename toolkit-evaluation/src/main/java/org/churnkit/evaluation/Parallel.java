package org.churnkit.evaluation;

import org.churnkit.NotComputableException;
import org.churnkit.model.Histories;
import org.churnkit.numerics.ParallelRows;

/** The evaluation package's view of the core's parallel loops ({@code ParallelRows}) over customers. */
final class Parallel {
    /** Rows per task. */
    static final int CHUNK = ParallelRows.CHUNK;

    @FunctionalInterface
    interface RowFunction {
        double apply(int row);
    }

    @FunctionalInterface
    interface RangeBody {
        void run(int from, int to);
    }

    private Parallel() {}

    /** Runs {@code body} over {@code [0, n)} in chunks, in parallel . */
    static void forRanges(int n, RangeBody body) {
        ParallelRows.forRanges(n, body::run);
    }

    /** {@code out[i] = f(i)} in parallel, failures naming the customer. */
    static double[] map(Histories h, RowFunction f, String what) {
        return ParallelRows.map(h.size(), f::apply, h::describe, what);
    }

    /** Checks that a model's value is finite, naming what it was. */
    static double finite(double v, String what) {
        if (!Double.isFinite(v)) {
            throw new NotComputableException(null, "cannot compute " + what + ": the result is " + v);
        }
        return v;
    }
}
