package org.churnkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.churnkit.contractual.ContractualKind;
import org.churnkit.contractual.ContractualModel;
import org.churnkit.contractual.ContractualSimulator;
import org.churnkit.contractual.SubscriberHistories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code report --survivors} with a subscription table: the actual curve is the Kaplan-Meier one. */
class SubscriberReportCommandTest {
    @TempDir
    Path dir;

    /**
     * Subscribers who joined over two years: some joined a period ago, so the survivor table of
     * the whole cohort ends at period 0 or 1; the Kaplan-Meier curve uses every tenure and runs to
     * the longest one.
     */
    @Test
    void theActualCurveOfStaggeredSubscribersRunsToTheLongestTenure() throws IOException {
        SubscriberHistories h = ContractualSimulator.of(ContractualModel.of(ContractualKind.SBG,
                new double[] {0.7, 1.2}, null)).subscribers(6_000, 1, 24,
                org.apache.commons.rng.simple.RandomSource.SPLIT_MIX_64.create(23L));
        StringBuilder csv = new StringBuilder("customer_id,periods,cancelled\n");
        int id = 0;
        for (int r = 0; r < h.rows(); r++) {
            for (int k = 0; k < (int) h.count(r); k++) {
                csv.append('s').append(id++).append(',').append(h.periods(r)).append(',')
                        .append(h.cancelled(r) ? 1 : 0).append('\n');
            }
        }
        Path subs = dir.resolve("subs.csv");
        Files.writeString(subs, csv.toString());
        Path model = dir.resolve("sbg.json");
        CliRun r = CliRun.run("fit", "--model", "sbg", "-i", subs.toString(), "-o", model.toString());
        assertEquals(0, r.code(), r.err() + r.out());
        Path scores = dir.resolve("scores.csv");
        r = CliRun.run("score", "-m", model.toString(), "-i", subs.toString(), "-o", scores.toString(), "-H", "12");
        assertEquals(0, r.code(), r.err());
        Path html = dir.resolve("report.html");
        r = CliRun.run("report", "--scores", scores.toString(), "--model", model.toString(), "--survivors",
                subs.toString(), "--output", html.toString());
        assertEquals(0, r.code(), r.err());
        Matcher m = Pattern.compile("the actual curve is the Kaplan-Meier estimate from 6,000 subscribers, to period "
                + "(\\d+)").matcher(r.err());
        assertTrue(m.find(), r.err());
        int last = Integer.parseInt(m.group(1));
        int expected = h.observedSurvival(h.maxPeriods()).length - 1;
        assertEquals(expected, last, r.err());
        assertTrue(last >= 20, r.err());
        String page = Files.readString(html);
        assertFalse(page.contains("NaN"), "no non-number on the page");
        String chart = page.substring(page.indexOf("<section id=\"retention-all\">"));
        chart = chart.substring(0, chart.indexOf("</section>"));
        int from = chart.indexOf("points=\"", chart.indexOf("<polyline ")) + 8;
        assertEquals(last + 1, chart.substring(from, chart.indexOf('"', from)).split(" ").length, chart);
    }
}
