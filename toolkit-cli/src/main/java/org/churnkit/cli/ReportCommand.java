package org.churnkit.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.churnkit.ChurnkitException;
import org.churnkit.io.BadInputException;
import org.churnkit.io.ColumnTable;
import org.churnkit.io.ColumnType;
import org.churnkit.io.TableIO;
import org.churnkit.report.CustomerReport;
import org.churnkit.report.Tracking;
import org.churnkit.segment.ScoreColumns;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
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
            "The report has inline SVG charts, loads nothing from the network and prints on A4: headline numbers, segments, P(alive) distribution, frequency x recency heatmap, tracking plot, high-value customers at risk, and a plain-language glossary.",
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
        })
final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--scores", required = true, paramLabel = "SCORES", description = "Score file (.csv, .parquet or .arrow) with customer_id and score columns.")
    Path scores;

    @Option(names = "--segments", paramLabel = "SEGMENTS", description = "Segments file from churnkit segment (customer_id, segment).")
    Path segments;

    @Option(names = "--holdout", paramLabel = "SUMMARY",
            description = "Tracking data (.csv, .parquet or .arrow): period, actual, predicted repeat transactions per period.")
    Path holdout;

    @Option(names = "--calibration-end", paramLabel = "T", description = "Period at which the holdout starts (marked on the tracking plot).")
    Double calibrationEnd;

    @Option(names = "--title", paramLabel = "TEXT", defaultValue = "Customer base report", description = "Report title (default: ${DEFAULT-VALUE}).")
    String title;

    @Option(names = "--top", paramLabel = "N", defaultValue = "25", description = "Customers listed in the at-risk table (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--output", required = true, paramLabel = "report.html", description = "Output HTML file.")
    Path output;

    @Override
    public Integer call() {
        var err = spec.commandLine().getErr();
        long t0 = System.nanoTime();
        err.println("reading " + scores);
        err.flush();
        ScoreColumns s = ScoreColumns.read(scores);
        CustomerReport.Builder b = CustomerReport.builder(s).title(title).topCustomers(top)
                .subtitle(String.format(java.util.Locale.ROOT, "%,d customers scored in %s", s.size(), scores.getFileName()));
        if (segments != null) {
            err.println("reading " + segments);
            b.segmentLabels(readSegments(segments, s));
        }
        if (holdout != null) {
            err.println("reading " + holdout);
            b.tracking(readTracking(holdout, calibrationEnd == null ? Double.NaN : calibrationEnd));
        }
        long t1 = System.nanoTime();
        b.build().write(output);
        long t2 = System.nanoTime();
        err.println(String.format(java.util.Locale.ROOT, "wrote %s (report %.1f s, %.1f s in all)", output, (t2 - t1) / 1e9,
                (t2 - t0) / 1e9));
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
        ColumnTable t = TableIO.read(file, null, Map.of(ScoreColumns.ID, ColumnType.STRING, "segment", ColumnType.STRING), false);
        String[] id = t.strings(ScoreColumns.ID);
        String[] seg = t.strings("segment");
        Map<String, String> byId = new HashMap<>();
        for (int i = 0; i < id.length; i++) {
            if (seg[i] == null || seg[i].isBlank()) {
                throw BadInputException.at(file, t.line(i), "segment", "expected a segment name, found an empty cell");
            }
            String key = id[i] == null ? "" : id[i].strip();
            if (byId.put(key, seg[i]) != null) {
                throw BadInputException.at(file, t.line(i), ScoreColumns.ID, "customer " + key + " appears twice");
            }
        }
        String[] out = new String[scores.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = byId.get(scores.id(i));
            if (out[i] == null) {
                throw BadInputException.at(file, 0, ScoreColumns.ID, "no row for customer " + scores.id(i) + " of the score file");
            }
        }
        return out;
    }

    /** Holdout tracking: columns {@code period, actual, predicted}, repeat transactions per period, periods increasing. */
    static Tracking readTracking(Path file, double calibrationEnd) {
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
}
