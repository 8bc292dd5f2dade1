package org.churnkit.report;

import org.churnkit.model.Tracking;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.churnkit.ChurnkitException;
import org.churnkit.io.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrackingFileTest {

    @TempDir
    Path dir;

    private Path file(String text) throws IOException {
        Path f = dir.resolve("tracking.csv");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void aPlainSeriesIsReadWhole() throws IOException {
        TrackingFile tf = TrackingFile.read(file("period,actual,predicted\n1,2,2.5\n2,3,2.9\n"));
        assertFalse(tf.isBacktest());
        assertEquals(List.of(), tf.models());
        assertNull(tf.defaultModel());
        Tracking t = tf.tracking(null, 1.5);
        assertArrayEquals(new double[] {1, 2}, t.time());
        assertArrayEquals(new double[] {2.5, 2.9}, t.predictedIncremental());
        assertEquals(1.5, t.calibrationEnd());
    }

    @Test
    void aBacktestFileGivesTheMostRecentOriginOfOneModel() throws IOException {
        TrackingFile tf = TrackingFile.read(file("origin_index,origin,origin_date,model,period,actual_incremental,"
                + "predicted_incremental\n"
                + "0,10,2024-01-01,pareto-nbd,11,1,1\n"
                + "1,20,2024-03-01,everyone-stays,21,5,9\n"
                + "1,20,2024-03-01,pareto-nbd,21,5,4\n"
                + "1,20,2024-03-01,pareto-nbd,22,6,5\n"
                + "1,20,2024-03-01,bg-nbd,21,5,6\n"));
        assertTrue(tf.isBacktest());
        assertEquals(List.of("everyone-stays", "pareto-nbd", "bg-nbd"), tf.models());
        assertEquals("pareto-nbd", tf.defaultModel()); // the baseline is not the default
        assertEquals("2024-03-01", tf.originLabel("pareto-nbd"));
        Tracking t = tf.tracking("pareto-nbd", Double.NaN);
        assertArrayEquals(new double[] {21, 22}, t.time());
        assertArrayEquals(new double[] {5, 6}, t.actualIncremental());
        assertEquals(20.0, t.calibrationEnd()); // the origin marks the calibration end
        assertEquals(7.0, tf.tracking("bg-nbd", 7).calibrationEnd());
        assertThrows(IllegalArgumentException.class, () -> tf.tracking("mbg-nbd", Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> tf.tracking(null, Double.NaN));
    }

    @Test
    void withoutAnOriginDateTheOriginIsInTimeUnits() throws IOException {
        TrackingFile tf = TrackingFile.read(file("origin_index,origin,model,period,actual_incremental,"
                + "predicted_incremental\n0,12.5,bg-nbd,13.5,1,1\n"));
        assertEquals("12.5", tf.originLabel("bg-nbd"));
    }

    @Test
    void badFilesNameTheFile() throws IOException {
        Path f = file("period,actual\n1,2\n");
        BadInputException missing = assertThrows(BadInputException.class, () -> TrackingFile.read(f));
        assertTrue(missing.getMessage().contains("predicted"), missing.getMessage());
        Path g = file("period,actual,predicted\n2,1,1\n1,1,1\n");
        ChurnkitException order = assertThrows(ChurnkitException.class, () -> TrackingFile.read(g).tracking(null, Double.NaN));
        assertTrue(order.getMessage().startsWith(g + ": tracking data: period 2"), order.getMessage());
        Path h = file("period,actual,predicted\n1,x,1\n");
        BadInputException cell = assertThrows(BadInputException.class, () -> TrackingFile.read(h).tracking(null, Double.NaN));
        assertEquals("actual", cell.column());
        assertEquals(2, cell.line());
    }
}
