package org.churnkit.model;

import org.apache.commons.numbers.gamma.Digamma;
import org.apache.commons.numbers.gamma.LogGamma;
import org.churnkit.NotComputableException;

/**
 * The Pareto/NBD log-likelihood (Fader and Hardie 2005 note, log-sum-exp form; see
 * {@link ParetoNbd} and {@code ParetoNbdMath}) with its analytic gradient, for
 * {@link ModelFitter}. Per customer:
 *
 * <pre>
 *   log L = log Gamma(r+x) - log Gamma(r) + r log alpha + s log beta
 *           - (r+x) log(alpha+T) - s log(beta+T) + log1p(R)
 *   d log L = d(first line) + R/(1+R) d log R
 * </pre>
 *
 * Stateless and thread-safe.
 */
final class ParetoNbdLikelihood implements LikelihoodFunction<ParetoNbd> {
    private static final ParetoNbdLikelihood INSTANCE = new ParetoNbdLikelihood();
    /** Frequencies below this use per-call tables of log Gamma(r+x)-log Gamma(r) and its r-derivative. */
    private static final int TABLE = 512;

    private ParetoNbdLikelihood() {}

    /**
     * The likelihood (stateless, so one shared instance).
     *
     * @return the shared instance
     */
    static ParetoNbdLikelihood of() {
        return INSTANCE;
    }

    @Override
    public ModelKind kind() {
        return ModelKind.PARETO_NBD;
    }

    @Override
    public boolean hasGradient() {
        return true;
    }

    @Override
    public double logLikelihood(double[] params, Histories data, int from, int to, double[] gradient) {
        double r = params[0];
        double alpha = params[1];
        double s = params[2];
        double beta = params[3];
        GammaRatios ratios = new GammaRatios(r);
        double[] xs = data.frequency;
        double[] txs = data.recency;
        double[] ts = data.age;
        double[] ws = data.weight;
        double[] scratch = gradient != null ? new double[4] : null;
        double[] d = gradient != null ? new double[4] : null;
        ParetoNbdMath.Cache cache = new ParetoNbdMath.Cache();
        double ll = 0;
        double gr = 0;
        double ga = 0;
        double gs = 0;
        double gb = 0;
        for (int i = from; i < to; i++) {
            double w = ws == null ? 1.0 : ws[i];
            if (w == 0) {
                continue;
            }
            ll += w * customer(r, alpha, s, beta, xs[i], txs[i], ts[i], ratios, scratch, cache, d, data, i);
            if (d != null) {
                gr += w * d[0];
                ga += w * d[1];
                gs += w * d[2];
                gb += w * d[3];
            }
        }
        if (gradient != null) {
            gradient[0] += gr;
            gradient[1] += ga;
            gradient[2] += gs;
            gradient[3] += gb;
        }
        return ll;
    }

    /**
     * {@code log Gamma(r+x) - log Gamma(r)} and its r-derivative {@code psi(r+x) - psi(r)} for one r:
     * tabulated below 512 as sums of {@code log(r+j)} and {@code 1/(r+j)} (relative error
     * below 1e-13, far inside a fit's needs), by Commons Numbers above. One per thread.
     */
    static final class GammaRatios {
        private final double r;
        private final double[] lg = new double[TABLE];
        private final double[] dg = new double[TABLE];
        private double lgR = Double.NaN;
        private double dgR;

        GammaRatios(double r) {
            this.r = r;
            for (int j = 1; j < TABLE; j++) {
                lg[j] = lg[j - 1] + Math.log(r + j - 1);
                dg[j] = dg[j - 1] + 1 / (r + j - 1);
            }
        }

        double logRatio(double x) {
            int xi = (int) x;
            if (xi < TABLE) {
                return lg[xi];
            }
            big();
            return LogGamma.value(r + x) - lgR;
        }

        double digammaDifference(double x) {
            int xi = (int) x;
            if (xi < TABLE) {
                return dg[xi];
            }
            big();
            return Digamma.value(r + x) - dgR;
        }

