package org.churnkit.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.churnkit.data.SummaryOptions;
import org.churnkit.data.TimeUnit;
import org.churnkit.data.TransactionLog;
import org.churnkit.model.ParetoNbd;
import org.junit.jupiter.api.Test;

class SegmentStabilityTest {

    @Test
    void adjustedRandIndexHasItsKnownValues() {
        // the same partition under other labels
        assertEquals(1.0, SegmentStability.adjustedRand(new long[][] {{0, 3}, {4, 0}}), 1e-12);
        // true {0,0,0,1,1,1} against {0,0,1,1,2,2}: 0.2424... (Hubert and Arabie; as scikit-learn gives)
        assertEquals(0.24242424242424246, SegmentStability.adjustedRand(new long[][] {{2, 1, 0}, {0, 1, 2}}), 1e-12);
        // independent halves: the index is below 0 for this table, as chance agreement exceeds it
        assertTrue(SegmentStability.adjustedRand(new long[][] {{1, 1}, {1, 1}}) < 0);
        assertEquals(1.0, SegmentStability.adjustedRand(new long[][] {{5}}), 0);
        assertTrue(Double.isNaN(SegmentStability.adjustedRand(new long[][] {{0}})));
    }

    /** Pareto/NBD customers arriving over 60 weeks (CDNOW parameters), with amounts. */
    static TransactionLog world(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<String> ids = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        List<Double> amounts = new ArrayList<>();
        long base = LocalDate.of(2024, 1, 1).toEpochDay() * 86_400L;
        for (int c = 0; c < 1500; c++) {
            double t = 60 * rnd.nextDouble();
            double lambda = gamma(rnd, 0.55) / 10.58;
            double death = t - Math.log(1 - rnd.nextDouble()) / (gamma(rnd, 0.61) / 11.67);
            double mean = 10 + 40 * rnd.nextDouble();
            for (double u = t; u < Math.min(death, 60); u -= Math.log(1 - rnd.nextDouble()) / lambda) {
                ids.add("c" + c);
                times.add(base + (long) Math.floor(u * 7) * 86_400L + 43_200L);
                amounts.add(Math.rint(100 * mean * (0.5 + rnd.nextDouble())) / 100);
            }
        }
        return TransactionLog.of(ids.toArray(String[]::new), times.stream().mapToLong(Long::longValue).toArray(),
                amounts.stream().mapToDouble(Double::doubleValue).toArray());
    }

    static double gamma(SplittableRandom rnd, double shape) {
        // shape < 1 only: Ahrens-Dieter GS
        while (true) {
            double u = rnd.nextDouble();
            double b = 1 + shape / Math.E;
            double p = b * u;
            if (p <= 1) {
                double x = Math.pow(p, 1 / shape);
                if (rnd.nextDouble() <= Math.exp(-x)) {
                    return x;
                }
            } else {
                double x = -Math.log((b - p) / shape);
                if (rnd.nextDouble() <= Math.pow(x, shape - 1)) {
                    return x;
                }
            }
        }
    }

    @Test
    void consecutiveOriginsOfAStableWorldKeepMostAssignments() {
        TransactionLog log = world(3);
        ParetoNbd m = ParetoNbd.of(0.55, 10.58, 0.61, 11.67);
        SummaryOptions o = SummaryOptions.defaults().withUnit(TimeUnit.WEEKS);
        LocalDate d0 = LocalDate.of(2024, 1, 1).plusWeeks(48).minusDays(1);
        List<LocalDate> origins = List.of(d0, d0.plusWeeks(4), d0.plusWeeks(8), d0.plusWeeks(12));
        Segmenter seg = Segmenter.builder().k(4).build();
        SegmentStability s = SegmentStability.of(m, log, o, origins, 52, seg, 7);
        System.out.println("segment stability: " + s.rows());
        assertEquals(3, s.rows().size());
        for (SegmentStability.Row r : s.rows()) {
            assertEquals(4, r.kFrom());
            assertTrue(r.customers() > 900, r::toString);
            assertTrue(r.adjustedRand() > 0.3 && r.adjustedRand() <= 1, r::toString);
            assertTrue(r.kept() > 0.5 && r.kept() <= 1, r::toString);
        }
        // four weeks apart keep more than twelve weeks apart
        SegmentStability wide = SegmentStability.of(m, log, o, List.of(d0, d0.plusWeeks(12)), 52, seg, 7);
        assertTrue(wide.rows().get(0).adjustedRand() < s.rows().get(0).adjustedRand(), wide.rows() + " " + s.rows());
        assertEquals(List.of("from", "to", "customers", "k_from", "k_to", "kept", "adjusted_rand", "stable"),
                s.toTable().columnNames());
    }
}
