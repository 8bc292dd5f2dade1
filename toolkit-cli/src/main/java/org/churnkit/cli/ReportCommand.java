package org.churnkit.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.churnkit.ChurnkitException;
import org.churnkit.io.OutputSafety;
import org.churnkit.io.BadInputException;
import org.churnkit.io.ColumnTable;
import org.churnkit.io.ColumnType;
import org.churnkit.io.TableIO;
import org.churnkit.i18n.Messages;
import org.churnkit.model.ScoreColumn;
import org.churnkit.report.CustomerReport;
import org.churnkit.report.Tracking;
import org.churnkit.segment.ScoreColumns;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code churnkit report}: the marketer's HTML report. */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        header = "Write one self-contained HTML report on scored customers.",
        usageHelpAutoWidth = true,
        description = {
            "The report has inline SVG charts, loads nothing from the network and prints on A4: headline numbers, "
                + "segments, P(alive) distribution, frequency x recency heatmap, tracking plot, high-value customers "
                + "at risk, and a plain-language glossary.",
            "The tracking plot needs --holdout: the tracking.csv that 'churnkit backtest' writes (the most recent "
                + "origin; --holdout-model picks the model) or any file with columns period, actual, predicted.",
            "In English or Korean (--lang). A section whose columns are missing is named on stderr; a file with "
                + "nothing to report is an error.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  churnkit report --scores scores.csv --output report.html",
            "  churnkit report --scores scores.csv --segments segments.csv \\",
            "      --output report.html",
            "  churnkit report --scores scores.csv --segments segments.csv \\",
            "      --holdout backtest/tracking.csv --output report.html",
            "  churnkit report --scores scores.csv --lang ko --currency KRW \\",
            "      --output report.html",
        })
