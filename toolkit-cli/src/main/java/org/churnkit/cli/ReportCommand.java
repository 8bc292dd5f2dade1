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
        description = {
            "Writes one self-contained HTML report (inline SVG charts, nothing loaded from the network, prints on A4):",
            "headline numbers, segments, P(alive) distribution, frequency x recency heatmap, tracking plot,",
            "high-value customers at risk, and a plain-language glossary; in English or Korean (--lang).",
            "A section whose columns are missing is named on stderr; a file with nothing to report is an error.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  churnkit report --scores scores.csv --output report.html",
            "  churnkit report --scores scores.csv --segments segments.csv --output report.html",
            "  churnkit report --scores scores.csv --lang ko --currency KRW --output r.html",
            "  churnkit report --scores scores.csv --segments segments.csv --holdout tracking.csv --calibration-end 39 --output report.html",
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

    @Option(names = "--title", description = "Report title (default: \"Customer base report\", or its translation).")
    String title;

    @Option(names = "--time-unit", paramLabel = "UNIT", converter = Converters.Unit.class,
            description = "Time unit of recency, T and the tracking periods (the unit the scores were made in: "
                    + "day, week, month, ...); shown on axes and in column headings. Default: \"periods\".")
    org.churnkit.data.TimeUnit timeUnit;

    @Option(names = "--currency", paramLabel = "CODE",
            description = "ISO 4217 currency of CLV and value at risk (USD, EUR, KRW, ...), shown in the locale's format. "
                    + "Default: none (plain amounts).")
    String currency;

    @Mixin
    LanguageOption lang;

    @Option(names = "--top", defaultValue = "25", description = "Customers listed in the at-risk table (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--output", required = true, paramLabel = "report.html", description = "Output HTML file.")
    Path output;

    @Override
    public Integer call() {
        OutputSafety.of().input("--scores", scores).input("--segments", segments).input("--holdout", holdout)
                .output("--output", output).check();
        Messages msg = lang.messages().withCurrency(currency);
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
        if (segments != null) {
            err.println(msg.get("cli.reading", segments));
            b.segmentLabels(readSegments(segments, s));
        }
        if (holdout != null) {
            err.println(msg.get("cli.reading", holdout));
            b.tracking(readTracking(holdout, calibrationEnd == null ? Double.NaN : calibrationEnd));
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
        ColumnTable t = TableIO.read(file, null, Map.of(ScoreColumns.ID, ColumnType.STRING, "segment", ColumnType.STRING), false);
        String[] id = t.strings(ScoreColumns.ID);
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
                    neutralised ? org.churnkit.io.SpreadsheetSafe.restore(id[i]) : id[i], file, t.line(i), ScoreColumns.ID);
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
