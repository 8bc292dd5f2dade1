package org.churnkit.segment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.churnkit.numerics.Hypergeometric2F1;

/**
 * CDNOW scores for tests, until the model packages land: BG/NBD at the published CDNOW parameters
 * (Fader, Hardie, Lee 2005, "Counting your customers the easy way", Marketing Science 24(2):
 * r = 0.243, alpha = 4.414, a = 0.793, b = 2.426) and Gamma-Gamma spend at the published
 * parameters (Fader, Hardie, Lee 2005, "RFM and CLV": p = 6.25, q = 3.74, gamma = 15.44).
 * <pre>
 * P(alive) = 1 / (1 + [x &gt; 0] a/(b+x-1) ((alpha+T)/(alpha+t_x))^(r+x))
 * E[X(t)]  = (a+b+x-1)/(a-1) [1 - ((alpha+T)/(alpha+T+t))^(r+x) 2F1(r+x, b+x; a+b+x-1; t/(alpha+T+t))] P(alive)
 * E[spend] = p (gamma + x zbar) / (p x + q - 1)
 * </pre>
 * with t = 39 weeks; CLV here is E[X(39)] x E[spend], undiscounted. Checked against the published
 * customer (2, 30.43, 38.86): 1.226 expected transactions, P(alive) 0.7266 (see CdnowSegmentStabilityTest).
 */
final class CdnowScores {
    static final double R = 0.243;
    static final double ALPHA = 4.414;
    static final double A = 0.793;
    static final double B = 2.426;
    static final double P = 6.25;
    static final double Q = 3.74;
    static final double GAMMA = 15.44;
    static final double HORIZON = 39;

    private CdnowScores() {}

    static double pAlive(double x, double tx, double t) {
        return x == 0 ? 1 : 1 / (1 + A / (B + x - 1) * Math.pow((ALPHA + t) / (ALPHA + tx), R + x));
    }

    static double expected(double x, double tx, double t, double h) {
        double z = h / (ALPHA + t + h);
        double log = (R + x) * Math.log((ALPHA + t) / (ALPHA + t + h)) + Hypergeometric2F1.log(R + x, B + x, A + B + x - 1, z);
        return (A + B + x - 1) / (A - 1) * -Math.expm1(log) * pAlive(x, tx, t);
    }

    /** Reads {@code cdnow_summary_with_spend.csv} (ID, x, t_x, T, zbar) and scores every customer. */
    static ScoreColumns read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        int n = lines.size() - 1;
        String[] ids = new String[n];
        double[] f = new double[n];
        double[] r = new double[n];
        double[] age = new double[n];
        double[] m = new double[n];
        double[] pa = new double[n];
        double[] e = new double[n];
        double[] clv = new double[n];
        for (int i = 0; i < n; i++) {
            String[] c = lines.get(i + 1).split(",");
            ids[i] = c[0];
            f[i] = Double.parseDouble(c[1]);
            r[i] = Double.parseDouble(c[2]);
            age[i] = Double.parseDouble(c[3]);
            m[i] = Double.parseDouble(c[4]);
            pa[i] = pAlive(f[i], r[i], age[i]);
            e[i] = expected(f[i], r[i], age[i], HORIZON);
            clv[i] = e[i] * P * (GAMMA + f[i] * m[i]) / (P * f[i] + Q - 1);
        }
        Map<String, double[]> cols = new LinkedHashMap<>();
        cols.put("frequency", f);
        cols.put("recency", r);
        cols.put("T", age);
        cols.put("monetary_value", m);
        cols.put("p_alive", pa);
        cols.put("expected_transactions", e);
        cols.put("clv", clv);
        return ScoreColumns.of(ids, cols);
    }
}
