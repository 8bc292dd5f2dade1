package org.churnkit.model;

import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * A likelihood that counts the rows it evaluates and otherwise is the one it wraps: the cost of a
 * fit in passes over the data ({@code rows / n} for {@code n} rows), which, unlike a time, does not
 * depend on the machine or its load. It is how a warm refit is compared with a full fit.
 *
 * <p>Thread-safe, as the fitter requires: the count is a {@link LongAdder}, which the fitter's
 * threads add to without contention.
 *
 * @param <M> the model the wrapped likelihood creates
 */
public final class CountingLikelihood<M extends FittedModel> implements LikelihoodFunction<M> {
    private final LikelihoodFunction<M> inner;
    private final LongAdder rows = new LongAdder();

    private CountingLikelihood(LikelihoodFunction<M> inner) {
        this.inner = inner;
    }

    /**
     * Wraps a likelihood.
     *
     * @param inner the likelihood whose row evaluations are counted
     * @param <M> the model it creates
     * @return the counting likelihood, its count at zero
     * @throws NullPointerException if {@code inner} is null
     */
    public static <M extends FittedModel> CountingLikelihood<M> of(LikelihoodFunction<M> inner) {
        return new CountingLikelihood<>(Objects.requireNonNull(inner, "inner"));
    }

    /**
     * The rows evaluated since the last call (or since creation), and starts a new count.
     *
     * @return the rows evaluated, a row evaluated twice counted twice
     */
    public long rowsThenReset() {
        return rows.sumThenReset();
    }

    /**
     * The passes over {@code n} rows made since the last count was taken, and starts a new count.
     *
     * @param n the rows in the data (distinct rows when the histories are compressed)
     * @return {@code rows / n}
     * @throws IllegalArgumentException if {@code n} is not positive
     */
    public double passesThenReset(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("rows must be positive: " + n);
        }
        return rows.sumThenReset() / (double) n;
    }

    @Override
    public ModelKind kind() {
        return inner.kind();
    }

    @Override
    public double logLikelihood(double[] params, Histories data, int from, int to, double[] gradient) {
        rows.add(to - from);
        return inner.logLikelihood(params, data, from, to, gradient);
    }

    @Override
    public boolean hasGradient() {
        return inner.hasGradient();
    }

    @Override
    public double[][] startingPoints(Histories data) {
        return inner.startingPoints(data);
    }

    @Override
    public M create(double[] params, FitSummary fit) {
        return inner.create(params, fit);
    }
}
