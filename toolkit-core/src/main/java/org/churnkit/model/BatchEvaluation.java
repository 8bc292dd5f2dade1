package org.churnkit.model;

import java.util.function.IntToDoubleFunction;
import java.util.stream.IntStream;
import org.churnkit.ChurnkitException;
import org.churnkit.NotComputableException;

/**
 * Evaluates a per-customer function over {@link Histories} in parallel chunks, turning a failure or
 * a non-finite result into an error that names the customer. The one place the library's
 * per-customer loops are parallelised.
 */
public final class BatchEvaluation {
    /** Rows per parallel task: large enough that splitting costs nothing measurable. */
    public static final int CHUNK = 16_384;

    /** A function of one history {@code (x, t_x, T)}. */
    @FunctionalInterface
    public interface HistoryFunction {
        /**
         * Evaluates the function.
         *
         * @param x repeat transactions
         * @param tx recency
         * @param T age
         * @return the value for this history
         */
        double apply(double x, double tx, double T);
    }

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

    private BatchEvaluation() {}

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

    /** {@code out[i] = f(x_i, t_x,i, T_i)}; see {@link #mapRows}. */
    static double[] map(Histories h, HistoryFunction f, String what) {
        return mapRows(h, i -> f.apply(h.frequency[i], h.recency[i], h.age[i]), what);
    }

    /**
     * {@code out[i] = f(i)} for every row of {@code h}, in parallel; a failure or a non-finite value
     * becomes a {@link ChurnkitException} naming the customer and {@code what} was computed.
     *
     * @param h the histories
     * @param f the value of row i
     * @param what what is computed, for messages
     * @return one value per row
     */
    public static double[] mapRows(Histories h, IntToDoubleFunction f, String what) {
        int n = h.size();
        double[] out = new double[n];
        forRanges(n, (from, to) -> {
            for (int i = from; i < to; i++) {
                double v;
                try {
                    v = f.applyAsDouble(i);
                } catch (ArithmeticException | IllegalArgumentException | ChurnkitException e) {
                    throw new NotComputableException(h.describe(i), "cannot compute " + what + " for " + h.describe(i)
                            + ": " + e.getMessage(), e);
                }
                if (!Double.isFinite(v)) {
                    throw new NotComputableException(h.describe(i), "cannot compute " + what + " for " + h.describe(i)
                            + ": the result is " + v);
                }
                out[i] = v;
            }
        });
        return out;
    }
}
