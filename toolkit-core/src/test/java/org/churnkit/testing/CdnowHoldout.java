package org.churnkit.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.churnkit.model.Histories;

/**
 * CDNOW's calibration histories with each customer's holdout repeat transactions, as BTYD's
 * {@code dc.ElogToCbsCbt} wrote them to {@code datasets/cdnow/cdnow_cbs_with_holdout.csv} in
 * {@code ../shared} (columns id, x, t.x, T.cal, x.star; 2,357 customers, 39 weeks of calibration
 * and 39 of holdout, weeks at full precision).
 *
 * @param x repeat transactions in the calibration period
 * @param tx recency in weeks
 * @param t age T in weeks
 * @param star repeat transactions in the holdout
 */
public record CdnowHoldout(double[] x, double[] tx, double[] t, double[] star) {
    /** The file under the shared folder. */
    public static final String FILE = "datasets/cdnow/cdnow_cbs_with_holdout.csv";

    /**
     * Reads the file, skipping the calling test (naming the path) when {@code ../shared} is absent.
     *
     * @return the customers in file order
     * @throws IOException when the file cannot be read
     */
    public static CdnowHoldout read() throws IOException {
        Path file = SharedFolder.require(FILE);
        List<String> lines = Files.readAllLines(file);
        int n = lines.size() - 1;
        double[] x = new double[n];
        double[] tx = new double[n];
        double[] t = new double[n];
        double[] star = new double[n];
        for (int i = 0; i < n; i++) {
            String[] f = lines.get(i + 1).split(",");
            x[i] = Double.parseDouble(f[1]);
            tx[i] = Double.parseDouble(f[2]);
            t[i] = Double.parseDouble(f[3]);
            star[i] = Double.parseDouble(f[4]);
        }
        return new CdnowHoldout(x, tx, t, star);
    }

    /**
     * Number of customers.
     *
     * @return the row count
     */
    public int size() {
        return x.length;
    }

    /**
     * The calibration histories.
     *
     * @return {@code Histories.of(x, tx, t)}
     */
    public Histories histories() {
        return Histories.of(x, tx, t);
    }
}
