package org.churnkit.cost;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The 221-row golden data set (test resource; provenance in PROVENANCE.md beside it). */
final class GoldenData {
    final int[] y;
    final double[] s;

    private GoldenData(int[] y, double[] s) {
        this.y = y;
        this.s = s;
    }

    static GoldenData load() {
        try (InputStream in = GoldenData.class.getResourceAsStream("predictions_221.dat");
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            List<String[]> rows = new ArrayList<>();
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.isBlank()) {
                    rows.add(line.trim().split("\\s+"));
                }
            }
            int[] y = new int[rows.size()];
            double[] s = new double[rows.size()];
            for (int i = 0; i < y.length; i++) {
                y[i] = Integer.parseInt(rows.get(i)[0]);
                s[i] = Double.parseDouble(rows.get(i)[1]);
            }
            return new GoldenData(y, s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
