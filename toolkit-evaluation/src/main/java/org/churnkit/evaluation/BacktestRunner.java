package org.churnkit.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.churnkit.ChurnkitException;
import org.churnkit.model.FitSummary;
import org.churnkit.model.TransactionPredictor;

/**
 * Runs a rolling-origin backtest: at every origin of an {@link OriginPlan}, asks the caller for the
 * split at that origin (calibration histories from data up to the origin, holdout actuals from the
 * test window), builds every model and the naive baselines from the calibration part alone, and
 * validates each on the holdout ({@link HoldoutValidation}). The most recent origin is the
 * headline. A model that fails to fit or to predict is recorded as failed, with the reason, and the
 * backtest goes on: a model that cannot be fitted on some origin is itself a finding.
 *
 * <p>Origins run one after the other; within an origin the per-customer work runs on all cores.
 * Per-customer predictions are not kept, so memory stays at the split's arrays.
 */
public final class BacktestRunner {
    private final int lastBucket;
    private final boolean baselines;

    private BacktestRunner(int lastBucket, boolean baselines) {
        this.lastBucket = lastBucket;
        this.baselines = baselines;
    }

    /**
     * Frequency buckets {@code 0..7+}, baselines included.
     *
     * @return the runner
     */
    public static BacktestRunner of() {
        return new BacktestRunner(HoldoutValidation.DEFAULT_LAST_BUCKET, true);
    }

    /**
     * A runner with these settings.
     *
     * @param lastBucket last calibration frequency bucket of the histograms, {@code >= 1}
     * @param baselines whether to add {@link EveryoneStays} and (when the split has recent activity)
     *     {@link LastPeriodRate} beside the models
     * @return the runner
     */
    public static BacktestRunner of(int lastBucket, boolean baselines) {
        if (lastBucket < 1) {
            throw new IllegalArgumentException("the last frequency bucket must be >= 1, got " + lastBucket);
        }
        return new BacktestRunner(lastBucket, baselines);
    }

    /**
     * Trains and validates every model at every origin of the plan.
     *
     * @param plan the origins
     * @param data the split at an origin: calibration from data in {@code [trainStart, origin]},
     *     holdout from the test window; must not look past the test window
     * @param models trainers of the models to compare
     * @throws ChurnkitException if a split cannot be built (the data function's errors pass through)
     * @return the outcomes per origin
     */
    public BacktestResult run(OriginPlan plan, Function<OriginPlan.PlannedOrigin, HoldoutSplit> data,
                              List<Trainer> models) {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(data, "data");
        List<Trainer> all = new ArrayList<>(models);
        if (baselines) {
            all.add(Trainer.everyoneStays());
            all.add(Trainer.lastPeriodRate());
        }
        List<String> names = new ArrayList<>();
        for (Trainer t : all) {
            if (names.contains(t.name())) {
                throw new IllegalArgumentException("two models are named '" + t.name() + "'");
            }
            names.add(t.name());
        }
        List<BacktestResult.OriginResult> results = new ArrayList<>();
        for (OriginPlan.PlannedOrigin origin : plan.origins()) {
            HoldoutSplit split = data.apply(origin);
            if (split == null) {
                throw new ChurnkitException("no data for origin " + origin.origin());
            }
            checkWithinPlan(origin, split);
            List<ModelOutcome> outcomes = new ArrayList<>();
            for (Trainer t : all) {
                if (t.isBaseline() && t.name().equals(LastPeriodRate.NAME) && !split.hasRecentActivity()) {
                    outcomes.add(ModelOutcome.failed(t.name(), true,
                            "the split at this origin has no recent activity to carry forward", 0));
                    continue;
                }
                outcomes.add(evaluate(t, split));
            }
            results.add(new BacktestResult.OriginResult(origin, split.size(), outcomes));
        }
        return new BacktestResult(plan, results);
    }

    private ModelOutcome evaluate(Trainer t, HoldoutSplit split) {
        long start = System.nanoTime();
        TransactionPredictor model;
        try {
            model = t.train(split);
        } catch (ChurnkitException | ArithmeticException | IllegalArgumentException e) {
            return ModelOutcome.failed(t.name(), t.isBaseline(), "fit failed: " + e.getMessage(),
                    (System.nanoTime() - start) * 1e-9);
        }
        double seconds = (System.nanoTime() - start) * 1e-9;
        try {
            HoldoutResult r = HoldoutValidation.of(t.name(), model, split, lastBucket, false);
            List<String> names = List.copyOf(model.parameters().keySet());
            double[] se = model.fit().map(FitSummary::standardErrors).orElse(null);
            if (se != null && se.length != names.size()) {
                se = null;
            }
            return new ModelOutcome(t.name(), t.isBaseline(), r, null, names, model.parameterArray(), se, seconds)
                    .withFit(model.fit().orElse(null));
        } catch (ChurnkitException | ArithmeticException | IllegalArgumentException e) {
            return ModelOutcome.failed(t.name(), t.isBaseline(), "prediction failed: " + e.getMessage(), seconds);
        }
    }

    /**
     * Refuses a split that does not respect its planned windows: a holdout that starts before the
     * test window or runs past it, or calibration histories older than the calibration window.
     */
    static void checkWithinPlan(OriginPlan.PlannedOrigin origin, HoldoutSplit split) {
        // Relative slack for times computed from dates in floating point (days / 7 and the like).
        double slack = 1e-9 * Math.max(1.0, Math.abs(origin.testEnd()));
        double plannedGap = origin.testStart() - origin.origin();
        if (Math.abs(split.gap() - plannedGap) > slack) {
            throw new ChurnkitException("the split at origin " + origin.origin() + " has a holdout gap of " + split.gap()
                    + " but the plan's test window starts " + plannedGap + " after the origin");
        }
        double window = origin.origin() - origin.trainStart();
        for (int i = 0; i < split.size(); i++) {
            if (split.holdoutDuration(i) > origin.horizon() + slack) {
                throw new ChurnkitException("the holdout of " + split.calibration().describe(i) + " at origin "
                        + origin.origin() + " lasts " + split.holdoutDuration(i) + ", past the planned test window of "
                        + origin.horizon() + ": its labels would come from after the test window");
            }
            if (split.calibration().age(i) > window + slack) {
                throw new ChurnkitException("the calibration history of " + split.calibration().describe(i)
                        + " at origin " + origin.origin() + " spans " + split.calibration().age(i)
                        + ", longer than the calibration window [" + origin.trainStart() + ", " + origin.origin() + "]");
            }
        }
    }

    /** Outcome of {@code model} at every origin, oldest first (empty where absent). */
    static List<Optional<ModelOutcome>> across(BacktestResult result, String model) {
        return result.origins().stream().map(o -> o.outcome(model)).toList();
    }
}
