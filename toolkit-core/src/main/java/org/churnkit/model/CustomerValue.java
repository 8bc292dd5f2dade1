package org.churnkit.model;

/**
 * The one definition of every money value churnkit reports about a customer: CLV, alive value,
 * value at risk and value at stake. Scoring, the command line, the report, the demo and the
 * notebooks all compute them here, so each number has one meaning.
 *
 * <p>Notation, for one customer with history {@code (x, t_x, T)}: {@code m} the margin on spend
 * (a fraction, e.g. 0.3), {@code E[M]} the expected spend per future transaction (Gamma-Gamma,
 * money per transaction), {@code delta} the continuously compounded discount rate per model time
 * unit, {@code DERT} the discounted expected residual transactions (Fader, Hardie and Lee 2005,
 * "RFM and CLV: using iso-value curves for customer base analysis", JMR 42(4), eq. 2; a count of
 * discounted transactions, no unit) and {@code DERT|alive} the same expectation for a customer
 * known to be alive at {@code T}. Every value below is in the money unit of the spend data
 * (the {@code --currency} of the command line, none by default), discounted to the end of
 * observation {@code T}.
 * <pre>
 *   CLV             = m x E[M] x DERT                 residual, discounted, after margin
 *   alive value     = m x E[M] x DERT|alive           = CLV / P(alive)
 *   value at risk   = alive value - CLV               = (1 - P(alive)) x alive value  &gt;= 0
 *   value at stake  = alive value                     (V_i of a retention offer)
 * </pre>
 *
 * <ul>
 *   <li><b>CLV</b> (customer lifetime value, column {@code clv}): the margin the customer is
 *       expected to bring from now on, discounted. It is residual (past purchases are not in it)
 *       and already weighs every future purchase by the chance that the customer is still alive:
 *       DERT carries the factor P(alive).</li>
 *   <li><b>Alive value</b> (column {@code alive_value}): what the customer would be worth if we
 *       knew they are still a customer. A dead customer never buys again, so in every model of
 *       this library (Pareto/NBD, BG/NBD, MBG/NBD, BG/BB) the expectation factorises,
 *       {@code DERT = P(alive) x DERT|alive}, and {@code CLV = P(alive) x alive value}. The alive
 *       value is computed directly as {@code m x E[M] x DERT|alive}
 *       ({@link TransactionModel#discountedExpectedTransactionsIfAlive}), never as CLV / P(alive),
 *       which loses every digit when P(alive) underflows; {@link #fromClv} divides only for score
 *       files that lack the column, and refuses when P(alive) is too small for that.</li>
 *   <li><b>Value at risk</b> (column {@code value_at_risk}): the value the customer's possible
 *       churn is expected to cost, the alive value they would have if known to be alive minus the
 *       CLV they have: {@code alive value - CLV = (1 - P(alive)) x alive value}. It is not
 *       {@code CLV x (1 - P(alive))}: CLV already carries P(alive), so that would count the risk
 *       twice. Computed as {@code (1 - P(alive)) x alive value}, which is never negative and has
 *       no cancellation.</li>
 *   <li><b>Value at stake</b> (column {@code value_at_stake} of a campaign list): what a retention
 *       offer saves when the contacted customer is a would-be churner and accepts, V_i of
 *       {@code org.churnkit.cost.Targeting} (toolkit-evaluation). A customer kept is a customer alive from now on, so
 *       the value at stake is the alive value. The expected saving of a contact,
 *       {@code p_churn x acceptance x value at stake} with {@code p_churn = 1 - P(alive)}, is then
 *       the acceptance rate times the value at risk.</li>
 * </ul>
 *
 * <p>Immutable. Domain: {@code 0 <= P(alive) <= 1}, alive value finite and {@code >= 0}; anything
 * else (including NaN) throws {@link IllegalArgumentException}, so no NaN or infinity gets out.
 */
public final class CustomerValue {
    /** Score column of the CLV. */
    public static final String CLV_COLUMN = "clv";
    /** Score column of the alive value. */
    public static final String ALIVE_VALUE_COLUMN = "alive_value";
    /** Score column of the value at risk. */
    public static final String VALUE_AT_RISK_COLUMN = "value_at_risk";
    /** Campaign column of the value at stake. */
    public static final String VALUE_AT_STAKE_COLUMN = "value_at_stake";

