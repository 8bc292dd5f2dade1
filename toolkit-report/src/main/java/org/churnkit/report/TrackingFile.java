package org.churnkit.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.churnkit.ChurnkitException;
import org.churnkit.evaluation.EveryoneStays;
import org.churnkit.evaluation.LastPeriodRate;
import org.churnkit.io.BadInputException;
import org.churnkit.io.ColumnTable;
import org.churnkit.io.ColumnType;
import org.churnkit.io.TableIO;
import org.churnkit.model.Tracking;

/**
 * A file of holdout tracking data for the report's tracking plot, in one of two layouts:
 * <ul>
 *   <li>plain: columns {@code period, actual, predicted}, repeat transactions per period, periods
 *       increasing;</li>
 *   <li>the long {@code tracking.csv} of {@code churnkit backtest} ({@code origin_index, origin,
 *       model, period, actual_incremental, predicted_incremental}, optionally {@code origin_date}),
 *       of which the most recent origin and one model are drawn, the origin marking the calibration
 *       end.</li>
 * </ul>
 * CSV, text, Parquet or Arrow by extension. Immutable.
 */
public final class TrackingFile {
    private final Path file;
    private final ColumnTable table;
    private final boolean backtest;
    private final long lastOrigin;
    private final List<String> models;

    private TrackingFile(Path file, ColumnTable table, boolean backtest, long lastOrigin, List<String> models) {
        this.file = file;
        this.table = table;
        this.backtest = backtest;
        this.lastOrigin = lastOrigin;
        this.models = models;
    }

    /**
     * Reads a tracking file; its cells are checked when a series is drawn ({@link #tracking}).
     *
     * @param file the file
     * @return the file's content
     * @throws BadInputException naming file and column when the {@code period} column or a column of
     *     the layout is missing, or a cell does not convert
     */
    public static TrackingFile read(Path file) {
        Objects.requireNonNull(file, "file");
        ColumnTable header = TableIO.read(file, null, Map.of("period", ColumnType.DOUBLE), true);
        if (header.has("model") && header.has("origin_index")) {
            ColumnTable t = TableIO.read(file, null, Map.of("origin_index", ColumnType.LONG, "origin", ColumnType.DOUBLE,
                    "model", ColumnType.STRING, "period", ColumnType.DOUBLE, "actual_incremental", ColumnType.DOUBLE,
                    "predicted_incremental", ColumnType.DOUBLE), true);
            long[] originIndex = t.longs("origin_index");
            String[] names = t.strings("model");
            long last = Long.MIN_VALUE;
            for (long o : originIndex) {
                last = Math.max(last, o);
            }
            LinkedHashSet<String> available = new LinkedHashSet<>();
            for (int i = 0; i < names.length; i++) {
                if (originIndex[i] == last) {
                    available.add(names[i]);
                }
            }
            return new TrackingFile(file, t, true, last, List.copyOf(available));
        }
        ColumnTable t = TableIO.read(file, null,
                Map.of("period", ColumnType.DOUBLE, "actual", ColumnType.DOUBLE, "predicted", ColumnType.DOUBLE), false);
        return new TrackingFile(file, t, false, 0, List.of());
    }

    /**
     * Whether the file is a backtest's {@code tracking.csv} (one series per origin and model).
     *
     * @return {@code true} for the backtest layout
     */
    public boolean isBacktest() {
        return backtest;
    }

    /**
     * The models at the most recent origin of a backtest file, in file order.
     *
     * @return the model names; empty for a plain file
     */
    public List<String> models() {
        return models;
    }

    /**
     * The model drawn when none is asked for: the first at the most recent origin that is not a
     * baseline ({@link EveryoneStays#NAME}, {@link LastPeriodRate#NAME}).
     *
     * @return the model name, or {@code null} when there is none (or the file is plain)
     */
    public String defaultModel() {
        return models.stream().filter(m -> !m.equals(EveryoneStays.NAME) && !m.equals(LastPeriodRate.NAME))
                .findFirst().orElse(null);
    }

    /**
     * The most recent origin of a backtest file as people read it: its {@code origin_date} when the
     * file has one, else the origin in time units.
     *
     * @param model a model of {@link #models()}
     * @return the origin's label
     * @throws BadInputException naming file, line and column of a cell of the series that is not a
     *     finite number (checked here, before the series is drawn)
     * @throws IllegalArgumentException when the file is plain or {@code model} is not at the most recent origin
     */
    public String originLabel(String model) {
        int first = rows(model).get(0);
        for (String c : List.of("period", "actual_incremental", "predicted_incremental")) {
            table.finiteDoubles(c);
        }
        String[] originDate = table.has("origin_date") ? table.stringsOf("origin_date") : null;
        return originDate != null && !originDate[first].isBlank() ? originDate[first]
                : ColumnTable.formatDouble(table.finiteDoubles("origin")[first]);
    }

    /**
     * The tracking series: the whole plain file, or for a backtest file the rows of {@code model}
     * at the most recent origin.
     *
     * @param model for a backtest file a model of {@link #models()}; ignored for a plain file
     * @param calibrationEnd the calibration end to mark, NaN for none (for a backtest file: its origin)
     * @return the series
     * @throws BadInputException naming file, line and column of a cell that is not a finite number
     * @throws ChurnkitException naming the file when the series is not valid ({@link Tracking})
     * @throws IllegalArgumentException when a backtest file has no such model at its most recent origin
     */
    public Tracking tracking(String model, double calibrationEnd) {
        if (!backtest) {
            try {
                return Tracking.of(table.finiteDoubles("period"), table.finiteDoubles("actual"),
                        table.finiteDoubles("predicted"), calibrationEnd);
            } catch (BadInputException e) {
                throw e;
            } catch (ChurnkitException e) {
                throw new ChurnkitException(file + ": " + e.getMessage(), e);
            }
        }
        List<Integer> rows = rows(model);
        double[] period = table.finiteDoubles("period");
        double[] actual = table.finiteDoubles("actual_incremental");
        double[] predicted = table.finiteDoubles("predicted_incremental");
        double[] origin = table.finiteDoubles("origin");
        int n = rows.size();
        double[] p = new double[n];
        double[] a = new double[n];
        double[] q = new double[n];
        for (int k = 0; k < n; k++) {
            int i = rows.get(k);
            p[k] = period[i];
            a[k] = actual[i];
            q[k] = predicted[i];
        }
        try {
            return Tracking.of(p, a, q, Double.isNaN(calibrationEnd) ? origin[rows.get(0)] : calibrationEnd);
        } catch (ChurnkitException e) {
            throw new ChurnkitException(file + ": " + e.getMessage(), e);
        }
    }

    /** Rows of {@code model} at the most recent origin, in file order. */
    private List<Integer> rows(String model) {
        if (!backtest || model == null || !models.contains(model)) {
            throw new IllegalArgumentException(file + ": no model '" + model + "' at the most recent origin");
        }
        long[] originIndex = table.longs("origin_index");
        String[] names = table.strings("model");
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            if (originIndex[i] == lastOrigin && names[i].equals(model)) {
                rows.add(i);
            }
        }
        return rows;
    }
}
