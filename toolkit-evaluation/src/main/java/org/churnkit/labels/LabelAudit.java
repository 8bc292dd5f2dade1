package org.churnkit.labels;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.churnkit.io.ColumnTable;

/**
 * Rows whose label disagrees confidently with an out-of-sample prediction, by confident learning
 * (Northcutt, Jiang and Chuang 2021, <i>Confident learning: estimating uncertainty in dataset
 * labels</i>, JAIR 70:1373–1411), for a binary label, ranked for human review with the reason.
 *
 * <p>With {@code p̂_j(x_i)} the out-of-sample probability of label j ({@link OutOfSample}) and
 * {@code n_i} the number of rows labelled i:
 * <pre>
 *   t_j        = mean of p̂_j(x) over the rows labelled j                 (per-label threshold)
 *   C[i][j]    = #{rows labelled i whose confident label is j}, the confident label of a row being
 *                the j with p̂_j ≥ t_j (the larger p̂_j when both labels pass; none when neither does)
 *   C̃[i][j]   = C[i][j] / Σ_j C[i][j] · n_i                            (calibrated: rows sum to n_i)
 *   noise(i)   = Σ_{j≠i} C̃[i][j] / n_i       estimated share of the rows labelled i that are wrong
 * </pre>
 * Flag rule, "prune by noise rate" (§3.1 of the paper, the default of its cleanlab library): for
 * each label i, the round(C̃[i][1−i]) rows labelled i with the largest margin
 * {@code p̂_{1−i} − p̂_i} are flagged, keeping only those whose prediction disagrees with the label
 * (margin &gt; 0). The count comes from the confident joint, the choice from the margin, so a row
 * just short of the threshold can be flagged when the joint says that many rows are wrong (the
 * reason says whether the row itself passes the threshold). Flags are ranked by self-confidence
 * {@code p̂_given} ascending (for two labels the same order as the margin). Thresholds adapt to
 * the base rate, so a rare label is not flagged for being rare.
 * Immutable.
 */
public final class LabelAudit {

    /**
     * One flagged row.
     *
     * @param rank 1 for the row to review first
     * @param row the row index (0-based) in the audited table
     * @param id the row's id, or the 1-based row number when the table has no ids
     * @param givenLabel the label in the data
     * @param suggestedLabel the label the prediction is confident of
     * @param probabilityOfGiven out-of-sample probability of the given label (self-confidence)
     * @param probabilityOfSuggested out-of-sample probability of the suggested label
     * @param threshold the suggested label's confident threshold t_j
     */
    public record Flag(int rank, int row, String id, int givenLabel, int suggestedLabel, double probabilityOfGiven,
            double probabilityOfSuggested, double threshold) {

        /**
         * Margin p̂_suggested − p̂_given, in (0, 1].
         *
         * @return the margin
         */
        public double margin() {
            return probabilityOfSuggested - probabilityOfGiven;
        }

        /**
         * Whether the suggested label's probability reaches its confident threshold.
         *
         * @return true when p̂_suggested ≥ t_suggested
         */
        public boolean confident() {
            return probabilityOfSuggested >= threshold;
        }

        /**
         * The reason in words, e.g. {@code labelled 0 but out-of-sample P(1) = 0.912 >= 0.640, the
         * mean P(1) of rows labelled 1; P(0) = 0.088}.
         *
         * @return the reason
         */
        public String reason() {
            return String.format(Locale.ROOT, "labelled %d but out-of-sample P(%d) = %.3f %s %.3f, the mean P(%d) of "
                    + "rows labelled %d; P(%d) = %.3f", givenLabel, suggestedLabel, probabilityOfSuggested,
                    confident() ? ">=" : "<", threshold, suggestedLabel, suggestedLabel, givenLabel, probabilityOfGiven);
        }
    }

    private final int[] labels;
    private final OutOfSample outOfSample;
    private final double[] thresholds;
    private final long[][] joint;
    private final double[][] calibrated;
    private final long[] counts;
    private final List<Flag> flags;

    private LabelAudit(int[] labels, OutOfSample outOfSample, double[] thresholds, long[][] joint,
            double[][] calibrated, long[] counts, List<Flag> flags) {
        this.labels = labels;
        this.outOfSample = outOfSample;
        this.thresholds = thresholds;
        this.joint = joint;
        this.calibrated = calibrated;
        this.counts = counts;
        this.flags = flags;
    }

