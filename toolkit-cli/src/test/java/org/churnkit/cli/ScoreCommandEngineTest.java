package org.churnkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.churnkit.data.TimeUnit;
import org.churnkit.io.ColumnTable;
import org.churnkit.io.ColumnType;
import org.churnkit.io.TableIO;
import org.churnkit.model.BgNbd;
import org.churnkit.model.Histories;
import org.churnkit.model.ModelFiles;
import org.churnkit.model.ScoreColumn;
import org.churnkit.model.Scores;
import org.churnkit.model.Scoring;
import org.churnkit.model.ScoringSettings;
import org.churnkit.testing.SimulatedBase;
import org.churnkit.model.TransactionModel;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code churnkit score} writes, per customer, exactly the library engine's scores on a simulated
 * base: every score column, bit for bit (CSV numbers are shortest round-trip text, Parquet holds the
 * doubles), in the schema's order. The Spark module checks the same base against the same engine,
 * so the three paths agree.
 */
class ScoreCommandEngineTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} to {1}, {2}")
    @CsvSource({"pareto-nbd, csv, value", "pareto-nbd, parquet, value", "pareto-nbd, csv, dert", "pareto-nbd, csv, plain",
        "bg-nbd, csv, value", "bg-nbd, arrow, dert"})
    void theCommandWritesTheEnginesScores(String kind, String format, String columns) {
        Histories h = SimulatedBase.of(3_000, 20261204L);
        TransactionModel model = kind.equals("bg-nbd") ? BgNbd.of(0.2426, 4.4136, 0.7929, 2.4259) : SimulatedBase.MODEL;
        Path modelFile = dir.resolve("model.json");
        Path spendFile = dir.resolve("gg.json");
        ModelFiles.write(model, modelFile);
        ModelFiles.write(SimulatedBase.SPEND, spendFile);
        Path in = dir.resolve("base.csv");
        TableIO.write(ColumnTable.builder().addString("customer_id", ids(h)).addDouble("frequency", h.frequencies())
                .addDouble("recency", h.recencies()).addDouble("T", h.ages()).addDouble("monetary_value", monetary(h))
                .build(), in);
        Path out = dir.resolve("scores." + format);

        List<String> args = new ArrayList<>(List.of("score", "-m", modelFile.toString(), "-i", in.toString(), "-o",
                out.toString(), "--horizon", "39"));
        ScoringSettings settings = ScoringSettings.of(39);
        double delta = TimeUnit.WEEKS.continuousRateFromAnnual(0.15);
        switch (columns) {
            case "value" -> {
                args.addAll(List.of("--spend-model", spendFile.toString(), "--discount-rate", "0.15", "--margin", "0.3",
                        "--time-unit", "week"));
                settings = settings.withSpendModel(SimulatedBase.SPEND).withDiscountRate(delta).withMargin(0.3);
            }
            case "dert" -> {
                args.addAll(List.of("--dert", "--discount-rate", "0.15", "--time-unit", "week"));
                settings = settings.withDiscountRate(delta);
            }
            default -> { }
        }
        CliRun r = CliRun.run(args.toArray(new String[0]));
        assertEquals(0, r.code(), r.err());

        Scores want = Scoring.of(model, settings).score(h);
        List<String> names = new ArrayList<>(List.of("customer_id"));
        want.columns().forEach(c -> names.add(c.column()));
        names.addAll(List.of("frequency", "recency", "T", "monetary_value"));
        Map<String, ColumnType> types = new java.util.HashMap<>(Map.of("customer_id", ColumnType.STRING));
        want.columns().forEach(c -> types.put(c.column(), ColumnType.DOUBLE));
        ColumnTable got = TableIO.read(out, null, types, true);
        assertEquals(names, got.columnNames(), "the schema's columns in its order");
        String[] gotIds = got.strings("customer_id");
        for (int i = 0; i < h.size(); i++) {
            assertEquals(h.id(i), gotIds[i]);
        }
        for (ScoreColumn c : want.columns()) {
            double[] w = want.get(c);
            double[] g = got.doubles(c.column());
            for (int i = 0; i < w.length; i++) {
                assertEquals(Double.doubleToLongBits(w[i]), Double.doubleToLongBits(g[i]),
                        c.column() + " of " + h.describe(i) + ": " + w[i] + " vs " + g[i]);
            }
        }
    }

    private static String[] ids(Histories h) {
        String[] ids = new String[h.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = h.id(i);
        }
        return ids;
    }

    private static double[] monetary(Histories h) {
        double[] m = new double[h.size()];
        for (int i = 0; i < m.length; i++) {
            m[i] = h.monetary(i);
        }
        return m;
    }
}
