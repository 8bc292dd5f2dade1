package org.churnkit.evaluation;

import org.churnkit.NotComputableException;
import org.churnkit.model.BatchEvaluation;
import org.churnkit.model.Histories;

/** The evaluation package's view of {@link BatchEvaluation}'s parallel loops over customers. */
final class Parallel {
    /** Rows per task. */
    static final int CHUNK = BatchEvaluation.CHUNK;

    @FunctionalInterface
    interface RowFunction {
        double apply(int row);
    }

    @FunctionalInterface
    interface RangeBody {
        void run(int from, int to);
    }

    private Parallel() {}

    /** Runs {@code body} over {@code [0, n)} in chunks, in parallel ({@link BatchEvaluation#forRanges}). */
    static void forRanges(int n, RangeBody body) {
        BatchEvaluation.forRanges(n, body::run);
    }

    /** {@code out[i] = f(i)} in parallel, failures naming the customer ({@link BatchEvaluation#mapRows}). */
    static double[] map(Histories h, RowFunction f, String what) {
        return BatchEvaluation.mapRows(h, f::apply, what);
    }

    /** Checks that a model's value is finite, naming what it was. */
    static double finite(double v, String what) {
        if (!Double.isFinite(v)) {
            throw new NotComputableException(null, "cannot compute " + what + ": the result is " + v);
        }
        return v;
    }
}
