package org.churnkit.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import org.churnkit.ChurnkitException;
import org.churnkit.data.CustomerSummaries;
import org.churnkit.data.PeriodEnd;
import org.churnkit.data.Summarizer;
import org.churnkit.data.SummaryOptions;
import org.churnkit.data.TimeUnit;
import org.churnkit.data.TransactionReader;
import org.churnkit.model.GammaGamma;
import org.churnkit.model.Histories;
import org.churnkit.model.ModelFitter;
import org.churnkit.model.ParetoNbd;
import org.churnkit.model.Scoring;
import org.churnkit.model.ScoringSettings;
import org.junit.jupiter.api.Test;

/** Training data from a time split of the bundled retail log, with models fitted on calibration only. */
class ChurnDatasetTest {
    private static final Path LOG = Path.of("..", "datasets", "retail-weekly.csv");

    @Test
    void labelsComeFromTheHoldoutAndFeaturesFromCalibrationModels() {
        SummaryOptions options = SummaryOptions.defaults().withObservationEnd(PeriodEnd.of(LocalDate.of(2025, 12, 28)));
        CustomerSummaries split = Summarizer.split(TransactionReader.read(LOG), PeriodEnd.of(LocalDate.of(2025, 6, 29)), options);
        Histories cal = Histories.of(split);
        ParetoNbd pnbd = ModelFitter.of().fitOrThrow(ParetoNbd.likelihood(), cal).model();
        GammaGamma gg = ModelFitter.of().fitOrThrow(GammaGamma.likelihood(), cal).model();
        Scoring scoring = Scoring.of(pnbd, ScoringSettings.of(26).withSpendModel(gg)
                .withDiscountRate(TimeUnit.WEEKS.continuousRateFromAnnual(0.15)).withMargin(0.3));

        ChurnDataset d = ChurnDataset.fromSplit(split, scoring);
        assertEquals(split.size(), d.size());
        int[] y = d.labels();
        double[][] x = d.features();
        int churned = 0;
        double pAliveChurned = 0;
        double pAliveStayed = 0;
        for (int i = 0; i < y.length; i++) {
            assertEquals(split.frequencyHoldout(i) == 0 ? 1 : 0, y[i]);
            assertEquals(ChurnDataset.FEATURES.size(), x[i].length);
            assertEquals(split.frequency(i), x[i][0], 0.0);
            assertEquals(d.values()[i], x[i][8], 0.0);
            churned += y[i];
            if (y[i] == 1) {
                pAliveChurned += x[i][6];
            } else {
                pAliveStayed += x[i][6];
            }
        }
        assertTrue(churned > 0 && churned < y.length);
        // The model's P(alive), fitted without the holdout, separates the two groups.
        assertTrue(pAliveStayed / (y.length - churned) > pAliveChurned / churned + 0.2);
        // AUC of 1 - P(alive) as a churn score, on real labels: well above chance.
        double[] score = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            score[i] = 1 - x[i][6];
        }
        assertTrue(ValueWeighted.auc(y, score) > 0.75);

        assertThrows(ChurnkitException.class, () -> ChurnDataset.withLabels(split, scoring, new int[3]));
        int[] bad = new int[split.size()];
        bad[0] = 2;
        assertThrows(ChurnkitException.class, () -> ChurnDataset.withLabels(split, scoring, bad));
        assertThrows(ChurnkitException.class, () -> ChurnDataset.fromSplit(split, Scoring.of(pnbd, 26)));
    }
}
