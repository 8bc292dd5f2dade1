package org.churnkit.model;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.churnkit.ChurnkitException;
import org.churnkit.data.TimeUnit;
import org.churnkit.io.ColumnTable;

/**
 * Dated transaction logs from any transaction model's simulator, for {@code churnkit simulate}
 * and the demo: customers join uniformly over the first {@code join} time units of an observation
 * of {@code periods} units, so each customer's age is {@code T = periods - join offset}; the
 * model's simulator draws their transactions and, optionally, {@link GammaGammaSimulator} their
 * amounts. One {@code XO_RO_SHI_RO_128_PP} generator seeded with {@code seed} drives everything in
 * a fixed order, so the same inputs give the same log.
 */
public final class SimulatedLogs {
    private SimulatedLogs() {}

    /**
     * Who is simulated for how long.
     *
     * @param customers number of customers, at least 1
     * @param periods observation length in time units (whole for BG/BB: one opportunity per unit)
     * @param join first purchases uniform over {@code [0, join]} units from the start, {@code 0 <= join < periods}
     */
    public record Plan(int customers, double periods, double join) {
        /** Checks the plan. */
        public Plan {
            if (customers < 1) {
                throw new IllegalArgumentException("--customers must be at least 1, got " + customers);
            }
            if (!(periods > 0) || Double.isInfinite(periods)) {
                throw new IllegalArgumentException("--periods must be positive and finite, got " + periods);
            }
            if (!(join >= 0) || !(join < periods)) {
                throw new IllegalArgumentException("--join-periods must lie in [0, periods) = [0, " + periods + "), got " + join);
            }
        }

        /**
         * A plan.
         *
         * @param customers number of customers
         * @param periods observation length in time units
         * @param join join window in time units
         * @return the plan
         * @throws IllegalArgumentException for fewer than one customer, non-positive periods or a join
         *     window outside {@code [0, periods)}
         */
        public static Plan of(int customers, double periods, double join) {
            return new Plan(customers, periods, join);
        }
    }

    /**
     * A simulated log and each customer's join offset (time units from the start).
     *
     * @param log transactions, times since each customer's first
     * @param offset join offset per customer
     */
    public record Result(SimulatedLog log, double[] offset) {
        /** Copies the offsets. */
        public Result {
            Objects.requireNonNull(log, "log");
            offset = offset.clone();
        }

        /**
         * Join offset per customer (a copy).
         *
         * @return time units from the start, one per customer
         */
        @Override
        public double[] offset() {
            return offset.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Result r && log.equals(r.log) && Arrays.equals(offset, r.offset);
        }

        @Override
        public int hashCode() {
            return 31 * log.hashCode() + Arrays.hashCode(offset);
        }

        @Override
        public String toString() {
            return "Result[log=" + log + ", offset=" + offset.length + " customers]";
        }
    }

    /**
     * Simulates.
     *
     * @param model a transaction model (Pareto/NBD, BG/NBD, MBG/NBD or BG/BB)
     * @param spend Gamma-Gamma model for amounts, or {@code null} for none
     * @param plan customers and observation
     * @param seed seed of the generator
     * @return the log and the join offsets
     * @throws ChurnkitException for a spend model given as {@code model}, or BG/BB with non-whole periods
     */
    public static Result simulate(FittedModel model, GammaGamma spend, Plan plan, long seed) {
        Objects.requireNonNull(model, "model");
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        int n = plan.customers();
        double[] offset = new double[n];
        double[] ages = new double[n];
        boolean discrete = model.kind() == ModelKind.BG_BB;
        if (discrete && (plan.periods() != Math.rint(plan.periods()) || plan.join() != Math.rint(plan.join()))) {
            throw new ChurnkitException("bg-bb counts whole opportunities: --periods and --join-periods must be whole numbers");
        }
        for (int c = 0; c < n; c++) {
            double u = rng.nextDouble();
            offset[c] = discrete ? Math.floor(u * (plan.join() + 1)) : u * plan.join();
            ages[c] = plan.periods() - offset[c];
        }
        SimulatedLog log = switch (model) {
            case ParetoNbd p -> ParetoNbdSimulator.of(p).simulate(ages, rng, seed);
            case BgNbd b -> BgNbdSimulator.of(b).simulate(ages, rng, seed);
            case MbgNbd b -> MbgNbdSimulator.of(b).simulate(ages, rng, seed);
            case BgBb b -> BgBbSimulator.of(b).simulate(ages, rng, seed);
            default -> throw new ChurnkitException("cannot simulate transactions from a " + model.kind().id() + " model");
        };
        if (spend != null) {
            log = GammaGammaSimulator.of(spend).addAmounts(log, rng);
        }
        return new Result(log, offset);
    }

