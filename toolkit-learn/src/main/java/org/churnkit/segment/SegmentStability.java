package org.churnkit.segment;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.commons.rng.simple.RandomSource;
import org.churnkit.ChurnkitException;
import org.churnkit.data.CustomerSummaries;
import org.churnkit.data.PeriodEnd;
import org.churnkit.data.Summarizer;
import org.churnkit.data.SummaryOptions;
import org.churnkit.data.TransactionLog;
import org.churnkit.io.ColumnTable;
import org.churnkit.model.Histories;
import org.churnkit.model.ScoreColumn;
import org.churnkit.model.Scores;
import org.churnkit.model.Scoring;
import org.churnkit.model.TransactionModel;

/**
 * Whether segment assignments stay stable across recent origins: the segment half of the "robust
 * features" view. At each origin the log is summarised (the summariser's rules, as a backtest's
 * calibration at that origin), scored by the model over {@code horizon} and segmented afresh by the
 * {@link Segmenter} (same settings and seed at every origin). For each pair of consecutive origins,
 * over the customers known at both:
 * <ul>
 *   <li>{@code kept}: the fraction whose segment <em>name</em> is the same (names come from the
 *       segments' statistics, {@link SegmentNaming}, so they are comparable between two fits);</li>
 *   <li>{@code adjusted_rand}: the adjusted Rand index of the two partitions (Hubert and Arabie
 *       1985): 1 for the same partition whatever the labels, about 0 for unrelated ones, from
 *       the contingency table {@code n_ij} with row sums {@code a_i}, column sums {@code b_j}:
 *       {@code (sum C(n_ij, 2) - E) / ((sum C(a_i, 2) + sum C(b_j, 2))/2 - E)},
 *       {@code E = sum C(a_i, 2) sum C(b_j, 2) / C(n, 2)}; 1 when both partitions have a single
 *       segment (the denominator is 0).</li>
 * </ul>
 * Segments are <em>stable</em> when every {@code adjusted_rand} is at least
 * {@link #MIN_ADJUSTED_RAND}. Immutable.
 *
 * @param origins the origins, ascending
 * @param rows one row per pair of consecutive origins
 */
public record SegmentStability(List<LocalDate> origins, List<Row> rows) {
    /** Smallest adjusted Rand index between consecutive origins for stable segments. */
    public static final double MIN_ADJUSTED_RAND = 0.6;

    /**
     * Copies the lists.
     */
    public SegmentStability {
        origins = List.copyOf(origins);
        rows = List.copyOf(rows);
    }

    /**
     * Two consecutive origins.
     *
     * @param from the earlier origin
     * @param to the later origin
     * @param customers customers known at both
     * @param kFrom segments at the earlier origin
     * @param kTo segments at the later origin
     * @param kept fraction of those customers whose segment name is unchanged
     * @param adjustedRand adjusted Rand index of the two partitions over those customers
     */
    public record Row(LocalDate from, LocalDate to, int customers, int kFrom, int kTo, double kept,
                      double adjustedRand) {}

