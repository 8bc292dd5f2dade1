package org.churnkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.churnkit.i18n.Messages;
import org.churnkit.model.CovariateEffects;
import org.churnkit.model.Covariates;
import org.churnkit.model.ParetoNbd;
import org.churnkit.model.StaticCovariateModel;
import org.churnkit.testing.SharedFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** report --model --covariates: the customers scored with a covariate model, and its effects in words. */
class CovariateReportCommandTest {

    @TempDir
    Path dir;

    /** The covariate-effects section of a report page, from its heading to its end. */
    private static String section(String html) {
        int start = html.indexOf("<section id=\"covariates\">");
        assertTrue(start >= 0, "no covariate section in the report");
        return html.substring(start, html.indexOf("</section>", start));
    }

    /** What the page shows of text: the sentences are HTML-escaped there. */
    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }

    /** Four customers, a channel indicator on purchase and dropout, and a model file with or without standard errors. */
    private Path[] small(boolean standardErrors) throws IOException {
        Path summary = dir.resolve("summary.csv");
        Files.writeString(summary, "customer_id,frequency,recency,T,p_alive\n"
                + "a,0,0,30,0.9\nb,3,20,30,0.8\nc,1,5,40,0.7\nd,6,38,40,0.6\n");
        Path cov = dir.resolve("cov.csv");
        Files.writeString(cov, "customer_id,channel\nd,web\nc,store\nb,web\na,store\n");
        StaticCovariateModel m = StaticCovariateModel.of(ParetoNbd.of(0.8, 8, 0.6, 10), List.of("channel=web"),
                new double[] {0.83}, List.of("channel=web"), new double[] {0.2}, Map.of());
        if (standardErrors) {
            m = m.withStandardErrors(new double[] {0.085}, new double[] {0.5});
        }
        Path model = dir.resolve(standardErrors ? "model.json" : "old.json");
        m.write(model);
        return new Path[] {summary, cov, model};
    }

    @Test
    void scoresWithTheModelAndStatesItsEffectsInBothLanguages() throws IOException {
        Path[] in = small(true);
        Path page = dir.resolve("report.html");
        CliRun r = CliRun.run("report", "--scores", in[0].toString(), "--model", in[2].toString(), "--covariates",
                in[1].toString(), "--horizon", "52", "--time-unit", "week", "--output", page.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("scored 4 customers with the covariate model"), r.err());
        assertTrue(r.err().contains("the columns p_alive of"), "the file's own p_alive is replaced, and said: " + r.err());
        String html = Files.readString(page);
        String sec = section(html);
        assertEquals(2, sec.split("<tr class=").length - 1, "one row per coefficient");
        // The reference level comes from the covariates file: "store" (first in sort order).
        assertTrue(sec.contains(esc("Customers with channel = web (against the reference level store) buy 2.29 times as "
                + "often (95 % interval 1.94 to 2.71).")), sec);
        assertTrue(sec.contains("no detectable effect on dropout"), sec);
        assertFalse(sec.contains(esc(Messages.english().get("effects.noIntervals"))), "every interval is known");
        // P(alive) is the model's, not the file's 0.9, 0.8, 0.7, 0.6 (whose mean, 0.75, the headline would show).
        assertFalse(html.contains(">0.75<"), "the file's mean P(alive) is not shown");

        Path ko = dir.resolve("report-ko.html");
        r = CliRun.run("report", "--scores", in[0].toString(), "--model", in[2].toString(), "--covariates",
                in[1].toString(), "--horizon", "52", "--lang", "ko", "--output", ko.toString());
        assertEquals(0, r.code(), r.err());
        String koSec = section(Files.readString(ko));
        assertTrue(koSec.contains("<h2>공변량 효과</h2>"), koSec);
        assertTrue(koSec.contains("channel = web인 고객(기준 수준 store 대비)은(는) 구매 빈도가 2.29배입니다(95% 구간 1.94~2.71)."),
                koSec);
        assertTrue(koSec.contains("이탈에 대한 뚜렷한 효과가 없습니다"), koSec);
    }

    @Test
    void anOlderModelFileWithoutStandardErrorsGivesEffectsWithoutIntervalsAndSaysWhy() throws IOException {
        Path[] in = small(false);
        Path page = dir.resolve("report.html");
        CliRun r = CliRun.run("report", "--scores", in[0].toString(), "--model", in[2].toString(), "--covariates",
                in[1].toString(), "--horizon", "52", "--output", page.toString());
        assertEquals(0, r.code(), r.err());
        String sec = section(Files.readString(page));
        assertTrue(sec.contains(esc(Messages.english().get("effects.noIntervals"))), sec);
        assertTrue(sec.contains("buy 2.29 times as often (no interval"), sec);
    }

    @Test
    void aModelNeedsItsCovariatesAndAHorizon() throws IOException {
        Path[] in = small(true);
        String out = dir.resolve("r.html").toString();
        CliRun r = CliRun.run("report", "--scores", in[0].toString(), "--model", in[2].toString(), "--horizon", "52",
                "--output", out);
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains("--model needs --covariates"), r.err());
        r = CliRun.run("report", "--scores", in[0].toString(), "--covariates", in[1].toString(), "--output", out);
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains("--covariates needs --model"), r.err());
        r = CliRun.run("report", "--scores", in[0].toString(), "--model", in[2].toString(), "--covariates",
                in[1].toString(), "--output", out);
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains("--model needs --horizon"), r.err());
        // A customer without covariates is named.
        Path fewer = dir.resolve("fewer.csv");
        Files.writeString(fewer, "customer_id,channel\nd,web\nc,store\na,store\n");
        r = CliRun.run("report", "--scores", in[0].toString(), "--model", in[2].toString(), "--covariates",
                fewer.toString(), "--horizon", "52", "--output", out);
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains("'b'"), r.err());
        assertFalse(Files.exists(Path.of(out)), "nothing written");
    }

    /**
     * The apparel retailer (600 customers; ../shared/specs/covariates-reference.md): Pareto/NBD with
     * Gender and Channel on both processes, then the report of its effects. CLVTools' estimate of the
     * Channel purchase coefficient is 0.834 (se 0.085): online customers buy about 2.3 times as often.
     */
    @Test
    void apparelReportStatesTheEffectsOfGenderAndChannel() throws IOException {
        Path log = SharedFolder.require("datasets/apparel/transactions.csv");
        Path cov = SharedFolder.require("datasets/apparel/static_covariates.csv");
        Path summary = dir.resolve("apparel.csv");
        CliRun r = CliRun.run("summarize", "-i", log.toString(), "--customer-column", "Id", "--date-column", "Date",
                "--amount-column", "Price", "--observation-end", "2005-10-09", "--drop-after-end", "-o",
                summary.toString());
        assertEquals(0, r.code(), r.err());
        Path model = dir.resolve("pnbd.json");
        // The dropout effects are hardly identified on 600 customers: the fit says so and needs --accept-boundary.
        r = CliRun.run("fit", "-m", "pareto-nbd", "-i", summary.toString(), "-o", model.toString(), "--time-unit", "week",
                "--covariates", cov.toString(), "--covariates-id-column", "Id", "--purchase-covariates", "Gender,Channel",
                "--dropout-covariates", "Gender,Channel", "--accept-boundary");
        assertEquals(0, r.code(), r.err());
        StaticCovariateModel m = StaticCovariateModel.read(model);
        double[] se = m.purchaseStandardErrors();
        assertTrue(se[0] > 0 && se[1] > 0, "the model file records the purchase standard errors");
        CovariateEffects fx = CovariateEffects.of(m, Covariates.read(cov, "Id", Map.of()));
        CovariateEffects.Effect channel = fx.effects().get(1);
        assertEquals("Channel", channel.covariate());
        assertTrue(channel.multiplier() > 2.0 && channel.multiplier() < 2.6 && channel.detectable(), channel.toString());

        for (String lang : List.of("en", "ko")) {
            Path page = dir.resolve("apparel-" + lang + ".html");
            r = CliRun.run("report", "--scores", summary.toString(), "--model", model.toString(), "--covariates",
                    cov.toString(), "--covariates-id-column", "Id", "--horizon", "52", "--lang", lang, "--output",
                    page.toString());
            assertEquals(0, r.code(), r.err());
            String html = Files.readString(page);
            String sec = section(html);
            Messages words = Messages.of(Messages.parseLocale(lang));
            assertTrue(sec.contains("<h2>" + esc(words.get("effects.title")) + "</h2>"), sec);
            assertEquals(4, sec.split("<tr class=").length - 1, "Gender and Channel on both processes");
            for (String sentence : fx.sentences(words)) {
                assertTrue(sec.contains(esc(sentence)), lang + ": " + sentence);
            }
            String times = String.format(Locale.ROOT, "%.2f", channel.multiplier());
            assertTrue(sec.contains(lang.equals("en") ? "buy " + times + " times as often" : "구매 빈도가 " + times + "배"), sec);
            // Channel's dropout effect: its interval contains 1 on 600 customers (CLVTools: 2.74, se 2.05).
            assertTrue(sec.contains(lang.equals("en") ? "no detectable effect on dropout" : "이탈에 대한 뚜렷한 효과가 없습니다"), sec);
            // The scores are the model's, in its time unit, and the rest of the report is drawn from them.
            assertTrue(html.contains("<section id=\"palive\">") && html.contains("<svg "), "P(alive) chart drawn");
            assertTrue(html.contains(lang.equals("en") ? "over the next 52 weeks" : "52"), "headline horizon");
        }
    }
}
