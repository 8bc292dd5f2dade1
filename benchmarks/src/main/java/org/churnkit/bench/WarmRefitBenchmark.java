package org.churnkit.bench;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.churnkit.model.FitPredecessor;
import org.churnkit.model.FitResult;
import org.churnkit.model.FittedModel;
import org.churnkit.model.Histories;
import org.churnkit.model.ModelFiles;
import org.churnkit.model.ModelFitter;
import org.churnkit.model.ParetoNbd;
import org.churnkit.model.ParetoNbdSimulator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A warm refit of Pareto/NBD on one million customers against a cold fit of the same data (target:
 * warm at most a third of cold). The previous model is a cold fit of last week's data (ages on
 * [20, 78] weeks); this week's data are a new draw a week older (ages on [21, 79]), all rows
 * distinct, so the optimum moves by sampling noise as a week of new data would move it.
 *
 * <p>Like with like, as the command line runs them: {@link #coldFit} is {@code churnkit fit}'s
 * {@code ModelFitter.fit} (data SHA-256, merging identical histories, four starts screened on a
 * 20,000-row subsample, the best polished on all rows seeded with the subsample's inverse
 * Hessian, forward-difference Hessian on all rows, diagnosis); {@link #warmFit} is
 * {@code fit --warm-start}'s path (the previous model file's bytes hashed and parsed, then
 * {@code ModelFitter.warmFit}: the same SHA-256 and merging, quasi-Newton steps on all rows from
 * the previous estimates, the first with the previous inverse information, the next with the
 * information estimated on a systematic sample of 50,000 rows, and standard errors from that
 * sample's information at the estimate). Neither reads the summary nor writes the model file
 * (the same for both). {@link #main} runs the two interleaved in one JVM.
 *
 * <p>Where the time goes, counted in likelihood passes over the million rows (deterministic,
 * unlike the timings on a shared machine; counted by wrapping the likelihood): the cold fit
 * makes 4 passes to converge after screening, 4 for the Hessian and the equivalent of 1.62 more
 * on the subsample (9.62 in all). The warm refit used to make 13: L-BFGS took 9 evaluations,
 * not the 5 its iteration count suggested, because at the last iteration its strong-Wolfe line
 * search bisected four times on rounding noise (the objective's change there is below
 * {@code 1e-16 |f|}), then the same 4 passes for the Hessian; that, not threads or hashing, is
 * why it was slower than the cold fit (merging the rows, 1.1 s of CPU on both paths, is now a
 * radix sort of 0.13 s). Now it makes 4.50: the gradient at last week's estimates is 6.3e-4,
 * 2.8e-5 after the first step, below the 1e-8 tolerance after the third (4 passes), plus two
 * Hessians on the 50,000-row sample (0.50). Under load (load average 15 to 19 on 2 cores,
 * 2026-12-05, 7 interleaved rounds): cold median 11.1 s, warm 5.7 s, median ratio 0.50 (process
 * CPU time 3.35 s and 1.63 s, ratio 0.49); a second run at load average 12 to 13, 5 rounds:
 * cold 5.7 s, warm 2.4 s, ratio 0.44 (CPU 2.76 s and 1.33 s, ratio 0.48).
 *
 * <p>The goal of a third is not met, and cannot be to the same tolerance: from a week's new data
 * even exact Newton steps need three steps (four passes) to take the gradient from 6.3e-4 below
 * 1e-8 (measured: 3.3e-5, 1.7e-7, then below), because the step is long enough (0.05 in
 * log-beta) for the third derivatives to matter; the last week's estimates are no closer to
 * this week's optimum than the cold fit's 20,000-row subsample optimum is (gradient 6.7e-4), so
 * the warm start saves only the screening and the full-data Hessian. Four passes against 9.62
 * is a floor of about 0.42 before any other cost.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
public class WarmRefitBenchmark {

    /** Last week's model and this week's data. */
    @State(Scope.Benchmark)
    public static class Weeks {
        Histories thisWeek;
        byte[] previousFile;

        @Setup(Level.Trial)
        public void simulate() {
            ParetoNbd truth = ParetoNbd.of(0.5533, 10.5778, 0.6060, 11.6639);
            Histories lastWeek = ParetoNbdSimulator.of(truth).simulateHistories(1_000_000, 20, 78, 42L);
            thisWeek = ParetoNbdSimulator.of(truth).simulateHistories(1_000_000, 21, 79, 43L);
            ParetoNbd previous = ModelFitter.of().fitOrThrow(ParetoNbd.likelihood(), lastWeek).model();
            previousFile = ModelFiles.toJson(previous).getBytes(StandardCharsets.UTF_8);
        }
    }

    /** {@code churnkit fit}: the multistart fit. */
    @Benchmark
    public FitResult<?> coldFit(Weeks w) {
        FitResult<ParetoNbd> r = ModelFitter.of().fit(ParetoNbd.likelihood(), w.thisWeek);
        if (!r.summary().converged()) {
            throw new IllegalStateException("the benchmark's cold fit did not converge: " + r.summary().message());
        }
        return r;
    }

    /** {@code churnkit fit --warm-start}: the previous model file read, linked and refitted from. */
    @Benchmark
    public FitResult<?> warmFit(Weeks w) {
        FittedModel previous = ModelFiles.parse(new String(w.previousFile, StandardCharsets.UTF_8), "previous.json");
        FitPredecessor link = FitPredecessor.of(FitPredecessor.sha256(w.previousFile), previous);
        FitResult<ParetoNbd> r = ModelFitter.of().warmFit(ParetoNbd.likelihood(), w.thisWeek, previous, link);
        if (!"warm".equals(r.summary().provenance().predecessor().refit()) || !r.summary().converged()) {
            throw new IllegalStateException("the benchmark's refit was not warm: "
                    + r.summary().provenance().predecessor().reason());
        }
        return r;
    }

    /**
     * Cold and warm fits interleaved in one JVM without JMH ({@code java ... WarmRefitBenchmark}; system
     * property {@code rounds}, default 7, after one warm-up round): the same minute for both, which
     * on a shared machine is the only fair comparison. Prints each round's wall-clock time and the
     * process's CPU time (all threads) of each fit, the medians, the median of the per-round
     * ratios and the 1-minute load average before each round.
     */
    public static void main(String[] args) {
        Weeks w = new Weeks();
        w.simulate();
        WarmRefitBenchmark b = new WarmRefitBenchmark();
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean();
        int rounds = Integer.getInteger("rounds", 7);
        double[][] t = new double[4][rounds]; // cold wall, warm wall, cold cpu, warm cpu
        double[] ratio = new double[rounds];
        double[] load = new double[rounds];
        for (int r = -1; r < rounds; r++) {
            double l = os.getSystemLoadAverage();
            long c0 = os.getProcessCpuTime();
            long w0 = System.nanoTime();
            b.coldFit(w);
            long w1 = System.nanoTime();
            long c1 = os.getProcessCpuTime();
            b.warmFit(w);
            long w2 = System.nanoTime();
            long c2 = os.getProcessCpuTime();
            if (r < 0) {
                continue; // warm-up
            }
            t[0][r] = (w1 - w0) / 1e9;
            t[1][r] = (w2 - w1) / 1e9;
            t[2][r] = (c1 - c0) / 1e9;
            t[3][r] = (c2 - c1) / 1e9;
            ratio[r] = t[1][r] / t[0][r];
            load[r] = l;
            System.out.printf(java.util.Locale.ROOT, "round %d (load %.2f): cold %.3f s (cpu %.3f s), warm %.3f s "
                    + "(cpu %.3f s), warm/cold %.3f%n", r + 1, l, t[0][r], t[2][r], t[1][r], t[3][r], ratio[r]);
        }
        System.out.printf(java.util.Locale.ROOT, "median of %d rounds: cold %.3f s (cpu %.3f s), warm %.3f s (cpu %.3f s); "
                + "warm/cold per round, median %.3f (cpu %.3f); load average %.2f to %.2f%n", rounds, median(t[0]),
                median(t[2]), median(t[1]), median(t[3]), median(ratio), median(t[3]) / median(t[2]),
                java.util.Arrays.stream(load).min().orElse(0), java.util.Arrays.stream(load).max().orElse(0));
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