        private void big() {
            if (Double.isNaN(lgR)) {
                lgR = LogGamma.value(r);
                dgR = Digamma.value(r);
            }
        }
    }

    /**
     * One customer's log-likelihood at {@code (r, alpha, s, beta)}: the per-customer term of
     * {@link #logLikelihood}, shared with the covariate model (where alpha and beta differ by
     * customer). When {@code d != null} writes {@code d log L / d(r, alpha, s, beta)} into
     * {@code d[0..3]}; {@code scratch} (4 entries) is then needed too.
     *
     * @throws NotComputableException naming row {@code i} of {@code data} when the value is not finite
     */
    static double customer(double r, double alpha, double s, double beta, double x, double tx, double T,
                           GammaRatios ratios, double[] scratch, ParetoNbdMath.Cache cache, double[] d,
                           Histories data, int i) {
        double p = r + x;
        double lr;
        try {
            lr = ParetoNbdMath.logR(r, alpha, s, beta, x, tx, T, d != null ? scratch : null, cache);
        } catch (RuntimeException e) {
            throw new NotComputableException(data.describe(i), "cannot compute the Pareto/NBD log-likelihood for "
                    + data.describe(i) + " at r=" + r + ", alpha=" + alpha + ", s=" + s + ", beta=" + beta + ": "
                    + e.getMessage(), e);
        }
        double sp = ParetoNbd.softplus(lr);
        double la = Math.log1p(T / alpha);
        double lb = Math.log1p(T / beta);
        // r log alpha - (r+x) log(alpha+T) = -r log1p(T/alpha) - x log(alpha+T), likewise for beta.
        double li = ratios.logRatio(x) - r * la - (x == 0 ? 0.0 : x * Math.log(alpha + T)) - s * lb + sp;
        if (!Double.isFinite(li)) {
            throw new NotComputableException(data.describe(i), "cannot compute the Pareto/NBD log-likelihood for "
                    + data.describe(i) + " at r=" + r + ", alpha=" + alpha + ", s=" + s + ", beta=" + beta + ": it is " + li);
        }
        if (d != null) {
            double q = lr == Double.NEGATIVE_INFINITY ? 0.0 : Math.exp(lr - sp); // R / (1 + R)
            d[0] = ratios.digammaDifference(x) - la + q * scratch[0];
            d[1] = r / alpha - p / (alpha + T) + q * scratch[1];
            d[2] = -lb + q * scratch[2];
            d[3] = s / beta - s / (beta + T) + q * scratch[3];
        }
        return li;
    }

    /**
     * Four starts spread over plausible shapes (heterogeneity from low to high), kept where
     * alpha and beta are of similar size so that the series stay short, with scales from the data: the purchase-rate scale
     * {@code alpha = r / (sum x / sum T)} and the lifetime scale {@code beta} a multiple of mean T.
     */
    @Override
    public double[][] startingPoints(Histories data) {
        double sx = 0;
        double st = 0;
        double w = 0;
        for (int i = 0; i < data.size(); i++) {
            double wi = data.weight(i);
            sx += wi * data.frequency[i];
            st += wi * data.age[i];
            w += wi;
        }
        double meanT = w > 0 ? st / w : 1;
        double rate = st > 0 ? Math.max(sx / st, 1e-3 / meanT) : 1;
        double[][] starts = {
            {0.5, 0.5 / rate, 0.5, meanT / 3},
            {1.0, 1.0 / rate, 1.0, meanT},
            {2.0, 2.0 / rate, 2.0, 2 * meanT},
            {0.25, 0.25 / rate, 0.25, meanT / 6},
        };
        for (double[] s : starts) {
            for (int k = 0; k < 4; k++) {
                s[k] = Math.min(1e6, Math.max(1e-4, s[k]));
            }
        }
        return starts;
    }

    @Override
    public ParetoNbd create(double[] params, FitSummary fit) {
        return ParetoNbd.of(params, fit);
    }
}
