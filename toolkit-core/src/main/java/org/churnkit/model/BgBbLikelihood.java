package org.churnkit.model;

import org.apache.commons.numbers.gamma.Digamma;
import org.apache.commons.numbers.gamma.LogBeta;
import org.churnkit.ChurnkitException;
import org.churnkit.NotComputableException;

/**
 * BG/BB log-likelihood (Fader, Hardie and Shang 2010, eq. 5; see {@link BgBb}) with its analytic
 * gradient. Each row is a log-sum-exp over the alive term and the {@code n - t_x} dead terms; the
 * dead terms follow from one another by the ratios {@code (beta+y)/(alpha+beta+x+y)} and
 * {@code (delta+m)/(gamma+delta+1+m)}, and their digamma derivatives by {@code psi(z+1) = psi(z) + 1/z},
 * so a row costs O(n - t_x) arithmetic and a fixed number of special functions. Per term, with
 * {@code y} the non-transactions and {@code m} the survivals, {@code e} = 0 (alive) or 1 (dead):
 *
 * <pre>
 *   d/d alpha = psi(alpha+x) - psi(alpha+beta+x+y) - psi(alpha) + psi(alpha+beta)
 *   d/d beta  = psi(beta+y)  - psi(alpha+beta+x+y) - psi(beta)  + psi(alpha+beta)
 *   d/d gamma = psi(gamma+e) - psi(gamma+delta+e+m) - psi(gamma) + psi(gamma+delta)
 *   d/d delta = psi(delta+m) - psi(gamma+delta+e+m) - psi(delta) + psi(gamma+delta)
 * </pre>
 *
 * and the row's gradient is the average of the terms' weighted by their share of the likelihood.
 */
final class BgBbLikelihood implements LikelihoodFunction<BgBb> {
    private static final BgBbLikelihood INSTANCE = new BgBbLikelihood();

    private BgBbLikelihood() {}

    /**
     * The likelihood (stateless, so one shared instance).
     *
     * @return the shared instance
     */
    static BgBbLikelihood of() {
        return INSTANCE;
    }

    @Override
    public ModelKind kind() {
        return ModelKind.BG_BB;
    }

    /**
     * Log-likelihood of one row; when {@code g} is not null it receives the row's gradient (overwritten).
     */
    static double logLikelihoodRow(double al, double be, double ga, double de, double logBAB, double logBGD,
            double x, double tx, double n, double[] g) {
        boolean grad = g != null;
        // Alive term.
        double yA = n - x;
        double lAlive = LogBeta.value(al + x, be + yA) - logBAB + LogBeta.value(ga, de + n) - logBGD;
        double dAa = 0;
        double dAb = 0;
        double dAg = 0;
        double dAd = 0;
        double psiAlX = 0;
        double psiAB = 0;
        double psiG = 0;
        double psiGD = 0;
        double psiAl = 0;
        double psiBe = 0;
        double psiDe = 0;
        if (grad) {
            psiAl = Digamma.value(al);
            psiBe = Digamma.value(be);
            psiAB = Digamma.value(al + be);
            psiG = Digamma.value(ga);
            psiDe = Digamma.value(de);
            psiGD = Digamma.value(ga + de);
            psiAlX = Digamma.value(al + x);
            double psiTot = Digamma.value(al + be + x + yA);
            dAa = psiAlX - psiTot - psiAl + psiAB;
            dAb = Digamma.value(be + yA) - psiTot - psiBe + psiAB;
            double psiGDn = Digamma.value(ga + de + n);
            dAg = psiG - psiGDn - psiG + psiGD;
            dAd = Digamma.value(de + n) - psiGDn - psiDe + psiGD;
        }
        int dead = (int) (n - tx);
        if (dead == 0) {
            if (grad) {
                g[0] = dAa;
                g[1] = dAb;
                g[2] = dAg;
                g[3] = dAd;
            }
            return lAlive;
        }
        // First dead term: y = t_x - x, m = t_x.
        double y = tx - x;
        double m = tx;
        double l = LogBeta.value(al + x, be + y) - logBAB + LogBeta.value(ga + 1, de + m) - logBGD;
        double psiBy = 0;
        double psiTotP = 0;
        double psiDm = 0;
        double psiTotT = 0;
        double psiG1 = 0;
        if (grad) {
            psiBy = Digamma.value(be + y);
            psiTotP = Digamma.value(al + be + x + y);
            psiDm = Digamma.value(de + m);
            psiTotT = Digamma.value(ga + de + 1 + m);
            psiG1 = Digamma.value(ga + 1);
        }
        // Streaming log-sum-exp, anchored at the larger of the alive and first dead term.
        double max = Math.max(lAlive, l);
        double sum = Math.exp(lAlive - max);
        double sa = sum * dAa;
        double sb = sum * dAb;
        double sg = sum * dAg;
        double sd = sum * dAd;
        for (int i = 0; i < dead; i++) {
            if (l > max + 600) { // rescale before anything overflows
                double f = Math.exp(max - l);
                sum *= f;
                sa *= f;
                sb *= f;
                sg *= f;
                sd *= f;
                max = l;
            }
            double wgt = Math.exp(l - max);
            sum += wgt;
            if (grad) {
                sa += wgt * (psiAlX - psiTotP - psiAl + psiAB);
                sb += wgt * (psiBy - psiTotP - psiBe + psiAB);
                sg += wgt * (psiG1 - psiTotT - psiG + psiGD);
                sd += wgt * (psiDm - psiTotT - psiDe + psiGD);
                psiBy += 1 / (be + y);
                psiTotP += 1 / (al + be + x + y);
                psiDm += 1 / (de + m);
                psiTotT += 1 / (ga + de + 1 + m);
            }
            l += Math.log((be + y) / (al + be + x + y)) + Math.log((de + m) / (ga + de + 1 + m));
            y += 1;
            m += 1;
        }
        if (grad) {
            g[0] = sa / sum;
            g[1] = sb / sum;
            g[2] = sg / sum;
            g[3] = sd / sum;
        }
        return max + Math.log(sum);
    }