    /** Plain-language definition of CLV, for glossaries and help text (a sentence without the term itself). */
    public static final String CLV_DEFINITION = "The margin we expect a customer's future "
            + "purchases to bring, discounted to today (margin \u00d7 expected spend per purchase \u00d7 discounted "
            + "expected future purchases, DERT). Past purchases are not in it, and it already allows for the chance "
            + "that the customer has left.";
    /** Plain-language definition of the alive value. */
    public static final String ALIVE_VALUE_DEFINITION = "What the customer would be worth if we "
            + "knew they are still a customer (CLV \u00f7 P(alive)).";
    /** Plain-language definition of the value at risk. */
    public static final String VALUE_AT_RISK_DEFINITION = "The value we expect to lose because the customer "
            + "may already have left: value if still active minus CLV, that is (1 \u2212 P(alive)) \u00d7 "
            + "value if still active.";
    /** Plain-language definition of the value at stake. */
    public static final String VALUE_AT_STAKE_DEFINITION = "What a retention offer saves when it keeps a customer "
            + "who would otherwise leave: their value if still active.";

    /**
     * Smallest P(alive) at which {@link #fromClv} divides: below it, CLV has too few significant
     * digits left (it may even be 0 or subnormal) to give back the alive value.
     */
    public static final double MIN_P_ALIVE_FOR_DIVISION = 1e-12;

    private final double pAlive;
    private final double aliveValue;

    private CustomerValue(double pAlive, double aliveValue) {
        this.pAlive = pAlive;
        this.aliveValue = aliveValue;
    }

    /**
     * The values of a customer from P(alive) and the alive value.
     *
     * @param pAlive P(alive) at the end of observation, in [0, 1]
     * @param aliveValue {@code m x E[M] x DERT|alive}, finite and {@code >= 0}, in money
     * @return the customer's values
     * @throws IllegalArgumentException when P(alive) is outside [0, 1] or the alive value is
     *     negative, NaN or infinite
     */
    public static CustomerValue of(double pAlive, double aliveValue) {
        checkPAlive(pAlive);
        if (!(aliveValue >= 0) || Double.isInfinite(aliveValue)) {
            throw new IllegalArgumentException("alive value must be finite and >= 0, got " + aliveValue);
        }
        return new CustomerValue(pAlive, aliveValue);
    }

    /**
     * The values of a customer from the model's pieces: alive value {@code = margin x expectedSpend
     * x dertIfAlive}.
     *
     * @param pAlive P(alive) at the end of observation, in [0, 1]
     * @param margin margin on spend, finite and {@code > 0} (0.3 for 30 %)
     * @param expectedSpend expected spend per future transaction, finite and {@code >= 0}, in money
     * @param dertIfAlive discounted expected residual transactions given alive, finite and {@code >= 0}
     * @return the customer's values
     * @throws IllegalArgumentException when an input is outside its domain
     */
    public static CustomerValue of(double pAlive, double margin, double expectedSpend, double dertIfAlive) {
        return of(pAlive, aliveValue(margin, expectedSpend, dertIfAlive));
    }

    /**
     * The values of a customer from a score file that has only CLV and P(alive): alive value
     * {@code = CLV / P(alive)}, exact to rounding for a normal CLV.
     *
     * @param clv the customer's CLV, finite and {@code >= 0}, in money
     * @param pAlive P(alive), in [{@value #MIN_P_ALIVE_FOR_DIVISION}, 1]
     * @return the customer's values
     * @throws IllegalArgumentException when CLV is negative or not finite, P(alive) is outside
     *     [0, 1], or P(alive) is below {@value #MIN_P_ALIVE_FOR_DIVISION} (the alive value must
     *     then come from the model: the {@code alive_value} column of {@code churnkit score})
     */
    public static CustomerValue fromClv(double clv, double pAlive) {
        checkPAlive(pAlive);
        if (!(clv >= 0) || Double.isInfinite(clv)) {
            throw new IllegalArgumentException("CLV must be finite and >= 0, got " + clv);
        }
        if (pAlive < MIN_P_ALIVE_FOR_DIVISION) {
            throw new IllegalArgumentException("P(alive) is " + pAlive + ", too small to recover the alive value as "
                    + "CLV / P(alive); score with 'churnkit score --spend-model' to get the alive_value column");
        }
        return of(pAlive, clv / pAlive);
    }

