package org.churnkit.contractual;

/**
 * A discount rate per renewal period: a payment one period ahead is worth {@code 1 / (1 + d)} of
 * one now. Immutable.
 *
 * <p>From an annual rate {@code a} and {@code m} periods a year (12 for monthly, 1 for annual
 * periods), {@code d = (1 + a)^(1/m) - 1}: compounding the per-period rate over a year gives back
 * the annual rate (computed as {@code expm1(log1p(a) / m)}, exact to rounding for small rates).
 */
public final class DiscountRate {
    private final double perPeriod;

    private DiscountRate(double perPeriod) {
        this.perPeriod = perPeriod;
    }

    /**
     * A rate per period.
     *
     * @param d the rate per period, finite and {@code >= 0} (0: no discounting)
     * @return the rate
     * @throws IllegalArgumentException for a negative, NaN or infinite rate
     */
    public static DiscountRate perPeriod(double d) {
        if (!(d >= 0) || Double.isInfinite(d)) {
            throw new IllegalArgumentException("the discount rate per period must be finite and >= 0, got " + d);
        }
        return new DiscountRate(d);
    }

    /**
     * The rate per period equivalent to an annual rate: {@code (1 + annual)^(1/periodsPerYear) - 1}.
     *
     * @param annual the annual rate, finite and {@code >= 0} (0.10 for 10 %)
     * @param periodsPerYear renewal periods in a year, {@code > 0} (12 monthly, 52 weekly, 1 annual;
     *     fractional for periods longer than a year: 0.5 for two-year contracts)
     * @return the rate per period
     * @throws IllegalArgumentException for a negative or non-finite rate, or periods per year not positive
     */
    public static DiscountRate fromAnnual(double annual, double periodsPerYear) {
        if (!(annual >= 0) || Double.isInfinite(annual)) {
            throw new IllegalArgumentException("the annual discount rate must be finite and >= 0, got " + annual);
        }
        if (!(periodsPerYear > 0) || Double.isInfinite(periodsPerYear)) {
            throw new IllegalArgumentException("periods per year must be positive and finite, got " + periodsPerYear);
        }
        return new DiscountRate(Math.expm1(Math.log1p(annual) / periodsPerYear));
    }

    /**
     * The rate per period {@code d}.
     *
     * @return d
     */
    public double perPeriod() {
        return perPeriod;
    }

    /**
     * The one-period discount factor {@code 1 / (1 + d)}, in (0, 1].
     *
     * @return the factor
     */
    public double factor() {
        return 1.0 / (1.0 + perPeriod);
    }

    /**
     * Equal when the rates per period are.
     *
     * @param o another object
     * @return whether {@code o} is the same rate
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof DiscountRate r && Double.compare(r.perPeriod, perPeriod) == 0;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(perPeriod);
    }

    @Override
    public String toString() {
        return "DiscountRate[" + perPeriod + " per period]";
    }
}
