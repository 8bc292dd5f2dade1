package org.churnkit.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.churnkit.ChurnkitException;

/**
 * Folds over origins for models trained on labelled origins (a churn classifier on BTYD features):
 * origin {@code c_j} carries features from events {@code <= c_j} and a label observed in
 * {@code (c_j, c_j + H]}. The fold testing origin {@code c_k} trains only on origins whose labels
 * are complete before the test origin:
 * <pre>
 *   train(k) = { j : c_j + H &lt;= c_k }        (label-window embargo)
 *   sliding:   only the last M of them        (scikit-learn's max_train_size)
 * </pre>
 * Folds with no eligible training origin are skipped; a configuration with no fold at all is
 * refused. The last fold is the headline (cost-functions spec, section 12). Immutable.
 */
public final class RollingOriginSplitter {
    private final double[] origins;
    private final double horizon;
    private final boolean expanding;
    private final int maxTrainOrigins;

    /**
     * A splitter over labelled origins.
     *
     * @param origins origins {@code c_1 < ... < c_K}, in time units
     * @param horizon label horizon {@code H > 0}
     * @param expanding true for every eligible earlier origin, false for the last {@code maxTrainOrigins}
     * @param maxTrainOrigins {@code M >= 1} when sliding; must be 0 when expanding
     * @throws ChurnkitException explaining a configuration that would leak or has no fold
     */
    public RollingOriginSplitter(double[] origins, double horizon, boolean expanding, int maxTrainOrigins) {
        if (!(horizon > 0) || Double.isInfinite(horizon)) {
            throw new ChurnkitException("the label horizon must be positive and finite, got " + horizon
                    + ": a zero horizon has no label, a negative one would take labels from before the features");
        }
        for (int i = 0; i < origins.length; i++) {
            if (!Double.isFinite(origins[i]) || (i > 0 && !(origins[i] > origins[i - 1]))) {
                throw new ChurnkitException("origins must be finite and strictly increasing, but origin " + (i + 1)
                        + " is " + origins[i] + (i > 0 ? " after " + origins[i - 1] : ""));
            }
        }
        if (expanding && maxTrainOrigins != 0) {
            throw new ChurnkitException("an expanding window uses every eligible origin; a maximum of "
                    + maxTrainOrigins + " training origins only applies to a sliding window");
        }
        if (!expanding && maxTrainOrigins < 1) {
            throw new ChurnkitException("a sliding window needs at least 1 training origin, got " + maxTrainOrigins);
        }
        this.origins = origins.clone();
        this.horizon = horizon;
        this.expanding = expanding;
        this.maxTrainOrigins = maxTrainOrigins;
        if (folds().isEmpty()) {
            throw new ChurnkitException("no origin has a training origin whose label window (c, c + " + horizon
                    + "] ends by it: with origins " + Arrays.toString(origins) + " the labels of every earlier origin"
                    + " would reach into the test window; space the origins at least the horizon apart");
        }
    }

    /**
     * A fold: indices of the training origins (oldest first) and of the test origin.
     *
     * @param trainOrigins indices of the training origins, oldest first
     * @param testOrigin index of the test origin
     */
    public record Fold(int[] trainOrigins, int testOrigin) {
        /** Copies the training indices. */
        public Fold {
            trainOrigins = trainOrigins.clone();
        }

        /**
         * Indices of the training origins (a copy).
         *
         * @return the indices, oldest first
         */
        @Override
        public int[] trainOrigins() {
            return trainOrigins.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Fold f && f.testOrigin == testOrigin && Arrays.equals(f.trainOrigins, trainOrigins);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(trainOrigins) + testOrigin;
        }

        @Override
        public String toString() {
            return Arrays.toString(trainOrigins) + "->" + testOrigin;
        }
    }

    /**
     * The folds, oldest test origin first; the last is the headline.
     *
     * @return the folds
     */
    public List<Fold> folds() {
        List<Fold> out = new ArrayList<>();
        for (int k = 0; k < origins.length; k++) {
            int eligible = 0;
            while (eligible < k && origins[eligible] + horizon <= origins[k]) {
                eligible++;
            }
            if (eligible == 0) {
                continue;
            }
            int from = expanding ? 0 : Math.max(0, eligible - maxTrainOrigins);
            int[] train = new int[eligible - from];
            for (int j = from; j < eligible; j++) {
                train[j - from] = j;
            }
            out.add(new Fold(train, k));
        }
        return List.copyOf(out);
    }

    /**
     * Origin value of index {@code i}.
     *
     * @param i origin index
     * @return c_i
     */
    public double origin(int i) {
        return origins[i];
    }
}
