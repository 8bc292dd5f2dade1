package org.churnkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code churnkit monitor} and {@code fit --warm-start}: exit codes, status file, provenance link. */
class MonitorCommandTest {
    static final LocalDate DAY0 = LocalDate.of(2024, 1, 1);

    @TempDir
    Path dir;

    /**
     * 3,000 customers arriving over 72 weeks, exponential purchase rates (mean 0.15 a week) and
     * lifetimes (mean 40 weeks); from {@code changeWeek} every rate is multiplied by {@code factor}.
     */
    static Path log(Path file, double changeWeek, double factor, long seed) throws IOException {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<String> lines = new ArrayList<>();
        lines.add("customer_id,date,amount");
        for (int c = 0; c < 3000; c++) {
            double t = 72 * rnd.nextDouble();
            double rate = -0.15 * Math.log(1 - rnd.nextDouble());
            double death = t - 40 * Math.log(1 - rnd.nextDouble());
            double u = t;
            while (u < Math.min(death, 72)) {
                lines.add(String.format(Locale.ROOT, "c%d,%s,%.2f", c, DAY0.plusDays((long) Math.floor(u * 7)),
                        5 + 20 * rnd.nextDouble()));
                double r = u < changeWeek ? rate : rate * factor;
                u += -Math.log(1 - rnd.nextDouble()) / Math.max(r, 1e-9);
            }
        }
        Files.write(file, lines);
        return file;
    }

    private Path fit(Path log, String end, Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("fit", "--model", "pareto-nbd", "--log", log.toString(),
                "--observation-end", end, "--drop-after-end", "--output", out.toString()));
        args.addAll(List.of(extra));
        CliRun r = CliRun.run(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        return out;
    }

    @Test
    void aStableWorldIsOkAndACollapseIsRetrainWithItsEvidence() throws IOException {
        Path stable = log(dir.resolve("stable.csv"), 1e9, 1, 3);
        Path model = fit(stable, "2024-12-29", dir.resolve("pnbd.json")); // week 52
        Path status = dir.resolve("status.json");
        CliRun ok = CliRun.run("monitor", "--model", model.toString(), "--input", stable.toString(), "--since",
                "2024-12-29", "--status", status.toString(), "--periods-output", dir.resolve("p.csv").toString(),
                "--feature-stability", dir.resolve("f.csv").toString(), "--stability-step", "4",
                "--segment-stability", dir.resolve("s.csv").toString());
        assertEquals(MonitorCommand.EXIT_OK, ok.code(), ok.out() + ok.err());
        assertTrue(ok.out().startsWith("ok: no statistic crossed"), ok.out());
        String json = Files.readString(status);
        assertTrue(has(json, "status", "\"ok\"") && has(json, "exit_code", "0"), json);
        assertTrue(json.contains("in_control_arl_alarm"), json);
        List<String> rows = Files.readAllLines(dir.resolve("p.csv"));
        assertEquals(20 + 1, rows.size(), "20 whole weeks after the fit, and the header");
        assertTrue(rows.get(0).startsWith("period,period_end,customers,repeat_transactions,"), rows.get(0));
        List<String> features = Files.readAllLines(dir.resolve("f.csv"));
        assertEquals("feature,from,to,psi,rank_correlation,customers,stable", features.get(0));
        assertEquals(1 + 6 * 5, features.size(), "6 features, origins every 4 weeks over 20: 5 pairs");
        assertTrue(ok.err().contains("monitor: features stable across 6 origins: "), ok.err());
        List<String> seg = Files.readAllLines(dir.resolve("s.csv"));
        assertEquals("from,to,customers,k_from,k_to,kept,adjusted_rand,stable", seg.get(0));
        assertEquals(1 + 5, seg.size(), "5 pairs of origins");
        for (String row : seg.subList(1, seg.size())) {
            double ari = Double.parseDouble(row.split(",")[6]);
            assertTrue(ari > 0.3 && ari <= 1, row);
        }
        assertTrue(ok.err().contains("monitor: segments across 6 origins: "), ok.err());

        Path collapse = log(dir.resolve("collapse.csv"), 60, 0.3, 3);
        CliRun retrain = CliRun.run("monitor", "--model", model.toString(), "--input", collapse.toString(), "--since",
                "2024-12-29", "--status", status.toString());
        assertEquals(MonitorCommand.EXIT_RETRAIN, retrain.code(), retrain.out() + retrain.err());
        assertTrue(retrain.out().startsWith("retrain: repeat_transactions: CUSUM down"), retrain.out());
        json = Files.readString(status);
        assertTrue(has(json, "status", "\"retrain\"") && has(json, "statistic", "\"repeat_transactions CUSUM\""),
                json);
    }