    /**
     * Computes the view.
     *
     * @param model the fitted transaction model (its time unit the options')
     * @param log the transactions
     * @param options the summary rules; the observation end is ignored
     * @param origins at least two distinct origins
     * @param horizon the scoring horizon in the model's time unit, {@code > 0}
     * @param segmenter the segmenter, used at every origin
     * @param seed the seed of every segmentation
     * @return the view
     * @throws ChurnkitException when an origin has fewer customers than segments
     */
    public static SegmentStability of(TransactionModel model, TransactionLog log, SummaryOptions options,
                                      List<LocalDate> origins, double horizon, Segmenter segmenter, long seed) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(segmenter, "segmenter");
        List<LocalDate> o = origins.stream().distinct().sorted().toList();
        if (o.size() < 2) {
            throw new IllegalArgumentException("segment stability needs at least two distinct origins, got " + origins);
        }
        if (!(horizon > 0) || Double.isInfinite(horizon)) {
            throw new IllegalArgumentException("the scoring horizon must be finite and > 0, got " + horizon);
        }
        Scoring scoring = Scoring.of(model, horizon);
        List<Map<String, String>> names = new ArrayList<>();
        List<Map<String, Integer>> segments = new ArrayList<>();
        List<Integer> ks = new ArrayList<>();
        for (LocalDate d : o) {
            CustomerSummaries s = Summarizer.summarize(log,
                    options.withObservationEnd(PeriodEnd.of(d)).withDropAfterEnd(true));
            if (s.size() == 0) {
                throw new ChurnkitException("no customer was acquired by the origin " + d);
            }
            Scores sc = scoring.score(Histories.of(s));
            Map<String, double[]> cols = new LinkedHashMap<>();
            int n = s.size();
            double[] x = new double[n];
            double[] tx = new double[n];
            double[] m = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = s.frequency(i);
                tx[i] = s.recency(i);
                m[i] = s.hasAmounts() && Double.isFinite(s.monetaryValue(i)) ? s.monetaryValue(i) : 0;
            }
            cols.put(ScoreColumn.FREQUENCY.column(), x);
            cols.put(ScoreColumn.RECENCY.column(), tx);
            if (s.hasAmounts()) {
                cols.put(ScoreColumn.MONETARY_VALUE.column(), m);
            }
            cols.put(ScoreColumn.P_ALIVE.column(), sc.get(ScoreColumn.P_ALIVE));
            cols.put(ScoreColumn.EXPECTED_TRANSACTIONS.column(), sc.get(ScoreColumn.EXPECTED_TRANSACTIONS));
            Segmentation g = segmenter.fit(ScoreColumns.of(s.ids(), cols),
                    RandomSource.XO_RO_SHI_RO_128_PP.create(seed));
            Map<String, String> nm = new HashMap<>(n * 2);
            Map<String, Integer> sg = new HashMap<>(n * 2);
            String[] ids = s.ids();
            for (int i = 0; i < n; i++) {
                nm.put(ids[i], g.nameOf(i));
                sg.put(ids[i], g.segmentOf(i));
            }
            names.add(nm);
            segments.add(sg);
            ks.add(g.k());
        }
        List<Row> rows = new ArrayList<>();
        for (int j = 1; j < o.size(); j++) {
            Map<String, Integer> a = segments.get(j - 1);
            Map<String, Integer> b = segments.get(j);
            Map<String, String> na = names.get(j - 1);
            Map<String, String> nb = names.get(j);
            int ka = ks.get(j - 1);
            int kb = ks.get(j);
            long[][] table = new long[ka][kb];
            int both = 0;
            int kept = 0;
            for (Map.Entry<String, Integer> e : a.entrySet()) {
                Integer t = b.get(e.getKey());
                if (t == null) {
                    continue;
                }
                both++;
                table[e.getValue()][t]++;
                if (na.get(e.getKey()).equals(nb.get(e.getKey()))) {
                    kept++;
                }
            }
            rows.add(new Row(o.get(j - 1), o.get(j), both, ka, kb, both == 0 ? Double.NaN : (double) kept / both,
                    adjustedRand(table)));
        }
        return new SegmentStability(o, rows);
    }

    /**
     * The adjusted Rand index of a contingency table; see the class comment.
     *
     * @param table counts {@code n_ij}, rows one partition's segments, columns the other's
     * @return the index, NaN for an empty table
     */
    public static double adjustedRand(long[][] table) {
        double sumPairs = 0;
        double n = 0;
        int cols = table.length == 0 ? 0 : table[0].length;
        double[] colSums = new double[cols];
        double rowPairs = 0;
        for (long[] row : table) {
            double r = 0;
            for (int j = 0; j < cols; j++) {
                sumPairs += pairs(row[j]);
                r += row[j];
                colSums[j] += row[j];
            }
            rowPairs += pairs(r);
            n += r;
        }
        if (n == 0) {
            return Double.NaN;
        }
        double colPairs = 0;
        for (double c : colSums) {
            colPairs += pairs(c);
        }
        double expected = n < 2 ? 0 : rowPairs * colPairs / pairs(n);
        double max = (rowPairs + colPairs) / 2;
        return max == expected ? 1.0 : (sumPairs - expected) / (max - expected);
    }

    private static double pairs(double v) {
        return v * (v - 1) / 2;
    }

    /**
     * Whether every pair of consecutive origins has an adjusted Rand index of at least {@link #MIN_ADJUSTED_RAND}.
     *
     * @return true when the segments are stable
     */
    public boolean stable() {
        return rows.stream().allMatch(r -> r.adjustedRand() >= MIN_ADJUSTED_RAND);
    }

    /**
     * One row per pair of origins: from, to, customers, k_from, k_to, kept, adjusted_rand, stable.
     *
     * @return the table
     */
    public ColumnTable toTable() {
        ColumnTable.Builder b = ColumnTable.builder();
        b.addString("from", rows.stream().map(r -> r.from().toString()).toArray(String[]::new));
        b.addString("to", rows.stream().map(r -> r.to().toString()).toArray(String[]::new));
        b.addLong("customers", rows.stream().mapToLong(Row::customers).toArray());
        b.addLong("k_from", rows.stream().mapToLong(Row::kFrom).toArray());
        b.addLong("k_to", rows.stream().mapToLong(Row::kTo).toArray());
        b.addDouble("kept", rows.stream().mapToDouble(Row::kept).toArray());
        b.addDouble("adjusted_rand", rows.stream().mapToDouble(Row::adjustedRand).toArray());
        b.addString("stable", rows.stream().map(r -> Boolean.toString(r.adjustedRand() >= MIN_ADJUSTED_RAND))
                .toArray(String[]::new));
        return b.build();
    }
}
