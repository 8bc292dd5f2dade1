package org.churnkit.labels;

import java.util.Objects;

/**
 * Fits a classifier of a binary label to weighted rows: the hook through which a label audit
 * ({@link OutOfSample#kFold}) and the cleaning comparison ({@link CleaningEffect}) train any model.
 * The gradient-boosted baseline of the toolkit-learn module, which this module cannot see, plugs in
 * through {@link #of}; {@link #logit} is the toolkit's own ridge logistic regression.
 */
@FunctionalInterface
public interface AuditTrainer {

    /** A fitted classifier. */
    @FunctionalInterface
    interface Model {
        /**
         * Probability of label 1 per row.
         *
         * @param x features, one row per case, as many columns as the training rows had
         * @return one probability in [0, 1] per row
         */
        double[] probabilityOfOne(double[][] x);
    }

    /**
     * Fits the classifier.
     *
     * @param x features, one row per case, finite
     * @param y labels, 0 or 1, both present
     * @param weights case weights, finite and {@code >= 0}; a trainer that does not
     *     {@link #usesWeights() use weights} is only ever given weights of 1
     * @return the fitted classifier
     */
    Model train(double[][] x, int[] y, double[] weights);

    /**
     * Whether {@link #train} honours case weights; when it does not, the reweighting arm of
     * {@link CleaningEffect} is not run.
     *
     * @return true by default
     */
    default boolean usesWeights() {
        return true;
    }

    /**
     * Name of the model, for outputs.
     *
     * @return the name, {@code model} by default
     */
    default String name() {
        return "model";
    }

    /**
     * The ridge logistic regression of {@link AuditLogit}, which honours weights.
     *
     * @param options its options
     * @return the trainer, named {@code logit}
     */
    static AuditTrainer logit(AuditLogit.Options options) {
        Objects.requireNonNull(options, "options");
        return new AuditTrainer() {
            @Override
            public Model train(double[][] x, int[] y, double[] weights) {
                return AuditLogit.fit(x, y, weights, options)::probabilityOfOne;
            }

            @Override
            public String name() {
                return "logit";
            }
        };
    }

    /**
     * A named trainer from a function.
     *
     * @param name name of the model, for outputs
     * @param usesWeights whether {@code fit} honours case weights
     * @param fit fits the classifier
     * @return the trainer
     */
    static AuditTrainer of(String name, boolean usesWeights, AuditTrainer fit) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(fit, "fit");
        return new AuditTrainer() {
            @Override
            public Model train(double[][] x, int[] y, double[] weights) {
                return fit.train(x, y, weights);
            }

            @Override
            public boolean usesWeights() {
                return usesWeights;
            }

            @Override
            public String name() {
                return name;
            }
        };
    }
}
