package org.churnkit.bench;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.churnkit.model.ParetoNbd;
import org.churnkit.model.ParetoNbdSimulator;
import org.churnkit.model.StaticCovariateFitter;
import org.churnkit.model.TimeVaryingCovariateFit;
import org.churnkit.model.TimeVaryingCovariateFitter;
import org.churnkit.model.TimeVaryingCovariateModel;
import org.churnkit.model.TimeVaryingCovariates;
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
 * Time-varying covariates: a Pareto/NBD fit on customers observed for 52 weekly periods (first
 * purchase anywhere in the first week), with a calendar season flag common to all (weeks 20-31)
 * and a per-customer campaign flag switching on and off (probability 0.2 a week), both on both
 * processes, simulated from known coefficients at the CDNOW base estimates (target: 100,000
 * customers in 60 s on 2 cores).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TimeVaryingCovariateBenchmark {
    static final List<String> NAMES = List.of("season", "campaign");

    /** Customers with their covariate paths. */
    @State(Scope.Benchmark)
    public static class Data {
        @Param({"100000"})
        public int customers;
        TimeVaryingCovariates paths;

        @Setup(Level.Trial)
        public void simulate() {
            int n = customers;
            UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(42L);
            double[] offsets = new double[n];
            double[] ages = new double[n];
            double[][] z = new double[n][];
            for (int i = 0; i < n; i++) {
                int day = rng.nextInt(7);
                offsets[i] = day / 7.0;
                ages[i] = 52 - offsets[i];
                z[i] = new double[2 * 53];
                boolean on = rng.nextDouble() < 0.3;
                for (int k = 0; k < 53; k++) {
                    z[i][2 * k] = k >= 20 && k < 32 ? 1 : 0;
                    if (rng.nextDouble() < 0.2) {
                        on = !on;
                    }
                    z[i][2 * k + 1] = on ? 1 : 0;
                }
            }
            TimeVaryingCovariateModel truth = TimeVaryingCovariateModel.of(ParetoNbd.of(0.5533, 10.5778, 0.6060, 11.6639),
                    NAMES, new double[] {0.5, 0.3}, NAMES, new double[] {0.4, -0.3}, Map.of(),
                    org.churnkit.data.TimeUnit.WEEKS, 1);
            paths = ParetoNbdSimulator.simulateTimeVarying(truth, NAMES, offsets, ages, z, 0, rng);
        }
    }

    /**
     * The fit, start to standard errors.
     *
     * @param data the customers
     * @return the fit
     */
    @Benchmark
    public TimeVaryingCovariateFit fitParetoNbdTimeVarying(Data data) {
        TimeVaryingCovariateFit fit = TimeVaryingCovariateFitter.of().fit(data.paths,
                StaticCovariateFitter.Options.of(NAMES, NAMES));
        if (!fit.converged()) {
            throw new IllegalStateException("not converged: " + fit.message());
        }
        return fit;
    }
}
