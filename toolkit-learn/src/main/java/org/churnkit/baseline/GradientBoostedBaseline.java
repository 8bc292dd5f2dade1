package org.churnkit.baseline;

import smile.classification.GradientTreeBoost;
import smile.data.DataFrame;
import smile.data.formula.Formula;
import smile.data.vector.IntVector;

/**
 * Unweighted gradient-boosted trees (Smile {@code GradientTreeBoost}, Friedman 2001) on the same
 * features as {@code org.churnkit.cost.CsLogit}: the plain churn-model baseline. It learns churn, not value, so its
 * probabilities feed {@code org.churnkit.cost.Targeting}, which adds the values. Deterministic: no row subsampling
 * (subsample = 1), so Smile's global random generator is never used.
 */
public final class GradientBoostedBaseline {
    private final GradientTreeBoost model;
    private final String[] names;

    private GradientBoostedBaseline(GradientTreeBoost model, String[] names) {
        this.model = model;
        this.names = names;
    }

    /**
     * Fits a gradient-boosted tree classifier (Smile) as a non-cost-sensitive baseline.
     *
     * @param trees number of trees (e.g. 100)
     * @param maxDepth maximum tree depth (e.g. 3)
     * @param shrinkage learning rate in (0, 1] (e.g. 0.1)
     * @param x features, one row per customer
     * @param y labels, 1 for a churner and 0 otherwise
     * @return the fitted baseline
     */
    public static GradientBoostedBaseline fit(double[][] x, int[] y, int trees, int maxDepth, double shrinkage) {
        int n = checkFeatures(x);
        if (y.length != n) {
            throw new IllegalArgumentException("length mismatch: " + n + " rows, " + y.length + " labels");
        }
        checkLabels(y);
        if (trees < 1 || maxDepth < 1 || !(shrinkage > 0 && shrinkage <= 1)) {
            throw new IllegalArgumentException("need trees >= 1, maxDepth >= 1 and shrinkage in (0, 1]");
        }
        String[] names = names(x[0].length);
        DataFrame df = DataFrame.of(x, names).add(new IntVector("churn", y));
        var options = new GradientTreeBoost.Options(trees, maxDepth, 1 << maxDepth, 5, shrinkage, 1.0, null, null);
        return new GradientBoostedBaseline(GradientTreeBoost.fit(Formula.lhs("churn"), df, options), names);
    }

    /** Rectangular and finite, as {@code CsLogit} requires of the same features. */
    private static int checkFeatures(double[][] x) {
        if (x == null || x.length == 0) {
            throw new IllegalArgumentException("empty input: no customers");
        }
        for (int i = 0; i < x.length; i++) {
            if (x[i].length != x[0].length) {
                throw new IllegalArgumentException("row " + i + " has " + x[i].length + " features; expected " + x[0].length);
            }
            for (int j = 0; j < x[i].length; j++) {
                if (!Double.isFinite(x[i][j])) {
                    throw new IllegalArgumentException("feature " + j + " of customer " + i + " is " + x[i][j]);
                }
            }
        }
        return x.length;
    }

    /** Labels 0 (stays) and 1 (churns), both present: a tree ensemble learns nothing from one class. */
    private static void checkLabels(int[] y) {
        long ones = 0;
        for (int i = 0; i < y.length; i++) {
            if (y[i] != 0 && y[i] != 1) {
                throw new IllegalArgumentException("label of customer " + i + " is " + y[i] + "; expected 0 (stays) or 1 (churns)");
            }
            ones += y[i];
        }
        if (ones == 0 || ones == y.length) {
            throw new IllegalArgumentException("only one class present (" + (ones == 0 ? "no churners" : "no non-churners") + ")");
        }
    }

    private static String[] names(int p) {
        String[] names = new String[p];
        for (int j = 0; j < p; j++) {
            names[j] = "x" + j;
        }
        return names;
    }

    /**
     * Churn probability P(y = 1 | x) per row.
     *
     * @param x features, one row per customer
     * @return one probability per row
     */
    public double[] churnProbability(double[][] x) {
        checkFeatures(x);
        if (x[0].length != names.length) {
            throw new IllegalArgumentException("rows have " + x[0].length + " features; the model has " + names.length);
        }
        DataFrame df = DataFrame.of(x, names);
        double[] out = new double[x.length];
        double[] post = new double[2];
        for (int i = 0; i < x.length; i++) {
            model.predict(df.get(i), post);
            out[i] = post[1];
        }
        return out;
    }
}