    /** The daily job: a state saved at the fit date and the transactions since give the whole log's periods. */
    @Test
    void aSummaryStateAndTheNewTransactionsGiveTheWholeLogsVerdict() throws IOException {
        Path model = fit(log(dir.resolve("stable.csv"), 1e9, 1, 3), "2024-12-29", dir.resolve("pnbd.json"));
        Path whole = log(dir.resolve("whole.csv"), 60, 0.3, 3);
        List<String> lines = Files.readAllLines(whole);
        List<String> before = new ArrayList<>(List.of(lines.get(0)));
        List<String> after = new ArrayList<>(List.of(lines.get(0)));
        for (String l : lines.subList(1, lines.size())) {
            (l.split(",")[1].compareTo("2024-12-29") <= 0 ? before : after).add(l);
        }
        Files.write(dir.resolve("before.csv"), before);
        Files.write(dir.resolve("after.csv"), after);
        Path state = dir.resolve("shop.ckstate");
        CliRun u = CliRun.run("update", "--state", state.toString(), "--transactions",
                dir.resolve("before.csv").toString(), "--as-of", "2024-12-29");
        assertEquals(0, u.code(), u.err());
        CliRun a = CliRun.run("monitor", "-m", model.toString(), "-i", whole.toString(), "--since", "2024-12-29",
                "--status", dir.resolve("a.json").toString(), "--periods-output", dir.resolve("a.csv").toString());
        CliRun b = CliRun.run("monitor", "-m", model.toString(), "--state", state.toString(), "-i",
                dir.resolve("after.csv").toString(), "--since", "2024-12-29", "--status",
                dir.resolve("b.json").toString(), "--periods-output", dir.resolve("b.csv").toString());
        assertEquals(MonitorCommand.EXIT_RETRAIN, a.code(), a.out() + a.err());
        assertEquals(a.code(), b.code(), b.out() + b.err());
        assertEquals(a.out(), b.out());
        List<String> ra = Files.readAllLines(dir.resolve("a.csv"));
        List<String> rb = Files.readAllLines(dir.resolve("b.csv"));
        assertEquals(ra.size(), rb.size());
        String[] header = ra.get(0).split(",", -1);
        assertEquals(ra.get(0), rb.get(0));
        for (int i = 1; i < ra.size(); i++) {
            String[] x = ra.get(i).split(",", -1);
            String[] y = rb.get(i).split(",", -1);
            for (int c = 0; c < header.length; c++) {
                if (x[c].equals(y[c])) {
                    continue;
                }
                // sums in another order; the spend variance takes the spread of single amounts from the
                // new transactions (the state keeps no squares)
                double tol = header[c].startsWith("spend_") && !header[c].equals("spend_forecast") ? 1e-2 : 1e-9;
                double p = Double.parseDouble(x[c]);
                double q = Double.parseDouble(y[c]);
                assertEquals(p, q, tol * Math.max(1, Math.abs(p)), header[c] + " at period " + i);
            }
        }
        assertTrue(b.err().contains("history from " + state), b.err());
        String json = Files.readString(dir.resolve("b.json"));
        assertTrue(json.contains("in_control_arl_model_scaled"), json);

        CliRun wrong = CliRun.run("monitor", "-m", model.toString(), "--state", state.toString(), "-i",
                whole.toString(), "--since", "2024-12-29", "--status", dir.resolve("c.json").toString());
        assertEquals(ErrorHandler.EXIT_USER_ERROR, wrong.code(), wrong.err());
        assertTrue(wrong.err().contains("at or before the summary state's end"), wrong.err());
    }

    private static boolean has(String json, String key, String value) {
        return java.util.regex.Pattern.compile("\"" + key + "\"\\s*:\\s*" + java.util.regex.Pattern.quote(value))
                .matcher(json).find();
    }

    @Test
    void exitCodesDoNotCollideWithTheErrorCodes() {
        List<Integer> taken = List.of(0, ErrorHandler.EXIT_USER_ERROR, 2, FitCommand.EXIT_ILL_POSED,
                ErrorHandler.EXIT_INTERNAL_ERROR);
        assertTrue(!taken.contains(MonitorCommand.EXIT_DRIFTING) && !taken.contains(MonitorCommand.EXIT_RETRAIN));
        assertTrue(MonitorCommand.EXIT_DRIFTING != MonitorCommand.EXIT_RETRAIN);
    }

    @Test
    void aWarmStartedFitRecordsItsPredecessor() throws IOException {
        Path stable = log(dir.resolve("stable.csv"), 1e9, 1, 4);
        Path first = fit(stable, "2024-12-29", dir.resolve("first.json"));
        List<String> args = List.of("fit", "--model", "pareto-nbd", "--log", stable.toString(), "--observation-end",
                "2025-01-05", "--drop-after-end", "--output", dir.resolve("second.json").toString(), "--warm-start",
                first.toString());
        CliRun r = CliRun.run(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("fit: warm refit from"), r.err());
        String json = Files.readString(dir.resolve("second.json"));
        String sha = org.churnkit.model.FitPredecessor.sha256(Files.readAllBytes(first));
        assertTrue(json.contains("\"predecessor\"") && json.contains(sha) && has(json, "refit", "\"warm\""), json);
        // the stopping rule, so that the fit can be replayed
        assertTrue(json.contains("where the Newton step still to go is at most "
                + org.churnkit.model.ModelFitter.WARM_STEP_SE + " standard errors"), json);
    }

    @Test
    void aMissingPeriodIsAClearError() throws IOException {
        Path stable = log(dir.resolve("stable.csv"), 1e9, 1, 3);
        Path model = fit(stable, "2024-12-29", dir.resolve("pnbd.json"));
        CliRun r = CliRun.run("monitor", "--model", model.toString(), "--input", stable.toString(), "--since",
                "2025-05-20", "--status", dir.resolve("s.json").toString());
        assertEquals(ErrorHandler.EXIT_USER_ERROR, r.code());
        assertTrue(r.err().contains("nothing to monitor yet"), r.err());
    }
}
