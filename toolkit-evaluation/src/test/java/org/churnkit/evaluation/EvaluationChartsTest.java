package org.churnkit.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.churnkit.model.Histories;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class EvaluationChartsTest {

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private final Histories h = Histories.of(new double[] {2, 0, 6}, new double[] {3, 0, 2.5},
            new double[] {4, 2, 3});

    @Test
    void chartsAreWellFormedSelfContainedSvg() throws Exception {
        HoldoutSplit s = HoldoutSplit.of(h, new double[] {1, 0, 3}, 2.0)
                .withCalendar(new double[] {0, 2, 1}, new double[] {1, 3, 1.5, 2, 2.2, 2.8, 3, 3.5, 5, 4.5, 5, 6}, 4);
        HoldoutResult r = HoldoutValidation.of("everyone-stays", EveryoneStays.of(h), s, 2, false);
        for (String svg : List.of(EvaluationCharts.tracking(r.tracking().orElseThrow(), "m <&> \"q\"", true),
                EvaluationCharts.tracking(r.tracking().orElseThrow(), "m", false),
                EvaluationCharts.histogram(r.histogram(), "m"),
                EvaluationCharts.conditional(r.conditionalExpectations(), "m"))) {
            Document d = parse(svg);
            assertEquals("svg", d.getDocumentElement().getLocalName());
            assertEquals("http://www.w3.org/2000/svg", d.getDocumentElement().getNamespaceURI());
            assertTrue(!svg.contains("<script") && !svg.contains("href"), "self-contained");
        }
        Document line = parse(EvaluationCharts.tracking(r.tracking().orElseThrow(), "m <&> \"q\"", true));
        assertEquals(2, line.getElementsByTagName("path").getLength());
        assertTrue(line.getDocumentElement().getTextContent().contains("m <&> \"q\""));
        // Histogram: 3 buckets x 2 series = 6 bars (plus 2 legend swatches and the background).
        Document bars = parse(EvaluationCharts.histogram(r.histogram(), "m"));
        assertEquals(6 + 2 + 1, bars.getElementsByTagName("rect").getLength());
        // The conditional chart leaves the empty bucket (NaN) out: 2 buckets x 2 series.
        Document cond = parse(EvaluationCharts.conditional(r.conditionalExpectations(), "m"));
        assertEquals(4 + 2 + 1, cond.getElementsByTagName("rect").getLength());
    }

    @Test
    void nanBreaksALine() throws Exception {
        String svg = EvaluationCharts.lineChart("t", "x", "y", new double[] {1, 2, 3, 4},
                List.of(new EvaluationCharts.Series("s", new double[] {1, Double.NaN, 3, 4})), 2.5, "origin");
        String d = parse(svg).getElementsByTagName("path").item(0).getAttributes().getNamedItem("d").getNodeValue();
        assertEquals(2, d.chars().filter(c -> c == 'M').count(), d);
        assertTrue(!svg.contains("NaN"));
    }

    @Test
    void ticksAreRoundAndCoverTheRange() {
        double[] t = EvaluationCharts.ticks(0, 4276);
        assertEquals(0.0, t[0], 0);
        assertEquals(5000.0, t[t.length - 1], 0);
        assertEquals(1000.0, t[1] - t[0], 1e-9);
        assertEquals("1.5", EvaluationCharts.num(1.5));
        assertEquals("0.25", EvaluationCharts.num(0.25));
        assertEquals("12,345,000,000", EvaluationCharts.num(1.2345e10));
        assertEquals("11,371", EvaluationCharts.num(11370.5));
        assertEquals("0.0000123", EvaluationCharts.num(1.23e-5));
        assertEquals("0", EvaluationCharts.num(-0.0));
    }
}
