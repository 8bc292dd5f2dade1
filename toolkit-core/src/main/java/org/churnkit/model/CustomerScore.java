package org.churnkit.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The scores of one customer ({@link Scoring#score(double, double, double)}): the values of one row
 * of {@link Scores}, computed by the same code, so equal to the batch's to the last bit.
 *
 * <p>Only the scores the {@link ScoringSettings} asked for are present; asking for another is an
 * {@link IllegalStateException}, never a NaN. Immutable.
 */
public final class CustomerScore {
    /** Indices into {@link #v}, in {@link Scores} component order. */
    static final int P_ALIVE = 0;
    static final int EXPECTED = 1;
    static final int SPEND = 2;
    static final int DERT = 3;
    static final int DERT_IF_ALIVE = 4;
    static final int CLV = 5;
    static final int ALIVE_VALUE = 6;
    static final int VALUE_AT_RISK = 7;
    static final int WIDTH = 8;

    private final double[] v;

    /** @param v the values, NaN where absent; owned by this instance */
    CustomerScore(double[] v) {
        this.v = v;
    }

    private double value(int i, String what) {
        double d = v[i];
        if (Double.isNaN(d)) {
            throw new IllegalStateException(what + " was not computed: the scoring settings do not ask for it");
        }
        return d;
    }

    /**
     * P(alive) at the end of observation.
     *
     * @return the probability, in [0, 1]
     */
    public double pAlive() {
        return v[P_ALIVE];
    }

    /**
     * Expected transactions over the horizon of the settings.
     *
     * @return the expected count, {@code >= 0}
     */
    public double expectedTransactions() {
        return v[EXPECTED];
    }

    /**
     * Expected spend per future transaction.
     *
     * @return the spend, in money
     * @throws IllegalStateException without a spend model
     */
    public double expectedSpend() {
        return value(SPEND, ScoreColumn.EXPECTED_SPEND.column());
    }

    /**
     * Discounted expected residual transactions.
     *
     * @return DERT, {@code >= 0}
     * @throws IllegalStateException without discounting
     */
    public double dert() {
        return value(DERT, ScoreColumn.DERT.column());
    }

    /**
     * DERT given alive at the end of observation ({@code dert = pAlive x dertIfAlive}).
     *
     * @return DERT given alive, {@code >= 0}
     * @throws IllegalStateException without discounting
     */
    public double dertIfAlive() {
        return value(DERT_IF_ALIVE, "DERT given alive");
    }

    /**
     * CLV ({@link CustomerValue}).
     *
     * @return the CLV, in money
     * @throws IllegalStateException without a spend model and discounting
     */
    public double clv() {
        return value(CLV, ScoreColumn.CLV.column());
    }

    /**
     * Alive value ({@link CustomerValue}).
     *
     * @return the alive value, in money
     * @throws IllegalStateException without a spend model and discounting
     */
    public double aliveValue() {
        return value(ALIVE_VALUE, ScoreColumn.ALIVE_VALUE.column());
    }

    /**
     * Value at risk ({@link CustomerValue}).
     *
     * @return the value at risk, in money
     * @throws IllegalStateException without a spend model and discounting
     */
    public double valueAtRisk() {
        return value(VALUE_AT_RISK, ScoreColumn.VALUE_AT_RISK.column());
    }

    /**
     * Whether a score column is present.
     *
     * @param column a column
     * @return true when the settings computed it
     */
    public boolean has(ScoreColumn column) {
        int i = index(column);
        return i >= 0 && !Double.isNaN(v[i]);
    }

    /**
     * The value of a score column.
     *
     * @param column a score column
     * @return its value
     * @throws IllegalStateException when the column is absent or not a score
     */
    public double get(ScoreColumn column) {
        int i = index(column);
        if (i < 0) {
            throw new IllegalStateException(column.column() + " is not a score");
        }
        return value(i, column.column());
    }

    /**
     * The score columns present, in score-file order.
     *
     * @return the columns, as {@link Scores#columns()} for the same settings
     */
    public List<ScoreColumn> columns() {
        List<ScoreColumn> out = new ArrayList<>(7);
        for (ScoreColumn c : ScoreColumn.scores()) {
            if (has(c)) {
                out.add(c);
            }
        }
        return List.copyOf(out);
    }

    private static int index(ScoreColumn c) {
        return switch (c) {
            case P_ALIVE -> P_ALIVE;
            case EXPECTED_TRANSACTIONS -> EXPECTED;
            case EXPECTED_SPEND -> SPEND;
            case DERT -> DERT;
            case CLV -> CLV;
            case ALIVE_VALUE -> ALIVE_VALUE;
            case VALUE_AT_RISK -> VALUE_AT_RISK;
            default -> -1;
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CustomerScore s && Arrays.equals(s.v, v);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(v);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("CustomerScore[");
        for (ScoreColumn c : columns()) {
            sb.append(sb.length() > 14 ? ", " : "").append(c.column()).append('=').append(v[index(c)]);
        }
        return sb.append(']').toString();
    }
}
