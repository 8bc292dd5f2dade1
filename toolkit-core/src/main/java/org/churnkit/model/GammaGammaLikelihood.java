package org.churnkit.model;

import org.apache.commons.numbers.gamma.Digamma;
import org.churnkit.ChurnkitException;
import org.churnkit.NotComputableException;

/**
 * Gamma-Gamma log-likelihood of customers' mean repeat-transaction values ({@link GammaGamma}),
 * over the rows with {@code x >= 1} (rows without repeat transactions carry no spend information and
 * are skipped), with the analytic gradient:
 *
 * <pre>
 *   dl/dp     = x [psi(px+q) - psi(px) - log1p(gamma / (m x))]
 *   dl/dq     = psi(px+q) - psi(q) - log1p(m x / gamma)
 *   dl/dgamma = q/gamma - (px+q)/(gamma + m x)
 * </pre>
 *
 * The likelihood is defined for any positive (p, q, gamma); {@link #create} then requires q > 1.
 */
final class GammaGammaLikelihood implements LikelihoodFunction<GammaGamma> {
    private static final GammaGammaLikelihood INSTANCE = new GammaGammaLikelihood();

    private GammaGammaLikelihood() {}

    /**
     * The likelihood (stateless, so one shared instance).
     *
     * @return the shared instance
     */
    static GammaGammaLikelihood of() {
        return INSTANCE;
    }

    @Override
    public ModelKind kind() {
        return ModelKind.GAMMA_GAMMA;
    }

    @Override
    public double logLikelihood(double[] params, Histories data, int from, int to, double[] gradient) {
        double p = params[0];
        double q = params[1];
        double g = params[2];
        if (!(p > 0) || !(q > 0) || !(g > 0) || Double.isInfinite(p) || Double.isInfinite(q) || Double.isInfinite(g)) {
            throw new IllegalArgumentException("Gamma-Gamma parameters must be positive and finite, got p=" + p
                    + ", q=" + q + ", gamma=" + g);
        }
        if (data.monetary == null) {
            throw new ChurnkitException("the Gamma-Gamma likelihood needs a monetary value column");
        }
        double psiQ = gradient != null ? Digamma.value(q) : 0;
        double sum = 0;
        double gp = 0;
        double gq = 0;
        double gg = 0;
        for (int i = from; i < to; i++) {
            double x = data.frequency[i];
            double w = data.weight == null ? 1.0 : data.weight[i];
            if (x < 1 || w == 0) {
                continue;
            }
            double m = data.monetary[i];
            if (!(m > 0)) {
                throw new NotComputableException(data.describe(i), "cannot compute the Gamma-Gamma log-likelihood for "
                        + data.describe(i) + ": monetary value " + m + " must be positive when x >= 1");
            }
            double l = GammaGamma.logLikelihood(p, q, g, x, m);
            if (!Double.isFinite(l)) {
                throw new NotComputableException(data.describe(i), "cannot compute the Gamma-Gamma log-likelihood for "
                        + data.describe(i) + " at p=" + p + ", q=" + q + ", gamma=" + g + ": the result is " + l);
            }
            sum += w * l;
            if (gradient != null) {
                double px = p * x;
                double psiPxq = Digamma.value(px + q);
                gp += w * x * (psiPxq - Digamma.value(px) - Math.log1p(g / (m * x)));
                gq += w * (psiPxq - psiQ - Math.log1p(m * x / g));
                gg += w * (q / g - (px + q) / (g + m * x));
            }
        }
        if (gradient != null) {
            gradient[0] += gp;
            gradient[1] += gq;
            gradient[2] += gg;
        }
        return sum;
    }

    @Override
    public boolean hasGradient() {
        return true;
    }

    /**
     * Method of moments for the mean: {@code p gamma / (q - 1)} equal to the weighted mean of m over
     * repeat buyers, at a few (p, q) shapes.
     */
    @Override
    public double[][] startingPoints(Histories data) {
        double sw = 0;
        double sm = 0;
        if (data.monetary != null) {
            for (int i = 0; i < data.size(); i++) {
                if (data.frequency[i] >= 1 && data.monetary[i] > 0) {
                    double w = data.weight(i);
                    sw += w;
                    sm += w * data.monetary[i];
                }
            }
        }
        double mean = sw > 0 ? sm / sw : 1.0;
        return new double[][] {
            {2.0, 3.0, mean * 2.0 / 2.0},
            {5.0, 4.0, mean * 3.0 / 5.0},
            {1.0, 2.0, mean},
        };
    }

    @Override
    public GammaGamma create(double[] params, FitSummary fit) {
        return GammaGamma.of(params[0], params[1], params[2], fit);
    }
}
