package org.churnkit.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.churnkit.report.CustomerReport;
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
        description = {
            "Writes one self-contained HTML report (inline SVG charts, nothing loaded from the network, prints on A4):",
            "headline numbers, segments, P(alive) distribution, frequency x recency heatmap, tracking plot,",
            "high-value customers at risk, and a plain-language glossary.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  churnkit report --scores scores.csv --output report.html",
            "  churnkit report --scores scores.csv --segments segments.csv --output report.html",
            "  churnkit report --scores scores.csv --segments segments.csv --holdout tracking.csv --calibration-end 39 --output report.html",
        })
final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--scores", required = true, paramLabel = "SCORES", description = "Score file (CSV) with customer_id and score columns.")
    Path scores;

    @Option(names = "--segments", paramLabel = "SEGMENTS", description = "Segments file from churnkit segment (customer_id, segment).")
    Path segments;

    @Option(names = "--holdout", paramLabel = "SUMMARY",
            description = "Tracking data (CSV): period, actual, predicted repeat transactions per period.")
    Path holdout;

    @Option(names = "--calibration-end", paramLabel = "T", description = "Period at which the holdout starts (marked on the tracking plot).")
    Double calibrationEnd;

    @Option(names = "--title", defaultValue = "Customer base report", description = "Report title (default: ${DEFAULT-VALUE}).")
    String title;

    @Option(names = "--top", defaultValue = "25", description = "Customers listed in the at-risk table (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--output", required = true, paramLabel = "report.html", description = "Output HTML file.")
    Path output;

    @Override
    public Integer call() {
        var err = spec.commandLine().getErr();
        long t0 = System.nanoTime();
        err.println("reading " + scores);
        err.flush();
        ScoreColumns s = ScoreCsv.readScores(scores);
        CustomerReport.Builder b = CustomerReport.builder(s).title(title).topCustomers(top)
                .subtitle(String.format(java.util.Locale.ROOT, "%,d customers scored in %s", s.size(), scores.getFileName()));
        if (segments != null) {
            err.println("reading " + segments);
            b.segmentLabels(ScoreCsv.readSegments(segments, s));
        }
        if (holdout != null) {
            err.println("reading " + holdout);
            b.tracking(ScoreCsv.readTracking(holdout, calibrationEnd == null ? Double.NaN : calibrationEnd));
        }
        long t1 = System.nanoTime();
        b.build().write(output);
        long t2 = System.nanoTime();
        err.println(String.format(java.util.Locale.ROOT, "wrote %s (report %.1f s, %.1f s in all)", output, (t2 - t1) / 1e9,
                (t2 - t0) / 1e9));
        err.flush();
        return 0;
    }
}
