package org.churnkit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The likelihood's series take their z-free factors from per-frequency tables
 * ({@code ParetoNbdMath.Terms}): the values must be the plain loop's to the last bit, for rows in
 * any order (the tables are kept per frequency) and for series longer than the first table.
 */
class ParetoNbdSeriesTablesTest {

    @Test
    void theTablesGiveTheSameBitsAsThePlainSeries() {
        Random rng = new Random(7);
        ParetoNbdMath.Cache cache = new ParetoNbdMath.Cache();
        double[][] params = {{0.235, 0.399, 1.575, 30.76}, {0.55, 10.58, 0.61, 11.67}, {2.0, 40, 0.3, 0.5}};
        int checked = 0;
        for (double[] p : params) {
            for (int i = 0; i < 3000; i++) {
                double x = rng.nextInt(40);
                double t = 0.5 + 78 * rng.nextDouble();
                double tx = x == 0 ? 0 : t * rng.nextDouble();
                double[] ga = new double[4];
                double[] gb = new double[4];
                double plain = ParetoNbdMath.logR(p[0], p[1], p[2], p[3], x, tx, t, ga, null);
                double tabled = ParetoNbdMath.logR(p[0], p[1], p[2], p[3], x, tx, t, gb, cache);
                assertEquals(Double.doubleToRawLongBits(plain), Double.doubleToRawLongBits(tabled),
                        "log R at x=" + x + " tx=" + tx + " T=" + t + " " + Arrays.toString(p));
                assertTrue(Arrays.equals(ga, gb), "gradient at x=" + x + " tx=" + tx + " T=" + t);
                checked++;
            }
        }
        assertEquals(9000, checked);
    }

    @Test
    void aLongSeriesGrowsItsTableAndKeepsTheBits() {
        double[] plain = new double[4];
        double[] tabled = new double[4];
        ParetoNbdMath.Terms terms = new ParetoNbdMath.Terms();
        for (double z : new double[] {0.3, 0.99, 0.9995, 0.2}) {
            ParetoNbdMath.series(3.2, 1.7, z, plain, true);
            ParetoNbdMath.series(3.2, 1.7, z, tabled, true, terms);
            assertTrue(Arrays.equals(plain, tabled), "z=" + z + ": " + Arrays.toString(plain) + " vs " + Arrays.toString(tabled));
        }
        assertTrue(terms.filled > 1000, "the table grew with the series: " + terms.filled);
    }
}
