package org.churnkit.cost;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.churnkit.data.CustomerIds;
import org.churnkit.data.SummaryValidator;
import org.churnkit.io.BadInputException;
import org.churnkit.io.ColumnTable;
import org.churnkit.io.ColumnType;
import org.churnkit.io.TableIO;
import org.churnkit.model.CustomerValue;

/**
 * The customers a retention campaign is planned for ({@link Targeting}), from a score file: each
 * customer's id, churn probability p_i and value at stake V_i, with the column V_i came from.
 *
 * <p>p_i is {@code 1 - p_alive} unless a churn column is named; it must lie in [0, 1]. V_i is the
 * named value column, else {@code alive_value} (the CLV the customer would have if still active),
 * else derived as {@code clv / p_alive} ({@link CustomerValue#fromClv}); it must be at most
 * {@link SummaryValidator#MAX_MONEY} in magnitude, as sums of larger values overflow in the
 * campaign's totals. Every violation is a {@link BadInputException} naming file, line and column.
 *
 * <p>Immutable; the array accessors return copies.
 */
public final class TargetingInput {

    /**
     * The score file's columns.
     *
     * @param id customer id column
     * @param churn column holding the churn probability itself, or {@code null} for {@code 1 - p_alive}
     * @param value column holding the value at stake, or {@code null} for {@code alive_value}, else
     *     {@code clv / p_alive}
     */
    public record Columns(String id, String churn, String value) {
        /**
         * Checks the id column is named.
         *
         * @throws NullPointerException when id is null
         */
        public Columns {
            Objects.requireNonNull(id, "id");
        }
    }

    private final String[] ids;
    private final double[] churnProbability;
    private final double[] valueAtStake;
    private final String valueSource;

    private TargetingInput(String[] ids, double[] churnProbability, double[] valueAtStake, String valueSource) {
        this.ids = ids;
        this.churnProbability = churnProbability;
        this.valueAtStake = valueAtStake;
        this.valueSource = valueSource;
    }

    /**
     * Reads the score file's table with the named columns (and every other column, for the default
     * value at stake); {@link #of} then checks it.
     *
     * @param file the score file (CSV, text, Parquet or Arrow by extension)
     * @param c the columns
     * @return the table, with at least one row
     * @throws BadInputException naming file and column of a missing column, or the file when it has no data rows
     */
    public static ColumnTable readTable(Path file, Columns c) {
        Map<String, ColumnType> need = new LinkedHashMap<>();
        need.put(c.id(), ColumnType.STRING);
        need.put(c.churn() != null ? c.churn() : "p_alive", ColumnType.DOUBLE);
        if (c.value() != null) {
            need.put(c.value(), ColumnType.DOUBLE);
        }
        ColumnTable in = TableIO.read(file, null, need, true);
        if (in.rowCount() == 0) {
            throw BadInputException.at(file, 0, null, "no data rows: expected a header and at least one customer");
        }
        return in;
    }

    /**
     * The campaign's input from a score table read by {@link #readTable}.
     *
     * @param in the table (its source and lines locate errors)
     * @param c the columns
     * @return the normalised ids, churn probabilities and values at stake
     * @throws BadInputException naming file, line and column of an invalid id, a probability
     *     outside [0, 1], a value that is not a finite number or is beyond 1e15, or naming the file
     *     when it has no value at stake
     */
    public static TargetingInput of(ColumnTable in, Columns c) {
        Path file = in.source();
        String[] ids = in.strings(c.id()).clone();
        for (int i = 0; i < ids.length; i++) {
            ids[i] = CustomerIds.normalize(ids[i], file, in.line(i), c.id());
        }
        String pColumn = c.churn() != null ? c.churn() : "p_alive";
        double[] source = in.finiteDoubles(pColumn);
        double[] p = new double[source.length];
        for (int i = 0; i < p.length; i++) {
            if (!(source[i] >= 0 && source[i] <= 1)) {
                throw BadInputException.at(file, in.line(i), pColumn, "expected a probability in [0, 1], found "
                        + BadInputException.quote(in.cell(pColumn, i)));
            }
            p[i] = c.churn() != null ? source[i] : 1 - source[i];
        }
        String valueSource;
        double[] value;
        if (c.value() != null) {
            valueSource = c.value();
            value = in.finiteDoubles(c.value());
        } else if (in.has(CustomerValue.ALIVE_VALUE_COLUMN)) {
            valueSource = CustomerValue.ALIVE_VALUE_COLUMN;
            value = in.finiteDoubles(CustomerValue.ALIVE_VALUE_COLUMN);
        } else if (in.has(CustomerValue.CLV_COLUMN) && in.has("p_alive")) {
            valueSource = CampaignList.DERIVED_FROM_CLV;
            double[] clv = in.finiteDoubles(CustomerValue.CLV_COLUMN);
            double[] pAlive = in.finiteDoubles("p_alive");
            value = new double[clv.length];
            for (int i = 0; i < value.length; i++) {
                try {
                    value[i] = CustomerValue.fromClv(clv[i], pAlive[i]).valueAtStake();
                } catch (IllegalArgumentException e) {
                    throw BadInputException.at(file, in.line(i), CustomerValue.CLV_COLUMN, e.getMessage());
                }
            }
        } else {
            throw BadInputException.at(file, 1, null, "no value at stake: expected an alive_value column (churnkit "
                    + "score --spend-model writes it), or clv and p_alive columns, or name one with --value-column");
        }
        // sums of larger values overflow to infinity in the campaign's totals
        Checks.money(in, value, CampaignList.DERIVED_FROM_CLV.equals(valueSource) ? CustomerValue.CLV_COLUMN : valueSource);
        return new TargetingInput(ids, p, value, valueSource);
    }

    /**
     * Number of customers.
     *
     * @return the row count
     */
    public int size() {
        return ids.length;
    }

    /**
     * The customers' ids (trimmed).
     *
     * @return a copy of the ids
     */
    public String[] ids() {
        return ids.clone();
    }

    /**
     * Churn probability p_i per customer, in [0, 1].
     *
     * @return a copy of the probabilities
     */
    public double[] churnProbability() {
        return churnProbability.clone();
    }

    /**
     * Value at stake V_i per customer, money, finite and at most 1e15 in magnitude.
     *
     * @return a copy of the values
     */
    public double[] valueAtStake() {
        return valueAtStake.clone();
    }

    /**
     * Where V_i came from: the named value column, {@code alive_value}, or
     * {@link CampaignList#DERIVED_FROM_CLV}.
     *
     * @return the source's name, as the campaign list's {@code value_source} column writes it
     */
    public String valueSource() {
        return valueSource;
    }
}
