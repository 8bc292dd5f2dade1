package org.churnkit.evaluation;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits {@code n} time-ordered, equally spaced samples into expanding (or, with a maximum
 * training size, sliding) train/test folds, with the semantics of scikit-learn's
 * {@code TimeSeriesSplit}:
 * <pre>
 *   test_size  = given, or n / (n_splits + 1) (integer division)
 *   test_start = n - n_splits * test_size, then every test_size up to n
 *   train      = [0, test_start - gap), only its last max_train_size samples when that is set
 *   test       = [test_start, test_start + test_size)
 * </pre>
 * Every training sample precedes every test sample by more than {@code gap} positions. Immutable.
 */
public final class TimeSeriesSplit {
    private final int nSplits;
    private final int testSize;
    private final int gap;
    private final int maxTrainSize;

    private TimeSeriesSplit(int nSplits, int testSize, int gap, int maxTrainSize) {
        this.nSplits = nSplits;
        this.testSize = testSize;
        this.gap = gap;
        this.maxTrainSize = maxTrainSize;
    }

    /**
     * scikit-learn's defaults: 5 splits, default test size, no gap, unlimited training size.
     *
     * @return the splitter
     */
    public static TimeSeriesSplit of() {
        return of(5, 0, 0, 0);
    }

    /**
     * A splitter with scikit-learn's {@code TimeSeriesSplit} parameters.
     *
     * @param nSplits number of folds, {@code >= 2}
     * @param testSize samples per test fold, or 0 for {@code n / (nSplits + 1)}
     * @param gap samples left out between the end of training and the test fold, {@code >= 0}
     * @param maxTrainSize maximum training samples (sliding window), or 0 for unlimited
     * @return the splitter
     */
    public static TimeSeriesSplit of(int nSplits, int testSize, int gap, int maxTrainSize) {
        if (nSplits < 2) {
            throw new IllegalArgumentException("n_splits must be at least 2, got " + nSplits);
        }
        if (testSize < 0 || gap < 0 || maxTrainSize < 0) {
            throw new IllegalArgumentException("test size, gap and maximum training size must be >= 0, got "
                    + testSize + ", " + gap + ", " + maxTrainSize);
        }
        return new TimeSeriesSplit(nSplits, testSize, gap, maxTrainSize);
    }

    /**
     * A fold: training positions {@code [trainStart, trainEnd)}, test positions {@code [testStart, testEnd)}.
     *
     * @param trainStart first training position
     * @param trainEnd end of training, exclusive
     * @param testStart first test position
     * @param testEnd end of the test fold, exclusive
     */
    public record Fold(int trainStart, int trainEnd, int testStart, int testEnd) {
        /**
         * Training positions.
         *
         * @return {@code trainStart, ..., trainEnd - 1}
         */
        public int[] train() {
            return range(trainStart, trainEnd);
        }

        /**
         * Test positions.
         *
         * @return {@code testStart, ..., testEnd - 1}
         */
        public int[] test() {
            return range(testStart, testEnd);
        }

        private static int[] range(int from, int to) {
            int[] r = new int[to - from];
            for (int i = 0; i < r.length; i++) {
                r[i] = from + i;
            }
            return r;
        }
    }

    /**
     * The folds of {@code n} samples, oldest test fold first.
     *
     * @throws IllegalArgumentException with scikit-learn's explanation when there are too few samples
     * @param n number of samples, in time order
     * @return the folds
     */
    public List<Fold> split(int n) {
        int folds = nSplits + 1;
        int size = testSize > 0 ? testSize : n / folds;
        if (folds > n) {
            throw new IllegalArgumentException("Cannot have number of folds=" + folds
                    + " greater than the number of samples=" + n + ".");
        }
        if (n - gap - (long) size * nSplits <= 0) {
            throw new IllegalArgumentException("Too many splits=" + nSplits + " for number of samples=" + n
                    + " with test_size=" + size + " and gap=" + gap + ".");
        }
        List<Fold> out = new ArrayList<>(nSplits);
        for (int testStart = n - nSplits * size; testStart < n; testStart += size) {
            int trainEnd = testStart - gap;
            int trainStart = maxTrainSize > 0 && maxTrainSize < trainEnd ? trainEnd - maxTrainSize : 0;
            out.add(new Fold(trainStart, trainEnd, testStart, testStart + size));
        }
        return List.copyOf(out);
    }

    @Override
    public String toString() {
        return "TimeSeriesSplit[n_splits=" + nSplits + ", test_size=" + (testSize > 0 ? testSize : "n/(n_splits+1)")
                + ", gap=" + gap + ", max_train_size=" + (maxTrainSize > 0 ? maxTrainSize : "none") + "]";
    }
}
