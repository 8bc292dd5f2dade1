package org.churnkit.labels;

import java.util.Locale;
import java.util.Objects;
import org.churnkit.cost.Empc;
import org.churnkit.cost.ValueWeighted;

/**
 * Whether cleaning the labels a {@link LabelAudit} flags helps, judged out of time: the rows of the
 * most recent period are the test set, as in the evaluation package's splits; everything else is
 * the training set. The audit runs on the training rows only, and the same model is trained three
 * ways:
 * <ul>
 *   <li>as is: every training row, weight 1;</li>
 *   <li>removed: without the flagged training rows;</li>
 *   <li>reweighted: flagged rows weighted by their out-of-sample probability of the given label
 *       (self-confidence, below ½ for a flag), others 1 (only for a trainer that
 *       {@link AuditTrainer#usesWeights() uses weights}).</li>
 * </ul>
 * Each is scored on the test rows with their labels as given (never cleaned, never audited) by AUC
 * and by EMPC (Verbraken et al. 2013, {@link Empc}) at the given profit settings. Cleaning is said
 * to help when a cleaned arm has a higher EMPC than the as-is arm and an AUC at least as high. One
 * test period is one draw: small differences are noise. Immutable.
 */
public final class CleaningEffect {

    /**
     * The campaign EMPC is computed for (Verbraken et al. 2013; the defaults are R EMP's).
     *
     * @param alpha Beta shape α of the acceptance rate, {@code > 0}
     * @param beta Beta shape β, {@code > 0}
     * @param clv value of a retained churner, {@code > incentive}
     * @param incentive incentive paid on acceptance, {@code >= 0}
     * @param contactCost cost per contacted customer, {@code >= 0}
     */
    public record Profit(double alpha, double beta, double clv, double incentive, double contactCost) {
        /**
         * R EMP's defaults: α = 6, β = 14, CLV = 200, incentive 10, contact 1.
         *
         * @return the defaults
         */
        public static Profit defaults() {
            return new Profit(6, 14, 200, 10, 1);
        }
    }

    /**
     * One way of training and its out-of-time result.
     *
     * @param name {@code as is}, {@code removed} or {@code reweighted}
     * @param trainingRows training rows used
     * @param trainingWeight sum of the training weights
     * @param auc AUC on the test period
     * @param empc EMPC per customer on the test period
     * @param empcFraction expected share of the test period targeted at the EMPC optimum
     */
    public record Arm(String name, int trainingRows, double trainingWeight, double auc, double empc,
            double empcFraction) {}

    private final LabelAudit trainingAudit;
    private final int testRows;
    private final double testPeriod;
    private final Arm asIs;
    private final Arm removed;
    private final Arm reweighted;

    private CleaningEffect(LabelAudit trainingAudit, int testRows, double testPeriod, Arm asIs, Arm removed,
            Arm reweighted) {
        this.trainingAudit = trainingAudit;
        this.testRows = testRows;
        this.testPeriod = testPeriod;
        this.asIs = asIs;
        this.removed = removed;
        this.reweighted = reweighted;
    }

