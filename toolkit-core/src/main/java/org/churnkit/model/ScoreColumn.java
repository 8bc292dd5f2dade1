package org.churnkit.model;

import java.util.List;

/**
 * The one schema of a score file: every column {@code churnkit score}, the demo and the Spark job
 * write, with its name, unit and meaning. Writers take the names from here and readers
 * (segmentation, report, targeting) look them up here, so a column is spelled in one place.
 *
 * <p>A score file holds, in this order: {@link #CUSTOMER_ID}; the {@linkplain #isScore() scores}
 * that the {@link ScoringSettings} ask for ({@link Scores#columns()}); then the history
 * {@link #FREQUENCY}, {@link #RECENCY}, {@link #AGE} and, when known, {@link #MONETARY_VALUE}.
 * The money columns are defined in {@link CustomerValue}, whose definitions this schema reuses.
 */
public enum ScoreColumn {
    /** Customer id, as in the input. */
    CUSTOMER_ID("customer_id", Unit.TEXT, "The customer's id, as in the input."),
    /** P(alive) at the end of observation. */
    P_ALIVE("p_alive", Unit.PROBABILITY, "The probability that a customer is still a customer at the end of "
            + "observation, given how often and how recently they bought."),
    /** Expected transactions over the scoring horizon. */
    EXPECTED_TRANSACTIONS("expected_transactions", Unit.TRANSACTIONS, "How many purchases the model expects from "
            + "a customer over the scoring horizon, allowing for the chance that they have left."),
    /** Expected spend per future transaction (Gamma-Gamma). */
    EXPECTED_SPEND("expected_spend", Unit.MONEY, "The amount the customer is expected to spend per future "
            + "purchase, from their past purchases shrunk towards the population mean."),
    /** Discounted expected residual transactions. */
    DERT("dert", Unit.DISCOUNTED_TRANSACTIONS, "Discounted expected residual transactions: all future purchases "
            + "the model expects, each discounted to today, allowing for the chance that the customer has left."),
    /** Customer lifetime value ({@link CustomerValue}). */
    CLV(CustomerValue.CLV_COLUMN, Unit.MONEY, CustomerValue.CLV_DEFINITION),
    /** Alive value: CLV of a customer known to be alive ({@link CustomerValue}). */
    ALIVE_VALUE(CustomerValue.ALIVE_VALUE_COLUMN, Unit.MONEY, CustomerValue.ALIVE_VALUE_DEFINITION),
    /** Value at risk: alive value - CLV ({@link CustomerValue}). */
    VALUE_AT_RISK(CustomerValue.VALUE_AT_RISK_COLUMN, Unit.MONEY, CustomerValue.VALUE_AT_RISK_DEFINITION),
    /** Repeat transactions x. */
    FREQUENCY("frequency", Unit.TRANSACTIONS, "Number of purchases after the first one, in the observed period."),
    /** Recency t_x: time of the last transaction since the first. */
    RECENCY("recency", Unit.TIME, "When the last purchase happened, counted from the customer's first purchase."),
    /** Age T: time from the first transaction to the end of observation. */
    AGE("T", Unit.TIME, "Time from the customer's first purchase to the end of observation."),
    /** Mean repeat-transaction value. */
    MONETARY_VALUE("monetary_value", Unit.MONEY, "The customer's mean spend per repeat purchase.");

    /** The unit of a column's values. */
    public enum Unit {
        /** Text, no unit. */
        TEXT,
        /** A probability in [0, 1]. */
        PROBABILITY,
        /** A count of transactions (expected counts are not whole). */
        TRANSACTIONS,
        /** A count of transactions, each discounted to the end of observation. */
        DISCOUNTED_TRANSACTIONS,
        /** The model's time unit (opportunities for BG/BB). */
        TIME,
        /** The money unit of the spend data. */
        MONEY
    }

    private static final List<ScoreColumn> SCORES = List.of(P_ALIVE, EXPECTED_TRANSACTIONS, EXPECTED_SPEND, DERT, CLV,
            ALIVE_VALUE, VALUE_AT_RISK);

    private final String column;
    private final Unit unit;
    private final String definition;

    ScoreColumn(String column, Unit unit, String definition) {
        this.column = column;
        this.unit = unit;
        this.definition = definition;
    }

    /**
     * The name in files, e.g. {@code p_alive}.
     *
     * @return the column name
     */
    public String column() {
        return column;
    }

    /**
     * The unit of the values.
     *
     * @return the unit
     */
    public Unit unit() {
        return unit;
    }

    /**
     * A plain-language definition, for glossaries and help text.
     *
     * @return one or two sentences
     */
    public String definition() {
        return definition;
    }

    /**
     * Whether the column is a model score (as opposed to the id or the customer's history).
     *
     * @return true for {@code p_alive} to {@code value_at_risk}
     */
    public boolean isScore() {
        return SCORES.contains(this);
    }

    /**
     * The score columns in the order a score file holds them.
     *
     * @return {@code p_alive, expected_transactions, expected_spend, dert, clv, alive_value, value_at_risk}
     */
    public static List<ScoreColumn> scores() {
        return SCORES;
    }

    /**
     * The column with this file name, exactly as written (case matters: {@code T} is the age).
     *
     * @param column a column name, e.g. {@code clv}
     * @return the column
     * @throws IllegalArgumentException naming the known columns when {@code column} is none of them
     */
    public static ScoreColumn of(String column) {
        for (ScoreColumn c : values()) {
            if (c.column.equals(column)) {
                return c;
            }
        }
        throw new IllegalArgumentException("'" + column + "' is not a score file column; known: "
                + String.join(", ", java.util.Arrays.stream(values()).map(ScoreColumn::column).toList()));
    }
}
