package org.churnkit.bench;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.churnkit.model.CountingLikelihood;
import org.churnkit.model.FitPredecessor;
import org.churnkit.model.FitResult;
import org.churnkit.model.FittedModel;
import org.churnkit.model.Histories;
import org.churnkit.model.LikelihoodFunction;
import org.churnkit.model.ModelFiles;
import org.churnkit.model.ModelFitter;
import org.churnkit.model.ParetoNbd;
import org.churnkit.model.ParetoNbdSimulator;
import org.churnkit.model.SimulatedLog;
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
 * A warm refit of Pareto/NBD on one million customers against a cold fit of the same data (target:
 * warm at most a third of cold). The previous model is a cold fit of last week's data; this week's
 * data are, by {@link Weeks#scenario}:
 * <ul>
 *   <li>{@code week} (what a weekly refit sees, the target's case): the same million customers a
 *       week later. One transaction log is simulated with ages on [21, 79] weeks; last week's
 *       histories are that log cut a week before its end (ages on [20, 78], the transactions of
 *       the last week left out), this week's the whole log. The optimum moves by 0.11 standard
 *       errors (Mahalanobis distance).</li>
 *   <li>{@code redraw} (a harder case than any weekly update): this week's customers are a new
 *       draw of a million from the same population, a week older; the optimum moves by sampling
 *       noise between two independent samples, 2.9 standard errors.</li>
 * </ul>
 *
 * <p>Like with like, as the command line runs them: {@link #coldFit} is {@code churnkit fit}'s
 * {@code ModelFitter.fit} (data SHA-256, merging identical histories, four starts screened on a
 * 20,000-row subsample, the best polished on all rows seeded with the subsample's inverse
 * Hessian, forward-difference Hessian on all rows, diagnosis); {@link #warmFit} is
 * {@code fit --warm-start}'s path (the previous model file's bytes hashed and parsed, then
 * {@code ModelFitter.warmFit}: the same SHA-256 and merging, Newton steps on all rows from the
 * previous estimates, the first with the previous inverse information, the next with the
 * information estimated on a systematic sample of 50,000 rows, stopped where the Newton step still
 * to go is at most 0.01 standard errors, standard errors from that sample's information at the
 * estimate). Neither reads the summary nor writes the model file (the same for both).
 * {@link #main} runs the two interleaved in one JVM and counts their passes over the rows.
 *
 * <p>Where the time goes, counted in likelihood passes over the million rows (deterministic,
 * unlike the timings on a shared machine; counted by wrapping the likelihood, see {@link #main}):
 * the cold fit makes 9.62 (4 to converge after screening, 4 for the Hessian, the equivalent of
 * 1.62 on the subsample). The warm refit makes 2.25 on {@code week}: the Newton step still to go
 * is 0.11 standard errors at last week's estimates, 0.0035 after one step (2 passes), plus the
 * information on the 50,000-row sample there (0.25). On {@code redraw} it makes 3.50: 2.9
 * standard errors at the start, 0.12 after one step, 0.0009 after the second (3 passes), and the
 * sampled information at the two points (0.50). It used to make 4.50 on {@code redraw} (it
 * iterated to the cold fit's gradient tolerance 1e-8, about 5e-5 standard errors on a million
 * customers), and before that 13 (L-BFGS bisected its last line search on rounding noise, then 4
 * passes for a full Hessian). What is left besides the passes is common to both fits: the data
 * SHA-256 and the merging of the rows (a radix sort), about 0.1 s.
 *
 * <p>Under load (load average 9 to 12 on 2 cores, 2026-12-05, 7 interleaved rounds of {@link #main}):
 * {@code week} cold median 6.97 s, warm 1.81 s, median ratio 0.27 (process CPU time 2.74 s and 0.75
 * s, ratio 0.27); {@code redraw} cold 7.21 s, warm 2.81 s, ratio 0.39 (CPU 0.38). JMH (1 warm-up,
 * 3 runs, same load): {@code week} 7.97 s and 2.18 s, {@code redraw} 8.50 s and 2.51 s.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
public class WarmRefitBenchmark {

    /** Last week's model and this week's data. */
    @State(Scope.Benchmark)
    public static class Weeks {
        /** {@code week}: the same customers a week later; {@code redraw}: a new sample of customers. */
        @Param({"week", "redraw"})
        public String scenario;
        Histories thisWeek;
        byte[] previousFile;

        @Setup(Level.Trial)
        public void simulate() {
            ParetoNbd truth = ParetoNbd.of(0.5533, 10.5778, 0.6060, 11.6639);
            Histories lastWeek;
            switch (scenario) {
                case "week" -> {
                    SimulatedLog log = ParetoNbdSimulator.of(truth).simulate(1_000_000, 21, 79, 43L);
                    thisWeek = log.toHistories();
                    lastWeek = log.toHistoriesBefore(1);
                }
                case "redraw" -> {
                    lastWeek = ParetoNbdSimulator.of(truth).simulateHistories(1_000_000, 20, 78, 42L);
                    thisWeek = ParetoNbdSimulator.of(truth).simulateHistories(1_000_000, 21, 79, 43L);
                }
                default -> throw new IllegalArgumentException("scenario must be week or redraw, got " + scenario);
            }
            ParetoNbd previous = ModelFitter.of().fitOrThrow(ParetoNbd.likelihood(), lastWeek).model();
            previousFile = ModelFiles.toJson(previous).getBytes(StandardCharsets.UTF_8);
        }
    }

    /** {@code churnkit fit}: the multistart fit. */
    @Benchmark
    public FitResult<?> coldFit(Weeks w) {
        return cold(w, ParetoNbd.likelihood());
    }

    /** {@code churnkit fit --warm-start}: the previous model file read, linked and refitted from. */
    @Benchmark
    public FitResult<?> warmFit(Weeks w) {
        return warm(w, ParetoNbd.likelihood());
    }

    private static FitResult<?> cold(Weeks w, LikelihoodFunction<ParetoNbd> likelihood) {
        FitResult<ParetoNbd> r = ModelFitter.of().fit(likelihood, w.thisWeek);
        if (!r.summary().converged()) {
            throw new IllegalStateException("the benchmark's cold fit did not converge: " + r.summary().message());
        }
        return r;
    }

    private static FitResult<?> warm(Weeks w, LikelihoodFunction<ParetoNbd> likelihood) {
        FittedModel previous = ModelFiles.parse(new String(w.previousFile, StandardCharsets.UTF_8), "previous.json");
        FitPredecessor link = FitPredecessor.of(FitPredecessor.sha256(w.previousFile), previous);
        FitResult<ParetoNbd> r = ModelFitter.of().warmFit(likelihood, w.thisWeek, previous, link);
        if (!"warm".equals(r.summary().provenance().predecessor().refit()) || !r.summary().converged()) {
            throw new IllegalStateException("the benchmark's refit was not warm: "
                    + r.summary().provenance().predecessor().reason());
        }
        return r;
    }

    /**
     * Cold and warm fits interleaved in one JVM without JMH ({@code java ... WarmRefitBenchmark};
     * system properties {@code scenario}, default {@code week}, and {@code rounds}, default 7, after
     * one warm-up round): the same minute for both, which on a shared machine is the only fair
     * comparison. Prints each fit's passes over the rows (the likelihood wrapped to count the rows it
     * evaluates: deterministic), each round's wall-clock time and the process's CPU time (all
     * threads) of each fit, the medians, the median of the per-round ratios and the 1-minute load
     * average before each round.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        Weeks w = new Weeks();
        w.scenario = System.getProperty("scenario", "week");
        w.simulate();
        CountingLikelihood<ParetoNbd> counting = CountingLikelihood.of(ParetoNbd.likelihood());
        int n = w.thisWeek.size();
        FitResult<?> c = cold(w, counting);
        double coldPasses = counting.passesThenReset(n);
        FitResult<?> h = warm(w, counting);
        double warmPasses = counting.passesThenReset(n);
        System.out.printf(java.util.Locale.ROOT, "scenario %s: passes over the %d rows: cold %.3f, warm %.3f, ratio %.3f"
                + "%n  warm: %s%n", w.scenario, n, coldPasses, warmPasses, warmPasses / coldPasses,
                h.summary().provenance().predecessor().reason());
        double[][] cov = c.logCovariance();
        StringBuilder se = new StringBuilder();
        for (int j = 0; j < cov.length; j++) {
            se.append(String.format(java.util.Locale.ROOT, " %.2g",
                    Math.log(h.parameters()[j] / c.parameters()[j]) / Math.sqrt(cov[j][j])));
        }
        System.out.println("  warm minus cold estimates, in the cold fit's standard errors (log scale):" + se);
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
