package org.churnkit.monitor;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.churnkit.data.TransactionLog;

/**
 * A transaction log from a Pareto/NBD world whose rates change at known weeks: customers arrive as
 * a Poisson process, each with {@code lambda ~ Gamma(r, alpha)} and {@code mu ~ Gamma(s, beta)} per
 * week (the CDNOW estimates of Fader, Hardie and Lee 2005), buys as a Poisson process while alive,
 * dies at an exponential time; from {@code rateChangeWeek} every lambda is multiplied by
 * {@code rateFactor}, from {@code dropoutChangeWeek} every mu by {@code dropoutFactor} (the hazard
 * is piecewise constant, so the remaining lifetime is redrawn from the new rate: memoryless).
 * Spend per transaction is Gamma-Gamma (p = 6.25, q = 3.74, gamma = 15.44). Time 0 is 2024-01-01;
 * the log ends at {@code weeks}.
 */
record ChangingWorld(double arrivalsPerWeek, int weeks, double rateChangeWeek, double rateFactor,
                     double dropoutChangeWeek, double dropoutFactor) {
    static final LocalDate DAY0 = LocalDate.of(2024, 1, 1);
    static final double R = 0.55;
    static final double ALPHA = 10.58;
    static final double S = 0.61;
    static final double BETA = 11.67;

    static ChangingWorld stable(double arrivalsPerWeek, int weeks) {
        return new ChangingWorld(arrivalsPerWeek, weeks, Double.POSITIVE_INFINITY, 1, Double.POSITIVE_INFINITY, 1);
    }

    /** The last day of week {@code w} (weeks from day 0). */
    static LocalDate endOfWeek(int w) {
        return DAY0.plusDays(7L * w - 1);
    }

    TransactionLog simulate(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<String> ids = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        List<Double> amounts = new ArrayList<>();
        long base = DAY0.toEpochDay() * 86_400L;
        double end = weeks;
        double t = 0;
        int c = 0;
        while (true) {
            t += -Math.log(1 - rnd.nextDouble()) / arrivalsPerWeek;
            if (t >= end) {
                break;
            }
            String id = "c" + c++;
            double lambda = gamma(rnd, R) / ALPHA;
            double mu = gamma(rnd, S) / BETA;
            double nu = gamma(rnd, 3.74) / 15.44;
            // death: cumulative hazard mu * (time before the change) + mu * factor * (time after) reaches Exp(1)
            double e = -Math.log(1 - rnd.nextDouble());
            double death;
            double before = Math.max(0, Math.min(dropoutChangeWeek, end) - t);
            if (mu * before >= e) {
                death = t + e / mu;
            } else {
                death = Math.max(t, dropoutChangeWeek) + (e - mu * before) / (mu * dropoutFactor);
            }
            double stop = Math.min(death, end);
            double u = t;
            add(ids, times, amounts, id, base, u, rnd, nu);
            while (true) {
                double rate = u < rateChangeWeek ? lambda : lambda * rateFactor;
                double next = u - Math.log(1 - rnd.nextDouble()) / rate;
                if (u < rateChangeWeek && next >= rateChangeWeek) {
                    u = rateChangeWeek; // memoryless: restart the clock at the change with the new rate
                    if (u >= stop) {
                        break;
                    }
                    continue;
                }
                if (next >= stop) {
                    break;
                }
                u = next;
                add(ids, times, amounts, id, base, u, rnd, nu);
            }
        }
        long[] tm = times.stream().mapToLong(Long::longValue).toArray();
        double[] am = amounts.stream().mapToDouble(Double::doubleValue).toArray();
        return TransactionLog.of(ids.toArray(String[]::new), tm, am);
    }

    private static void add(List<String> ids, List<Long> times, List<Double> amounts, String id, long base, double week,
                            SplittableRandom rnd, double nu) {
        ids.add(id);
        times.add(base + (long) Math.floor(week * 7) * 86_400L + 43_200L);
        amounts.add(Math.rint(100 * gamma(rnd, 6.25) / nu) / 100 + 0.01);
    }

    /** Gamma(shape, 1) by Marsaglia and Tsang (boosted below shape 1). */
    static double gamma(SplittableRandom rnd, double shape) {
        if (shape < 1) {
            return gamma(rnd, shape + 1) * Math.pow(rnd.nextDouble(), 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x;
            double v;
            do {
                x = normal(rnd);
                v = 1 + c * x;
            } while (v <= 0);
            v = v * v * v;
            double u = rnd.nextDouble();
            if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }

    static double normal(SplittableRandom rnd) {
        double u1 = 1 - rnd.nextDouble();
        double u2 = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