final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--scores", required = true, paramLabel = "SCORES", description = "Score file (.csv, .parquet or .arrow) with customer_id and score columns.")
    Path scores;

    @Option(names = "--segments", paramLabel = "SEGMENTS", description = "Segments file from churnkit segment (customer_id, segment).")
    Path segments;

    @Option(names = "--holdout", paramLabel = "TRACKING",
            description = "Tracking data: backtest's tracking.csv, or columns period, actual, predicted (repeat "
                    + "transactions per period); CSV, Parquet or Arrow.")
    Path holdout;

    @Option(names = "--holdout-model", paramLabel = "MODEL",
            description = "Model to draw from a backtest's tracking.csv (default: its first model that is not a baseline).")
    String holdoutModel;

    @Option(names = "--calibration-end", paramLabel = "T",
            description = "Period at which the holdout starts, marked on the tracking plot (default for a backtest's "
                    + "tracking.csv: its origin).")
    Double calibrationEnd;

    @Option(names = "--title", paramLabel = "TEXT", description = "Report title (default: \"Customer base report\", or its translation).")
    String title;

    @Option(names = "--time-unit", paramLabel = "UNIT", converter = Converters.Unit.class,
            description = "Time unit of recency, T and the tracking periods (the unit the scores were made in: "
                    + "day, week, month, ...); shown on axes and in column headings. Default: \"periods\".")
    org.churnkit.data.TimeUnit timeUnit;

    @Option(names = "--horizon", paramLabel = "N",
            description = "The horizon of the scores' expected_transactions, in --time-unit units (the --horizon "
                    + "given to score), so the headline says \"over the next N weeks\". Default: unsaid.")
    Double horizon;

    @picocli.CommandLine.Mixin
    CurrencyOption currency;

    @Mixin
    LanguageOption lang;

    @Option(names = "--top", paramLabel = "N", defaultValue = "25", description = "Customers listed in the at-risk table (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--output", required = true, paramLabel = "report.html", description = "Output HTML file.")
    Path output;

    @Override
    public Integer call() {
        OutputSafety.of().input("--scores", scores).input("--segments", segments).input("--holdout", holdout)
                .output("--output", output).check();
        Messages msg = currency.applyTo(lang.messages());
        var err = spec.commandLine().getErr();
        long t0 = System.nanoTime();
        err.println(msg.get("cli.reading", scores));
        err.flush();
        ScoreColumns s = ScoreColumns.read(scores);
        CustomerReport.Builder b = CustomerReport.builder(s).messages(msg).topCustomers(top)
                .timeUnit(timeUnit == null ? null : timeUnit.label()).date(java.time.LocalDate.now())
                .subtitle(msg.get("cli.report.subtitle", msg.count(s.size()), scores.getFileName()));
        if (title != null) {
            b.title(title);
        }
        if (horizon != null) {
            b.horizon(horizon);
        }
        if (segments != null) {
            err.println(msg.get("cli.reading", segments));
            b.segmentLabels(readSegments(segments, s));
        }
        if (holdout != null) {
            err.println(msg.get("cli.reading", holdout));
            b.tracking(readTracking(holdout, calibrationEnd == null ? Double.NaN : calibrationEnd, holdoutModel, err));
        }
        CustomerReport report = b.build();
        // A page of "Not available" is no report: refuse it, and name every section that is missing.
        if (report.drawableSections().isEmpty()) {
            throw new ChurnkitException(msg.get("cli.report.nothing"));
        }
        for (String why : report.unavailable()) {
            err.println(msg.get("cli.report.warnMissing", why));
        }
        long t1 = System.nanoTime();
        report.write(output);
        long t2 = System.nanoTime();
        err.println(msg.get("cli.report.wrote", output, msg.decimal((t2 - t1) / 1e9, 1), msg.decimal((t2 - t0) / 1e9, 1)));
        err.flush();
        return 0;
    }

    /**
     * The segment of each customer of {@code scores}, in score order, from a segments file
     * ({@code customer_id, segment}) as written by {@code churnkit segment}.
     *
     * @throws BadInputException on an empty segment name, a repeated customer or a scored customer without a row
     */
    static String[] readSegments(Path file, ScoreColumns scores) {
        ColumnTable t = TableIO.read(file, null, Map.of(ScoreColumn.CUSTOMER_ID.column(), ColumnType.STRING, "segment", ColumnType.STRING), false);
        String[] id = t.strings(ScoreColumn.CUSTOMER_ID.column());
        String[] seg = t.strings("segment").clone();
        // a segments CSV is written for people: its text cells carry SpreadsheetSafe's quote, undone here
        org.churnkit.io.FileFormat format = org.churnkit.io.FileFormat.resolve(null, file);
        boolean neutralised = format == org.churnkit.io.FileFormat.CSV || format == org.churnkit.io.FileFormat.TEXT;
        Map<String, String> byId = new HashMap<>();
        for (int i = 0; i < id.length; i++) {
            if (seg[i] == null || seg[i].isBlank()) {
                throw BadInputException.at(file, t.line(i), "segment", "expected a segment name, found an empty cell");
            }
            if (neutralised) {
                seg[i] = org.churnkit.io.SpreadsheetSafe.restore(seg[i]);
            }
            String key = org.churnkit.data.CustomerIds.normalize(
                    neutralised ? org.churnkit.io.SpreadsheetSafe.restore(id[i]) : id[i], file, t.line(i), ScoreColumn.CUSTOMER_ID.column());
            if (byId.put(key, seg[i]) != null) {
                throw BadInputException.at(file, t.line(i), ScoreColumn.CUSTOMER_ID.column(), "customer " + key + " appears twice");
            }
        }
        String[] out = new String[scores.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = byId.get(scores.id(i));
            if (out[i] == null) {
                throw BadInputException.at(file, 0, ScoreColumn.CUSTOMER_ID.column(), "no row for customer " + scores.id(i) + " of the score file");
            }
        }
        return out;
    }

    /**
     * Holdout tracking: columns {@code period, actual, predicted}, repeat transactions per period,
     * periods increasing; or the long {@code tracking.csv} of {@code churnkit backtest}
     * ({@code origin_index, origin, model, period, actual_incremental, predicted_incremental}), of
     * which the most recent origin and one model are drawn, the origin marking the calibration end.
     *
     * @param file the tracking file
     * @param calibrationEnd the calibration end to mark, NaN for none (or the backtest origin)
     * @param model for a backtest file, the model to draw, or {@code null} for its first non-baseline model
     * @param err where to say which origin and model were drawn
     * @return the tracking series
     */
    static Tracking readTracking(Path file, double calibrationEnd, String model, java.io.PrintWriter err) {
        ColumnTable header = TableIO.read(file, null, Map.of("period", ColumnType.DOUBLE), true);
        if (header.has("model") && header.has("origin_index")) {
            return readBacktestTracking(file, calibrationEnd, model, err);
        }
        ColumnTable t = TableIO.read(file, null,
                Map.of("period", ColumnType.DOUBLE, "actual", ColumnType.DOUBLE, "predicted", ColumnType.DOUBLE), false);
        try {
            return new Tracking(t.finiteDoubles("period"), t.finiteDoubles("actual"), t.finiteDoubles("predicted"), calibrationEnd);
        } catch (BadInputException e) {
            throw e;
        } catch (ChurnkitException e) {
            throw new ChurnkitException(file + ": " + e.getMessage(), e);
        }
    }

    /** The most recent origin of a backtest's tracking.csv, for one model. */
    private static Tracking readBacktestTracking(Path file, double calibrationEnd, String model, java.io.PrintWriter err) {
        ColumnTable t = TableIO.read(file, null, Map.of("origin_index", ColumnType.LONG, "origin", ColumnType.DOUBLE,
                "model", ColumnType.STRING, "period", ColumnType.DOUBLE, "actual_incremental", ColumnType.DOUBLE,
                "predicted_incremental", ColumnType.DOUBLE), true);
        long[] originIndex = t.longs("origin_index");
        String[] models = t.strings("model");
        long last = Long.MIN_VALUE;
        for (long o : originIndex) {
            last = Math.max(last, o);
        }
        java.util.LinkedHashSet<String> available = new java.util.LinkedHashSet<>();
        for (int i = 0; i < models.length; i++) {
            if (originIndex[i] == last) {
                available.add(models[i]);
            }
        }
        String chosen = model;
        if (chosen == null) {
            chosen = available.stream().filter(m -> !m.equals(org.churnkit.evaluation.EveryoneStays.NAME)
                    && !m.equals(org.churnkit.evaluation.LastPeriodRate.NAME)).findFirst().orElse(null);
        }
        if (chosen == null || !available.contains(chosen)) {
            throw new ChurnkitException(file + ": " + (chosen == null ? "no model" : "no model '" + chosen + "'")
                    + " at the most recent origin; it has " + String.join(", ", available)
                    + " (choose one with --holdout-model)");
        }
        double[] period = t.finiteDoubles("period");
        double[] actual = t.finiteDoubles("actual_incremental");
        double[] predicted = t.finiteDoubles("predicted_incremental");
        double[] origin = t.finiteDoubles("origin");
        String[] originDate = t.has("origin_date") ? t.stringsOf("origin_date") : null;
        java.util.List<Integer> rows = new java.util.ArrayList<>();
        for (int i = 0; i < models.length; i++) {
            if (originIndex[i] == last && models[i].equals(chosen)) {
                rows.add(i);
            }
        }
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
        int first = rows.get(0);
        String when = originDate != null && !originDate[first].isBlank() ? originDate[first]
                : ColumnTable.formatDouble(origin[first]);
        err.println("tracking: " + chosen + " at the most recent origin, " + when + ", from " + file);
        try {
            return new Tracking(p, a, q, Double.isNaN(calibrationEnd) ? origin[first] : calibrationEnd);
        } catch (ChurnkitException e) {
            throw new ChurnkitException(file + ": " + e.getMessage(), e);
        }
    }
}
