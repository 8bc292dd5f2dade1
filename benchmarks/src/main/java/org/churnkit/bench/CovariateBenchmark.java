package org.churnkit.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.churnkit.model.Covariates;
import org.churnkit.model.Histories;
import org.churnkit.model.ModelKind;
import org.churnkit.model.ParetoNbdSimulator;
import org.churnkit.model.StaticCovariateFit;
import org.churnkit.model.StaticCovariateFitter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Time-invariant covariates: a Pareto/NBD fit with two purchase and two dropout covariates (one
 * binary, one continuous each) on distinct customers simulated from known coefficients at the
 * CDNOW base estimates, T continuous on [20, 78] weeks (target: 1M customers in 30 s on 2 cores).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CovariateBenchmark {

    /** Customers with their covariates. */
    @State(Scope.Benchmark)
    public static class Data {
        @Param({"1000000"})
        public int customers;
        Histories histories;
        Covariates covariates;

        @Setup(Level.Trial)
        public void simulate() {
            int n = customers;
            UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(42L);
            double[][] z = new double[4][n];
            double[] ages = new double[n];
            double[] alphas = new double[n];
            double[] betas = new double[n];
            for (int i = 0; i < n; i++) {
                z[0][i] = rng.nextInt(2);
                z[1][i] = 2 * rng.nextDouble() - 1;
                z[2][i] = rng.nextDouble() < 0.4 ? 1 : 0;
                z[3][i] = 2 * rng.nextDouble() - 1;
                ages[i] = 20 + 58 * rng.nextDouble();
                alphas[i] = 10.5778 * Math.exp(-(0.5 * z[0][i] - 0.3 * z[1][i]));
                betas[i] = 11.6639 * Math.exp(-(0.4 * z[2][i] - 0.6 * z[3][i]));
            }
            histories = ParetoNbdSimulator.simulateHistories(0.5533, alphas, 0.6060, betas, ages, rng);
            covariates = Covariates.of(List.of("p1", "p2", "d1", "d2"), z);
        }
    }

    /**
     * The fit, start to standard errors.
     *
     * @param data the customers
     * @return the fit
     */
    @Benchmark
    public StaticCovariateFit fitParetoNbdFourCovariates(Data data) {
        StaticCovariateFit fit = StaticCovariateFitter.of().fit(ModelKind.PARETO_NBD, data.histories, data.covariates,
                StaticCovariateFitter.Options.of(List.of("p1", "p2"), List.of("d1", "d2")));
        if (!fit.converged()) {
            throw new IllegalStateException("not converged: " + fit.message());
        }
        return fit;
    }
}
