package org.churnkit.labels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The must-hold check: on data with known labels and injected flips (5 %, 10 %, 20 %,
 * uniform and class-conditional; {@link NoisyLabels}, 5,000 rows), the audit with approximate
 * leave-one-out logistic probabilities finds at least 70 % of the flipped rows among its flags at a
 * precision of at least 60 % for 10 % noise; its noise-rate estimates are near the truth. The whole
 * table is printed by {@link #main}.
 */
class LabelAuditNoiseTest {
    static final int N = 5_000;
    static final double[] RATES = {0.05, 0.10, 0.20};

    /** One cell of the table. */
    record Row(double rate, NoisyLabels.Pattern pattern, int flipped, int flagged, double recall, double precision,
            double estimated, double truth, double estimated0, double truth0, double estimated1, double truth1) {
        String format() {
            return String.format(Locale.ROOT, "| %4.0f %% | %-17s | %5d | %5d | %6.3f | %6.3f | %6.3f / %6.3f | %6.3f / %6.3f"
                    + " | %6.3f / %6.3f |", 100 * rate, pattern.name().toLowerCase(Locale.ROOT).replace('_', '-'),
                    flipped, flagged, recall, precision, estimated, truth, estimated0, truth0, estimated1, truth1);
        }
    }

    static Row run(double rate, NoisyLabels.Pattern pattern, long seed) {
        NoisyLabels d = NoisyLabels.of(N, rate, pattern, seed);
        OutOfSample oos = OutOfSample.approximateLeaveOneOut(d.x, d.given, AuditLogit.Options.defaults());
        LabelAudit a = LabelAudit.of(null, d.given, oos);
        int hits = 0;
        for (LabelAudit.Flag f : a.flags()) {
            hits += d.flipped[f.row()] ? 1 : 0;
        }
        int flipped = 0;
        for (boolean f : d.flipped) {
            flipped += f ? 1 : 0;
        }
        int flagged = a.flags().size();
        return new Row(rate, pattern, flipped, flagged, (double) hits / flipped, flagged == 0 ? 0 : (double) hits / flagged,
                a.noiseRate(), (double) flipped / N, a.noiseRate(0), d.trueNoiseRate(0), a.noiseRate(1), d.trueNoiseRate(1));
    }

    static List<Row> table() {
        List<Row> rows = new ArrayList<>();
        long seed = 100;
        for (NoisyLabels.Pattern pattern : NoisyLabels.Pattern.values()) {
            for (double rate : RATES) {
                rows.add(run(rate, pattern, seed++));
            }
        }
        return rows;
    }

    @Test
    void tenPercentNoiseIsFoundWithTheRequiredRecallAndPrecision() {
        for (Row r : table()) {
            if (r.rate() == 0.10) {
                assertTrue(r.recall() >= 0.70, r.format());
                assertTrue(r.precision() >= 0.60, r.format());
            }
            // at every level: the estimated noise rate within a third of the truth, per label within 0.05
            assertEquals(r.truth(), r.estimated(), r.truth() / 3, r.format());
            assertEquals(r.truth0(), r.estimated0(), 0.05, r.format());
            assertEquals(r.truth1(), r.estimated1(), 0.05, r.format());
        }
    }

    @Test
    void flagsAreRankedBySelfConfidenceWithAReason() {
        NoisyLabels d = NoisyLabels.of(1_000, 0.1, NoisyLabels.Pattern.UNIFORM, 1);
        LabelAudit a = LabelAudit.of(null, d.given, OutOfSample.approximateLeaveOneOut(d.x, d.given,
                AuditLogit.Options.defaults()));
        List<LabelAudit.Flag> flags = a.flags();
        assertTrue(flags.size() > 50, "flags: " + flags.size());
        for (int r = 0; r < flags.size(); r++) {
            LabelAudit.Flag f = flags.get(r);
            assertEquals(r + 1, f.rank());
            assertEquals(1 - f.givenLabel(), f.suggestedLabel());
            assertEquals(f.probabilityOfSuggested() >= f.threshold(), f.confident());
            assertTrue(f.probabilityOfGiven() < 0.5);
            if (r > 0) {
                assertTrue(flags.get(r - 1).probabilityOfGiven() <= f.probabilityOfGiven());
            }
            assertTrue(f.reason().startsWith("labelled " + f.givenLabel() + " but out-of-sample P(" + f.suggestedLabel()
                    + ") = "), f.reason());
            assertTrue(f.reason().contains(f.confident() ? " >= " : " < "), f.reason());
        }
        // thresholds are the mean self-confidence per label
        double[] p = a.outOfSample().probabilityOfOne();
        double s1 = 0;
        int n1 = 0;
        for (int i = 0; i < p.length; i++) {
            if (d.given[i] == 1) {
                s1 += p[i];
                n1++;
            }
        }
        assertEquals(s1 / n1, a.threshold(1), 1e-12);
        var t = a.table("customer_id");
        assertEquals(flags.size(), t.rowCount());
        assertEquals(List.of("rank", "customer_id", "row", "label", "suggested_label", "p_label", "p_suggested",
                "threshold", "margin", "method", "reason"), t.columnNames());
        assertEquals("loo-newton", t.cell("method", 0));
    }

    /**
     * Prints the table (noise level × pattern: flipped and flagged rows, recall, precision, estimated
     * against true noise rate overall and per given label).
     *
     * @param args none
     */
    public static void main(String[] args) {
        System.out.println("| noise | pattern           | flips | flags | recall | precis | est / true all  "
                + "| est / true y=0  | est / true y=1  |");
        for (Row r : table()) {
            System.out.println(r.format());
        }
    }
}
