package org.churnkit.segment;

import org.churnkit.segment.testing.SyntheticScores;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.simple.RandomSource;
import org.churnkit.ChurnkitException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentationModelTest {
    private static ScoreColumns scores;
    private static Segmentation seg;

    @BeforeAll
    static void fit() {
        scores = SyntheticScores.generate(20_000, RandomSource.XO_RO_SHI_RO_128_PP.create(8L));
        seg = Segmenter.of().fit(scores, RandomSource.XO_RO_SHI_RO_128_PP.create(9L));
    }

    @Test
    void fileRoundTripKeepsEverything(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sub/seg.json");
        seg.model().write(file);
        String text = Files.readString(file);
        assertTrue(text.contains("\"format_version\" : 1"), text);
        SegmentationModel back = SegmentationModel.read(file);
        assertEquals(seg.model().toJson(), back.toJson());
        assertEquals(seg.model().names(), back.names());
        assertEquals(seg.model().actions(), back.actions());
        for (int c = 0; c < back.k(); c++) {
            assertArrayEquals(seg.model().centroid(c), back.centroid(c));
        }
        assertArrayEquals(seg.segment(), back.assign(scores));
        try (var files = Files.list(file.getParent())) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void namesAndFeatureColumnsFollowTheModel() {
        String[] names = seg.model().namesOf(seg.segment());
        assertEquals(scores.size(), names.length);
        for (int i = 0; i < names.length; i += 997) {
            assertEquals(seg.nameOf(i), names[i]);
        }
        assertThrows(IndexOutOfBoundsException.class, () -> seg.model().namesOf(new int[] {seg.k()}));
        List<String> columns = seg.model().featureColumns();
        assertEquals(seg.model().transform().features().size(), columns.size());
        for (String c : columns) {
            assertTrue(scores.has(c), c); // every feature is computed from a score column
        }
    }

    @Test
    void assignsNewCustomers() {
        ScoreColumns fresh = SyntheticScores.generate(5_000, RandomSource.XO_RO_SHI_RO_128_PP.create(10L));
        int[] a = seg.model().assign(fresh);
        long[] count = new long[seg.k()];
        for (int s : a) {
            count[s]++;
        }
        // Same generating process: every segment appears, and shares roughly match (±5 points:
        // sampling error of a share from 5,000 customers is at most 0.7 points, plus centroid noise).
        for (int s = 0; s < seg.k(); s++) {
            double share = count[s] / (double) a.length;
            assertEquals(seg.profiles().get(s).shareOfCustomers(), share, 0.05, seg.model().names().get(s));
        }
    }

    @Test
    void assigningNeedsTheModelsFeatures() {
        ScoreColumns partial = ScoreColumns.of(scores.ids(), Map.of("frequency", scores.get("frequency")));
        ChurnkitException e = assertThrows(ChurnkitException.class, () -> seg.model().assign(partial));
        assertTrue(e.getMessage().contains("column"), e.getMessage());
        Map<String, double[]> cols = new LinkedHashMap<>();
        for (String name : scores.names()) {
            cols.put(name, scores.get(name).clone());
        }
        int logged = -1;
        for (int j = 0; j < seg.model().transform().dimension(); j++) {
            if (seg.model().transform().isLog(j)) {
                logged = j;
            }
        }
        assertTrue(logged >= 0, "some default feature is logged");
        String col = seg.model().transform().features().get(logged).column();
        cols.get(col)[3] = -2;
        ScoreColumns bad = ScoreColumns.of(scores.ids(), cols);
        e = assertThrows(ChurnkitException.class, () -> seg.model().assign(bad));
        assertTrue(e.getMessage().contains(scores.id(3)) && e.getMessage().contains(col), e.getMessage());
    }

    @Test
    void rejectsBadFiles() {
        String good = seg.model().toJson();
        ChurnkitException e = assertThrows(ChurnkitException.class,
                () -> SegmentationModel.fromJson(good.replace("\"format_version\" : 1", "\"format_version\" : 2"), "m.json"));
        assertTrue(e.getMessage().contains("m.json") && e.getMessage().contains("format_version 2"), e.getMessage());
        e = assertThrows(ChurnkitException.class, () -> SegmentationModel.fromJson("{", "m.json"));
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
        e = assertThrows(ChurnkitException.class,
                () -> SegmentationModel.fromJson(good.replaceFirst("\"centroid\" : \\[", "\"centroid\" : [ 1.0,"), "m.json"));
        assertTrue(e.getMessage().contains("segments[0].centroid"), e.getMessage());
        e = assertThrows(ChurnkitException.class, () -> SegmentationModel.fromJson("{\"format_version\": 1}", "m.json"));
        assertTrue(e.getMessage().contains("kind"), e.getMessage());
    }

    @Test
    void duplicateNamesAreRejected() {
        FeatureTransform t = FeatureTransform.of(List.of(Feature.CLV), new boolean[] {false}, new double[] {0}, new double[] {1});
        assertThrows(ChurnkitException.class, () -> SegmentationModel.of(t, new double[][] {{0}, {1}}, List.of("A", "A"),
                List.of("x", "y")));
    }
}
