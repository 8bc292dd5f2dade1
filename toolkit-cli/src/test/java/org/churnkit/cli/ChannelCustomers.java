package org.churnkit.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.churnkit.model.Histories;
import org.churnkit.model.ParetoNbdSimulator;

/**
 * Simulated Pareto/NBD customers whose channel ("web" or "store", a fair coin) scales their
 * purchase rate, for the covariate commands' tests: {@code summary.csv} (customer_id, frequency,
 * recency, T) and {@code covariates.csv} (customer_id, channel). Per customer the channel, then
 * the age, uniform in {@code [ageFrom, ageFrom + ageSpan)}; then the histories, from one seeded
 * generator, so a seed gives the same files every run.
 *
 * @param seed the random seed
 * @param ageFrom the shortest age T
 * @param ageSpan the width of the ages' range
 * @param r Pareto/NBD r (transaction rate shape)
 * @param alpha Pareto/NBD alpha of a store customer
 * @param webLogAlpha the log of the web customers' alpha over the store customers'
 * @param s Pareto/NBD s (dropout rate shape)
 * @param beta Pareto/NBD beta
 */
record ChannelCustomers(long seed, double ageFrom, double ageSpan, double r, double alpha, double webLogAlpha,
                        double s, double beta) {
    /** Customers per file. */
    static final int N = 3000;

    /**
     * Writes the two files into {@code dir}.
     *
     * @param dir the folder
     * @param reversedCovariates whether the covariate rows come in reverse order (to check that
     *     they are matched by id, not position)
     * @return the summary file and the covariates file
     * @throws IOException when a file cannot be written
     */
    Path[] write(Path dir, boolean reversedCovariates) throws IOException {
        int n = N;
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        double[] ages = new double[n];
        double[] alphas = new double[n];
        double[] betas = new double[n];
        String[] channel = new String[n];
        for (int i = 0; i < n; i++) {
            channel[i] = rng.nextBoolean() ? "web" : "store";
            ages[i] = ageFrom + ageSpan * rng.nextDouble();
            alphas[i] = alpha * Math.exp(channel[i].equals("web") ? webLogAlpha : 0);
            betas[i] = beta;
        }
        Histories h = ParetoNbdSimulator.simulateHistories(r, alphas, s, betas, ages, rng);
        StringBuilder summary = new StringBuilder("customer_id,frequency,recency,T\n");
        StringBuilder cov = new StringBuilder("customer_id,channel\n");
        for (int i = 0; i < n; i++) {
            summary.append(String.format(Locale.ROOT, "c%d,%s,%s,%s%n", i, (long) h.frequency(i), h.recency(i), h.age(i)));
            int j = reversedCovariates ? n - 1 - i : i;
            cov.append("c").append(j).append(',').append(channel[j]).append('\n');
        }
        Path summaryFile = dir.resolve("summary.csv");
        Path covariatesFile = dir.resolve("covariates.csv");
        Files.writeString(summaryFile, summary);
        Files.writeString(covariatesFile, cov);
        return new Path[] {summaryFile, covariatesFile};
    }
}
