package org.churnkit.testing;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.AhrensDieterMarsagliaTsangGammaSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.churnkit.model.GammaGamma;
import org.churnkit.model.Histories;
import org.churnkit.model.ParetoNbd;
import org.churnkit.model.ParetoNbdSimulator;

/**
 * A simulated customer base for tests that compare scoring paths (library, command line, Spark):
 * Pareto/NBD histories (CDNOW-like parameters, ages uniform in 1..78 weeks), Gamma spend for
 * repeat buyers, every 101st customer acquired at the end of observation (T = 0), ids
 * {@code c00000, c00001, ...}. The same seed gives the same base in every module.
 */
public final class SimulatedBase {
    /** The generating (and scoring) model: Fader, Hardie and Lee 2005's CDNOW estimates. */
    public static final ParetoNbd MODEL = ParetoNbd.of(0.5534, 10.5802, 0.6061, 11.6562);
    /** A spend model for the money columns. */
    public static final GammaGamma SPEND = GammaGamma.of(6.25, 3.74, 15.44);

    private SimulatedBase() {}

    /**
     * The base.
     *
     * @param customers number of customers
     * @param seed the random seed
     * @return histories with monetary values and ids
     */
    public static Histories of(int customers, long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        Histories h = ParetoNbdSimulator.of(MODEL).simulateHistories(
                ParetoNbdSimulator.uniformAges(customers, 1, 78, rng), rng);
        double[] x = h.frequencies();
        double[] tx = h.recencies();
        double[] t = h.ages();
        double[] m = new double[customers];
        String[] ids = new String[customers];
        var spend = AhrensDieterMarsagliaTsangGammaSampler.of(rng, 6.0, 5.0);
        for (int i = 0; i < customers; i++) {
            if (i % 101 == 0) {
                x[i] = 0;
                tx[i] = 0;
                t[i] = 0;
            }
            m[i] = x[i] > 0 ? spend.sample() : 0;
            ids[i] = String.format(java.util.Locale.ROOT, "c%05d", i);
        }
        return Histories.of(x, tx, t, m, null, ids);
    }
}
