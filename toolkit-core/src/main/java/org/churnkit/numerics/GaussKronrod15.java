package org.churnkit.numerics;

/**
 * The 7-point Gauss / 15-point Kronrod rule on {@code [-1, 1]}, the one source of its nodes and
 * weights for churnkit's integrators. Values from QUADPACK's {@code qk15} (Piessens et al. 1983).
 * The accessors return copies, so callers keep their own arrays for hot loops.
 */
public final class GaussKronrod15 {
    private static final double[] XGK = {
        0.991455371120812639206854697526329, 0.949107912342758524526189684047851,
        0.864864423359769072789712788640926, 0.741531185599394439863864773280788,
        0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
        0.207784955007898467600689403773245, 0.0,
    };
    private static final double[] WGK = {
        0.022935322010529224963732008058970, 0.063092092629978553290700663189204,
        0.104790010322250183839876322541518, 0.140653259715525918745189590510238,
        0.169004726639267902826583426598550, 0.190350578064785409913256402421014,
        0.204432940075298892414161999234649, 0.209482141084727828012999174891714,
    };
    private static final double[] WG = {
        0.129484966168869693270611432679082, 0.279705391489276667901467771423780,
        0.381830050505118944950369775488975, 0.417959183673469387755102040816327,
    };

    private GaussKronrod15() {}

    /** {@return the 8 non-negative Kronrod nodes, largest first; the odd-indexed ones are the Gauss nodes} */
    public static double[] kronrodNodes() {
        return XGK.clone();
    }

    /** {@return the 8 Kronrod weights, matching {@link #kronrodNodes()}} */
    public static double[] kronrodWeights() {
        return WGK.clone();
    }

    /** {@return the 4 Gauss weights, for Kronrod nodes 1, 3, 5 and 7} */
    public static double[] gaussWeights() {
        return WG.clone();
    }
}
