package org.churnkit.cost;

/**
 * Profit-optimal retention targeting (spec §8.3, §10.1; Neslin et al. 2006; Verbraken et al. 2013;
 * Verbeke et al. 2012).
 *
 * <p>For customer i with churn probability p_i, value at stake V_i (e.g. CLV), acceptance rate γ
 * of a contacted would-be churner, incentive d, contact cost f and acceptance rate ψ of a
 * contacted non-churner (ψ = 1 in Verbraken's model: every loyal customer takes the gift),
 * contacting i earns in expectation
 * <pre>
 *   E[ΔΠ_i] = p_i·(γ(V_i − d) − f) − (1 − p_i)·(ψd + f)
 * </pre>
 * and the break-even churn probability is {@code p*_i = (ψd + f)/(γ(V_i − d) + ψd)} (target iff
 * p_i > p*_i; never when the denominator is ≤ 0 or p*_i ≥ 1). Customers are ranked by E[ΔΠ_i],
 * not by p_i — a churn ranking is optimal only when V, d and γ are the same for everyone. Without a
 * budget the best list is {i : E[ΔΠ_i] > 0}; with a budget of k contacts it is the top k of them;
 * with a money budget it is the longest profitable prefix of the ranking whose expected spend
 * {@code Σ f + d(p_iγ + (1−p_i)ψ)} fits (a greedy prefix, not a knapsack optimum).
 *
 * <p>Pure functions over primitive arrays; results are immutable. Domain: p ∈ [0,1], finite V,
 * γ, ψ ∈ [0,1], d, f ≥ 0. Invalid input throws {@link IllegalArgumentException} naming the
 * customer index.
 */
public final class Targeting {
    private Targeting() {}

    /**
     * Campaign economics shared by every customer.
     *
     * @param acceptance γ, probability that a contacted would-be churner accepts and stays, in [0, 1]
     * @param incentive d, cost of the incentive to a customer who accepts, {@code >= 0}
     * @param contactCost f, cost of contacting one customer, {@code >= 0}
     * @param nonChurnerAcceptance ψ, probability that a contacted non-churner takes the incentive, in [0, 1]
     */
    public record Offer(double acceptance, double incentive, double contactCost, double nonChurnerAcceptance) {
        /**
         * Checks the domain.
         *
         * @throws IllegalArgumentException when a rate is outside [0, 1] or a cost is negative or not finite
         */
        public Offer {
            Checks.fraction(acceptance, "acceptance rate");
            Checks.nonNegative(incentive, "incentive");
            Checks.nonNegative(contactCost, "contact cost");
            Checks.fraction(nonChurnerAcceptance, "non-churner acceptance rate");
        }

        /**
         * Verbraken's model: every contacted non-churner accepts (ψ = 1).
         *
         * @param acceptance γ, probability that a contacted would-be churner accepts and stays, in [0, 1]
         * @param incentive d, cost of the incentive to a customer who accepts, {@code >= 0}
         * @param contactCost f, cost of contacting one customer, {@code >= 0}
         * @return the offer with ψ = 1
         */
        public static Offer of(double acceptance, double incentive, double contactCost) {
            return new Offer(acceptance, incentive, contactCost, 1.0);
        }
    }

    /**
     * Optional limits: at most {@code maxCustomers} contacts and at most {@code maxSpend} expected spend.
     *
     * @param maxCustomers most customers to contact, {@code >= 0} ({@code Long.MAX_VALUE} for no limit)
     * @param maxSpend most expected money to spend, {@code >= 0} (+Inf for no limit)
     */
    public record Budget(long maxCustomers, double maxSpend) {
        public static final Budget NONE = new Budget(Long.MAX_VALUE, Double.POSITIVE_INFINITY);

        /**
         * Checks the limits.
         *
         * @throws IllegalArgumentException when a limit is negative or NaN
         */
        public Budget {
            if (maxCustomers < 0 || !(maxSpend >= 0)) {
                throw new IllegalArgumentException("budget must be >= 0, got " + maxCustomers + " customers, " + maxSpend + " money");
            }
        }

        /**
         * A limit on the number of contacts only.
         *
         * @param n most customers to contact, {@code >= 0}
         * @return the budget
         */
        public static Budget customers(long n) {
            return new Budget(n, Double.POSITIVE_INFINITY);
        }

        /**
         * A limit on the expected spend only.
         *
         * @param amount most expected money to spend, {@code >= 0}
         * @return the budget
         */
        public static Budget money(double amount) {
            return new Budget(Long.MAX_VALUE, amount);
        }
    }

    /**
     * A planned campaign. {@code ranking} lists customer indices by expected profit descending
     * (ties in input order); the first {@code targeted} of them are contacted.
     */
    public static final class Campaign {
        private final int[] ranking;
        private final double[] expectedProfit;
        private final double[] breakEven;
        private final int targeted;
        private final double totalProfit;
        private final double totalSpend;
        private final int breakEvenCount;

        Campaign(int[] ranking, double[] expectedProfit, double[] breakEven, int targeted, double totalProfit,
                double totalSpend, int breakEvenCount) {
            this.ranking = ranking;
            this.expectedProfit = expectedProfit;
            this.breakEven = breakEven;
            this.targeted = targeted;
            this.totalProfit = totalProfit;
            this.totalSpend = totalSpend;
            this.breakEvenCount = breakEvenCount;
        }

        /**
         * Customer indices by expected profit, best first (copy).
         *
         * @return indices into the input arrays, by decreasing expected profit
         */
        public int[] ranking() {
            return ranking.clone();
        }

        /**
         * E[ΔΠ_i] per customer, in input order (copy).
         *
         * @return the expected profit of contacting each customer
         */
        public double[] expectedProfits() {
            return expectedProfit.clone();
        }

