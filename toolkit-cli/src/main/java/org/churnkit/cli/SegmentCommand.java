package org.churnkit.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.commons.rng.simple.RandomSource;
import org.churnkit.ChurnkitException;
import org.churnkit.io.OutputSafety;
import org.churnkit.segment.Feature;
import org.churnkit.segment.ScoreColumns;
import org.churnkit.i18n.Messages;
import org.churnkit.segment.SegmentNaming;
import org.churnkit.segment.SegmentProfile;
import org.churnkit.segment.Segmentation;
import org.churnkit.segment.SegmentationModel;
import org.churnkit.segment.Segmenter;
import org.churnkit.segment.SegmentsFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code churnkit segment}: k-means segments from a score file. */
@Command(
        name = "segment",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        header = "Group customers into named segments (k-means on their scores).",
        usageHelpAutoWidth = true,
        description = {
            "Writes each customer's segment: the output has customer_id, segment and the features used. With "
                + "--model, assigns customers to the segments of a saved model instead of fitting new ones.",
            "With --k auto, k is the largest k in 3 to 8 whose silhouette is within 0.01 of the best. That choice "
                + "uses fixed seeds, so --seed does not change it.",
            "Names say what the members share: value tier, one-time or repeat buyers, and activity from their "
                + "median P(alive).",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  churnkit segment --scores scores.csv --output segments.csv",
            "  churnkit segment --scores scores.csv --output segments.csv --k 5 --seed 7 \\",
            "      --model-out segments.json",
            "  churnkit segment --scores scores.csv --output segments.csv \\",
            "      --features frequency,recency,p_alive,clv",
            "  churnkit segment --scores new-scores.csv --model segments.json \\",
            "      --output new-segments.csv",
            "  churnkit segment --scores scores.csv --output segments.csv --lang ko",
        })