    /**
     * Last day of an observation of {@code periods} units from {@code start}.
     *
     * @param start first day
     * @param unit time unit
     * @param periods length in units
     * @return the last day observed
     */
    public static LocalDate observationEnd(LocalDate start, TimeUnit unit, double periods) {
        long endSec = start.toEpochDay() * 86_400L + (long) Math.ceil(periods * unit.seconds());
        return LocalDate.ofEpochDay(Math.floorDiv(endSec - 1, 86_400L));
    }

    /**
     * The log as a table {@code customer_id, date[, amount]}: ids {@code C000001...}, dates at
     * {@code start + (offset + time) units}, truncated to the day when {@code wholeDays} (else to the
     * second) and never after the observation end; amounts rounded to cents, at least 0.01.
     *
     * @param r the simulation
     * @param start first day of observation
     * @param unit the model's time unit
     * @param wholeDays dates rather than date-times
     * @return the table
     */
    public static ColumnTable toTable(Result r, LocalDate start, TimeUnit unit, boolean wholeDays) {
        return toTable(r, start, unit, wholeDays, 1, Math.max(6, Integer.toString(r.log().customers()).length()));
    }

    /**
     * {@link #toTable(Result, LocalDate, TimeUnit, boolean)} with the customers numbered from
     * {@code firstNumber} on {@code digits} digits ({@code C} followed by the zero-padded number), so
     * that logs simulated in blocks (one seed per block) can be written side by side with distinct,
     * equally wide ids.
     *
     * @param r the simulation
     * @param start first day of observation
     * @param unit the model's time unit
     * @param wholeDays dates rather than date-times
     * @param firstNumber number of the simulation's first customer, at least 0
     * @param digits minimum width of the number (zero-padded), 1 to 18
     * @return the table
     * @throws IllegalArgumentException for a negative first number or a width outside 1 to 18
     */
    public static ColumnTable toTable(Result r, LocalDate start, TimeUnit unit, boolean wholeDays, long firstNumber, int digits) {
        if (firstNumber < 0 || digits < 1 || digits > 18) {
            throw new IllegalArgumentException("customer numbers start at 0 or more on 1 to 18 digits, got "
                    + firstNumber + " on " + digits);
        }
        SimulatedLog log = r.log();
        int m = log.transactions();
        String fmt = "C%0" + digits + "d";
        String[] names = new String[log.customers()];
        for (int c = 0; c < names.length; c++) {
            names[c] = String.format(Locale.ROOT, fmt, firstNumber + c);
        }
        long startSec = start.toEpochDay() * 86_400L;
        double unitSec = unit.seconds();
        int[] cust = log.customer();
        double[] time = log.time();
        double[] offset = r.offset();
        double periods = offset.length == 0 ? 0 : log.age()[0] + offset[0];
        long lastSec = startSec + (long) Math.ceil(periods * unitSec) - 1;
        String[] ids = new String[m];
        long[] sec = new long[m];
        double[] amount = log.amount() == null ? null : new double[m];
        for (int i = 0; i < m; i++) {
            int c = cust[i];
            ids[i] = names[c];
            long s = Math.min(lastSec, startSec + (long) Math.floor((offset[c] + time[i]) * unitSec));
            sec[i] = wholeDays ? Math.floorDiv(s, 86_400L) * 86_400L : s;
            if (amount != null) {
                amount[i] = Math.max(0.01, Math.round(log.amount()[i] * 100) / 100.0);
            }
        }
        ColumnTable.Builder b = ColumnTable.builder().addString("customer_id", ids).addTimestamp("date", sec);
        if (amount != null) {
            b.addDouble("amount", amount);
        }
        return b.build();
    }
}
