package org.churnkit.evaluation;

import java.util.stream.IntStream;
import org.churnkit.ChurnkitException;
import org.churnkit.model.Histories;

/** Chunked parallel loops over customers, on primitive arrays, naming the customer on failure. */
final class Parallel {
    /** Rows per task: large enough that splitting costs nothing measurable. */
    static final int CHUNK = 16_384;

    @FunctionalInterface
    interface RowFunction {
        double apply(int row);
    }

    @FunctionalInterface
    interface RangeBody {
        void run(int from, int to);
    }

    private Parallel() {}

    /** Runs {@code body} over {@code [0, n)} in chunks, in parallel. */
    static void forRanges(int n, RangeBody body) {
        int chunks = (n + CHUNK - 1) / CHUNK;
        if (chunks <= 1) {
            body.run(0, n);
            return;
        }
        IntStream.range(0, chunks).parallel().forEach(c -> body.run(c * CHUNK, Math.min(n, (c + 1) * CHUNK)));
    }

    /**
     * {@code out[i] = f(i)} for every row, in parallel; a failure or a non-finite value becomes a
     * {@link ChurnkitException} naming the customer of {@code h} and {@code what} was computed.
     */
    static double[] map(Histories h, RowFunction f, String what) {
        int n = h.size();
        double[] out = new double[n];
        forRanges(n, (from, to) -> {
            for (int i = from; i < to; i++) {
                double v;
                try {
                    v = f.apply(i);
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

    /** Checks that a model's value is finite, naming what it was. */
    static double finite(double v, String what) {
        if (!Double.isFinite(v)) {
            throw new ChurnkitException("cannot compute " + what + ": the result is " + v);
        }
        return v;
    }
}
