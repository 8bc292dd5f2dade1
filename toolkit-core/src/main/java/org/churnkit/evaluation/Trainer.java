package org.churnkit.evaluation;

import java.util.Objects;
import java.util.function.Function;
import org.churnkit.model.Histories;
import org.churnkit.model.TransactionModel;

/**
 * Builds a transaction model from the calibration part of a split: the hook through which a
 * backtest plugs in a fitter (the split's holdout is never shown to a trainer made by
 * {@link #of(String, Function)}, which sees the calibration histories only).
 */
public interface Trainer {

    /** Label of the model in results, e.g. {@code pareto-nbd}. */
    String name();

    /** Whether this is a naive baseline rather than a model. */
    default boolean isBaseline() {
        return false;
    }

    /** Builds the model from data up to the origin. */
    TransactionModel train(HoldoutSplit split);

    /** A trainer from a fitting function of the calibration histories. */
    static Trainer of(String name, Function<Histories, ? extends TransactionModel> fit) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(fit, "fit");
        return new Trainer() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public TransactionModel train(HoldoutSplit split) {
                return fit.apply(split.calibration());
            }

            @Override
            public String toString() {
                return "Trainer[" + name + "]";
            }
        };
    }

    /** The {@link EveryoneStays} baseline. */
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
            public TransactionModel train(HoldoutSplit split) {
                return EveryoneStays.of(split.calibration());
            }
        };
    }

    /** The {@link LastPeriodRate} baseline; needs splits with recent activity. */
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
            public TransactionModel train(HoldoutSplit split) {
                return LastPeriodRate.of(split);
            }
        };
    }
}
