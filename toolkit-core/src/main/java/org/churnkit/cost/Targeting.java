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

    /** Campaign economics shared by every customer. */
    public record Offer(double acceptance, double incentive, double contactCost, double nonChurnerAcceptance) {
        public Offer {
            Checks.fraction(acceptance, "acceptance rate");
            Checks.nonNegative(incentive, "incentive");
            Checks.nonNegative(contactCost, "contact cost");
            Checks.fraction(nonChurnerAcceptance, "non-churner acceptance rate");
        }

        /** Verbraken's model: every contacted non-churner accepts (ψ = 1). */
        public static Offer of(double acceptance, double incentive, double contactCost) {
            return new Offer(acceptance, incentive, contactCost, 1.0);
        }
    }

    /** Optional limits: at most {@code maxCustomers} contacts and at most {@code maxSpend} expected spend. */
    public record Budget(long maxCustomers, double maxSpend) {
        public static final Budget NONE = new Budget(Long.MAX_VALUE, Double.POSITIVE_INFINITY);

        public Budget {
            if (maxCustomers < 0 || !(maxSpend >= 0)) {
                throw new IllegalArgumentException("budget must be >= 0, got " + maxCustomers + " customers, " + maxSpend + " money");
            }
        }

        public static Budget customers(long n) {
            return new Budget(n, Double.POSITIVE_INFINITY);
        }

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

        /** Customer indices by expected profit, best first (copy). */
        public int[] ranking() {
            return ranking.clone();
        }

        /** E[ΔΠ_i] per customer, in input order (copy). */
        public double[] expectedProfits() {
            return expectedProfit.clone();
        }

        /** Break-even churn probability p*_i per customer, in input order; +Inf when never worth it (copy). */
        public double[] breakEvenProbabilities() {
            return breakEven.clone();
        }

        /** Number of customers contacted (the first of the ranking). */
        public int targetedCount() {
            return targeted;
        }

        public double targetedFraction() {
            return targeted / (double) ranking.length;
        }

        /** Expected campaign profit Σ E[ΔΠ_i] over the contacted customers. */
        public double expectedProfit() {
            return Checks.plusZero(totalProfit);
        }

        /** Expected money spent on contacts and incentives by the contacted customers. */
        public double expectedSpend() {
            return totalSpend;
        }

        /**
         * Break-even list size: the longest prefix of the ranking whose cumulative expected profit
         * is still ≥ 0. Contacting more customers than this loses money overall.
         */
        public int breakEvenCount() {
            return breakEvenCount;
        }

        public double breakEvenFraction() {
            return breakEvenCount / (double) ranking.length;
        }
    }

    /** E[ΔΠ] of contacting one customer (formula in the class documentation). */
    public static double expectedProfit(double pChurn, double value, Offer o) {
        return pChurn * (o.acceptance() * (value - o.incentive()) - o.contactCost())
                - (1 - pChurn) * (o.nonChurnerAcceptance() * o.incentive() + o.contactCost());
    }

    /** p* = (ψd + f)/(γ(V − d) + ψd), or +Inf when no churn probability makes the contact pay. */
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

    /** Plans the campaign without a budget. */
    public static Campaign plan(double[] pChurn, double[] value, Offer offer) {
        return plan(pChurn, value, offer, Budget.NONE);
    }

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