    @Override
    public double logLikelihood(double[] params, Histories data, int from, int to, double[] gradient) {
        double al = params[0];
        double be = params[1];
        double ga = params[2];
        double de = params[3];
        BgBb.checkParameters(al, be, ga, de);
        double logBAB = LogBeta.value(al, be);
        double logBGD = LogBeta.value(ga, de);
        double[] g = gradient != null ? new double[4] : null;
        double total = 0;
        for (int i = from; i < to; i++) {
            double w = data.weight == null ? 1.0 : data.weight[i];
            if (w == 0) {
                continue;
            }
            double x = data.frequency[i];
            double tx = data.recency[i];
            double n = data.age[i];
            double l;
            try {
                BgBb.checkHistory(x, tx, n);
                l = logLikelihoodRow(al, be, ga, de, logBAB, logBGD, x, tx, n, g);
            } catch (ChurnkitException e) {
                throw new NotComputableException(data.describe(i), "cannot compute the BG/BB log-likelihood for "
                        + data.describe(i) + ": " + e.getMessage(), e);
            }
            if (!Double.isFinite(l)) {
                throw new NotComputableException(data.describe(i), "cannot compute the BG/BB log-likelihood for "
                        + data.describe(i) + " at alpha=" + al + ", beta=" + be + ", gamma=" + ga + ", delta=" + de + ": the result is " + l);
            }
            total += w * l;
            if (g != null) {
                for (int k = 0; k < 4; k++) {
                    gradient[k] += w * g[k];
                }
            }
        }
        return total;
    }

    @Override
    public boolean hasGradient() {
        return true;
    }

    /**
     * Starting points: the transaction probability's mean {@code alpha/(alpha+beta)} matched to the
     * observed share of opportunities with a transaction, with several dropout shapes.
     */
    @Override
    public double[][] startingPoints(Histories data) {
        double sx = 0;
        double sn = 0;
        for (int i = 0; i < data.size(); i++) {
            double w = data.weight(i);
            sx += w * data.frequency[i];
            sn += w * data.age[i];
        }
        double share = sn > 0 ? Math.min(0.95, Math.max(0.05, sx / sn)) : 0.5;
        // Customers partly dead during observation transact less than they would alive: start higher.
        double p = Math.min(0.95, share * 1.5);
        return new double[][] {
            {p * 2, (1 - p) * 2, 1.0, 1.0},
            {p, 1 - p, 0.5, 2.0},
            {p * 4, (1 - p) * 4, 1.0, 5.0},
        };
    }

    @Override
    public BgBb create(double[] params, FitSummary fit) {
        return BgBb.of(params[0], params[1], params[2], params[3], fit);
    }
}
