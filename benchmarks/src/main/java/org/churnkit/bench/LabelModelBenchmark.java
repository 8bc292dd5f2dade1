package org.churnkit.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.churnkit.io.ColumnTable;
import org.churnkit.labels.LabelModel;
import org.churnkit.labels.RuleSet;
import org.churnkit.labels.Votes;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Weak supervision over 1M rows and 10 labelling rules (goal: at most 10 s on 2 cores): the rules
 * evaluated from text over the columns, the label model fitted (dependency search included) and
 * every row's probability computed. Ten score columns carry the truth with accuracies 0.55 to 0.95;
 * two of them copy another column 80 % of the time (correlated rules); three rules are one-sided
 * (abstain otherwise). Single-shot: each call does the whole job.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class LabelModelBenchmark {
    @Param({"1000000"})
    int n;

    ColumnTable table;
    RuleSet rules;
    Votes votes;

    @Setup
    public void setup() {
        SplittableRandom rnd = new SplittableRandom(42);
        double[] acc = {0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 0.7};
        double[][] s = new double[10][n];
        for (int i = 0; i < n; i++) {
            int y = rnd.nextDouble() < 0.3 ? 1 : 0;
            for (int j = 0; j < 10; j++) {
                if ((j == 1 || j == 3) && rnd.nextDouble() < 0.8) {
                    s[j][i] = s[j - 1][i];
                    continue;
                }
                int v = rnd.nextDouble() < acc[j] ? y : 1 - y;
                // a missing score now and then: the rule abstains there
                s[j][i] = rnd.nextDouble() < 0.1 ? Double.NaN : v == 1 ? 0.5 + rnd.nextDouble() / 2 : rnd.nextDouble() / 2;
            }
        }
        ColumnTable.Builder b = ColumnTable.builder();
        StringBuilder text = new StringBuilder("classes: stays, churned\n");
        for (int j = 0; j < 10; j++) {
            b.addDouble("s" + j, s[j]);
            text.append("r").append(j).append(": s").append(j).append(j >= 7 ? " > 0.6 -> churned" : " > 0.5 -> churned otherwise stays")
                    .append('\n');
        }
        table = b.build();
        rules = RuleSet.parse(text.toString(), "bench.rules");
        votes = rules.votes(table);
    }

    /** Rules from text to votes, label model, probabilities. */
    @Benchmark
    public double rulesAndLabelModel() {
        Votes v = rules.votes(table);
        LabelModel m = LabelModel.fit(v);
        return m.probabilities(v)[0] + v.stats().get(0).coverage();
    }

    /** The label model alone on precomputed votes: fit and probabilities. */
    @Benchmark
    public double labelModel() {
        LabelModel m = LabelModel.fit(votes);
        return m.probabilities(votes)[n - 1];
    }
}
