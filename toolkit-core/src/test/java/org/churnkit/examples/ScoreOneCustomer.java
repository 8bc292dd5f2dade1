package org.churnkit.examples;

import java.nio.file.Path;
import java.util.Locale;
import org.churnkit.model.CustomerScore;
import org.churnkit.model.GammaGamma;
import org.churnkit.model.ModelFiles;
import org.churnkit.model.ParetoNbd;
import org.churnkit.model.Scoring;
import org.churnkit.model.ScoringSettings;

/**
 * A scoring service in miniature: it loads the two model files a {@code churnkit fit} wrote and
 * scores one customer, with nothing on its class path but {@code toolkit-core} and its
 * dependencies (the test runs it so). No cast: reading a model file asks for the type it needs.
 *
 * <pre>
 * java -cp toolkit-core.jar:DEPENDENCIES org.churnkit.examples.ScoreOneCustomer \
 *      pnbd.json gg.json X T_X T SPEND
 * </pre>
 */
public final class ScoreOneCustomer {
    private ScoreOneCustomer() {}

    /**
     * Prints P(alive), expected transactions over 52 periods and CLV of one customer.
     *
     * @param args the Pareto/NBD model file, the Gamma-Gamma model file, then x, t_x, T and the
     *             customer's mean repeat spend
     */
    public static void main(String[] args) {
        ParetoNbd model = ModelFiles.read(Path.of(args[0]), ParetoNbd.class);
        GammaGamma spend = ModelFiles.read(Path.of(args[1]), GammaGamma.class);
        Scoring scoring = Scoring.of(model, ScoringSettings.of(52).withSpendModel(spend)
                .withAnnualDiscountRate(0.15, 52).withMargin(0.3).withExecutor(Runnable::run));
        CustomerScore s = scoring.score(Double.parseDouble(args[2]), Double.parseDouble(args[3]),
                Double.parseDouble(args[4]), Double.parseDouble(args[5]));
        System.out.printf(Locale.ROOT, "p_alive=%s expected_transactions=%s clv=%s%n",
                s.pAlive(), s.expectedTransactions(), s.clv());
    }
}
