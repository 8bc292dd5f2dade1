package org.churnkit.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Scores of a batch of customers, one column per score, in row order: what {@link Scoring#score}
 * returns. Columns the {@link ScoringSettings} did not ask for are {@code null};
 * {@link #columns()} lists those present, in score-file order.
 *
 * <p>The arrays are handed over, not copied: {@link Scoring} creates them for this result and keeps
 * no reference, and the accessors return them as they are (copying million-row columns on every
 * access would cost more than scoring). Whoever changes one changes this result. {@code equals}
 * and {@code hashCode} compare the values ({@link Arrays#equals(double[], double[])}, so NaN
 * equals NaN and 0.0 differs from -0.0).
 *
 * @param pAlive P(alive) at the end of observation
 * @param expectedTransactions expected transactions over the horizon
 * @param expectedSpend expected spend per future transaction, or {@code null} without a spend model
 * @param dert discounted expected residual transactions, or {@code null} without discounting
 * @param dertIfAlive DERT given alive at the end of observation ({@code dert = pAlive x dertIfAlive}),
 *     or {@code null} without discounting; not a file column
 * @param clv margin x expected spend x DERT ({@link CustomerValue#clv}), or {@code null} without a
 *     spend model and discounting
 * @param aliveValue margin x expected spend x DERT given alive ({@link CustomerValue#aliveValue});
 *     {@code null} exactly when {@code clv} is
 * @param valueAtRisk (1 - P(alive)) x alive value ({@link CustomerValue#valueAtRisk}); {@code null}
 *     exactly when {@code clv} is
 */
public record Scores(double[] pAlive, double[] expectedTransactions, double[] expectedSpend, double[] dert,
                     double[] dertIfAlive, double[] clv, double[] aliveValue, double[] valueAtRisk) {

    /**
     * Checks that the columns present have one length.
     *
     * @throws IllegalArgumentException when P(alive) or expected transactions is missing or a
     *     column's length differs
     */
    public Scores {
        Objects.requireNonNull(pAlive, "pAlive");
        Objects.requireNonNull(expectedTransactions, "expectedTransactions");
        for (double[] c : new double[][] {expectedTransactions, expectedSpend, dert, dertIfAlive, clv, aliveValue,
            valueAtRisk}) {
            if (c != null && c.length != pAlive.length) {
                throw new IllegalArgumentException("score columns differ in length: " + c.length + " and " + pAlive.length);
            }
        }
    }

    /**
     * Number of customers.
     *
     * @return the number of rows
     */
    public int size() {
        return pAlive.length;
    }

    /**
     * The score columns present, in the order a score file holds them.
     *
     * @return a subset of {@link ScoreColumn#scores()}
     */
    public List<ScoreColumn> columns() {
        List<ScoreColumn> out = new ArrayList<>(7);
        for (ScoreColumn c : ScoreColumn.scores()) {
            if (get(c) != null) {
                out.add(c);
            }
        }
        return List.copyOf(out);
    }

    /**
     * The values of a score column (the array itself, see the class documentation).
     *
     * @param column a score column
     * @return its values, or {@code null} when absent or not a score ({@link ScoreColumn#isScore()})
     */
    public double[] get(ScoreColumn column) {
        return switch (column) {
            case P_ALIVE -> pAlive;
            case EXPECTED_TRANSACTIONS -> expectedTransactions;
            case EXPECTED_SPEND -> expectedSpend;
            case DERT -> dert;
            case CLV -> clv;
            case ALIVE_VALUE -> aliveValue;
            case VALUE_AT_RISK -> valueAtRisk;
            default -> null;
        };
    }

    private double[][] all() {
        return new double[][] {pAlive, expectedTransactions, expectedSpend, dert, dertIfAlive, clv, aliveValue, valueAtRisk};
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Scores s)) {
            return false;
        }
        double[][] a = all();
        double[][] b = s.all();
        for (int i = 0; i < a.length; i++) {
            if (!Arrays.equals(a[i], b[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(all());
    }

    /** The columns present and the first values of each (at most five): scores can have a million rows. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Scores[").append(size()).append(" customers");
        for (ScoreColumn c : columns()) {
            sb.append(", ").append(c.column()).append('=').append(head(get(c)));
        }
        if (dertIfAlive != null) {
            sb.append(", dertIfAlive=").append(head(dertIfAlive));
        }
        return sb.append(']').toString();
    }

    private static String head(double[] v) {
        int k = Math.min(5, v.length);
        String s = Arrays.toString(Arrays.copyOf(v, k));
        return k < v.length ? s.substring(0, s.length() - 1) + ", ...]" : s;
    }
}
