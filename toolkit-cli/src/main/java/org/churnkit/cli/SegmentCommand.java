package org.churnkit.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.commons.rng.simple.RandomSource;
import org.churnkit.ChurnkitException;
import org.churnkit.io.ColumnTable;
import org.churnkit.io.TableIO;
import org.churnkit.segment.Feature;
import org.churnkit.segment.ScoreColumns;
import org.churnkit.segment.SegmentProfile;
import org.churnkit.segment.Segmentation;
import org.churnkit.segment.SegmentationModel;
import org.churnkit.segment.Segmenter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
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

    @Override
    public Integer call() {
        var err = spec.commandLine().getErr();
        var out = spec.commandLine().getOut();
        long t0 = System.nanoTime();
        err.println("reading " + scores);
        err.flush();
        ScoreColumns s = ScoreColumns.read(scores);
        err.println(String.format(Locale.ROOT, "read %,d customers in %.1f s", s.size(), (System.nanoTime() - t0) / 1e9));
        String[] names;
        List<String> featureColumns;
        if (model != null) {
            if (features != null || modelOut != null || !"auto".equals(k)) {
                throw new ChurnkitException("--model assigns with a saved model; it cannot be combined with --k, --features or --model-out");
            }
            SegmentationModel m = SegmentationModel.load(model);
            err.println("assigning " + String.format(Locale.ROOT, "%,d", s.size()) + " customers to the " + m.k() + " segments of " + model);
            err.flush();
            int[] seg = m.assign(s);
            names = new String[seg.length];
            for (int i = 0; i < seg.length; i++) {
                names[i] = m.names().get(seg[i]);
            }
            featureColumns = m.transform().features().stream().map(Feature::column).toList();
            print(out, SegmentProfile.compute(seg, m.names().toArray(String[]::new), m.actions().toArray(String[]::new), s));
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
            err.println("segmenting " + String.format(Locale.ROOT, "%,d", s.size()) + " customers on " + segmenter.featuresFor(s).stream().map(Feature::column).toList()
                    + ("auto".equalsIgnoreCase(k) ? ", choosing k" : ", k = " + k));
            err.flush();
            long t1 = System.nanoTime();
            Segmentation g = segmenter.fit(s, RandomSource.XO_RO_SHI_RO_128_PP.create(seed));
            err.println(String.format(Locale.ROOT, "segmented in %.1f s", (System.nanoTime() - t1) / 1e9));
            if (!g.silhouetteByK().isEmpty()) {
                StringBuilder sb = new StringBuilder("silhouette by k:");
                g.silhouetteByK().forEach((kk, v) -> sb.append(String.format(Locale.ROOT, " %d=%.3f", kk, v)));
                err.println(sb + "; chose k = " + g.k());
            }
            names = new String[s.size()];
            for (int i = 0; i < names.length; i++) {
                names[i] = g.nameOf(i);
            }
            featureColumns = g.model().transform().features().stream().map(Feature::column).toList();
            if (modelOut != null) {
                g.model().save(modelOut);
                err.println("wrote model " + modelOut);
            }
            print(out, g.profiles());
        }
        ColumnTable.Builder table = ColumnTable.builder().addString(ScoreColumns.ID, s.ids()).addString("segment", names);
        for (String f : featureColumns) {
            table.addDouble(f, s.require(f));
        }
        TableIO.write(table.build(), output);
        err.println(String.format(Locale.ROOT, "wrote %s (%.1f s in all)", output, (System.nanoTime() - t0) / 1e9));
        err.flush();
        return 0;
    }

    private static void print(java.io.PrintWriter out, List<SegmentProfile> profiles) {
        out.printf(Locale.ROOT, "%-30s %10s %9s %9s %8s%n", "segment", "customers", "share", "value", "P(alive)");
        for (SegmentProfile p : profiles) {
            out.printf(Locale.ROOT, "%-30s %,10d %8.1f%% %8.1f%% %8.2f%n", p.name(), p.customers(), 100 * p.shareOfCustomers(),
                    100 * p.shareOfValue(), p.meanPAlive());
        }
        out.flush();
    }
}
