package org.churnkit.contractual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.churnkit.NotComputableException;
import org.junit.jupiter.api.Test;

/**
 * Survival, retention, DEL and DERL against 60-digit references (resources/oracle/contractual.py,
 * mpmath: the sBG's hypergeometric closed forms, the BdW's series) and the sBG's closed forms
 * against the direct sum of their series.
 */
class ContractualReferenceTest {
    /** Relative agreement asked of every value: the references are exact to 40 digits. */
    static final double REL = 1e-12;

    static List<Map<String, String>> read(String name) throws IOException {
        try (InputStream in = ContractualReferenceTest.class.getResourceAsStream("/oracle/" + name)) {
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            List<Map<String, String>> rows = new ArrayList<>();
            String[] header = null;
            for (String l : lines) {
                if (l.isBlank() || l.startsWith("#")) {
                    continue;
                }
                String[] f = l.trim().split(",");
                if (header == null) {
                    header = f;
                    continue;
                }
                Map<String, String> m = new TreeMap<>();
                for (int i = 0; i < f.length; i++) {
                    m.put(header[i], f[i]);
                }
                rows.add(m);
            }
            return rows;
        }
    }

    static double d(Map<String, String> row, String key) {
        return Double.parseDouble(row.get(key));
    }

    static void close(double expected, double actual, double rel, String what) {
        assertTrue(Math.abs(actual - expected) <= rel * Math.abs(expected),
                what + ": expected " + expected + ", got " + actual + " (relative error "
                        + Math.abs(actual / expected - 1) + ")");
    }

    @Test
    void shiftedBetaGeometricAgreesWithTheReferences() throws IOException {
        List<Map<String, String>> rows = read("sbg_cases.csv");
        assertEquals(75, rows.size());
        double worst = 0;
        for (Map<String, String> row : rows) {
            ShiftedBetaGeometric m = ShiftedBetaGeometric.of(d(row, "gamma"), d(row, "delta"));
            int n = Integer.parseInt(row.get("n"));
            DiscountRate rate = DiscountRate.perPeriod(d(row, "d"));
            String what = "sBG " + row;
            close(d(row, "S"), m.survival(n), REL, what + " S");
            close(d(row, "r"), m.retention(n), REL, what + " r");
            close(d(row, "DEL"), m.del(rate), REL, what + " DEL");
            close(d(row, "DERL"), m.derl(n, rate), REL, what + " DERL");
            worst = Math.max(worst, Math.abs(m.derl(n, rate) / d(row, "DERL") - 1));
            // the closed form against the direct sum of the series
            close(DiscountedSums.derl(m, n, rate.perPeriod()), m.derl(n, rate), 1e-10, what + " DERL vs sum");
            close(1 + DiscountedSums.derl(m, 1, rate.perPeriod()), m.del(rate), 1e-10, what + " DEL vs sum");
            double[] byTenure = m.derlByTenure(n, rate);
            close(d(row, "DERL"), byTenure[n - 1], REL, what + " derlByTenure");
        }
        System.out.println("sBG: worst relative error of DERL against the 60-digit references " + worst);
    }

    @Test
    void betaDiscreteWeibullAgreesWithTheReferences() throws IOException {
        List<Map<String, String>> rows = read("bdw_cases.csv");
        assertEquals(24, rows.size());
        for (Map<String, String> row : rows) {
            BetaDiscreteWeibull m = BetaDiscreteWeibull.of(d(row, "gamma"), d(row, "delta"), d(row, "c"));
            int n = Integer.parseInt(row.get("n"));
            DiscountRate rate = DiscountRate.perPeriod(d(row, "d"));
            String what = "BdW " + row;
            close(d(row, "S"), m.survival(n), REL, what + " S");
            close(d(row, "r"), m.retention(n), REL, what + " r");
            close(d(row, "DEL"), m.del(rate), REL, what + " DEL");
            close(d(row, "DERL"), m.derl(n, rate), REL, what + " DERL");
            // derlByTenure by the backward recursion from the longest tenure
            double[] byTenure = m.derlByTenure(n + 7, rate);
            close(d(row, "DERL"), byTenure[n - 1], REL, what + " derlByTenure");
        }
    }