        /**
         * Break-even churn probability p*_i per customer, in input order; +Inf when never worth it (copy).
         *
         * @return p* per customer
         */
        public double[] breakEvenProbabilities() {
            return breakEven.clone();
        }

        /**
         * Number of customers contacted (the first of the ranking).
         *
         * @return the number targeted
         */
        public int targetedCount() {
            return targeted;
        }

        /**
         * Fraction of the customers contacted.
         *
         * @return targeted count / number of customers, in [0, 1]
         */
        public double targetedFraction() {
            return targeted / (double) ranking.length;
        }

        /**
         * Expected campaign profit Σ E[ΔΠ_i] over the contacted customers.
         *
         * @return the expected profit, in the currency of the values
         */
        public double expectedProfit() {
            return Checks.plusZero(totalProfit);
        }

        /**
         * Expected money spent on contacts and incentives by the contacted customers.
         *
         * @return the expected spend, {@code Σ f + d(p_iγ + (1−p_i)ψ)} over the targeted
         */
        public double expectedSpend() {
            return totalSpend;
        }

        /**
         * Break-even list size: the longest prefix of the ranking whose cumulative expected profit
         * is still ≥ 0. Contacting more customers than this loses money overall.
         *
         * @return the break-even count
         */
        public int breakEvenCount() {
            return breakEvenCount;
        }

        /**
         * Break-even list size as a fraction of the customers.
         *
         * @return break-even count / number of customers, in [0, 1]
         */
        public double breakEvenFraction() {
            return breakEvenCount / (double) ranking.length;
        }
    }

    /**
     * E[ΔΠ] of contacting one customer (formula in the class documentation).
     *
     * @param pChurn the customer's churn probability, in [0, 1]
     * @param value the customer's value at stake, finite
     * @param o the offer
     * @return E[ΔΠ]
     */
    public static double expectedProfit(double pChurn, double value, Offer o) {
        return pChurn * (o.acceptance() * (value - o.incentive()) - o.contactCost())
                - (1 - pChurn) * (o.nonChurnerAcceptance() * o.incentive() + o.contactCost());
    }

    /**
     * p* = (ψd + f)/(γ(V − d) + ψd), or +Inf when no churn probability makes the contact pay.
     *
     * @param value V, the value at stake, finite
     * @param acceptance γ, probability that a contacted would-be churner accepts and stays, in [0, 1]
     * @param incentive d, cost of the incentive to a customer who accepts, {@code >= 0}
     * @param contactCost f, cost of contacting one customer, {@code >= 0}
     * @param nonChurnerAcceptance ψ, in [0, 1]
     * @return p*, or +Inf
     */
    public static double breakEvenProbability(double value, double acceptance, double incentive, double contactCost,
            double nonChurnerAcceptance) {
        double num = nonChurnerAcceptance * incentive + contactCost;
        double den = acceptance * (value - incentive) + nonChurnerAcceptance * incentive;
        if (!(den > 0)) {
            return num > 0 ? Double.POSITIVE_INFINITY : 0;
        }
        double t = num / den;
        return t >= 1 && num > 0 ? (t == 1 ? 1 : Double.POSITIVE_INFINITY) : t;
    }

    /**
     * Plans the campaign without a budget.
     *
     * @param pChurn churn probability per customer, in [0, 1]
     * @param value value at stake per customer (e.g. CLV), finite
     * @param offer the campaign economics
     * @return the ranking and the campaign that contacts every customer with positive expected profit
     */
    public static Campaign plan(double[] pChurn, double[] value, Offer offer) {
        return plan(pChurn, value, offer, Budget.NONE);
    }

    /**
     * Plans the campaign within a budget.
     *
     * @param pChurn churn probability per customer, in [0, 1]
     * @param value value at stake per customer (e.g. CLV), finite
     * @param offer the campaign economics
     * @param budget limits on contacts and spend
     * @return the ranking and the campaign
     */
    public static Campaign plan(double[] pChurn, double[] value, Offer offer, Budget budget) {
        if (pChurn == null || pChurn.length == 0) {
            throw new IllegalArgumentException("empty input: no customers");
        }
        int n = pChurn.length;
        Checks.probabilities(pChurn);
        Checks.sameLength(n, value, "value at stake");
        double[] profit = new double[n];
        double[] breakEven = new double[n];
        for (int i = 0; i < n; i++) {
            profit[i] = expectedProfit(pChurn[i], value[i], offer);
            breakEven[i] = breakEvenProbability(value[i], offer.acceptance(), offer.incentive(), offer.contactCost(),
                    offer.nonChurnerAcceptance());
        }
        int[] ranking = ScoreOrder.descending(profit);
        double cum = 0;
        double spend = 0;
        int targeted = 0;
        double bestProfit = 0;
        double bestSpend = 0;
        int breakEvenCount = 0;
        boolean withinBudget = true;
        for (int r = 0; r < n; r++) {
            int i = ranking[r];
            double cost = offer.contactCost()
                    + offer.incentive() * (pChurn[i] * offer.acceptance() + (1 - pChurn[i]) * offer.nonChurnerAcceptance());
            cum += profit[i];
            spend += cost;
            if (cum >= 0) {
                breakEvenCount = r + 1;
            }
            withinBudget &= r + 1 <= budget.maxCustomers() && spend <= budget.maxSpend();
            if (withinBudget && profit[i] > 0) {
                // The ranking is by profit, so every customer up to here adds profit: extend the list.
                targeted = r + 1;
                bestProfit = cum;
                bestSpend = spend;
            }
        }
        return new Campaign(ranking, profit, breakEven, targeted, bestProfit, bestSpend, breakEvenCount);
    }
}