    /**
     * Audits the earlier periods and compares the three ways of training on the latest one.
     *
     * @param ids one id per row, or {@code null} to name rows by their 1-based number in {@code x}
     * @param x features, one row per case, finite
     * @param y labels 0 or 1
     * @param period the period of each row, finite; the rows at the largest value are the test set
     * @param estimator out-of-sample probabilities for the audit of the training rows
     * @param trainer the model trained three ways
     * @param profit the campaign EMPC assumes
     * @return the comparison
     * @throws IllegalArgumentException when there is a single period, or the training or the test
     *     rows lack a label
     */
    public static CleaningEffect of(String[] ids, double[][] x, int[] y, double[] period,
            OutOfSample.Estimator estimator, AuditTrainer trainer, Profit profit) {
        int n = AuditChecks.rows(x, y);
        Objects.requireNonNull(estimator, "estimator");
        Objects.requireNonNull(trainer, "trainer");
        Objects.requireNonNull(profit, "profit");
        if (period.length != n) {
            throw new IllegalArgumentException(n + " rows but " + period.length + " periods");
        }
        double last = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(period[i])) {
                throw new IllegalArgumentException("period of row " + i + " is " + period[i]);
            }
            last = Math.max(last, period[i]);
        }
        int nTest = 0;
        for (double v : period) {
            nTest += v == last ? 1 : 0;
        }
        if (nTest == n) {
            throw new IllegalArgumentException("every row is in one period: the effect of cleaning needs earlier periods "
                    + "to train on and the most recent one to test on");
        }
        double[][] xTrain = new double[n - nTest][];
        int[] yTrain = new int[n - nTest];
        // without ids, flags name the row of the whole table (1-based), not of the training part
        String[] idTrain = new String[n - nTest];
        double[][] xTest = new double[nTest][];
        int[] yTest = new int[nTest];
        int a = 0;
        int b = 0;
        for (int i = 0; i < n; i++) {
            if (period[i] == last) {
                xTest[b] = x[i];
                yTest[b++] = y[i];
            } else {
                idTrain[a] = ids == null ? Integer.toString(i + 1) : ids[i];
                xTrain[a] = x[i];
                yTrain[a++] = y[i];
            }
        }
        AuditChecks.bothClasses(yTrain, "the training periods");
        AuditChecks.bothClasses(yTest, "the most recent period");
        LabelAudit audit = LabelAudit.of(idTrain, yTrain, estimator.estimate(xTrain, yTrain));
        boolean[] flagged = audit.flagged();
        double[] p1 = audit.outOfSample().probabilitiesView();

        Arm plain = arm("as is", trainer, xTrain, yTrain, null, xTest, yTest, profit);
        int kept = 0;
        for (boolean f : flagged) {
            kept += f ? 0 : 1;
        }
        double[][] xKept = new double[kept][];
        int[] yKept = new int[kept];
        for (int i = 0, k = 0; i < flagged.length; i++) {
            if (!flagged[i]) {
                xKept[k] = xTrain[i];
                yKept[k++] = yTrain[i];
            }
        }
        AuditChecks.bothClasses(yKept, "the training periods without the flagged rows");
        Arm cleaned = arm("removed", trainer, xKept, yKept, null, xTest, yTest, profit);
        Arm weighted = null;
        if (trainer.usesWeights()) {
            double[] w = new double[yTrain.length];
            for (int i = 0; i < w.length; i++) {
                w[i] = flagged[i] ? (yTrain[i] == 1 ? p1[i] : 1 - p1[i]) : 1;
            }
            weighted = arm("reweighted", trainer, xTrain, yTrain, w, xTest, yTest, profit);
        }
        return new CleaningEffect(audit, nTest, last, plain, cleaned, weighted);
    }

    private static Arm arm(String name, AuditTrainer trainer, double[][] x, int[] y, double[] w, double[][] xTest,
            int[] yTest, Profit profit) {
        double[] weights = AuditChecks.weights(w, y.length);
        double total = 0;
        for (double v : weights) {
            total += v;
        }
        double[] s = trainer.train(x, y, weights).probabilityOfOne(xTest);
        Empc.Result r = Empc.compute(yTest, s, profit.alpha(), profit.beta(), profit.clv(), profit.incentive(),
                profit.contactCost());
        return new Arm(name, y.length, total, ValueWeighted.auc(yTest, s), r.emp(), r.empFraction());
    }

    /**
     * The audit of the training rows whose flags the cleaned arms drop or down-weight.
     *
     * @return the audit
     */
    public LabelAudit trainingAudit() {
        return trainingAudit;
    }

    /**
     * Number of test rows (the most recent period).
     *
     * @return the count
     */
    public int testRows() {
        return testRows;
    }

    /**
     * The most recent period, the test set's.
     *
     * @return its value
     */
    public double testPeriod() {
        return testPeriod;
    }

    /**
     * Trained on every training row.
     *
     * @return the arm
     */
    public Arm asIs() {
        return asIs;
    }

    /**
     * Trained without the flagged rows.
     *
     * @return the arm
     */
    public Arm removed() {
        return removed;
    }

    /**
     * Trained with the flagged rows down-weighted, or {@code null} when the trainer takes no weights.
     *
     * @return the arm or null
     */
    public Arm reweighted() {
        return reweighted;
    }

    /**
     * The cleaned arm with the higher EMPC.
     *
     * @return removed or reweighted
     */
    public Arm bestCleaned() {
        return reweighted != null && reweighted.empc() > removed.empc() ? reweighted : removed;
    }

    /**
     * Whether cleaning helps: a cleaned arm has a higher out-of-time EMPC than training as is, and
     * an AUC at least as high.
     *
     * @return true when cleaning helps on the most recent period
     */
    public boolean helps() {
        Arm best = bestCleaned();
        return best.empc() > asIs.empc() && best.auc() >= asIs.auc();
    }

    /**
     * The verdict in one sentence.
     *
     * @return e.g. {@code cleaning helps: removed raises EMPC by 0.41 per customer and AUC by 0.012}
     */
    public String verdict() {
        Arm best = bestCleaned();
        String change = String.format(Locale.ROOT, "%s changes EMPC by %+.4f per customer and AUC by %+.4f on the %d "
                + "rows of the most recent period", best.name(), best.empc() - asIs.empc(), best.auc() - asIs.auc(),
                testRows);
        return (helps() ? "cleaning helps: " : "cleaning does not help: ") + change;
    }
}