    /**
     * Audits labels against out-of-sample probabilities.
     *
     * @param ids one id per row, or {@code null} to name rows by their 1-based number
     * @param y the given labels, 0 or 1, both present
     * @param oos out-of-sample probabilities of label 1, one per row
     * @return the audit
     */
    public static LabelAudit of(String[] ids, int[] y, OutOfSample oos) {
        Objects.requireNonNull(oos, "oos");
        int n = y.length;
        if (oos.size() != n || (ids != null && ids.length != n)) {
            throw new IllegalArgumentException(n + " labels, " + oos.size() + " probabilities"
                    + (ids == null ? "" : ", " + ids.length + " ids"));
        }
        for (int i = 0; i < n; i++) {
            if (y[i] != 0 && y[i] != 1) {
                throw new IllegalArgumentException("label of row " + i + " is " + y[i] + "; expected 0 or 1");
            }
        }
        AuditChecks.bothClasses(y, "the table");
        double[] p1 = oos.probabilitiesView();
        long[] counts = new long[2];
        double[] thresholds = new double[2];
        for (int i = 0; i < n; i++) {
            counts[y[i]]++;
            thresholds[y[i]] += prob(p1[i], y[i]);
        }
        thresholds[0] /= counts[0];
        thresholds[1] /= counts[1];
        long[][] joint = new long[2][2];
        int[] confident = new int[n];
        for (int i = 0; i < n; i++) {
            confident[i] = confidentLabel(p1[i], thresholds);
            if (confident[i] >= 0) {
                joint[y[i]][confident[i]]++;
            }
        }
        double[][] cal = new double[2][2];
        for (int i = 0; i < 2; i++) {
            long row = joint[i][0] + joint[i][1];
            for (int j = 0; j < 2; j++) {
                cal[i][j] = row == 0 ? 0 : (double) joint[i][j] / row * counts[i];
            }
        }
        List<Flag> out = new ArrayList<>();
        for (int given = 0; given < 2; given++) {
            int other = 1 - given;
            List<Integer> cell = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                // the prediction must disagree with the label (margin > 0)
                if (y[i] == given && prob(p1[i], other) > prob(p1[i], given)) {
                    cell.add(i);
                }
            }
            // largest margin first, ties by row for a stable order
            final int g = given;
            cell.sort(Comparator.<Integer>comparingDouble(i -> prob(p1[i], g)).thenComparingInt(i -> i));
            long keep = Math.min(cell.size(), Math.round(cal[given][other]));
            for (int r = 0; r < keep; r++) {
                int i = cell.get(r);
                out.add(new Flag(0, i, ids == null ? Integer.toString(i + 1) : ids[i], given, other,
                        prob(p1[i], given), prob(p1[i], other), thresholds[other]));
            }
        }
        out.sort(Comparator.comparingDouble(Flag::probabilityOfGiven).thenComparingInt(Flag::row));
        List<Flag> ranked = new ArrayList<>(out.size());
        for (int r = 0; r < out.size(); r++) {
            Flag f = out.get(r);
            ranked.add(new Flag(r + 1, f.row(), f.id(), f.givenLabel(), f.suggestedLabel(), f.probabilityOfGiven(),
                    f.probabilityOfSuggested(), f.threshold()));
        }
        return new LabelAudit(y.clone(), oos, thresholds, joint, cal, counts, Collections.unmodifiableList(ranked));
    }

    /** p̂_label from p̂_1. */
    private static double prob(double p1, int label) {
        return label == 1 ? p1 : 1 - p1;
    }

    /** The confident label of a row: j with p̂_j ≥ t_j, the larger p̂_j when both pass, −1 when none does. */
    private static int confidentLabel(double p1, double[] t) {
        boolean zero = 1 - p1 >= t[0];
        boolean one = p1 >= t[1];
        if (zero && one) {
            return p1 > 0.5 ? 1 : 0;
        }
        return one ? 1 : zero ? 0 : -1;
    }

    /**
     * The confident threshold of a label: the mean out-of-sample probability of that label among
     * the rows that carry it.
     *
     * @param label 0 or 1
     * @return t_label, in [0, 1]
     */
    public double threshold(int label) {
        return thresholds[checkLabel(label)];
    }

    /**
     * The confident joint (a copy): {@code [given][confident]} row counts.
     *
     * @return a 2×2 table of counts
     */
    public long[][] confidentJoint() {
        return new long[][] {joint[0].clone(), joint[1].clone()};
    }

    /**
     * The calibrated confident joint C̃ (a copy), whose row i sums to the number of rows labelled i
     * (or 0 when no such row was confidently assigned).
     *
     * @return a 2×2 table
     */
    public double[][] calibratedJoint() {
        return new double[][] {calibrated[0].clone(), calibrated[1].clone()};
    }

    /**
     * Number of rows carrying a label.
     *
     * @param label 0 or 1
     * @return n_label
     */
    public long count(int label) {
        return counts[checkLabel(label)];
    }

    /**
     * Estimated share of the rows labelled {@code label} whose label is wrong, C̃[i][1−i] / n_i.
     *
     * @param label 0 or 1
     * @return the estimated noise rate of that label, in [0, 1]
     */
    public double noiseRate(int label) {
        int i = checkLabel(label);
        return calibrated[i][1 - i] / counts[i];
    }

    /**
     * Estimated share of all rows whose label is wrong.
     *
     * @return (C̃[0][1] + C̃[1][0]) / n
     */
    public double noiseRate() {
        return (calibrated[0][1] + calibrated[1][0]) / labels.length;
    }

    /**
     * The flagged rows, ranked for review (unmodifiable).
     *
     * @return the flags, rank 1 first
     */
    public List<Flag> flags() {
        return flags;
    }

    /**
     * Whether each row is flagged.
     *
     * @return one boolean per row
     */
    public boolean[] flagged() {
        boolean[] f = new boolean[labels.length];
        for (Flag x : flags) {
            f[x.row()] = true;
        }
        return f;
    }

    /**
     * The out-of-sample probabilities the audit judged by.
     *
     * @return the probabilities and their method
     */
    public OutOfSample outOfSample() {
        return outOfSample;
    }

    /**
     * Number of rows audited.
     *
     * @return n
     */
    public int size() {
        return labels.length;
    }

    /**
     * The flags as a table for people and pandas: one row per flag in rank order, columns
     * {@code rank}, the id column, {@code row} (1-based data row), {@code label},
     * {@code suggested_label}, {@code p_label} (out-of-sample probability of the given label),
     * {@code p_suggested}, {@code threshold}, {@code margin}, {@code method} and {@code reason}.
     *
     * @param idColumn name of the id column in the output
     * @return the table
     */
    public ColumnTable table(String idColumn) {
        Objects.requireNonNull(idColumn, "idColumn");
        int m = flags.size();
        long[] rank = new long[m];
        String[] id = new String[m];
        long[] row = new long[m];
        long[] label = new long[m];
        long[] suggested = new long[m];
        double[] pGiven = new double[m];
        double[] pSuggested = new double[m];
        double[] threshold = new double[m];
        double[] margin = new double[m];
        String[] method = new String[m];
        String[] reason = new String[m];
        for (int r = 0; r < m; r++) {
            Flag f = flags.get(r);
            rank[r] = f.rank();
            id[r] = f.id();
            row[r] = f.row() + 1L;
            label[r] = f.givenLabel();
            suggested[r] = f.suggestedLabel();
            pGiven[r] = f.probabilityOfGiven();
            pSuggested[r] = f.probabilityOfSuggested();
            threshold[r] = f.threshold();
            margin[r] = f.margin();
            method[r] = outOfSample.method().id();
            reason[r] = f.reason();
        }
        return ColumnTable.builder().addLong("rank", rank).addString(idColumn, id).addLong("row", row)
                .addLong("label", label).addLong("suggested_label", suggested).addDouble("p_label", pGiven)
                .addDouble("p_suggested", pSuggested).addDouble("threshold", threshold).addDouble("margin", margin)
                .addString("method", method).addString("reason", reason).build();
    }

    private static int checkLabel(int label) {
        if (label != 0 && label != 1) {
            throw new IllegalArgumentException("label must be 0 or 1, got " + label);
        }
        return label;
    }
}
