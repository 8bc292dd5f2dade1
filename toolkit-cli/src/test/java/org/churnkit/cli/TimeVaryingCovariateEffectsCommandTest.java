package org.churnkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fit --covariates FILE --covariates-date-column NAME} states the time-varying coefficients
 * in words after the table, in the {@code --lang} language: a generated weekly log whose customers
 * buy more in promotion weeks (no {@code ../shared} needed).
 */
class TimeVaryingCovariateEffectsCommandTest {
    @TempDir
    Path dir;

    private static final LocalDate START = LocalDate.of(2024, 1, 7);
    private static final int WEEKS = 30;

    /** 400 customers, a promo flag in even weeks (weekly purchase chance tripled, capped at 1), a channel per customer without effect. */
    private void write(Path log, Path cov) throws Exception {
        SplittableRandom rnd = new SplittableRandom(15);
        StringBuilder l = new StringBuilder("id,date\n");
        StringBuilder c = new StringBuilder("id,week,promo,channel\n");
        for (int i = 0; i < 400; i++) {
            int first = rnd.nextInt(4);
            String channel = i % 2 == 0 ? "web" : "store";
            // Pareto/NBD-like heterogeneity: exponential purchase rates (mean 0.3 a week), exponential
            // lifetimes whose rates are themselves exponential (mean 0.1 a week)
            double rate = -0.3 * Math.log(1 - rnd.nextDouble());
            double mu = -0.1 * Math.log(1 - rnd.nextDouble());
            double life = -Math.log(1 - rnd.nextDouble()) / mu;
            l.append(i).append(',').append(START.plusDays(7L * first)).append('\n');
            for (int w = 0; w < WEEKS; w++) {
                int promo = w % 2 == 0 ? 1 : 0;
                c.append(i).append(',').append(START.plusDays(7L * w)).append(',').append(promo).append(',')
                        .append(channel).append('\n');
                if (w > first && w < first + life && rnd.nextDouble() < Math.min(1, rate * (promo == 1 ? 3 : 1))) {
                    l.append(i).append(',').append(START.plusDays(7L * w + rnd.nextInt(7))).append('\n');
                }
            }
        }
        Files.writeString(log, l);
        Files.writeString(cov, c);
    }

    private CliRun fit(Path log, Path cov, String... more) {
        List<String> a = new java.util.ArrayList<>(List.of("fit", "-m", "pareto-nbd", "--log", log.toString(),
                "--customer-column", "id", "--date-column", "date", "--amount-column", "none", "--observation-end",
                START.plusDays(7L * (WEEKS - 2)).toString(), "--time-unit", "week", "--covariates", cov.toString(),
                "--covariates-id-column", "id", "--covariates-date-column", "week", "--purchase-covariates", "promo",
                "--dropout-covariates", "channel=web", "--accept-boundary", "-o",
                dir.resolve("m.json").toString()));
        a.addAll(List.of(more));
        return CliRun.run(a.toArray(new String[0]));
    }

    @Test
    void sentencesFollowTheTableInEnglishAndKorean() throws Exception {
        Path log = dir.resolve("log.csv");
        Path cov = dir.resolve("cov.csv");
        write(log, cov);
        CliRun r = fit(log, cov);
        assertEquals(0, r.code(), r.err() + r.out());
        String out = r.out();
        int table = out.indexOf("purchase:promo");
        int title = out.indexOf("Covariate effects");
        assertTrue(table >= 0 && title > table, out);
        List<String> words = out.substring(title).lines().skip(1).filter(x -> x.startsWith("  ")).toList();
        assertEquals(2, words.size(), out);
        // promotion weeks triple the purchase rate in the data: detected, above 1
        assertTrue(words.get(0).startsWith("  In periods when promo = 1 (against 0), customers buy "), words.get(0));
        assertTrue(!words.get(0).contains("no detectable") && words.get(0).contains("95 % interval"), words.get(0));
        // the channel does not change dropout in the data: its interval (fixed seed) contains 1
        assertTrue(words.get(1).startsWith("  In periods when channel = web (against the reference level store): "
                + "no detectable effect on dropout"), words.get(1));
        CliRun ko = fit(log, cov, "--lang", "ko");
        assertEquals(0, ko.code(), ko.err() + ko.out());
        assertTrue(ko.out().contains("공변량 효과"), ko.out());
        assertTrue(ko.out().contains("  promo = 1인 기간에는(0인 기간 대비) 고객의 구매 빈도가 "), ko.out());
        assertTrue(ko.out().contains("  channel = web인 기간에는(기준 수준 store 대비)"), ko.out());
    }

    @Test
    void reportWithTheTimeVaryingModelStatesItsEffects() throws Exception {
        Path log = dir.resolve("log.csv");
        Path cov = dir.resolve("cov.csv");
        write(log, cov);
        CliRun r = fit(log, cov);
        assertEquals(0, r.code(), r.err() + r.out());
        String purchase = r.out().lines().filter(x -> x.startsWith("  In periods when promo")).findFirst().orElseThrow();
        Path scores = dir.resolve("scores.csv");
        r = CliRun.run("score", "-m", dir.resolve("m.json").toString(), "--log", log.toString(), "--customer-column",
                "id", "--date-column", "date", "--amount-column", "none", "--observation-end",
                START.plusDays(7L * (WEEKS - 2)).toString(), "-H", "1", "--covariates", cov.toString(),
                "--covariates-id-column", "id", "--covariates-date-column", "week", "-o", scores.toString());
        assertEquals(0, r.code(), r.err());
        Path page = dir.resolve("report.html");
        r = CliRun.run("report", "--scores", scores.toString(), "--model", dir.resolve("m.json").toString(),
                "--output", page.toString());
        assertEquals(0, r.code(), r.err());
        String html = Files.readString(page);
        int start = html.indexOf("<section id=\"covariates\">");
        assertTrue(start >= 0, "no covariate section in the report");
        String sec = html.substring(start, html.indexOf("</section>", start));
        assertEquals(2, sec.split("<tr class=").length - 1, "one row per coefficient: " + sec);
        // the file records the standard errors: the fit's multiplier and interval, per unit without the paths
        String tail = purchase.substring(purchase.indexOf("customers buy"));
        assertTrue(sec.contains("In periods when promo is one unit higher, " + tail.trim()), purchase + "\n" + sec);
        assertTrue(!sec.contains("no interval"), sec);
        // the report does not score time-varying customers itself: --covariates is refused, saying why
        r = CliRun.run("report", "--scores", scores.toString(), "--model", dir.resolve("m.json").toString(),
                "--covariates", cov.toString(), "--output", page.toString());
        assertTrue(r.code() != 0 && r.err().contains("time-varying"), r.err());
    }
}
