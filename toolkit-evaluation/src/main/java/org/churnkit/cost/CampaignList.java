package org.churnkit.cost;

import java.util.List;
import java.util.Objects;
import org.churnkit.io.ColumnTable;
import org.churnkit.model.CustomerValue;

/**
 * The one schema of a campaign list ({@code campaign.csv}), written by both {@code churnkit target}
 * and {@code churnkit demo}: every customer, best expected profit first, one row each.
 *
 * <table>
 *   <caption>Columns</caption>
 *   <tr><th>column</th><th>meaning</th><th>unit</th></tr>
 *   <tr><td>{@code rank}</td><td>position in the ranking by expected profit, 1 = best</td><td>integer</td></tr>
 *   <tr><td>id column ({@code customer_id})</td><td>the customer</td><td>text</td></tr>
 *   <tr><td>{@code churn_probability}</td><td>p_i, by default 1 - P(alive)</td><td>probability</td></tr>
 *   <tr><td>{@code value_at_stake}</td><td>V_i, what the offer saves if the customer is a would-be
 *       churner and accepts ({@link CustomerValue}: the alive value)</td><td>money</td></tr>
 *   <tr><td>{@code value_source}</td><td>where V_i came from: a score column ({@code alive_value}), or
 *       {@code clv / p_alive} when derived</td><td>text</td></tr>
 *   <tr><td>{@code expected_profit}</td><td>E[profit_i] of contacting the customer ({@link Targeting})</td><td>money</td></tr>
 *   <tr><td>{@code cumulative_profit}</td><td>sum of expected_profit down to this rank</td><td>money</td></tr>
 *   <tr><td>{@code break_even_probability}</td><td>churn probability above which the contact pays,
 *       or {@code never}</td><td>probability or text</td></tr>
 *   <tr><td>{@code targeted}</td><td>{@code true} for the customers the campaign contacts</td><td>true/false</td></tr>
 * </table>
 */
public final class CampaignList {
    /** Column of the rank (1 = best expected profit). */
    public static final String RANK = "rank";
    /** Column of the churn probability p_i. */
    public static final String CHURN_PROBABILITY = "churn_probability";
    /** Column of the value at stake V_i. */
    public static final String VALUE_AT_STAKE = CustomerValue.VALUE_AT_STAKE_COLUMN;
    /** Column naming where V_i came from. */
    public static final String VALUE_SOURCE = "value_source";
    /** Column of the expected profit of contacting the customer. */
    public static final String EXPECTED_PROFIT = "expected_profit";
    /** Column of the cumulative expected profit down the ranking. */
    public static final String CUMULATIVE_PROFIT = "cumulative_profit";
    /** Column of the break-even churn probability ("never" when no probability makes the contact pay). */
    public static final String BREAK_EVEN_PROBABILITY = "break_even_probability";
    /** Column marking the contacted customers, true or false. */
    public static final String TARGETED = "targeted";
    /** Value source when V_i is derived as CLV / P(alive) from a score file without alive_value. */
    public static final String DERIVED_FROM_CLV = "clv / p_alive";

    private CampaignList() {}

    /**
     * The column names in file order, with {@code idColumn} second.
     *
     * @param idColumn name of the customer id column
     * @return the column names
     */
    public static List<String> columns(String idColumn) {
        return List.of(RANK, idColumn, CHURN_PROBABILITY, VALUE_AT_STAKE, VALUE_SOURCE, EXPECTED_PROFIT,
                CUMULATIVE_PROFIT, BREAK_EVEN_PROBABILITY, TARGETED);
    }

    /**
     * The campaign list of a planned campaign, rows in ranking order.
     *
     * @param idColumn name of the customer id column
     * @param ids customer ids, in input order
     * @param pChurn churn probability per customer, in input order
     * @param valueAtStake value at stake per customer, in input order
     * @param valueSource where the values at stake came from (a column name, or {@link #DERIVED_FROM_CLV})
     * @param campaign the campaign {@link Targeting#plan} made from {@code pChurn} and {@code valueAtStake}
     * @return the table
     * @throws IllegalArgumentException when the arrays' lengths differ from the campaign's
     */
    public static ColumnTable of(String idColumn, String[] ids, double[] pChurn, double[] valueAtStake,
            String valueSource, Targeting.Campaign campaign) {
        Objects.requireNonNull(idColumn, "idColumn");
        Objects.requireNonNull(valueSource, "valueSource");
        int[] ranking = campaign.ranking();
        int n = ranking.length;
        if (ids.length != n || pChurn.length != n || valueAtStake.length != n) {
            throw new IllegalArgumentException("campaign of " + n + " customers, but " + ids.length + " ids, "
                    + pChurn.length + " churn probabilities and " + valueAtStake.length + " values at stake");
        }
        double[] profit = campaign.expectedProfits();
        double[] breakEven = campaign.breakEvenProbabilities();
        long[] rank = new long[n];
        String[] rankedIds = new String[n];
        double[] rp = new double[n];
        double[] rv = new double[n];
        String[] source = new String[n];
        double[] rprofit = new double[n];
        double[] cumulative = new double[n];
        String[] rBreakEven = new String[n];
        String[] targeted = new String[n];
        double cum = 0;
        for (int r = 0; r < n; r++) {
            int i = ranking[r];
            cum += profit[i];
            rank[r] = r + 1;
            rankedIds[r] = ids[i];
            rp[r] = pChurn[i];
            rv[r] = valueAtStake[i];
            source[r] = valueSource;
            rprofit[r] = profit[i];
            cumulative[r] = cum;
            // "never" is not a number, so the column is text in every format.
            rBreakEven[r] = Double.isInfinite(breakEven[i]) ? "never" : Double.toString(breakEven[i]);
            targeted[r] = r < campaign.targetedCount() ? "true" : "false";
        }
        return ColumnTable.builder().addLong(RANK, rank).addString(idColumn, rankedIds)
                .addDouble(CHURN_PROBABILITY, rp).addDouble(VALUE_AT_STAKE, rv).addString(VALUE_SOURCE, source)
                .addDouble(EXPECTED_PROFIT, rprofit).addDouble(CUMULATIVE_PROFIT, cumulative)
                .addString(BREAK_EVEN_PROBABILITY, rBreakEven).addString(TARGETED, targeted).build();
    }
}
