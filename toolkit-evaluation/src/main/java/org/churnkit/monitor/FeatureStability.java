package org.churnkit.monitor;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.churnkit.ChurnkitException;
import org.churnkit.data.SummaryOptions;
import org.churnkit.data.TransactionLog;
import org.churnkit.evaluation.PopulationStability;
import org.churnkit.io.ColumnTable;

/**
 * Which summary features stay stable across recent origins, so a user can prefer them: the
 * "robust features" view. The log is summarised at each origin (the summariser's rules, as
 * {@link PeriodForecasts} does) and, for each feature and each pair of consecutive origins,
 * <ul>
 *   <li>the population stability index ({@link PopulationStability}) of the feature over all
 *       customers known at each origin: has its distribution moved?</li>
 *   <li>Spearman's rank correlation of the feature for the customers known at both origins (ranks
 *       with ties averaged): does it still order the same customers the same way?</li>
 * </ul>
 * A feature is <em>stable</em> when every PSI is below {@link PopulationStability#MODERATE} (0.1)
 * and every rank correlation at least {@link #MIN_RANK_CORRELATION}. The features: {@code
 * frequency} (repeat transactions), {@code recency} ({@code t_x}), {@code inactivity} ({@code T -
 * t_x}), {@code age} ({@code T}), {@code purchase_rate} ({@code x / T}, 0 at {@code T = 0}) and,
 * with amounts, {@code monetary_value}. Immutable.
 *
 * @param origins the origins, ascending
 * @param rows one row per feature and consecutive pair of origins
 */
public record FeatureStability(List<LocalDate> origins, List<Row> rows) {
    /** Smallest rank correlation between consecutive origins for a stable feature. */
    public static final double MIN_RANK_CORRELATION = 0.7;

    /**
     * Copies the lists.
     */
    public FeatureStability {
        origins = List.copyOf(origins);
        rows = List.copyOf(rows);
    }

    /**
     * One feature between two origins.
     *
     * @param feature the feature name
     * @param from the earlier origin
     * @param to the later origin
     * @param psi PSI of the feature's distribution (bins from the earlier origin)
     * @param rankCorrelation Spearman correlation over the customers known at both origins (NaN when fewer than 3, or a constant feature)
     * @param customers customers known at both origins
     */
    public record Row(String feature, LocalDate from, LocalDate to, double psi, double rankCorrelation,
                      int customers) {}

    /**
     * Computes the view.
     *
     * @param log the transactions
     * @param options the summary rules (unit, merge period, amount rules); its observation end is ignored
     * @param origins at least two distinct origins (last days of the summaries)
     * @return the view
     * @throws ChurnkitException when an origin has no customer
     */
    public static FeatureStability of(TransactionLog log, SummaryOptions options, List<LocalDate> origins) {
        Objects.requireNonNull(log, "log");
        List<LocalDate> o = origins.stream().distinct().sorted().toList();
        if (o.size() < 2) {
            throw new IllegalArgumentException("feature stability needs at least two distinct origins, got " + origins);
        }
        SummaryOptions base = options.withDropAfterEnd(true);
        PeriodHistories fast = PeriodHistories.supports(base) ? PeriodHistories.of(log, base) : null;
        List<PeriodForecasts.Cut> cuts = new ArrayList<>();
        for (LocalDate d : o) {
            PeriodForecasts.Cut c = fast != null ? PeriodForecasts.Cut.of(fast, log, d, d.plusDays(1))
                    : PeriodForecasts.Cut.of(log, base, d, d.plusDays(1));
            if (c.x().length == 0) {
                throw new ChurnkitException("feature stability: no customer was acquired by the origin " + d);
            }
            cuts.add(c);
        }
        Map<String, Function<PeriodForecasts.Cut, double[]>> features = new java.util.LinkedHashMap<>();
        features.put("frequency", PeriodForecasts.Cut::x);
        features.put("recency", PeriodForecasts.Cut::tx);
        features.put("inactivity", c -> minus(c.age(), c.tx()));
        features.put("age", PeriodForecasts.Cut::age);
        features.put("purchase_rate", c -> rate(c.x(), c.age()));
        if (log.hasAmounts()) {
            features.put("monetary_value", PeriodForecasts.Cut::monetary);
        }
        List<Row> rows = new ArrayList<>();
        for (var f : features.entrySet()) {
            for (int i = 0; i + 1 < cuts.size(); i++) {
                PeriodForecasts.Cut a = cuts.get(i);
                PeriodForecasts.Cut b = cuts.get(i + 1);
                double[] va = f.getValue().apply(a);
                double[] vb = f.getValue().apply(b);
                double psi = PopulationStability.of(va, vb).value();
                Map<String, Integer> at = new HashMap<>();
                for (int j = 0; j < a.ids().length; j++) {
                    at.put(a.ids()[j], j);
                }
                int m = 0;
                double[] pa = new double[b.ids().length];
                double[] pb = new double[b.ids().length];
                for (int j = 0; j < b.ids().length; j++) {
                    Integer k = at.get(b.ids()[j]);
                    if (k != null) {
                        pa[m] = va[k];
                        pb[m] = vb[j];
                        m++;
                    }
                }
                double rho = m >= 3 ? spearman(Arrays.copyOf(pa, m), Arrays.copyOf(pb, m)) : Double.NaN;
                rows.add(new Row(f.getKey(), o.get(i), o.get(i + 1), psi, rho, m));
            }
        }
        return new FeatureStability(o, rows);
    }

