package org.churnkit.baseline;

import org.churnkit.cost.*;
import org.churnkit.cost.testing.ChurnSimulation;

import org.apache.commons.rng.simple.RandomSource;

/**
 * The two strategies of the field on one simulated base (used by {@link StrategyComparisonTest}
 * and runnable as an example with {@code main}):
 * (1) a churn model over all customers (Smile gradient boosting), contacting its top-ranked
 * customers; (2) a value-weighted model ({@link CsLogit} on per-customer costs), contacting its
 * top-ranked customers. Each list size is the one that earned most on the training half.
 * Figures are on the test half.
 */
record StrategyComparison(double aucChurnModel, double aucValueModel, double profitChurnModel,
        double profitValueModel, double fractionChurnModel, double fractionValueModel, double profitTargeting,
        double empIndChurnModel, double empIndValueModel) {

    static final Targeting.Offer OFFER = Targeting.Offer.of(0.3, 10, 1);

    static StrategyComparison run(long seed, int n) {
        var rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        ChurnSimulation train = ChurnSimulation.generate(rng, n);
        ChurnSimulation test = ChurnSimulation.generate(rng, n);

        GradientBoostedBaseline gbt = GradientBoostedBaseline.fit(train.x, train.y, 100, 3, 0.1);
        double[] pTrain = gbt.churnProbability(train.x);
        double[] pTest = gbt.churnProbability(test.x);

        double[] d = new double[n];
        java.util.Arrays.fill(d, OFFER.incentive());
        CostMatrix costs = CostMatrix.churnVerbrakenAbsolute(OFFER.acceptance(), train.value, d, OFFER.contactCost());
        CsLogit cs = CsLogit.fit(train.x, train.y, costs, new CsLogit.Options(1.0, 0.5, 2000, 1e-9));
        double[] sTrain = cs.score(train.x);
        double[] sTest = cs.score(test.x);

        double fracChurn = ChurnSimulation.bestFraction(train.y, train.value, pTrain, OFFER);
        double fracValue = ChurnSimulation.bestFraction(train.y, train.value, sTrain, OFFER);
        double profitChurn = ChurnSimulation.realisedProfit(test.y, test.value, ChurnSimulation.top(pTest, fracChurn), OFFER);
        double profitValue = ChurnSimulation.realisedProfit(test.y, test.value, ChurnSimulation.top(sTest, fracValue), OFFER);

        // The library's targeting: churn probabilities of model (1) combined with each customer's value.
        Targeting.Campaign campaign = Targeting.plan(pTest, test.value, OFFER);
        boolean[] chosen = new boolean[n];
        int[] ranking = campaign.ranking();
        for (int r = 0; r < campaign.targetedCount(); r++) {
            chosen[ranking[r]] = true;
        }
        double profitTargeting = ChurnSimulation.realisedProfit(test.y, test.value, chosen, OFFER);

        return new StrategyComparison(ValueWeighted.auc(test.y, pTest), ValueWeighted.auc(test.y, sTest),
                profitChurn, profitValue, fracChurn, fracValue, profitTargeting,
                EmpIndividual.compute(test.y, pTest, test.value, 6, 14, OFFER.incentive(), 0, OFFER.contactCost()).emp(),
                EmpIndividual.compute(test.y, sTest, test.value, 6, 14, OFFER.incentive(), 0, OFFER.contactCost()).emp());
    }

    String report() {
        return String.format(java.util.Locale.ROOT,
                "strategy                         AUC     targeted   realised profit   EMP_ind/customer%n"
                        + "(1) churn model (GBT)         %7.4f   %7.1f%%   %15.2f   %16.4f%n"
                        + "(2) value-weighted (CsLogit)  %7.4f   %7.1f%%   %15.2f   %16.4f%n"
                        + "(1)+Targeting (p x value)           -          -   %15.2f%n",
                aucChurnModel, 100 * fractionChurnModel, profitChurnModel, empIndChurnModel,
                aucValueModel, 100 * fractionValueModel, profitValueModel, empIndValueModel, profitTargeting);
    }

    /** Runnable example: {@code java ... org.churnkit.cost.StrategyComparison [seed] [customers]}. */
    public static void main(String[] args) {
        long seed = args.length > 0 ? Long.parseLong(args[0]) : 20261124L;
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        System.out.print(run(seed, n).report());
    }
}