    /**
     * CLV {@code = margin x expectedSpend x dert}.
     *
     * @param margin margin on spend, finite and {@code > 0}
     * @param expectedSpend expected spend per future transaction, finite and {@code >= 0}, in money
     * @param dert discounted expected residual transactions, finite and {@code >= 0}
     * @return the CLV, in money
     * @throws IllegalArgumentException when an input is outside its domain
     */
    public static double clv(double margin, double expectedSpend, double dert) {
        return product(margin, expectedSpend, dert, "DERT");
    }

    /**
     * Alive value {@code = margin x expectedSpend x dertIfAlive}.
     *
     * @param margin margin on spend, finite and {@code > 0}
     * @param expectedSpend expected spend per future transaction, finite and {@code >= 0}, in money
     * @param dertIfAlive DERT given alive, finite and {@code >= 0}
     * @return the alive value, in money
     * @throws IllegalArgumentException when an input is outside its domain
     */
    public static double aliveValue(double margin, double expectedSpend, double dertIfAlive) {
        return product(margin, expectedSpend, dertIfAlive, "DERT given alive");
    }

    /**
     * Value at risk {@code = (1 - pAlive) x aliveValue} (equal to alive value - CLV).
     *
     * @param pAlive P(alive), in [0, 1]
     * @param aliveValue the alive value, finite and {@code >= 0}
     * @return the value at risk, {@code >= 0}, in money
     * @throws IllegalArgumentException when an input is outside its domain
     */
    public static double valueAtRisk(double pAlive, double aliveValue) {
        return of(pAlive, aliveValue).valueAtRisk();
    }

    private static double product(double margin, double spend, double d, String what) {
        if (!(margin > 0) || Double.isInfinite(margin)) {
            throw new IllegalArgumentException("margin must be positive and finite, got " + margin);
        }
        if (!(spend >= 0) || Double.isInfinite(spend)) {
            throw new IllegalArgumentException("expected spend must be finite and >= 0, got " + spend);
        }
        if (!(d >= 0) || Double.isInfinite(d)) {
            throw new IllegalArgumentException(what + " must be finite and >= 0, got " + d);
        }
        double v = margin * spend * d;
        if (Double.isInfinite(v)) {
            throw new IllegalArgumentException("margin x spend x " + what + " overflows: " + margin + " x " + spend
                    + " x " + d);
        }
        return v;
    }

    private static void checkPAlive(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("P(alive) must be in [0, 1], got " + p);
        }
    }

    /**
     * P(alive) at the end of observation.
     *
     * @return P(alive), in [0, 1]
     */
    public double pAlive() {
        return pAlive;
    }

    /**
     * CLV {@code = P(alive) x alive value} (the same as margin x expected spend x DERT).
     *
     * @return the CLV, {@code >= 0}, in money
     */
    public double clv() {
        return pAlive * aliveValue;
    }

    /**
     * Alive value: the CLV of the customer if known to be alive.
     *
     * @return the alive value, {@code >= 0}, in money
     */
    public double aliveValue() {
        return aliveValue;
    }

    /**
     * Value at risk {@code = (1 - P(alive)) x alive value = alive value - CLV}.
     *
     * @return the value at risk, {@code >= 0}, in money
     */
    public double valueAtRisk() {
        return (1 - pAlive) * aliveValue;
    }

    /**
     * Value at stake of a retention offer: the alive value (see the class documentation).
     *
     * @return the value at stake, {@code >= 0}, in money
     */
    public double valueAtStake() {
        return aliveValue;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CustomerValue v && Double.compare(v.pAlive, pAlive) == 0
                && Double.compare(v.aliveValue, aliveValue) == 0;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(pAlive) * 31 + Double.hashCode(aliveValue);
    }

    @Override
    public String toString() {
        return "CustomerValue[pAlive=" + pAlive + ", aliveValue=" + aliveValue + ", clv=" + clv() + ", valueAtRisk="
                + valueAtRisk() + "]";
    }
}