    /**
     * Whether a feature is stable over every consecutive pair of origins.
     *
     * @param feature the feature name
     * @return true when every PSI is below 0.1 and every rank correlation at least {@link #MIN_RANK_CORRELATION}
     */
    public boolean stable(String feature) {
        List<Row> of = rows.stream().filter(r -> r.feature().equals(feature)).toList();
        if (of.isEmpty()) {
            throw new IllegalArgumentException("no feature " + feature);
        }
        return of.stream().allMatch(r -> r.psi() < PopulationStability.MODERATE
                && r.rankCorrelation() >= MIN_RANK_CORRELATION);
    }

    /**
     * The features that are stable, in table order.
     *
     * @return the names
     */
    public List<String> stableFeatures() {
        return rows.stream().map(Row::feature).distinct().filter(this::stable).toList();
    }

    /**
     * The rows as a table: feature, from, to, psi, rank_correlation, customers, stable (of the feature).
     *
     * @return the table
     */
    public ColumnTable toTable() {
        ColumnTable.Builder b = ColumnTable.builder();
        b.addString("feature", rows.stream().map(Row::feature).toArray(String[]::new));
        b.addString("from", rows.stream().map(r -> r.from().toString()).toArray(String[]::new));
        b.addString("to", rows.stream().map(r -> r.to().toString()).toArray(String[]::new));
        b.addDouble("psi", rows.stream().mapToDouble(Row::psi).toArray());
        b.addDouble("rank_correlation", rows.stream().mapToDouble(Row::rankCorrelation).toArray());
        b.addLong("customers", rows.stream().mapToLong(Row::customers).toArray());
        b.addString("stable", rows.stream().map(r -> stable(r.feature()) ? "yes" : "no").toArray(String[]::new));
        return b.build();
    }

    private static double[] minus(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] - b[i];
        }
        return out;
    }

    private static double[] rate(double[] x, double[] t) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = t[i] > 0 ? x[i] / t[i] : 0;
        }
        return out;
    }

    /** Spearman's rho: Pearson's correlation of the ranks (ties averaged); NaN when a side is constant. */
    static double spearman(double[] a, double[] b) {
        double[] ra = ranks(a);
        double[] rb = ranks(b);
        int n = a.length;
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < n; i++) {
            ma += ra[i] / n;
            mb += rb[i] / n;
        }
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < n; i++) {
            sab += (ra[i] - ma) * (rb[i] - mb);
            saa += (ra[i] - ma) * (ra[i] - ma);
            sbb += (rb[i] - mb) * (rb[i] - mb);
        }
        return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : Double.NaN;
    }

    private static double[] ranks(double[] v) {
        int n = v.length;
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (p, q) -> Double.compare(v[p], v[q]));
        double[] r = new double[n];
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && v[idx[j + 1]] == v[idx[i]]) {
                j++;
            }
            double avg = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                r[idx[k]] = avg;
            }
            i = j + 1;
        }
        return r;
    }
}
