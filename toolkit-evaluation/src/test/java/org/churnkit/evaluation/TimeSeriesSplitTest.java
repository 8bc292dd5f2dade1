package org.churnkit.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The fold goldens of cost-functions.md section 12 (scikit-learn 1.2.1 TimeSeriesSplit). */
class TimeSeriesSplitTest {

    private static int[] r(int from, int toInclusive) {
        return IntStream.rangeClosed(from, toInclusive).toArray();
    }

    private static void assertFolds(List<TimeSeriesSplit.Fold> folds, int[][] train, int[][] test) {
        assertEquals(train.length, folds.size());
        for (int k = 0; k < train.length; k++) {
            assertArrayEquals(train[k], folds.get(k).train(), "train of fold " + k);
            assertArrayEquals(test[k], folds.get(k).test(), "test of fold " + k);
        }
    }

    @Test
    void sixSamplesWithDefaults() {
        // [0]->[1], [0,1]->[2], ..., [0..4]->[5]
        assertFolds(TimeSeriesSplit.of().split(6),
                new int[][] {r(0, 0), r(0, 1), r(0, 2), r(0, 3), r(0, 4)},
                new int[][] {{1}, {2}, {3}, {4}, {5}});
    }

    @Test
    void twelveSamplesThreeSplitsTestSizeTwo() {
        assertFolds(TimeSeriesSplit.of(3, 2, 0, 0).split(12),
                new int[][] {r(0, 5), r(0, 7), r(0, 9)},
                new int[][] {{6, 7}, {8, 9}, {10, 11}});
    }

    @Test
    void withGapTwo() {
        assertFolds(TimeSeriesSplit.of(3, 2, 2, 0).split(12),
                new int[][] {r(0, 3), r(0, 5), r(0, 7)},
                new int[][] {{6, 7}, {8, 9}, {10, 11}});
    }

    @Test
    void withMaxTrainSizeThree() {
        assertFolds(TimeSeriesSplit.of(3, 2, 0, 3).split(12),
                new int[][] {{3, 4, 5}, {5, 6, 7}, {7, 8, 9}},
                new int[][] {{6, 7}, {8, 9}, {10, 11}});
    }

    @Test
    void refusesWhatScikitLearnRefuses() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TimeSeriesSplit.of().split(5));
        assertTrue(e.getMessage().contains("Cannot have number of folds=6 greater than the number of samples=5"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TimeSeriesSplit.of(3, 4, 0, 0).split(12));
        assertTrue(e.getMessage().startsWith("Too many splits=3 for number of samples=12 with test_size=4 and gap=0"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TimeSeriesSplit.of(3, 2, 6, 0).split(12));
        assertThrows(IllegalArgumentException.class, () -> TimeSeriesSplit.of(1, 0, 0, 0));
    }

    @Test
    void trainingAlwaysEndsMoreThanTheGapBeforeTheTest() {
        for (int gap = 0; gap < 4; gap++) {
            for (TimeSeriesSplit.Fold f : TimeSeriesSplit.of(4, 3, gap, 5).split(40)) {
                assertEquals(f.testStart() - gap, f.trainEnd());
                assertTrue(f.trainEnd() - f.trainStart() <= 5);
            }
        }
    }
}