final class SegmentCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--scores", required = true, paramLabel = "SCORES",
            description = "Score file (.csv, .parquet or .arrow): customer_id and any of frequency, recency, T, monetary_value, p_alive, "
                    + "expected_transactions, clv.")
    Path scores;

    @Option(names = "--output", required = true, paramLabel = "SEGMENTS", description = "Output (.csv, .parquet or .arrow): customer_id, segment, features.")
    Path output;

    @Option(names = "--k", defaultValue = "auto", paramLabel = "auto|N",
            description = "Number of segments, or auto to choose 3 to 8 by silhouette (default: ${DEFAULT-VALUE}).")
    String k;

    @Option(names = "--features", split = ",", paramLabel = "F",
            description = "Features to cluster on (default: all of recency, frequency, monetary_value, p_alive, "
                    + "expected_transactions, clv present in the scores).")
    List<String> features;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--restarts", paramLabel = "N", defaultValue = "10", description = "k-means restarts (default: ${DEFAULT-VALUE}).")
    int restarts;

    @Option(names = "--model-out", paramLabel = "SEG.json", description = "Also save the segmentation model (JSON).")
    Path modelOut;

    @Option(names = "--model", paramLabel = "SEG.json",
            description = "Assign customers to the segments of this saved model instead of fitting.")
    Path model;

    @Mixin
    LanguageOption lang;

    @Override
    public Integer call() {
        OutputSafety.of().input("--scores", scores).input("--model", model).output("--output", output)
                .output("--model-out", modelOut).check();
        Messages msg = lang.messages();
        var err = spec.commandLine().getErr();
        var out = spec.commandLine().getOut();
        long t0 = System.nanoTime();
        err.println(msg.get("cli.reading", scores));
        err.flush();
        ScoreColumns s = ScoreColumns.read(scores);
        err.println(msg.get("cli.segment.read", msg.count(s.size()), msg.decimal((System.nanoTime() - t0) / 1e9, 1)));
        String[] names;
        List<String> featureColumns;
        if (model != null) {
            if (features != null || modelOut != null || !"auto".equals(k)) {
                throw new ChurnkitException("--model assigns with a saved model; it cannot be combined with --k, --features or --model-out");
            }
            SegmentationModel m = SegmentationModel.read(model);
            err.println(msg.get("cli.segment.assigning", msg.count(s.size()), m.k(), model));
            err.flush();
            int[] seg = m.assign(s);
            names = m.namesOf(seg);
            featureColumns = m.featureColumns();
            print(out, err, msg, SegmentProfile.compute(seg, m.names().toArray(String[]::new), m.actions().toArray(String[]::new), s));
        } else {
            Segmenter.Builder b = Segmenter.builder().restarts(restarts);
            if (!"auto".equalsIgnoreCase(k)) {
                try {
                    b.k(Integer.parseInt(k.strip()));
                } catch (NumberFormatException e) {
                    throw new ChurnkitException("--k: expected auto or a whole number, got '" + k + "'");
                }
            }
            if (features != null) {
                List<Feature> fs = new ArrayList<>();
                for (String f : features) {
                    fs.add(Feature.of(f));
                }
                b.features(fs);
            }
            Segmenter segmenter = b.build();
            err.println(msg.get("auto".equalsIgnoreCase(k) ? "cli.segment.segmentingAuto" : "cli.segment.segmenting",
                    msg.count(s.size()), segmenter.featuresFor(s).stream().map(Feature::column).toList(), k));
            err.flush();
            long t1 = System.nanoTime();
            Segmentation g = segmenter.fit(s, RandomSource.XO_RO_SHI_RO_128_PP.create(seed));
            err.println(msg.get("cli.segment.segmented", msg.decimal((System.nanoTime() - t1) / 1e9, 1)));
            if (!g.silhouetteByK().isEmpty()) {
                StringBuilder sb = new StringBuilder();
                g.silhouetteByK().forEach((kk, v) -> sb.append(' ').append(kk).append('=').append(msg.decimal(v, 3)));
                double best = g.silhouetteByK().values().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
                err.println(msg.get("cli.segment.silhouette", sb.toString().strip(), g.k(),
                        msg.decimal(Segmenter.SILHOUETTE_TOLERANCE, 2), msg.decimal(best, 3)));
            }
            names = g.model().namesOf(g.segment());
            featureColumns = g.model().featureColumns();
            if (modelOut != null) {
                g.model().write(modelOut);
                err.println(msg.get("cli.segment.wroteModel", modelOut));
            }
            print(out, err, msg, g.profiles());
        }
        SegmentsFile.write(output, s, names, featureColumns);
        err.println(msg.get("cli.segment.wrote", output, msg.decimal((System.nanoTime() - t0) / 1e9, 1)));
        err.flush();
        return 0;
    }

    /**
     * The segment table in the user's language. A column whose scores are absent (no value column:
     * no clv and no frequency x monetary_value; no p_alive) is left out, with a note on stderr,
     * rather than printed as NaN.
     */
    static void print(java.io.PrintWriter out, java.io.PrintWriter err, Messages m, List<SegmentProfile> profiles) {
        boolean value = !profiles.isEmpty() && !Double.isNaN(profiles.get(0).shareOfValue());
        boolean pa = !profiles.isEmpty() && !Double.isNaN(profiles.get(0).meanPAlive());
        List<String> names = profiles.stream()
                .map(p -> SegmentNaming.parse(p.name()).map(n -> n.render(m)).orElse(p.name())).toList();
        int nameW = Math.max(LanguageOption.width(m.get("cli.segment.col.segment")),
                names.stream().mapToInt(LanguageOption::width).max().orElse(0));
        String[] head = {m.get("cli.segment.col.customers"), m.get("cli.segment.col.share"), m.get("cli.segment.col.value"),
            m.get("cli.segment.col.palive")};
        int w = 2 + Math.max(10, java.util.Arrays.stream(head).mapToInt(LanguageOption::width).max().orElse(0));
        StringBuilder h = new StringBuilder(LanguageOption.pad(m.get("cli.segment.col.segment"), nameW, true))
                .append(LanguageOption.pad(head[0], w, false)).append(LanguageOption.pad(head[1], w, false));
        if (value) {
            h.append(LanguageOption.pad(head[2], w, false));
        }
        if (pa) {
            h.append(LanguageOption.pad(head[3], w, false));
        }
        out.println(h);
        for (int i = 0; i < profiles.size(); i++) {
            SegmentProfile p = profiles.get(i);
            StringBuilder r = new StringBuilder(LanguageOption.pad(names.get(i), nameW, true))
                    .append(LanguageOption.pad(m.count(p.customers()), w, false))
                    .append(LanguageOption.pad(m.percent(p.shareOfCustomers()), w, false));
            if (value) {
                r.append(LanguageOption.pad(m.percent(p.shareOfValue()), w, false));
            }
            if (pa) {
                r.append(LanguageOption.pad(m.probability(p.meanPAlive()), w, false));
            }
            out.println(r);
        }
        out.flush();
        if (!value) {
            err.println(m.get("cli.segment.noValue"));
        }
        if (!pa) {
            err.println(m.get("cli.segment.noPAlive"));
        }
        err.flush();
    }
}
