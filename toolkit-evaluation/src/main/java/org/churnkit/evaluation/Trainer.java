package org.churnkit.evaluation;

import java.util.Objects;
import java.util.function.Function;
import org.churnkit.model.Histories;
import org.churnkit.model.LikelihoodFunction;
import org.churnkit.model.ModelFitter;
import org.churnkit.model.ModelKind;
import org.churnkit.model.ModelRegistry;
import org.churnkit.model.TransactionModel;
import org.churnkit.model.TransactionPredictor;

/**
 * Builds a transaction model from the calibration part of a split: the hook through which a
 * backtest plugs in a fitter (the split's holdout is never shown to a trainer made by
 * {@link #of(String, Function)}, which sees the calibration histories only).
 */
public interface Trainer {

    /**
     * Label of the model in results, e.g. {@code pareto-nbd}.
     *
     * @return the label
     */
    String name();

    /**
     * Whether this is a naive baseline rather than a model.
     *
     * @return true for a baseline
     */
    default boolean isBaseline() {
        return false;
    }

    /**
     * Builds the model from data up to the origin.
     *
     * @param split the calibration data (and, for baselines, recent activity)
     * @return the trained model
     */
    TransactionPredictor train(HoldoutSplit split);

    /**
     * A trainer from a fitting function of the calibration histories.
     *
     * @param name label of the model in results
     * @param fit fits a model to calibration histories
     * @return the trainer
     */
    static Trainer of(String name, Function<Histories, ? extends TransactionPredictor> fit) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(fit, "fit");
        return new Trainer() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public TransactionPredictor train(HoldoutSplit split) {
                return fit.apply(split.calibration());
            }

            @Override
            public String toString() {
                return "Trainer[" + name + "]";
            }
        };
    }

    /**
     * A trainer that fits {@code kind} by maximum likelihood with {@link ModelFitter} on the
     * calibration histories, named by the kind's id ({@code pareto-nbd}, ...).
     *
     * @throws IllegalArgumentException if {@code kind} is not a transaction model (Gamma-Gamma)
     * @param kind the model family
     * @param fitter the optimiser
     * @return the trainer
     */
    static Trainer fitted(ModelKind kind, ModelFitter fitter) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(fitter, "fitter");
        if (kind.isSpendModel()) {
            throw new IllegalArgumentException(kind.id() + " models spend, not transactions: it cannot be backtested on"
                    + " transaction counts");
        }
        LikelihoodFunction<?> likelihood = ModelRegistry.likelihood(kind);
        // every kind but the spend model predicts transactions
        return of(kind.id(), h -> fitter.fitOrThrow(likelihood, h).model(TransactionModel.class));
    }

    /**
     * The {@link EveryoneStays} baseline.
     *
     * @return the trainer
     */
    static Trainer everyoneStays() {
        return new Trainer() {
            @Override
            public String name() {
                return EveryoneStays.NAME;
            }

            @Override
            public boolean isBaseline() {
                return true;
            }

            @Override
            public TransactionPredictor train(HoldoutSplit split) {
                return EveryoneStays.of(split.calibration());
            }
        };
    }

    /**
     * The {@link LastPeriodRate} baseline; needs splits with recent activity.
     *
     * @return the trainer
     */
    static Trainer lastPeriodRate() {
        return new Trainer() {
            @Override
            public String name() {
                return LastPeriodRate.NAME;
            }

            @Override
            public boolean isBaseline() {
                return true;
            }

            @Override
            public TransactionPredictor train(HoldoutSplit split) {
                return LastPeriodRate.of(split);
            }
        };
    }
}