    @Test
    void bdwWithUnitShapeIsTheSbg() {
        ShiftedBetaGeometric s = ShiftedBetaGeometric.of(0.704, 1.182);
        BetaDiscreteWeibull b = BetaDiscreteWeibull.of(0.704, 1.182, 1.0);
        DiscountRate rate = DiscountRate.fromAnnual(0.1, 12);
        for (int t = 1; t <= 60; t++) {
            close(s.survival(t), b.survival(t), 1e-13, "S(" + t + ")");
            close(s.churnProbability(t), b.churnProbability(t), 1e-10, "P(T=" + t + ")");
        }
        close(s.derl(7, rate), b.derl(7, rate), 1e-12, "DERL(7)");
    }

    @Test
    void undiscountedLifetimesAreFiniteOnlyWhereTheyExist() {
        // gamma > 1: Gauss's sum, E[T - n + 1 | T >= n] - 1 = (delta + n - 1) / (gamma - 1)
        ShiftedBetaGeometric m = ShiftedBetaGeometric.of(3, 7);
        close(7.0 / 2, m.derl(1, DiscountRate.perPeriod(0)), 1e-15, "DERL(1) undiscounted");
        close(1 + 7.0 / 2, m.del(DiscountRate.perPeriod(0)), 1e-15, "DEL undiscounted");
        // and the limit of small discount rates approaches it
        close(m.derl(5, DiscountRate.perPeriod(0)), m.derl(5, DiscountRate.perPeriod(1e-5)), 1e-3, "d -> 0");
        NotComputableException e = assertThrows(NotComputableException.class,
                () -> ShiftedBetaGeometric.of(0.704, 1.182).derl(1, DiscountRate.perPeriod(0)));
        assertTrue(e.getMessage().contains("infinite"), e.getMessage());
        assertThrows(NotComputableException.class,
                () -> BetaDiscreteWeibull.of(2, 1, 1.5).del(DiscountRate.perPeriod(0)));
    }

    @Test
    void annualRatesCompoundToPeriodRates() {
        DiscountRate monthly = DiscountRate.fromAnnual(0.1, 12);
        close(0.1, Math.pow(1 + monthly.perPeriod(), 12) - 1, 1e-14, "12 months compound to a year");
        assertEquals(0.1, DiscountRate.fromAnnual(0.1, 1).perPeriod(), 1e-16);
        close(0.21, DiscountRate.fromAnnual(0.1, 0.5).perPeriod(), 1e-14, "two-year periods");
        assertThrows(IllegalArgumentException.class, () -> DiscountRate.fromAnnual(-0.1, 12));
        assertThrows(IllegalArgumentException.class, () -> DiscountRate.fromAnnual(0.1, 0));
        assertThrows(IllegalArgumentException.class, () -> DiscountRate.perPeriod(Double.NaN));
    }

    @Test
    void residualValueIsMarginTimesPriceTimesDerl() {
        ShiftedBetaGeometric m = ShiftedBetaGeometric.of(0.668, 3.806);
        DiscountRate rate = DiscountRate.perPeriod(0.1);
        close(0.3 * 50 * m.derl(4, rate), m.residualValue(4, rate, 0.3, 50), 1e-15, "residual value");
    }

    @Test
    void retentionRiseSplitsIntoSortingAndDurationDependence() {
        BetaDiscreteWeibull b = BetaDiscreteWeibull.of(0.2143, 1.4266, 1.7236);
        RetentionDecomposition d = b.decomposeRetention(12);
        double[] r = d.retention();
        for (int i = 0; i < 12; i++) {
            close(r[i] - r[0], d.sorting()[i] + d.durationDependence()[i], 1e-12, "parts add up at " + (i + 1));
        }
        assertEquals(0.0, d.sorting()[0], 0.0);
        assertEquals(0.0, d.durationDependence()[0], 1e-15);
        // c > 1: each subscriber's churn probability rises with tenure, which holds retention below sorting alone
        assertTrue(d.durationDependence()[11] < 0, "c > 1 lowers retention: " + d.durationDependence()[11]);
        assertTrue(d.sorting()[11] > 0, "sorting raises retention");
        RetentionDecomposition s = ShiftedBetaGeometric.of(0.704, 1.182).decomposeRetention(12);
        for (double v : s.durationDependence()) {
            assertEquals(0.0, v, 0.0);
        }
    }
}
