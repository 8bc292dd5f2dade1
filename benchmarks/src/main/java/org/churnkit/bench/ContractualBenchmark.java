package org.churnkit.bench;

import java.util.concurrent.TimeUnit;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.churnkit.contractual.BetaDiscreteWeibull;
import org.churnkit.contractual.ContractualFit;
import org.churnkit.contractual.ContractualFitter;
import org.churnkit.contractual.ContractualKind;
import org.churnkit.contractual.ContractualModel;
import org.churnkit.contractual.ContractualSimulator;
import org.churnkit.contractual.ShiftedBetaGeometric;
import org.churnkit.contractual.SubscriberHistories;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Individual-level contractual fits on 1M subscribers (target: at most 5 s on 2 cores), from the
 * per-subscriber arrays (periods paid, cancelled), so the compression into distinct rows is timed
 * with the fit. Monthly subscribers observed for 1..36 months (uniform), simulated with seed
 * 20070101 from the sBG at gamma 0.7, delta 1.2 and the BdW at gamma 0.5, delta 1.5, c 0.6, and
 * shuffled. {@code fitSbgCovariates1M}: the sBG with a continuous and a binary covariate on both
 * shapes, so the million subscribers stay a million distinct rows (compression done in set-up).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ContractualBenchmark {
    private static final int SUBSCRIBERS = 1_000_000;

    private int[] sbgPeriods;
    private boolean[] sbgCancelled;
    private int[] bdwPeriods;
    private SubscriberHistories withCovariates;
    private boolean[] bdwCancelled;

    @Setup(Level.Trial)
    public void setUp() {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(20070101L);
        Object[] s = expand(ShiftedBetaGeometric.of(0.7, 1.2), rng);
        sbgPeriods = (int[]) s[0];
        sbgCancelled = (boolean[]) s[1];
        Object[] b = expand(BetaDiscreteWeibull.of(0.5, 1.5, 0.6), rng);
        bdwPeriods = (int[]) b[0];
        bdwCancelled = (boolean[]) b[1];
        // a continuous covariate (every subscriber a row of their own) and a plan flag: the sBG
        // shapes of each subscriber scaled by exp(0.3 price - 0.5 plan) and exp(-0.2 price + 0.4 plan)
        int[] p = new int[SUBSCRIBERS];
        boolean[] c = new boolean[SUBSCRIBERS];
        double[][] x = new double[SUBSCRIBERS][];
        for (int i = 0; i < SUBSCRIBERS; i++) {
            double price = rng.nextDouble() * 2 - 1;
            double plan = rng.nextInt(2);
            x[i] = new double[] {price, plan};
            ShiftedBetaGeometric m = ShiftedBetaGeometric.of(0.7 * Math.exp(0.3 * price - 0.5 * plan),
                    1.2 * Math.exp(-0.2 * price + 0.4 * plan));
            SubscriberHistories one = ContractualSimulator.of(m).subscribers(1, 1, 36, rng);
            p[i] = one.periods(0);
            c[i] = one.cancelled(0);
        }
        withCovariates = SubscriberHistories.of(null, p, c, java.util.List.of("price", "plan"), x);
    }

    /** Per-subscriber arrays from the simulator's compressed rows, shuffled (Fisher-Yates). */
    private static Object[] expand(ContractualModel model, UniformRandomProvider rng) {
        SubscriberHistories h = ContractualSimulator.of(model).subscribers(SUBSCRIBERS, 1, 36, rng);
        int[] p = new int[SUBSCRIBERS];
        boolean[] c = new boolean[SUBSCRIBERS];
        int i = 0;
        for (int r = 0; r < h.rows(); r++) {
            for (int k = 0; k < (int) h.count(r); k++) {
                p[i] = h.periods(r);
                c[i++] = h.cancelled(r);
            }
        }
        for (int j = SUBSCRIBERS - 1; j > 0; j--) {
            int m = rng.nextInt(j + 1);
            int tp = p[j];
            p[j] = p[m];
            p[m] = tp;
            boolean tc = c[j];
            c[j] = c[m];
            c[m] = tc;
        }
        return new Object[] {p, c};
    }

    @Benchmark
    public double fitSbgIndividual1M() {
        ContractualFit fit = ContractualFitter.of().fit(ContractualKind.SBG,
                SubscriberHistories.of(sbgPeriods, sbgCancelled));
        return fit.logLikelihood();
    }

    @Benchmark
    public double fitSbgCovariates1M() {
        return ContractualFitter.of().fitWithCovariates(ContractualKind.SBG, withCovariates,
                org.churnkit.contractual.CovariateTarget.BOTH).logLikelihood();
    }

    @Benchmark
    public double fitBdwIndividual1M() {
        ContractualFit fit = ContractualFitter.of().fit(ContractualKind.BDW,
                SubscriberHistories.of(bdwPeriods, bdwCancelled));
        return fit.logLikelihood();
    }
}
