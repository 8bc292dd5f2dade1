package org.churnkit.model;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Per-customer prediction intervals of the score columns, with the point scores they surround:
 * what {@link PredictionIntervals#score} returns. For each score column {@code c} of
 * {@link #point()} there is a lower and an upper end ({@link #lower}, {@link #upper}, written as
 * {@code c_lower} and {@code c_upper}: {@link #lowerColumn}, {@link #upperColumn}), the quantiles of
 * the column over the parameter draws at {@code (1 - level)/2} and {@code (1 + level)/2}. They state
 * how uncertain the <em>expected</em> value is because the parameters were estimated, not what the
 * customer will do (that spread is {@link PredictiveDistribution}).
 *
 * <p>The point is the score at the estimate (equal to {@link Scoring#score}'s column exactly); with
 * few draws or skewed columns it need not be the middle of the interval, and with a tiny parameter
 * uncertainty it may even lie a rounding error outside it.
 *
 * <p>Arrays are handed over as {@link Scores} hands them over (not copied).
 */
public final class ScoreIntervals {
    private final Scores point;
    private final Map<ScoreColumn, double[]> lower;
    private final Map<ScoreColumn, double[]> upper;
    private final double level;
    private final ParameterDraws.Method method;
    private final int draws;
    private final Band total;

    /**
     * An aggregate forecast with its interval.
     *
     * @param estimate the value at the estimate
     * @param lower the quantile over the draws at {@code (1 - level)/2}
     * @param upper the quantile over the draws at {@code (1 + level)/2}
     */
    public record Band(double estimate, double lower, double upper) {
    }

    ScoreIntervals(Scores point, Map<ScoreColumn, double[]> lower, Map<ScoreColumn, double[]> upper, double level,
                   ParameterDraws.Method method, int draws, Band total) {
        this.point = point;
        this.lower = new EnumMap<>(lower);
        this.upper = new EnumMap<>(upper);
        this.level = level;
        this.method = method;
        this.draws = draws;
        this.total = total;
    }

    /**
     * The file name of a column's lower end, e.g. {@code clv_lower}.
     *
     * @param c a score column
     * @return the column name
     */
    public static String lowerColumn(ScoreColumn c) {
        return lowerColumn(c.column());
    }

    /**
     * The file name of the lower end of a column named outside {@link ScoreColumn} (the
     * contractual models' {@code p_renewal}, for instance): {@code column + "_lower"}.
     *
     * @param column a score column's file name
     * @return the column name
     */
    public static String lowerColumn(String column) {
        return column + "_lower";
    }

    /**
     * The file name of a column's upper end, e.g. {@code clv_upper}.
     *
     * @param c a score column
     * @return the column name
     */
    public static String upperColumn(ScoreColumn c) {
        return upperColumn(c.column());
    }

    /**
     * The file name of the upper end of a column named outside {@link ScoreColumn}:
     * {@code column + "_upper"}.
     *
     * @param column a score column's file name
     * @return the column name
     */
    public static String upperColumn(String column) {
        return column + "_upper";
    }

    /**
     * The scores at the estimate.
     *
     * @return the point scores
     */
    public Scores point() {
        return point;
    }

    /**
     * The columns with intervals, in score-file order.
     *
     * @return the point's columns
     */
    public List<ScoreColumn> columns() {
        return point.columns();
    }

    /**
     * Lower ends of a column (the array itself).
     *
     * @param c a score column of {@link #columns()}
     * @return one value per customer
     * @throws IllegalArgumentException when the column was not computed
     */
    public double[] lower(ScoreColumn c) {
        return get(lower, c);
    }

    /**
     * Upper ends of a column (the array itself).
     *
     * @param c a score column of {@link #columns()}
     * @return one value per customer
     * @throws IllegalArgumentException when the column was not computed
     */
    public double[] upper(ScoreColumn c) {
        return get(upper, c);
    }

    private static double[] get(Map<ScoreColumn, double[]> m, ScoreColumn c) {
        double[] v = m.get(Objects.requireNonNull(c, "column"));
        if (v == null) {
            throw new IllegalArgumentException("no interval for " + c.column() + "; computed: " + m.keySet());
        }
        return v;
    }

    /**
     * The level, e.g. 0.9.
     *
     * @return the level
     */
    public double level() {
        return level;
    }

    /**
     * How the parameter draws were made.
     *
     * @return the method
     */
    public ParameterDraws.Method method() {
        return method;
    }

    /**
     * Number of parameter draws.
     *
     * @return the count
     */
    public int draws() {
        return draws;
    }

    /**
     * Total expected transactions of all customers over the horizon (weights counted), with its
     * interval: the sum of {@code expected_transactions} at each draw, then its quantiles (not the
     * sum of the per-customer ends, which would overstate it).
     *
     * @return the band
     */
    public Band totalExpectedTransactions() {
        return total;
    }

    @Override
    public String toString() {
        return "ScoreIntervals[" + point.size() + " customers, " + level + " from " + draws + " " + method
                + " draws, total expected transactions " + total + "]";
    }
}
