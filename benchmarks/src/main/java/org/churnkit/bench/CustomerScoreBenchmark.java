package org.churnkit.bench;

import java.util.concurrent.TimeUnit;
import org.churnkit.model.CustomerScore;
import org.churnkit.model.GammaGamma;
import org.churnkit.model.ParetoNbd;
import org.churnkit.model.Scoring;
import org.churnkit.model.ScoringSettings;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * One customer scored as a service scores a request ({@link Scoring#score(double, double, double,
 * double)}), Pareto/NBD at the CDNOW estimates: P(alive) and expected transactions over 52 weeks
 * only, and every column (expected spend, DERT at 15 % a year, CLV, alive value, value at risk).
 * The histories cycle through a few customers so that no result is constant.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CustomerScoreBenchmark {
    private static final double[][] CUSTOMERS = {{2, 30.43, 38.86, 20}, {0, 0, 38.86, 0}, {6, 10, 38.86, 30},
        {10, 38, 38.86, 40}, {1, 5.5, 20.1, 12.5}, {25, 70.2, 71, 55}, {3, 1.2, 60.3, 8}};

    private final ParetoNbd model = ParetoNbd.of(0.5534, 10.5802, 0.6061, 11.6562);
    private final Scoring plain = Scoring.of(model, ScoringSettings.of(52));
    private final Scoring full = Scoring.of(model, ScoringSettings.of(52).withSpendModel(GammaGamma.of(6.25, 3.74, 15.44))
            .withAnnualDiscountRate(0.15, 52).withMargin(0.3));
    private int next;

    private double[] customer() {
        double[] c = CUSTOMERS[next];
        next = next + 1 == CUSTOMERS.length ? 0 : next + 1;
        return c;
    }

    /** P(alive) and expected transactions. */
    @Benchmark
    public CustomerScore pAliveAndExpected() {
        double[] c = customer();
        return plain.score(c[0], c[1], c[2]);
    }

    /** Every score column, CLV included. */
    @Benchmark
    public CustomerScore everyColumn() {
        double[] c = customer();
        return full.score(c[0], c[1], c[2], c[3]);
    }
}
