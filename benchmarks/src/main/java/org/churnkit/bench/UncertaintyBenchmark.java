package org.churnkit.bench;

import java.util.concurrent.TimeUnit;
import org.apache.commons.rng.simple.RandomSource;
import org.churnkit.cost.CampaignSimulation;
import org.churnkit.cost.ModelUncertainty;
import org.churnkit.cost.Targeting;
import org.churnkit.model.Bootstrap;
import org.churnkit.model.FitResult;
import org.churnkit.model.Histories;
import org.churnkit.model.ModelFitter;
import org.churnkit.model.ParameterDraws;
import org.churnkit.model.ParetoNbd;
import org.churnkit.model.ParetoNbdSimulator;
import org.churnkit.model.Scores;
import org.churnkit.model.Scoring;
import org.churnkit.model.ScoringSettings;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Issue 16's uncertainty figures: a 100-refit bootstrap of the Pareto/NBD fit on CDNOW (goal 5 s on
 * 2 cores; R CLVTools needs 14.7 s for 20 refits) and the Monte Carlo of a campaign over one million
 * customers with 1,000 draws (goal 20 s on 2 cores), with and without parameter uncertainty.
 */
public class UncertaintyBenchmark {

    /** The CDNOW fit the bootstrap starts from. */
    @State(Scope.Benchmark)
    public static class CdnowFit {
        Histories histories;
        FitResult<?> fit;

        @Setup(Level.Trial)
        public void fit() throws java.io.IOException {
            ParetoNbdBenchmark.Cdnow c = new ParetoNbdBenchmark.Cdnow();
            c.load();
            histories = c.histories;
            fit = ModelFitter.of().fitOrThrow(ParetoNbd.likelihood(), histories);
        }
    }

    /**
     * One million simulated customers (continuous times, all histories distinct) scored at a fit's
     * estimate, value at stake 30 x DERT given alive at 15 % a year, and the campaign an offer
     * with a low incentive and contact cost chooses: nearly every customer is on the list, so the
     * simulation touches a million customers per draw.
     */
    @State(Scope.Benchmark)
    public static class Million {
        double[] p;
        double[] v;
        Histories histories;
        Targeting.Offer offer;
        Targeting.Campaign plan;
        ParameterDraws draws;
        double delta;

        @Setup(Level.Trial)
        public void simulate() {
            ParetoNbd truth = ParetoNbd.of(0.5533, 10.5778, 0.6060, 11.6639);
            Histories sample = ParetoNbdSimulator.of(truth).simulateHistories(20_000, 20, 78, 7L);
            FitResult<?> fit = ModelFitter.of().fitOrThrow(ParetoNbd.likelihood(), sample);
            histories = ParetoNbdSimulator.of(truth).simulateHistories(1_000_000, 20, 78, 42L);
            delta = Math.log(1.15) / 52;
            Scores s = Scoring.of((ParetoNbd) fit.model(), ScoringSettings.of(1).withDiscountRate(delta)).score(histories);
            int n = histories.size();
            p = new double[n];
            v = new double[n];
            for (int i = 0; i < n; i++) {
                p[i] = 1 - s.pAlive()[i];
                v[i] = 30 * s.dertIfAlive()[i];
            }
            offer = new Targeting.Offer(0.3, 1, 0.01, 0.2);
            plan = Targeting.plan(p, v, offer);
            draws = ParameterDraws.asymptotic(fit, 1000, RandomSource.XO_RO_SHI_RO_128_PP.create(3L));
            System.err.printf("campaign: %,d of %,d customers on the list%n", plan.targetedCount(), n);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Bootstrap bootstrapCdnow100(CdnowFit data) {
        return Bootstrap.of(data.fit, data.histories, 100, RandomSource.XO_RO_SHI_RO_128_PP.create(1L));
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public CampaignSimulation simulateMillion1000WithParameterUncertainty(Million m) {
        ModelUncertainty u = ModelUncertainty.of(ParetoNbd.likelihood().kind(), m.draws, m.histories.frequencies(),
                m.histories.recencies(), m.histories.ages(), m.v, m.delta);
        return CampaignSimulation.of(m.p, m.v, m.offer, m.plan, 1000, RandomSource.XO_RO_SHI_RO_128_PP.create(5L), u,
                null);
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public CampaignSimulation simulateMillion1000OutcomesOnly(Million m) {
        return CampaignSimulation.of(m.p, m.v, m.offer, m.plan, 1000, RandomSource.XO_RO_SHI_RO_128_PP.create(5L));
    }
}
