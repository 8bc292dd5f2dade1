package org.churnkit.numerics;

import java.util.function.IntFunction;
import java.util.function.IntToDoubleFunction;
import java.util.stream.IntStream;
import org.churnkit.ChurnkitException;
import org.churnkit.NotComputableException;

/**
 * The library's parallel loops over customers: rows in chunks of {@link #CHUNK}, a failure or a
 * non-finite result turned into a {@link NotComputableException} naming the customer. Internal:
 * exported only to churnkit's evaluation module, whose per-customer loops are the same.
 */
public final class ParallelRows {
    /** Rows per parallel task: large enough that splitting costs nothing measurable. */
    public static final int CHUNK = 16_384;

    /** A loop body over the rows {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeBody {
        /**
         * Runs the body.
         *
         * @param from first row, inclusive
         * @param to last row, exclusive
         */
        void run(int from, int to);
    }

    private ParallelRows() {}

    /**
     * Runs {@code body} over {@code [0, n)} in chunks of {@link #CHUNK}, in parallel when there is more than one.
     *
     * @param n number of rows
     * @param body the loop body, called once per chunk (possibly concurrently)
     */
    public static void forRanges(int n, RangeBody body) {
        int chunks = (n + CHUNK - 1) / CHUNK;
        if (chunks <= 1) {
            body.run(0, n);
            return;
        }
        IntStream.range(0, chunks).parallel().forEach(c -> body.run(c * CHUNK, Math.min(n, (c + 1) * CHUNK)));
    }

    /**
     * {@code out[i] = f(i)} for {@code i} in {@code [0, n)}, in parallel; a failure or a non-finite
     * value becomes a {@link NotComputableException} naming the customer and what was computed.
     *
     * @param n number of rows
     * @param f the value of row i
     * @param customer describes row i for messages (its id and history)
     * @param what what is computed, for messages
     * @return one value per row
     */
    public static double[] map(int n, IntToDoubleFunction f, IntFunction<String> customer, String what) {
        double[] out = new double[n];
        forRanges(n, (from, to) -> {
            for (int i = from; i < to; i++) {
                double v;
                try {
                    v = f.applyAsDouble(i);
                } catch (ArithmeticException | IllegalArgumentException | ChurnkitException e) {
                    String c = customer.apply(i);
                    throw new NotComputableException(c, "cannot compute " + what + " for " + c + ": " + e.getMessage(), e);
                }
                if (!Double.isFinite(v)) {
                    String c = customer.apply(i);
                    throw new NotComputableException(c, "cannot compute " + what + " for " + c + ": the result is " + v);
                }
                out[i] = v;
            }
        });
        return out;
    }
}
