package org.churnkit.contractual;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.churnkit.io.BadInputException;
import org.churnkit.io.ColumnTable;
import org.churnkit.io.FileFormat;
import org.churnkit.io.TableIO;

/**
 * Several cohorts' survivor counts ({@link SurvivorCurve}s), as Fader and Hardie (2007) publish
 * them: for each cohort the number still subscribed at the end of periods 0, 1, 2, ... (period 0
 * is the cohort's size). Read from a table with columns {@code period, survivors} and optionally
 * {@code cohort}, or built from individual subscriptions ({@link Subscriptions#survivorTable()}).
 *
 * <p>Every cohort starts at period 0, has every period up to its last one exactly once, a
 * positive size and whole survivor counts that never increase. Immutable.
 */
public final class SurvivorTable {
    /** Name of the cohort of a table without a cohort column. */
    public static final String ALL = "all";

    private final List<SurvivorCurve> cohorts;

    private SurvivorTable(List<SurvivorCurve> cohorts) {
        this.cohorts = cohorts;
    }

    /**
     * A table of these cohorts.
     *
     * @param cohorts at least one, with distinct labels, in the order to keep
     * @return the table
     * @throws IllegalArgumentException for no cohort or a repeated label
     */
    public static SurvivorTable of(List<SurvivorCurve> cohorts) {
        if (cohorts.isEmpty()) {
            throw new IllegalArgumentException("a survivor table needs at least one cohort");
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (SurvivorCurve c : cohorts) {
            if (!seen.add(c.cohort())) {
                throw new IllegalArgumentException("cohort '" + c.cohort() + "' is given twice");
            }
        }
        return new SurvivorTable(List.copyOf(cohorts));
    }

    /**
     * The cohorts, in the order of first appearance in the file (or by label when built).
     *
     * @return an unmodifiable list
     */
    public List<SurvivorCurve> cohorts() {
        return cohorts;
    }

    /**
     * One cohort by label.
     *
     * @param label the cohort's name
     * @return the cohort
     * @throws IllegalArgumentException naming the labels there are
     */
    public SurvivorCurve cohort(String label) {
        for (SurvivorCurve c : cohorts) {
            if (c.cohort().equals(label)) {
                return c;
            }
        }
        throw new IllegalArgumentException("no cohort '" + label + "'; the cohorts are "
                + cohorts.stream().map(SurvivorCurve::cohort).toList());
    }

    /**
     * Reads a survivor table: one row per cohort and period, columns {@code periodColumn} (whole
     * numbers from 0), {@code survivorsColumn} (whole numbers {@code >= 0}) and, when the file has it,
     * {@code cohortColumn} (any text; without it the whole file is one cohort, {@link #ALL}). Rows
     * may come in any order.
     *
     * @param file CSV, text, Parquet or Arrow
     * @param format the format, {@code null} for the extension's
     * @param periodColumn the period column's name
     * @param survivorsColumn the survivors column's name
     * @param cohortColumn the cohort column's name, used when present; {@code null} for none
     * @param charset text encoding, {@code null} for UTF-8
     * @return the table
     * @throws BadInputException naming file, line and column: a missing column, a period that is
     *     not a whole number {@code >= 0} or is repeated within its cohort, a survivor count that is
     *     missing, negative or above the previous period's, a cohort without period 0 or with a
     *     gap, an empty file
     */
    public static SurvivorTable read(Path file, FileFormat format, String periodColumn, String survivorsColumn,
                                     String cohortColumn, Charset charset) {
        return from(TableIO.read(file, format, Map.of(), true, charset), periodColumn, survivorsColumn, cohortColumn);
    }

    /**
     * The survivor table of a table already read (see {@link #read}; e.g. by
     * {@link Subscriptions#readTable}, for a caller that chose the reader by the columns).
     *
     * @param t the table; its source and lines name the file and line in messages
     * @param periodColumn the period column's name
     * @param survivorsColumn the survivors column's name
     * @param cohortColumn the cohort column's name, used when present; {@code null} for none
     * @return the table
     * @throws BadInputException as {@link #read}
     */
    public static SurvivorTable from(ColumnTable t, String periodColumn, String survivorsColumn, String cohortColumn) {
        Path file = t.source() != null ? t.source() : Path.of("(table)");
        TableIO.checkHeader(file, t.columnNames(), List.of(periodColumn, survivorsColumn));
        if (t.rowCount() == 0) {
            throw BadInputException.at(file, 0, null, "no rows: expected a survivor table with a header and one row per "
                    + "period (" + periodColumn + ", " + survivorsColumn + ")");
        }
        boolean cohorts = cohortColumn != null && t.has(cohortColumn);
        // cohort -> period -> row, in the order cohorts first appear
        Map<String, TreeMap<Long, Integer>> byCohort = new LinkedHashMap<>();
        for (int i = 0; i < t.rowCount(); i++) {
            String label = cohorts ? t.cell(cohortColumn, i).strip() : ALL;
            if (label.isEmpty()) {
                throw BadInputException.at(file, t.line(i), cohortColumn, "expected a cohort name, found an empty cell");
            }
            long period = TableCells.wholeNumber(t, periodColumn, i);
            if (period < 0) {
                throw BadInputException.at(file, t.line(i), periodColumn, "expected a period >= 0, found " + period);
            }
            Integer before = byCohort.computeIfAbsent(label, k -> new TreeMap<>()).put(period, i);
            if (before != null) {
                throw BadInputException.at(file, t.line(i), periodColumn, "period " + period
                        + (cohorts ? " of cohort '" + label + "'" : "") + " is given twice (first on line "
                        + t.line(before) + ")");
            }
        }
        List<SurvivorCurve> out = new ArrayList<>();
        for (var e : byCohort.entrySet()) {
            String label = e.getKey();
            String of = cohorts ? " of cohort '" + label + "'" : "";
            TreeMap<Long, Integer> rows = e.getValue();
            if (rows.firstKey() != 0) {
                throw BadInputException.at(file, t.line(rows.firstEntry().getValue()), periodColumn, "expected period 0 (the "
                        + "cohort's size)" + of + ", found first period " + rows.firstKey());
            }
            if (rows.size() < 2) {
                throw BadInputException.at(file, t.line(rows.firstEntry().getValue()), periodColumn, "expected periods 0 "
                        + "and at least 1" + of + ", found period 0 only");
            }
            long[] s = new long[rows.size()];
            long expect = 0;
            for (var r : rows.entrySet()) {
                int row = r.getValue();
                long line = t.line(row);
                if (r.getKey() != expect) {
                    throw BadInputException.at(file, line, periodColumn, "expected period " + expect + of
                            + " (periods must follow one another), found " + r.getKey());
                }
                long v = TableCells.wholeNumber(t, survivorsColumn, row);
                if (v < 0) {
                    throw BadInputException.at(file, line, survivorsColumn, "expected a count >= 0, found " + v);
                }
                if (expect == 0 && v == 0) {
                    throw BadInputException.at(file, line, survivorsColumn, "expected a positive cohort size at period 0"
                            + of + ", found 0");
                }
                if (expect > 0 && v > s[(int) expect - 1]) {
                    throw BadInputException.at(file, line, survivorsColumn, "expected at most the "
                            + s[(int) expect - 1] + " survivors of period " + (expect - 1) + of
                            + " (survivors never increase), found " + v);
                }
                s[(int) expect] = v;
                expect++;
            }
            out.add(SurvivorCurve.of(label, s));
        }
        return of(out);
    }

    /**
     * The table as a file: columns {@code cohort, period, survivors}, one row per cohort and
     * period (what {@link #read} reads back).
     *
     * @return the table
     */
    public ColumnTable toTable() {
        int n = 0;
        for (SurvivorCurve c : cohorts) {
            n += c.periods() + 1;
        }
        String[] label = new String[n];
        long[] period = new long[n];
        long[] survivors = new long[n];
        int k = 0;
        for (SurvivorCurve c : cohorts) {
            for (int t = 0; t <= c.periods(); t++, k++) {
                label[k] = c.cohort();
                period[k] = t;
                survivors[k] = c.survivors(t);
            }
        }
        return ColumnTable.builder().addString("cohort", label).addLong("period", period)
                .addLong("survivors", survivors).build();
    }

    @Override
    public String toString() {
        return "SurvivorTable" + cohorts;
    }
}
